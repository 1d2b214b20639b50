// The .dockerignore that applies to a build: `<Dockerfile name>.dockerignore` beside the
// Dockerfile wins over the context's `.dockerignore`, as in BuildKit. Read through FileAccess.
import type { FileAccess } from '../files/index.ts';
import { basenameOf, dirnameOf, joinPath, normalizePath } from '../files/index.ts';
import { parseDockerignore } from '../engine/dockerignore.ts';
import type { DockerignoreFacts } from '../engine/types.ts';

/** A .dockerignore is a short list of patterns; anything bigger is not one we read. */
export const MAX_DOCKERIGNORE_BYTES = 256 * 1024;

/** The candidate files, in order of precedence. */
export function dockerignoreCandidates(dockerfilePath: string, contextDir: string): string[] {
  const dockerfile = normalizePath(dockerfilePath);
  return [joinPath(dirnameOf(dockerfile), `${basenameOf(dockerfile)}.dockerignore`), joinPath(contextDir, '.dockerignore')];
}

/** The ignore file that applies and its patterns, or undefined when there is none (or it cannot be read). */
export async function readDockerignore(access: FileAccess, dockerfilePath: string, contextDir: string, log?: (message: string) => void): Promise<DockerignoreFacts | undefined> {
  for (const file of dockerignoreCandidates(dockerfilePath, contextDir)) {
    const read = await access.readText(file, MAX_DOCKERIGNORE_BYTES);
    if (read.ok) return { file, patterns: parseDockerignore(read.text) };
    if (read.reason !== 'missing') {
      // It exists but cannot be read: Docker would use it, so say nothing rather than guess.
      log?.(`go-dockerfile: cannot read ${file}: ${read.reason}`);
      return undefined;
    }
  }
  return undefined;
}
