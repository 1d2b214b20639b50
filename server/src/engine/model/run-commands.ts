// The shell interpretation of RUN: which commands run, with which variables, in which folder, and
// what each `go` command is asked to do. Reads words from shell.ts; never executes anything.
import { appended, concatenated } from '../lists.ts';
import { isLetter } from '../scan.ts';
import { parseShell, spanOf, splitAssignment, wordAsScript } from '../shell.ts';
import type { SimpleCommand, Word } from '../shell.ts';
import { expand } from './env.ts';
import type { Env, Lookup, VarValue } from './env.ts';
import { resolvePath } from './paths.ts';
import type { GoCommand, GoSubcommand, RecipeCall, RunInfo } from './types.ts';
import type { RecipeFacts } from '../types.ts';
import { makeCalls, recipeCommands, recipeFor, scriptCall, type CallSite } from './recipe-calls.ts';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox']);
const WRAPPERS = new Set(['sudo', 'exec', 'time', 'nice', 'nohup', 'command', 'eatmydata', 'xargs']);
const OPAQUE_BUILDERS = new Set(['make', 'gmake', 'mage', 'task', 'just', 'goreleaser', 'bazel', 'bazelisk', 'earthly', 'ko', 'scons']);
// Go flags that take a value as the next word (the rest are booleans).
export const GO_VALUE_FLAGS: ReadonlySet<string> = new Set(['o', 'ldflags', 'gcflags', 'asmflags', 'gccgoflags', 'tags', 'mod', 'modfile', 'p', 'pkgdir', 'installsuffix', 'buildmode', 'compiler', 'overlay', 'pgo', 'covermode', 'coverpkg', 'exec', 'toolexec', 'C', 'run', 'bench', 'count', 'timeout', 'benchtime', 'cpu', 'parallel', 'coverprofile', 'cpuprofile', 'memprofile', 'outputdir', 'json', 'skip', 'shuffle', 'fuzz', 'fuzztime', 'blockprofile', 'mutexprofile', 'trace']);

/** Go's build and test flags: GOFLAGS entries apply only when the go command knows the flag. */
const GO_KNOWN_FLAGS = new Set([
  ...GO_VALUE_FLAGS,
  ...['a', 'n', 'x', 'v', 'i', 'race', 'msan', 'asan', 'cover', 'trimpath', 'linkshared', 'modcacherw', 'buildvcs', 'work', 'c', 'failfast', 'short', 'benchmem', 'vet', 'fullpath', 'ldflags'],
]);

/**
 * Unexported shell variables of one script. A `sh -c` script gets a child scope that reads its
 * parent's variables without copying them (copying per command was quadratic).
 */
export class ShellVars {
  /** Made on the first `X=1` alone: most RUNs set no shell variable. */
  private own?: Map<string, string | undefined>;

  constructor(private readonly parent?: ShellVars) {}

  has(name: string): boolean {
    for (let s: ShellVars | undefined = this; s; s = s.parent) if (s.own?.has(name)) return true;
    return false;
  }

  get(name: string): string | undefined {
    for (let s: ShellVars | undefined = this; s; s = s.parent) if (s.own?.has(name)) return s.own.get(name);
    return undefined;
  }

  set(name: string, value: string | undefined): void {
    (this.own ??= new Map()).set(name, value);
  }

  child(): ShellVars {
    return new ShellVars(this);
  }
}

export interface ShellContext {
  env: Env;
  shellVars: ShellVars;
  cwd: string | undefined;
  run: RunInfo;
  goEnv: { current: Env };
  execForm: boolean;
  /** Recipes of make targets and scripts (GoFacts.recipes); read one level deep. */
  recipes?: RecipeFacts;
  /** 0 in the RUN itself, 1 inside a recipe (a make or script call there stays opaque). */
  recipeDepth?: number;
  /** The recipe call the commands being read come from. */
  via?: RecipeCall;
  /** For commands from a recipe: the calling command's inline words and start, where edits can go. */
  caller?: { inlineWords: Map<string, Word>; commandStart: number };
  /** The WORKDIR of the RUN (bind-mount targets are relative to it). */
  workdir?: string;
}

