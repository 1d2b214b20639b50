// What a `go` command in a RUN does: its cgo state, target OS, static linking and output paths,
// and the Go toolchain and C compiler present in its stage.
import type { VarValue } from './model/env.ts';
import { resolvePath } from './model/paths.ts';
import type { GoCommand, GoSubcommand, Stage } from './model/types.ts';
import { anyInLineage, lineage } from './stage-graph.ts';

const installsCCompiler = (stage: Stage) => stage.runs.some((r) => r.installs.some(isCCompilerPackage));
const installsGo = (stage: Stage) => stage.runs.some((r) => r.installsGo);

/** Whether a C compiler is present in the stage: from its image, or installed in it or an ancestor. */
export function hasCCompiler(stage: Stage): boolean | undefined {
  if (anyInLineage(stage, installsCCompiler)) return true;
  return stage.traits.hasCCompiler;
}

export function isCCompilerPackage(name: string): boolean {
  return /^(gcc|build-base|build-essential|clang|musl-dev|gcc-c\+\+|g\+\+|libc6-dev|musl-gcc|cc)$/.test(name) || /^gcc-\d+$/.test(name);
}

/** Whether Go is present in the stage: golang image, or installed. */
export function hasGo(stage: Stage): boolean {
  return stage.traits.hasGo || anyInLineage(stage, installsGo);
}

// Most rules walk the Go commands of every stage: the flat list is built once per stage of a
// model (stages are not changed once built). Callers must not modify it.
const commandsByStage = new WeakMap<Stage, GoCommand[]>();

/** The Go commands of the stage's own RUNs, in order. */
export function stageGoCommands(stage: Stage): GoCommand[] {
  let commands = commandsByStage.get(stage);
  if (!commands) {
    commands = stage.runs.flatMap((r) => r.goCommands);
    commandsByStage.set(stage, commands);
  }
  return commands;
}

// Asked per stage by several rules and the build graph: found once per stage. Callers must not modify the list.
const buildsByStage = new WeakMap<Stage, GoCommand[]>();

/** The Go build and install commands of a stage's own RUNs. */
export function ownBuilds(stage: Stage): GoCommand[] {
  let builds = buildsByStage.get(stage);
  if (!builds) {
    builds = stageGoCommands(stage).filter((c) => c.subcommand === 'build' || c.subcommand === 'install');
    buildsByStage.set(stage, builds);
  }
  return builds;
}

/** The Go commands of a stage and its ancestors, in execution order. */
export function goCommandsOf(stage: Stage, subcommands: GoSubcommand[]): GoCommand[] {
  return lineage(stage)
    .reverse()
    .flatMap(stageGoCommands)
    .filter((c) => subcommands.includes(c.subcommand));
}

/** A variable as the go command sees it: its process environment first, then `go env -w`. */
export function goVariable(cmd: GoCommand, name: string): VarValue | undefined {
  return cmd.env.get(name) ?? cmd.goEnv.get(name);
}

export type CgoState = { kind: 'disabled' } | { kind: 'enabled' } | { kind: 'unset' } | { kind: 'unknown' };

/** CGO_ENABLED as the go command sees it: process environment first, then `go env -w`. */
export function cgoState(cmd: GoCommand): CgoState {
  const entry = goVariable(cmd, 'CGO_ENABLED');
  if (!entry) return { kind: 'unset' };
  if (entry.value === undefined) return { kind: 'unknown' };
  if (entry.value === '0') return { kind: 'disabled' };
  if (entry.value === '1') return { kind: 'enabled' };
  // An empty value means the default; anything else Go rejects or treats as unset.
  return entry.value === '' ? { kind: 'unset' } : { kind: 'unknown' };
}

/** Whether the command's flags force a fully static link (cgo or not). */
export function linksStatically(cmd: GoCommand): boolean {
  const ldflags = String(cmd.flags.get('ldflags') ?? '');
  const tags = String(cmd.flags.get('tags') ?? '');
  // GOFLAGS can hand the same long value to every go command: answer each distinct value once.
  if (lastStatic && lastStatic.ldflags === ldflags && lastStatic.tags === tags) {
    // Keep these very strings: comparing the same string again is instant, an equal copy is not.
    lastStatic.ldflags = ldflags;
    lastStatic.tags = tags;
    return lastStatic.result;
  }
  const tagList = tags.split(/[,\s]+/);
  const result = asksForStaticExternalLink(ldflags) || (tagList.includes('netgo') && tagList.includes('osusergo') && !ldflags.includes('linkmode'));
  lastStatic = { ldflags, tags, result };
  return result;
}

let lastStatic: { ldflags: string; tags: string; result: boolean } | undefined;

/**
 * Whether -ldflags passes `-static` to the external linker: `extldflags`, then `=` or spaces, an
 * optional quote, and `-static` before the next quote. One pass with forward cursors, where a
 * regular expression (extldflags[= ]+["']?[^"']*-static) backtracks quadratically.
 */
export function asksForStaticExternalLink(ldflags: string): boolean {
  let nextQuote = -1;
  let nextStatic = -1;
  for (let at = ldflags.indexOf('extldflags'); at >= 0; at = ldflags.indexOf('extldflags', at + 1)) {
    let i = at + 'extldflags'.length;
    const separators = i;
    while (ldflags[i] === '=' || ldflags[i] === ' ') i++;
    if (i === separators) continue;
    if (ldflags[i] === '"' || ldflags[i] === "'") i++;
    // The cursors only move forward, so all searches together read the string once.
    if (nextQuote < i) nextQuote = firstQuoteFrom(ldflags, i);
    if (nextStatic < i) {
      const found = ldflags.indexOf('-static', i);
      nextStatic = found < 0 ? Infinity : found;
    }
    if (nextStatic < nextQuote) return true;
  }
  return false;
}

function firstQuoteFrom(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '"' || text[i] === "'") return i;
  return Infinity;
}

/** The target OS; builds for other systems don't run in the image. */
export function targetOs(cmd: GoCommand): string {
  // GOOS=$TARGETOS is linux for every Linux image buildx builds; only a literal other OS opts out.
  const v = goVariable(cmd, 'GOOS');
  return v?.value || 'linux';
}

/** Absolute paths of the binaries a build writes, when they can be told (build -o, install into GOBIN). */
export function outputPaths(cmd: GoCommand): string[] {
  const out: string[] = [];
  const cwd = cmd.cwd ?? '/';
  const o = cmd.flags.get('o');
  if (cmd.subcommand === 'build' && typeof o === 'string' && !o.includes('$')) out.push(o.endsWith('/') ? resolvePath(cwd, o) + '/' : resolvePath(cwd, o));
  if (cmd.subcommand === 'install') {
    const gobin = cmd.env.get('GOBIN')?.value ?? cmd.goEnv.get('GOBIN')?.value ?? `${cmd.env.get('GOPATH')?.value ?? '/go'}/bin`;
    for (const pkg of cmd.packages) {
      const path = pkg.replace(/@.*$/, '');
      const name = path.split('/').filter((p) => p && p !== '.' && !/^v\d+$/.test(p)).at(-1);
      if (name && !path.includes('...')) out.push(`${gobin}/${name}`);
    }
  }
  return out;
}
