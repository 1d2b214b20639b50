// Where Go binaries are written, where COPY puts them, and which program an image launches.
// Everything here answers "unknown" (undefined) rather than guess: the rules built on it stay quiet then.
import { resolvePath, trimTrailingSlashes } from '../model/index.ts';
import { goVariable } from '../go-commands.ts';
import type { CommandLine, CopyInfo, DockerfileModel, GoCommand, RunInfo, Stage } from '../model/index.ts';
import { programFactsOf } from '../go-program.ts';
import { parseShell, mapped, splitWords } from '../shell.ts';
import { chainOf, rootStage } from './rule-chain.ts';
import type { GoFacts } from '../types.ts';

/** Init wrappers that launch the real program: tini -- /app, dumb-init air, gosu user go … */
const INIT_WRAPPERS = /^(tini|tini-static|dumb-init|su-exec|gosu|catatonit|s6-svscan|env|exec)$/;

/** The program a command line launches, past init wrappers and their options. */
export function launchedProgram(words: readonly string[]): string | undefined {
  let i = 0;
  while (i < words.length) {
    const base = words[i].slice(words[i].lastIndexOf('/') + 1);
    if (!INIT_WRAPPERS.test(base)) break;
    i++;
    // Skip the wrapper's options, `--`, and the user argument of gosu/su-exec.
    while (i < words.length && (words[i].startsWith('-') || words[i] === '--')) i++;
    if (/^(gosu|su-exec)$/.test(base)) i++;
  }
  return words[i];
}

function wordsOf(line: CommandLine): string[] {
  return line.execForm ? line.words : splitWords(line.shellText ?? '');
}

/** The program the image starts (ENTRYPOINT, or CMD after a wrapper-only ENTRYPOINT), with the instruction naming it. */
export function launcherOf(stage: Stage): { program: string; line: CommandLine } | undefined {
  const entry = stage.entrypoint;
  if (entry) {
    const program = launchedProgram(wordsOf(entry));
    if (program !== undefined) return { program, line: entry };
    // `ENTRYPOINT ["tini", "--"]` hands over to CMD.
    if (!stage.cmd) return undefined;
  }
  const cmd = stage.cmd;
  if (!cmd) return undefined;
  const program = launchedProgram(wordsOf(cmd));
  return program === undefined ? undefined : { program, line: cmd };
}

