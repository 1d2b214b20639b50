// The stage graph: which stage a stage rests on, and where a build's binary ends up running.
// (What ships at all, `model.shipped`, is computed when the model is built.)
import { resolvePath } from './model/paths.ts';
import type { CopyInfo, DockerfileModel, GoCommand, Stage } from './model/types.ts';
import { outputPaths } from './go-commands.ts';

/** The stage and its ancestors via FROM <stage>, nearest first. */
export function lineage(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !out.includes(s); s = s.baseStage) out.push(s);
  return out;
}

/** Whether a COPY --from looks like it carries a program rather than certificates or zoneinfo. */
export function copiesProgram(copy: CopyInfo): boolean {
  return copy.sources.some((s) => !/^\/(etc|usr\/share\/(zoneinfo|ca-certificates))(\/|$)/.test(s.value));
}

/** Whether a COPY --from source path takes `file` (the path itself, a parent directory, or a glob). */
function copySourceCovers(source: string, file: string): boolean {
  const src = resolvePath('/', source.replace(/\/+$/, '') || '/');
  const target = file.replace(/\/+$/, '');
  if (src === '/' || target === src || target.startsWith(`${src}/`) || src.startsWith(`${target}/`)) return true;
  if (!/[*?[]/.test(src)) return false;
  const pattern = new RegExp(`^${src.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}(/|$)`);
  return pattern.test(target);
}

/**
 * Where the binary of `cmd`, built in `stage`, ends up running: the final image, when the final
 * stage descends from the build stage (sameImage), or when a shipped stage copies the binary out
 * (or, when the output path is unknown, copies anything that looks like a program).
 */
export function runtimeOf(model: DockerfileModel, stage: Stage, cmd?: GoCommand): { final: Stage; sameImage: boolean } | undefined {
  const final = model.final;
  if (!final || !model.shipped.has(stage)) return undefined;
  if (lineage(final).includes(stage)) return { final, sameImage: true };
  const descendants = model.stages.filter((s) => lineage(s).includes(stage));
  const copies = model.stages.filter((s) => model.shipped.has(s)).flatMap((s) => s.copies.filter((c) => c.fromStage && descendants.includes(c.fromStage)));
  const outputs = cmd ? outputPaths(cmd) : [];
  const carried = outputs.length > 0 ? copies.some((c) => c.sources.some((src) => outputs.some((o) => copySourceCovers(src.value, o)))) : copies.some(copiesProgram);
  return carried ? { final, sameImage: false } : undefined;
}
