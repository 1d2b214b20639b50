// Which Go program a build compiles, as the per-program Go facts know it: the command's package
// argument, GOARCH, -tags and cgo, and where it runs relative to the module, found by mapping its
// folder in the image back through the COPY destinations (and bind mounts) to the build context.
import { memoized } from './analysis-memo.ts';
import { cgoState, goVariable, hasCCompiler } from './go-commands.ts';
import { contextPathsOf, normalizeContextPath } from './model/context-paths.ts';
import type { GoCommand } from './model/types.ts';
import type { GoFacts, ProgramFacts, ProgramQuery } from './types.ts';

/** `to` relative to `from` (both context-relative, normalised), with '..' steps when `to` is not below `from`. */
export function relativeContextPath(from: string, to: string): string {
  const a = from === '.' ? [] : from.split('/');
  const b = to === '.' ? [] : to.split('/');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const parts = [...a.slice(common).map(() => '..'), ...b.slice(common)];
  return parts.length === 0 ? '.' : parts.join('/');
}

/** Where `cmd` runs relative to the module root, when its folder maps back to the context. */
export function moduleRelativeCwd(cmd: GoCommand, facts: GoFacts | undefined): string | undefined {
  const moduleDir = facts?.moduleDirInContext === undefined ? undefined : normalizeContextPath(facts.moduleDirInContext);
  if (moduleDir === undefined || cmd.cwd === undefined) return undefined;
  const run = cmd.run;
  const candidates = contextPathsOf(run.instr.stage, cmd.cwd, run.instr, run.mounts, run.workdir);
  const best = candidates[0];
  return best === undefined ? undefined : relativeContextPath(moduleDir, best);
}

/** The query for the program `cmd` compiles: its first package argument, its folder, GOARCH, -tags and cgo. */
export function programQuery(cmd: GoCommand, facts?: GoFacts): ProgramQuery {
  const tags = cmd.flags.get('tags');
  const goarch = goVariable(cmd, 'GOARCH');
  const cgo = cgoState(cmd);
  const stage = cmd.run.instr.stage;
  // cgo is on when set to 1, or when unset and the stage has a C compiler (Go's own default).
  const cgoOn = cgo.kind === 'enabled' || (cgo.kind === 'unset' && stage !== undefined && hasCCompiler(stage) === true);
  const dir = moduleRelativeCwd(cmd, facts);
  return {
    pkg: cmd.packages.find((p) => !p.startsWith('-')) ?? '',
    ...(dir !== undefined ? { dir } : {}),
    goarch: goarch?.value || undefined,
    tags: typeof tags === 'string' ? tagList(tags) : [],
    cgo: cgoOn,
  };
}

let lastTags: { text: string; list: readonly string[] } | undefined;

/**
 * -tags as a list. A -tags in GOFLAGS reaches every go command below it: one shared list per
 * distinct value (keeping the very string, which compares instantly) keeps that linear.
 */
function tagList(tags: string): readonly string[] {
  if (lastTags?.text === tags) {
    lastTags.text = tags;
    return lastTags.list;
  }
  lastTags = { text: tags, list: Object.freeze(tags.split(/[,\s]+/).filter(Boolean)) };
  return lastTags.list;
}

/** The facts of the program `cmd` builds, when the Go facts know it. */
export function programFactsOf(cmd: GoCommand, facts: GoFacts | undefined): ProgramFacts | undefined {
  const program = facts?.program;
  if (!program) return undefined;
  // Seven rules ask per build command, and the query maps its folder back through the COPYs: once
  // per command in an analysis (whose facts are one object throughout).
  return memoized(programFactsOf, cmd, () => {
    try {
      return program(programQuery(cmd, facts));
    } catch {
      return undefined;
    }
  });
}