const MAKES = new Set(['make', 'gmake']);
// Sets made once, not a list literal per command.
const OTHER_INSTALLERS = new Set(['yum', 'dnf', 'microdnf', 'tdnf', 'zypper', 'apt-cyg']);
const GO_SUBCOMMANDS: ReadonlySet<string> = new Set<GoSubcommand>(['build', 'install', 'run', 'test', 'mod', 'generate', 'vet', 'env', 'get']);

function callSite(ctx: ShellContext): CallSite {
  const instr = ctx.run.instr;
  return { stage: instr.stage, instr, mounts: ctx.run.mounts, workdir: ctx.workdir, cwd: ctx.cwd };
}

/**
 * Reads the recipes of `calls` into the RUN, when every one is known and complete; otherwise the
 * RUN is opaque. Make runs each recipe line in its own shell; a script runs in one child shell.
 */
function runRecipes(calls: RecipeCall[], ctx: ShellContext, base: ShellContext, caller: { inlineWords: Map<string, Word>; commandStart: number }): void {
  // A new list, not a push: a RUN's lists start as one shared empty array.
  ctx.run.recipeCalls = concatenated(ctx.run.recipeCalls, calls);
  const depth = ctx.recipeDepth ?? 0;
  const recipes = depth === 0 ? calls.map((call) => recipeFor(call, ctx.recipes)) : [];
  if (depth > 0 || recipes.some((r) => r === undefined) || calls.some((c) => c.imageDir === undefined && c.kind === 'make')) {
    ctx.run.opaqueBuild = true;
    return;
  }
  calls.forEach((call, i) => {
    const recipe = recipes[i]!;
    call.resolved = true;
    let env = base.env;
    for (const v of recipe.environment ?? []) {
      if (v.when === 'always' || env.get(v.name) !== undefined) env = env.set(v.name, { value: v.value, origin: 'export' });
    }
    const child = (): ShellContext => ({ ...base, env, shellVars: new ShellVars(), cwd: call.imageDir ?? base.cwd, recipeDepth: depth + 1, via: call, caller, execForm: ctx.execForm });
    if (call.kind === 'script') {
      const shell = child();
      for (const line of recipe.lines) interpretCommands(recipeCommands(line, call), shell);
    } else {
      for (const line of recipe.lines) interpretCommands(recipeCommands(line, call), child());
    }
  });
}

/** Variables for expanding words: the environment, then unexported shell variables. */
function lookup(ctx: ShellContext): Lookup {
  return new ShellLookup(ctx.env, ctx.shellVars);
}

// A class, not an object literal with a closure: one small object per lookup (made per command).
class ShellLookup implements Lookup {
  constructor(
    private readonly env: Env,
    private readonly shellVars: ShellVars,
  ) {}

  get(name: string): VarValue | undefined {
    return this.env.get(name) ?? (this.shellVars.has(name) ? { value: this.shellVars.get(name), origin: 'inline' } : undefined);
  }
}

/** Where a variable's value was written: its raw text and document span (inside quotes). */
function writtenAs(word: Word): Pick<VarValue, 'raw' | 'span'> {
  const span = spanOf(word.valueOffsets);
  return span ? { raw: word.value, span } : { raw: word.value };
}

export function interpretCommands(commands: SimpleCommand[], ctx: ShellContext): void {
  for (const command of commands) interpretCommand(command.words, ctx);
}

/** The context a command runs in: `ctx` with the command's inline variables. */
function withInline(ctx: ShellContext, inline: Map<string, VarValue> | undefined): ShellContext {
  return { ...ctx, env: inlineEnv(ctx, inline) };
}

/** The environment a command runs with: the context's, plus the command's inline variables. */
function inlineEnv(ctx: ShellContext, inline: Map<string, VarValue> | undefined): Env {
  let env = ctx.env;
  if (inline) for (const [k, v] of inline) env = env.set(k, v);
  return env;
}

/** `-c`, `-ec`, `-xec`…: a cluster of short options that includes `letter`. */
export function hasShortOption(word: string, letter: string): boolean {
  if (word.length < 2 || word[0] !== '-') return false;
  let found = false;
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
    if (word[i] === letter) found = true;
  }
  return found;
}

/** The inline words of every command without inline assignments (most of them): never written to. */
const NO_INLINE_WORDS: ReadonlyMap<string, Word> = new Map();