export const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function baseName(path: string): string {
  const trimmed = trimTrailingSlashes(path);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dirName(path: string): string {
  const trimmed = trimTrailingSlashes(path);
  const slash = trimmed.lastIndexOf('/');
  return slash <= 0 ? '/' : trimmed.slice(0, slash);
}

/** Whether `path` is `dir` or lies below it (both absolute). */
export function isWithin(path: string, dir: string): boolean {
  const d = trimTrailingSlashes(dir);
  return d === '' || path === d || path.startsWith(`${d}/`);
}

export interface BinaryOutput {
  /** Absolute path of the binary in the stage's filesystem. */
  path: string;
  cmd: GoCommand;
  /** Written inside a mount of its RUN (cache, tmpfs, bind): it is not in the image layer. */
  inMount: boolean;
}

function goPathOf(cmd: GoCommand): string | undefined {
  const gopath = goVariable(cmd, 'GOPATH');
  if (gopath) return gopath.value;
  // The golang images set GOPATH=/go; elsewhere it is $HOME/go, which depends on the user.
  return rootStage(cmd.run.instr.stage!).traits.isGolang ? '/go' : undefined;
}

/**
 * The binaries a `go build`/`go install` writes, or undefined when they cannot be told (a `$` in -o,
 * an unknown working directory, a cross-compiling install, a package the facts do not know).
 */
const outputsMemo = new WeakMap<GoCommand, { facts: GoFacts | undefined; outputs: BinaryOutput[] | undefined }>();

export function binaryOutputs(cmd: GoCommand, facts: GoFacts | undefined): BinaryOutput[] | undefined {
  const known = outputsMemo.get(cmd);
  if (known && known.facts === facts) return known.outputs;
  const outputs = computeOutputs(cmd, facts);
  outputsMemo.set(cmd, { facts, outputs });
  return outputs;
}

/**
 * The binary name `go build`/`go install` gives package `pkg` of `cmd` (one of `count` packages).
 * A function of its own: as a closure in computeOutputs it was made, with a context, per command.
 */
function binaryNameOf(pkg: string, cmd: GoCommand, facts: GoFacts | undefined, count: number): string | undefined {
  const path = pkg.replace(/@.*$/, '');
  if (path.includes('...') || path.includes('$')) return undefined;
  const local = path === '' || path === '.' || path.startsWith('./') || path.startsWith('../');
  if (local) {
    const name = programFactsOf(cmd, facts)?.binaryName;
    if (count <= 1 && name) return name;
    if (path === '' || path === '.' || path === './' || path.endsWith('/..') || path === '..') return undefined;
  }
  // A .go file list names the binary after the first file.
  if (path.endsWith('.go')) return baseName(path).slice(0, -3);
  return path.split('/').filter((p) => p && p !== '.' && !/^v\d+$/.test(p)).at(-1);
}

function computeOutputs(cmd: GoCommand, facts: GoFacts | undefined): BinaryOutput[] | undefined {
  const paths: string[] = [];
  const pkgs = cmd.packages.filter((p) => !p.startsWith('-'));
  if (cmd.subcommand === 'build') {
    const o = cmd.flags.get('o');
    if (o === true) return undefined;
    const cwd = cmd.cwd;
    if (typeof o === 'string') {
      if (o.includes('$') || o === '/dev/null') return undefined;
      if (!o.startsWith('/') && cwd === undefined) return undefined;
      const at = resolvePath(cwd ?? '/', o);
      if (o.endsWith('/')) {
        for (const pkg of pkgs.length > 0 ? pkgs : ['.']) {
          const name = binaryNameOf(pkg, cmd, facts, pkgs.length);
          if (!name) return undefined;
          paths.push(`${at === '/' ? '' : at}/${name}`);
        }
      } else {
        paths.push(at);
      }
    } else {
      // Without -o, one main package is written to the working directory.
      if (cwd === undefined || pkgs.length > 1) return undefined;
      const name = binaryNameOf(pkgs[0] ?? '.', cmd, facts, pkgs.length);
      if (!name) return undefined;
      paths.push(resolvePath(cwd, name));
    }
  } else if (cmd.subcommand === 'install') {
    // A cross-compiling install writes to $GOPATH/bin/<os>_<arch>/, which depends on the build host.
    if (cmd.env.get('GOOS') || cmd.env.get('GOARCH') || cmd.goEnv.get('GOOS') || cmd.goEnv.get('GOARCH')) return undefined;
    const gobin = goVariable(cmd, 'GOBIN');
    const gopath = goPathOf(cmd);
    const dir = gobin ? gobin.value : gopath === undefined ? undefined : `${gopath}/bin`;
    if (dir === undefined || dir.includes('$') || !dir.startsWith('/')) return undefined;
    for (const pkg of pkgs.length > 0 ? pkgs : ['.']) {
      const name = binaryNameOf(pkg, cmd, facts, pkgs.length);
      if (!name) return undefined;
      paths.push(resolvePath('/', `${dir}/${name}`));
    }
  } else {
    return [];
  }
  const mounts = cmd.run.mounts.filter((m) => m.target !== undefined && !m.target.includes('$'));
  return paths.map((path) => ({
    path,
    cmd,
    inMount: mounts.some((m) => isWithin(path, resolvePath(cmd.cwd ?? '/', m.target!))),
  }));
}

/**
 * Binary outputs looked up by path instead of scanned: a stage built on a long chain of builds,
 * copied from once per binary, would otherwise compare every copy with every output (quadratic).
 * Each list keeps the outputs' original order.
 */
export interface OutputIndex {
  /** Outputs at exactly this path. */
  byPath: Map<string, BinaryOutput[]>;
  /** Outputs strictly below this directory ('/' holds them all). */
  below: Map<string, BinaryOutput[]>;
  byBaseName: Map<string, BinaryOutput[]>;
  byDirName: Map<string, BinaryOutput[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The directories above an absolute path, nearest first ("/out/a/b" → "/out/a", "/out", "/"). */
export function ancestorDirs(path: string): string[] {
  const out: string[] = [];
  let end = trimTrailingSlashes(path).length;
  for (;;) {
    const slash = path.lastIndexOf('/', end - 1);
    if (slash < 0) break;
    out.push(slash === 0 ? '/' : path.slice(0, slash));
    if (slash === 0) break;
    end = slash;
  }
  return out;
}

const outputIndexes = new WeakMap<readonly BinaryOutput[], OutputIndex>();

/** The index of a list of outputs, built once per list (linear in the total length of their paths). */
export function indexOutputs(outputs: readonly BinaryOutput[]): OutputIndex {
  let index = outputIndexes.get(outputs);
  if (index) return index;
  index = new LazyOutputIndex(outputs);
  outputIndexes.set(outputs, index);
  return index;
}

/** Each map is built on first use: a rule asks one list for two of the four, mostly (each map is a few hundred bytes). */
class LazyOutputIndex implements OutputIndex {
  private byPathMap?: Map<string, BinaryOutput[]>;
  private belowMap?: Map<string, BinaryOutput[]>;
  private byBaseNameMap?: Map<string, BinaryOutput[]>;
  private byDirNameMap?: Map<string, BinaryOutput[]>;

  constructor(private readonly outputs: readonly BinaryOutput[]) {}

  get byPath(): Map<string, BinaryOutput[]> {
    return (this.byPathMap ??= this.grouped((path, add) => add(path)));
  }

  get below(): Map<string, BinaryOutput[]> {
    return (this.belowMap ??= this.grouped((path, add) => {
      for (const dir of ancestorDirs(path)) add(dir);
    }));
  }

  get byBaseName(): Map<string, BinaryOutput[]> {
    return (this.byBaseNameMap ??= this.grouped((path, add) => add(baseName(path))));
  }

  get byDirName(): Map<string, BinaryOutput[]> {
    return (this.byDirNameMap ??= this.grouped((path, add) => add(dirName(path))));
  }

  /** The outputs under each key `keys` gives for their path. */
  private grouped(keys: (path: string, add: (key: string) => void) => void): Map<string, BinaryOutput[]> {
    const map = new Map<string, BinaryOutput[]>();
    for (const o of this.outputs) keys(o.path, (key) => push(map, key, o));
    return map;
  }
}

/** Whether some output is `path`, lies below it, or holds it (isWithin either way), by lookups. */
export function outputMeets(index: OutputIndex, path: string): boolean {
  if (index.byPath.has(path) || index.below.has(path)) return true;
  return ancestorDirs(path).some((dir) => index.byPath.has(dir));
}

/** Programs that may write or move files the engine does not follow. */
const WRITERS = new Set(['cp', 'mv', 'ln', 'install', 'rsync', 'tar', 'unzip', 'gunzip', 'bunzip2', 'xz', 'curl', 'wget', 'upx', 'objcopy', 'strip', 'patchelf', 'git', 'go-bindata', 'ko', 'dd', 'cat', 'tee', 'echo', 'printf', 'sed', 'awk', 'find', 'xargs', 'sh', 'bash', 'ash', 'python', 'python3', 'perl', 'ruby', 'node', 'npm', 'yarn', 'pnpm']);

/** Whether a RUN could create or move files beyond its go commands (copies, downloads, scripts). */
const writesMemo = new WeakMap<RunInfo, boolean>();

export function runMayWriteFiles(run: RunInfo): boolean {
  let known = writesMemo.get(run);
  if (known === undefined) writesMemo.set(run, (known = mayWrite(run)));
  return known;
}

function mayWrite(run: RunInfo): boolean {
  if (run.opaqueBuild) return true;
  const args = run.instr.scan.args;
  if (args.includes('<<') || args.trimStart().startsWith('[')) return true;
  for (const command of parseShell(mapped(args, 0))) {
    let i = 0;
    while (i < command.words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(command.words[i].value)) i++;
    const program = command.words[i]?.value;
    if (program === undefined) continue;
    const base = program.slice(program.lastIndexOf('/') + 1);
    if (WRITERS.has(base) || program.includes('$') || program.startsWith('.') || base.endsWith('.sh')) return true;
  }
  return false;
}

/** The paths a COPY may create for one of its sources that is a file (`dest/` or `dest`, which may be a directory). */
export function copyTargets(copy: CopyInfo, source: string): string[] | undefined {
  const dest = copy.dest?.value;
  if (dest === undefined || dest.includes('$')) return undefined;
  if (!dest.startsWith('/') && copy.workdir === undefined) return undefined;
  const at = resolvePath(copy.workdir ?? '/', dest);
  const inside = resolvePath(at, baseName(source));
  if (dest.endsWith('/') || dest === '.' || copy.sources.length > 1) return [inside];
  return [at, inside];
}

/** The destination directory of a COPY, when it is certainly one (several sources, or a trailing slash). */
export function copyDestination(copy: CopyInfo): string | undefined {
  const dest = copy.dest?.value;
  if (dest === undefined || dest.includes('$')) return undefined;
  if (!dest.startsWith('/') && copy.workdir === undefined) return undefined;
  return resolvePath(copy.workdir ?? '/', dest);
}

/**
 * Whether a COPY/ADD may create `path`: a file source (it has an extension) lands exactly at its
 * target; any other source may be a directory whose tree lands below the target. Variables and
 * globs may create anything.
 */
export function copyMayCreate(copy: CopyInfo, path: string): boolean {
  const landing = landingOf(copy);
  if (landing === 'anything') return true;
  return landing.some(({ fileLike, targets }) => (fileLike ? targets.includes(path) : targets.some((t) => isWithin(path, t))));
}

const landings = new WeakMap<CopyInfo, Array<{ fileLike: boolean; targets: string[] }> | 'anything'>();

/** Where each source of a COPY lands (computed once per COPY): 'anything' when a source cannot be followed. */
function landingOf(copy: CopyInfo): Array<{ fileLike: boolean; targets: string[] }> | 'anything' {
  const known = landings.get(copy);
  if (known) return known;
  let result: Array<{ fileLike: boolean; targets: string[] }> | 'anything' = [];
  for (const src of copy.sources) {
    if (!isPlainPath(src.value)) {
      result = 'anything';
      break;
    }
    const url = src.value.includes('://');
    const source = url ? baseName(src.value) : resolvePath('/', src.value);
    const targets = copyTargets(copy, source);
    if (!targets) {
      result = 'anything';
      break;
    }
    result.push({ fileLike: url || /\.[A-Za-z0-9]+$/.test(baseName(source)), targets });
  }
  landings.set(copy, result);
  return result;
}

/** Whether a COPY source is one path the engine can follow (no variables, no globs). */
export function isPlainPath(source: string): boolean {
  return !/[$*?[\]]/.test(source);
}

/** A Go binary in the final image: which build made it, and where it is. */
export interface ShippedBinary {
  build: BinaryOutput;
  /** The build's stage. */
  stage: Stage;
  /** Possible paths in the final image. */
  at: string[];
  /** Copied by naming the binary itself (not a directory holding it), or built in the final image's own lineage. */
  individually: boolean;
}

/** Go binaries that land in the final image (built in its lineage, or copied into it from a build stage). */
export function shippedBinaries(model: DockerfileModel, facts: GoFacts | undefined): ShippedBinary[] | undefined {
  const final = model.final;
  if (!final) return [];
  const finalLineage = chainOf(final);
  const out: ShippedBinary[] = [];
  const outputsByStage = new Map<Stage, BinaryOutput[] | undefined>();
  const outputsOf = (stage: Stage): BinaryOutput[] | undefined => {
    if (!outputsByStage.has(stage)) {
      let all: BinaryOutput[] | undefined = [];
      for (const s of chainOf(stage)) {
        for (const run of s.runs) {
          for (const cmd of run.goCommands) {
            if (cmd.subcommand !== 'build' && cmd.subcommand !== 'install') continue;
            const outputs = binaryOutputs(cmd, facts);
            if (outputs === undefined) all = undefined;
            else all?.push(...outputs.filter((o) => !o.inMount));
          }
        }
      }
      outputsByStage.set(stage, all);
    }
    return outputsByStage.get(stage);
  };
  for (const s of finalLineage) {
    for (const run of s.runs) {
      for (const cmd of run.goCommands) {
        if (cmd.subcommand !== 'build' && cmd.subcommand !== 'install') continue;
        for (const o of binaryOutputs(cmd, facts) ?? []) if (!o.inMount) out.push({ build: o, stage: s, at: [o.path], individually: true });
      }
    }
    for (const copy of s.copies) {
      if (!copy.fromStage) continue;
      const outputs = outputsOf(copy.fromStage);
      if (!outputs) continue;
      for (const src of copy.sources) {
        if (!isPlainPath(src.value)) continue;
        const source = resolvePath('/', src.value);
        const index = indexOutputs(outputs);
        for (const o of index.byPath.get(source) ?? []) {
          const at = copyTargets(copy, source);
          if (at) out.push({ build: o, stage: o.cmd.run.instr.stage!, at, individually: true });
        }
        const below = index.below.get(source);
        if (below) {
          const dest = copyDestination(copy);
          const prefix = source === '/' ? 1 : trimTrailingSlashes(source).length + 1;
          if (dest !== undefined) for (const o of below) out.push({ build: o, stage: o.cmd.run.instr.stage!, at: [resolvePath(dest, o.path.slice(prefix))], individually: false });
        }
      }
    }
  }
  return out;
}

/** The absolute paths a launched program name may resolve to (a path as written, or PATH lookup). */
export function launchCandidates(stage: Stage, program: string): { paths: string[]; viaPath: boolean } | undefined {
  if (program.includes('$') || program === '') return undefined;
  if (program.includes('/')) {
    if (!program.startsWith('/') && stage.workdirAtEnd === undefined) return undefined;
    return { paths: [resolvePath(stage.workdirAtEnd ?? '/', program)], viaPath: false };
  }
  const pathVar = stage.envAtEnd.get('PATH');
  if (pathVar && pathVar.value === undefined) return undefined;
  const dirs = pathVar?.value !== undefined ? pathVar.value.split(':').filter(Boolean) : DEFAULT_PATH;
  if (dirs.some((d) => !d.startsWith('/'))) return undefined;
  return { paths: dirs.map((d) => resolvePath(d, program)), viaPath: true };
}

export { dirName };
