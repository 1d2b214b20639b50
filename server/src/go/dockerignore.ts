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

export interface DockerignoreLookup {
  /** The ignore file that applies and its patterns. */
  facts?: DockerignoreFacts;
  /** True only when every candidate is certainly absent: "this build has no .dockerignore". */
  checkedAbsent: boolean;
}

/**
 * The ignore file that applies, or none. `checkedAbsent` is false when a candidate exists but
 * cannot be read, and when the context was guessed away from the Dockerfile's folder while that
 * folder has a .dockerignore of its own (the guess may be wrong; rules then stay quiet).
 */
export async function readDockerignore(access: FileAccess, dockerfilePath: string, contextDir: string, log?: (message: string) => void): Promise<DockerignoreLookup> {
  for (const file of dockerignoreCandidates(dockerfilePath, contextDir)) {
    const read = await access.readText(file, MAX_DOCKERIGNORE_BYTES);
    if (read.ok) return { facts: { file, patterns: parseDockerignore(read.text) }, checkedAbsent: false };
    if (read.reason !== 'missing') {
      // It exists but cannot be read: Docker would use it, so say nothing rather than guess.
      log?.(`go-dockerfile: cannot read ${file}: ${read.reason}`);
      return { checkedAbsent: false };
    }
  }
  const dockerfileDir = dirnameOf(normalizePath(dockerfilePath));
  if (dockerfileDir !== normalizePath(contextDir) && (await access.stat(joinPath(dockerfileDir, '.dockerignore'))) !== undefined) {
    return { checkedAbsent: false };
  }
  return { checkedAbsent: true };
}