function interpretCommand(words: Word[], ctx: ShellContext): void {
  // Inline assignments collect across `env` and wrappers (`A=1 env B=2 sudo go build`): a loop,
  // where re-reading the words after each wrapper was quadratic in a long chain of them. The maps
  // are made for the first assignment only: most commands have none.
  let inline: Map<string, VarValue> | undefined;
  let inlineWords: Map<string, Word> | undefined;
  let firstAssignment: Word | undefined;
  let i = 0;
  let program = '';
  let base = '';
  for (;;) {
    for (; i < words.length; i++) {
      const a = splitAssignment(words[i]);
      if (!a) break;
      firstAssignment ??= words[i];
      inline ??= new Map();
      inlineWords ??= new Map();
      inline.set(a.name, { value: expand(a.value, lookup(ctx)), origin: 'inline', ...writtenAs(a.valueWord) });
      inlineWords.set(a.name, a.valueWord);
      ctx.run.assignments = appended(ctx.run.assignments, { name: a.name, nameStart: words[i].start, kind: 'inline' });
    }
    if (i === words.length) {
      // `X=1` alone sets a shell variable, which a later program does not see unless exported.
      if (inline) for (const [k, v] of inline) ctx.shellVars.set(k, v.value);
      return;
    }
    program = words[i].value;
    base = program.slice(program.lastIndexOf('/') + 1);
    if (base === 'env') {
      i++;
      while (i < words.length && words[i].value.startsWith('-')) i += words[i].value === '-u' ? 2 : 1;
      continue;
    }
    if (WRAPPERS.has(base)) {
      i++;
      while (i < words.length && words[i].value.startsWith('-')) i++;
      continue;
    }
    break;
  }
  const programWord = words[i];
  const wordsInline = inlineWords ?? (NO_INLINE_WORDS as Map<string, Word>);
  // Where the simple command starts: its first assignment, else the program after any wrappers.
  const commandStart = (firstAssignment ?? programWord).start;
  const rest = words.slice(i + 1);

  if (base === 'export' || (base === 'declare' && rest[0]?.value === '-x')) {
    for (const w of rest) {
      const a = splitAssignment(w);
      if (a) {
        ctx.env = ctx.env.set(a.name, { value: expand(a.value, lookup(ctx)), origin: 'export', ...writtenAs(a.valueWord) });
        ctx.run.assignments = appended(ctx.run.assignments, { name: a.name, nameStart: w.start, kind: 'export' });
      }
      else if (ctx.shellVars.has(w.value)) ctx.env = ctx.env.set(w.value, { value: ctx.shellVars.get(w.value), origin: 'export' });
    }
    return;
  }
  if (base === 'set' && rest.some((w) => /^-[a-z]*a/.test(w.value))) return;
  if (base === 'cd') {
    const dir = rest[0]?.value;
    if (dir === undefined || dir.includes('$')) ctx.cwd = undefined;
    else if (dir.startsWith('/')) ctx.cwd = resolvePath('/', dir);
    else ctx.cwd = ctx.cwd === undefined ? undefined : resolvePath(ctx.cwd, dir);
    return;
  }
  if (SHELLS.has(base)) {
    const cFlag = rest.findIndex((w) => hasShortOption(w.value, 'c'));
    if (cFlag >= 0 && rest[cFlag + 1]) {
      const inner = withInline(ctx, inline);
      interpretCommands(parseShell(wordAsScript(rest[cFlag + 1])), { ...inner, shellVars: ctx.shellVars.child(), execForm: false });
      return;
    }
    const script = rest.find((w) => !w.value.startsWith('-'));
    if (script) runRecipes([scriptCall(programWord, script.value, callSite(ctx))], ctx, withInline(ctx, inline), { inlineWords: wordsInline, commandStart });
    return;
  }
  if (base === 'go' || base === 'xx-go') {
    ctx.run.goCommands = appended(ctx.run.goCommands, goCommand(programWord, rest, inlineEnv(ctx, inline), ctx, commandStart, wordsInline));
    return;
  }
  if (MAKES.has(base)) {
    runRecipes(makeCalls(programWord, rest.map((w) => w.value), callSite(ctx)), ctx, withInline(ctx, inline), { inlineWords: wordsInline, commandStart });
    return;
  }
  if (/\.(sh|bash)$/.test(base) || (program.startsWith('./') && !program.includes('.go'))) {
    // A script by path; a bare name is looked up in PATH, which the engine does not follow.
    if (program.includes('/')) runRecipes([scriptCall(programWord, program, callSite(ctx))], ctx, withInline(ctx, inline), { inlineWords: wordsInline, commandStart });
    else ctx.run.opaqueBuild = true;
    return;
  }
  if (OPAQUE_BUILDERS.has(base)) {
    ctx.run.opaqueBuild = true;
    return;
  }
  const sub = rest.find((w) => !w.value.startsWith('-'))?.value;
  if ((base === 'apk' && sub === 'add') || ((base === 'apt-get' || base === 'apt' || base === 'aptitude') && sub === 'install') || (OTHER_INSTALLERS.has(base) && sub === 'install')) {
    const names = installedPackages(rest, sub);
    ctx.run.installs = concatenated(ctx.run.installs, names);
    if (names.some((n) => /^(go|golang|golang-go|golang-\d[\d.]*(-go)?|go-\d[\d.]*)$/.test(n))) ctx.run.installsGo = true;
    return;
  }
  if (base === 'tar' && rest.some((w) => isGoReleaseTarball(w.value))) {
    ctx.run.installsGo = true;
  }
}

/**
 * The packages an install command names. (Its own function: a closure over `sub` in
 * interpretCommand would put `sub` in a context made on every call.)
 */
function installedPackages(args: Word[], sub: string): string[] {
  return args.filter((w) => !w.value.startsWith('-') && w.value !== sub).map((w) => packageName(w.value));
}

/** A package argument without its version or constraint (`gcc=12.2-r0`, `go~1.22`, `musl-dev>1`). */
export function packageName(word: string): string {
  let end = 0;
  while (end < word.length && !'=~<>'.includes(word[end])) end++;
  return word.slice(0, end).toLowerCase();
}

/**
 * A Go release tarball (`go1.22.3.linux-amd64.tar.gz`): in its last path segment, `go` and a digit,
 * later `.linux-`, and the name ending in `.tar.gz`. Index arithmetic: the regular expression
 * (go\d[\d.]*[^/]*\.linux-[^/]*\.tar\.gz$) backtracked quadratically on long names.
 */
export function isGoReleaseTarball(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!name.endsWith('.tar.gz')) return false;
  let go = -1;
  for (let k = 0; k + 2 < name.length; k++) {
    if (name[k] === 'g' && name[k + 1] === 'o' && name[k + 2] >= '0' && name[k + 2] <= '9') {
      go = k;
      break;
    }
  }
  if (go < 0) return false;
  const linux = name.lastIndexOf('.linux-', name.length - '.tar.gz'.length - '.linux-'.length);
  return linux >= go + 3;
}

/** The flags of every go command without any (most `go mod download`, `go vet`…): never written to. */
const NO_FLAGS: ReadonlyMap<string, string | true> = new Map();

/**
 * Where the name of a flag word ends, as /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/s reads it (the value
 * follows a `=` there), or 0 when the word is no flag: read in place, without a match per word.
 */
function flagNameEnd(word: string): number {
  if (word.charCodeAt(0) !== 45 /* - */) return 0;
  let i = word.charCodeAt(1) === 45 ? 2 : 1;
  if (!isLetter(word.charCodeAt(i))) return 0;
  for (i++; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 61 /* = */) return i;
    if (!(isLetter(c) || (c >= 48 && c <= 57) || c === 95 /* _ */ || c === 46 /* . */ || c === 45 /* - */)) return 0;
  }
  return i;
}

/**
 * The go command `goWord args…` run in `ctx` with `env` (the context's environment plus the command's
 * inline variables: an Env, not a copy of the whole context per command).
 */
function goCommand(goWord: Word, args: Word[], env: Env, ctx: ShellContext, commandStart: number, inlineWords: Map<string, Word>): GoCommand {
  // Made for the first flag: a map is a few hundred bytes, kept for every go command of the file.
  let flags: Map<string, string | true> | undefined;
  let packages: string[] = [];
  let subcommand: GoSubcommand = 'other';
  let subcommandWord: Word | undefined;
  let modSubcommand: string | undefined;
  let k = 0;
  // Flags may come before the subcommand only as `go -C dir build` (Go 1.20+).
  while (k < args.length && args[k].value.startsWith('-')) k += args[k].value === '-C' ? 2 : 1;
  if (k < args.length) {
    subcommandWord = args[k];
    const name = args[k].value;
    subcommand = GO_SUBCOMMANDS.has(name) ? (name as GoSubcommand) : 'other';
    k++;
  }
  if (subcommand === 'mod') modSubcommand = args[k]?.value;
  const vars = new ShellLookup(env, ctx.shellVars);
  for (; k < args.length; k++) {
    const w = args[k].value;
    if (w === '--') {
      for (const a of args.slice(k + 1)) packages = appended(packages, a.value);
      break;
    }
    const nameEnd = flagNameEnd(w);
    if (nameEnd > 0) {
      const name = w.slice(w.charCodeAt(1) === 45 /* - */ ? 2 : 1, nameEnd);
      flags ??= new Map();
      if (nameEnd < w.length) flags.set(name, w.slice(nameEnd + 1));
      else if (GO_VALUE_FLAGS.has(name) && k + 1 < args.length) flags.set(name, args[++k].value);
      else flags.set(name, true);
      continue;
    }
    if (subcommand === 'env' && flags?.get('w') === true) {
      // go env -w NAME=value: persistent for later commands and child stages.
      const a = splitAssignment(args[k]);
      if (a) {
        const v: VarValue = { value: expand(a.value, vars), origin: 'go env -w', ...writtenAs(a.valueWord) };
        ctx.run.assignments = appended(ctx.run.assignments, { name: a.name, nameStart: args[k].start, kind: 'go env -w' });
        ctx.goEnv.current = ctx.goEnv.current.set(a.name, v);
      }
      continue;
    }
    packages = appended(packages, expand(w, vars) ?? w);
  }
  // GOFLAGS contributes flags the command line did not set (split with quotes, as cmd/go does).
  const goflags = env.get('GOFLAGS')?.value ?? ctx.goEnv.current.get('GOFLAGS')?.value;
  if (goflags) {
    for (const [name, value] of goflagsEntries(goflags)) {
      flags ??= new Map();
      if (!flags.has(name)) flags.set(name, value);
    }
  }
  // A command from a recipe is edited through its caller: `CGO_ENABLED=0 make build`, never inside the Makefile.
  return {
    subcommand,
    modSubcommand,
    goWord,
    args,
    commandStart: ctx.caller?.commandStart ?? commandStart,
    inlineWords: ctx.caller?.inlineWords ?? inlineWords,
    subcommandWord,
    flags: flags ?? (NO_FLAGS as Map<string, string | true>),
    packages,
    env,
    goEnv: ctx.goEnv.current,
    cwd: ctx.cwd,
    run: ctx.run,
    execForm: ctx.execForm,
    ...(ctx.via ? { via: ctx.via } : {}),
  };
}

/**
 * Splits a value the way cmd/go splits GOFLAGS and -ldflags (cmd/internal/quoted): on spaces,
 * with single or double quotes grouping a field. An unterminated quote keeps the rest as one field.
 */
export function splitQuoted(value: string): string[] {
  const fields: string[] = [];
  let current = '';
  let inField = false;
  let quote = '';
  for (const ch of value) {
    if (quote) {
      if (ch === quote) quote = '';
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inField = true;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inField) fields.push(current);
      current = '';
      inField = false;
      continue;
    }
    current += ch;
    inField = true;
  }
  if (inField) fields.push(current);
  return fields;
}

let lastGoflags: { text: string; entries: Array<[string, string | true]> } | undefined;

/**
 * GOFLAGS as flags: the first entry of each flag Go knows (Go ignores the others), read once per
 * distinct value. An ENV GOFLAGS reaches every go command of its stage and those below it, so
 * parsing it per command, or merging thousands of entries per command, would be quadratic.
 */
function goflagsEntries(goflags: string): Array<[string, string | true]> {
  if (lastGoflags?.text === goflags) {
    // Keep this very string: comparing the same string again is instant, an equal copy is not.
    lastGoflags.text = goflags;
    return lastGoflags.entries;
  }
  const seen = new Map<string, string | true>();
  for (const part of splitQuoted(goflags)) {
    const m = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/.exec(part);
    if (m && GO_KNOWN_FLAGS.has(m[1]) && !seen.has(m[1])) seen.set(m[1], m[2] ?? true);
  }
  lastGoflags = { text: goflags, entries: [...seen] };
  return lastGoflags.entries;
}
