// The one place that reads Dockerfile syntax (through scan.ts). It turns a Dockerfile into stages
// with their effective variables, the Go commands their RUNs execute, their copies and images,
// and the stage graph. Rules read this model only; it never throws on any input.
import { scanDockerfile } from './scan.ts';
import type { ScannedInstruction } from './scan.ts';
import { imageTraits, parseImageName } from './images.ts';
import type { ImageName, ImageTraits } from './images.ts';
import { mapped, parseShell, splitAssignment, wordAsScript } from './shell.ts';
import type { MappedText, SimpleCommand, Word } from './shell.ts';
import { TextIndex } from './text.ts';
import type { Range } from './types.ts';

/** A variable's value; `undefined` when it is set but cannot be known (build-arg without default, unresolvable expansion). */
export interface VarValue {
  value: string | undefined;
  origin: 'ENV' | 'ARG' | 'export' | 'inline' | 'go env -w' | 'GOFLAGS';
}
/** Anything variables can be read from (an Env, or a Map in tests). */
export interface Lookup {
  get(name: string): VarValue | undefined;
}

interface VarNode {
  name: string;
  value: VarValue;
  next?: VarNode;
}

/**
 * An immutable set of variables: `set` returns a new Env sharing the old one, so every RUN can
 * keep a snapshot of its environment cheaply (copying maps per instruction was quadratic).
 * Recent assignments sit in a short list; every 32 of them are folded into a fresh base map, so
 * lookups stay fast however many variables a file sets.
 */
export class Env implements Lookup {
  static readonly empty = new Env(new Map(), undefined, 0, undefined);

  private constructor(
    private readonly base: ReadonlyMap<string, VarValue>,
    private readonly recent: VarNode | undefined,
    private readonly recentCount: number,
    private readonly under: Lookup | undefined,
  ) {}

  get(name: string): VarValue | undefined {
    for (let n = this.recent; n; n = n.next) if (n.name === name) return n.value;
    return this.base.get(name) ?? this.under?.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, value: VarValue): Env {
    // Fold once the list outgrows a fraction of the base, so copying stays linear overall.
    if (this.recentCount < 32 + (this.base.size >> 3)) return new Env(this.base, { name, value, next: this.recent }, this.recentCount + 1, this.under);
    const folded = new Map(this.base);
    const pending: VarNode[] = [];
    for (let n = this.recent; n; n = n.next) pending.push(n);
    for (const n of pending.reverse()) folded.set(n.name, n.value);
    folded.set(name, value);
    return new Env(folded, undefined, 0, this.under);
  }

  /** This Env's own variables, falling back to `below` (e.g. ENV over ARG). */
  over(below: Lookup): Env {
    const under = this.under;
    return new Env(this.base, this.recent, this.recentCount, under ? { get: (n) => under.get(n) ?? below.get(n) } : below);
  }
}

/** A span of the document, with the text it holds. */
export interface Token {
  value: string;
  start: number;
  end: number;
}

export interface Instr {
  keyword: string;
  /** The scanned instruction: flags, arguments on one logical line, offsets. */
  scan: ScannedInstruction;
  start: number;
  end: number;
  range: Range;
  stage?: Stage;
  /** Set for RUN instructions. */
  run?: RunInfo;
  /** Set for COPY and ADD instructions. */
  copy?: CopyInfo;
}

export interface Mount {
  type: string;
  target?: string;
  source?: string;
  from?: string;
}

export type GoSubcommand = 'build' | 'install' | 'run' | 'test' | 'mod' | 'generate' | 'vet' | 'env' | 'get' | 'other';

export interface GoCommand {
  subcommand: GoSubcommand;
  /** For `go mod <x>`: x. */
  modSubcommand?: string;
  /** The `go` word. */
  goWord: Word;
  /** Where the simple command starts (before any `A=1` prefix or wrapper): inline variables go here. */
  commandStart: number;
  /** Inline `NAME=value` words of this command, by name (value part only). */
  inlineWords: Map<string, Word>;
  /** The subcommand word (`build`), the token to underline. */
  subcommandWord?: Word;
  /** Flags by name without dashes; boolean flags map to true. GOFLAGS entries are merged in. */
  flags: Map<string, string | true>;
  packages: string[];
  /** Variables in effect for this command (stage ARG/ENV, exports, inline), not counting go env -w. */
  env: Lookup;
  /** Persistent `go env -w` settings visible to this command. */
  goEnv: Lookup;
  /** Working directory when it runs, when known. */
  cwd?: string;
  run: RunInfo;
  /** True when written in exec form (RUN ["go", …]): no place for an inline variable. */
  execForm: boolean;
}

export interface RunInfo {
  instr: Instr;
  mounts: Mount[];
  goCommands: GoCommand[];
  /** Package names installed by apk/apt/yum/dnf in this RUN. */
  installs: string[];
  /** Go installed by a package manager or an unpacked release tarball. */
  installsGo: boolean;
  /** A build the engine cannot see into: make, a script, goreleaser… */
  opaqueBuild: boolean;
}

export interface CopyInfo {
  instr: Instr;
  /** The --from value, as written. */
  from?: string;
  fromStage?: Stage;
  sources: Token[];
  dest?: Token;
  /** Copies from the build context (no --from, not a heredoc, not a URL). */
  fromContext: boolean;
  /** WORKDIR when the copy runs, when known. */
  workdir?: string;
  /** The --chown value, as written. */
  chown?: string;
}

export interface CommandLine {
  instr: Instr;
  execForm: boolean;
  /** Exec-form strings, or the shell-form words. */
  words: string[];
  /** The shell-form text, as written on one logical line. */
  shellText?: string;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name. */
  name?: string;
  from: Instr;
  /** The image reference after expanding global ARGs (undefined when it cannot be resolved). */
  imageRef?: string;
  /** The image argument token of FROM, to underline. */
  imageToken?: Token;
  image?: ImageName;
  platform?: string;
  /** Set when FROM names an earlier stage. */
  baseStage?: Stage;
  /** Traits of this stage's own image, or of the root image up its FROM chain. */
  traits: ImageTraits;
  instructions: Instr[];
  runs: RunInfo[];
  copies: CopyInfo[];
  /** ENV at the end of the stage (what a child stage inherits). */
  envAtEnd: Env;
  /** `go env -w` settings at the end of the stage (they live in the filesystem, so children inherit them). */
  goEnvAtEnd: Env;
  workdirAtEnd: string | undefined;
  entrypoint?: CommandLine;
  cmd?: CommandLine;
  /** Stages this one reads from: base stage, COPY --from, RUN --mount=from. */
  dependsOn: Set<Stage>;
}

export interface DockerfileModel {
  text: string;
  index: TextIndex;
  escapeChar: string;
  instructions: Instr[];
  stages: Stage[];
  globalArgs: Env;
  /** The shipped stage: the last one. */
  final?: Stage;
  /** Stages that contribute to the final image. */
  shipped: Set<Stage>;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox']);
const WRAPPERS = new Set(['sudo', 'exec', 'time', 'nice', 'nohup', 'command', 'eatmydata', 'xargs']);
const OPAQUE_BUILDERS = new Set(['make', 'gmake', 'mage', 'task', 'just', 'goreleaser', 'bazel', 'bazelisk', 'earthly', 'ko', 'scons']);
// Go flags that take a value as the next word (the rest are booleans).
const GO_VALUE_FLAGS = new Set(['o', 'ldflags', 'gcflags', 'asmflags', 'gccgoflags', 'tags', 'mod', 'modfile', 'p', 'pkgdir', 'installsuffix', 'buildmode', 'compiler', 'overlay', 'pgo', 'covermode', 'coverpkg', 'exec', 'toolexec', 'C', 'run', 'bench', 'count', 'timeout', 'benchtime', 'cpu', 'parallel', 'coverprofile', 'cpuprofile', 'memprofile', 'outputdir', 'json', 'skip', 'shuffle', 'fuzz', 'fuzztime', 'blockprofile', 'mutexprofile', 'trace']);

/** Builds the model. Garbage in gives an empty or partial model, never an exception. */
export function buildModel(originalText: string): DockerfileModel {
  // A BOM would hide the first instruction or directive; a space keeps every offset the same.
  const text = originalText.charCodeAt(0) === 0xfeff ? ' ' + originalText.slice(1) : originalText;
  const index = new TextIndex(originalText);
  const scanned = scanDockerfile(text);
  const builder = new ModelBuilder(text, index, scanned.escapeChar);
  for (const scan of scanned.instructions) builder.add(scan);
  return builder.finish(originalText);
}

class ModelBuilder {
  readonly instructions: Instr[] = [];
  readonly stages: Stage[] = [];
  globalArgs: Env = Env.empty;
  private stage?: Stage;
  private args: Env = Env.empty;
  private env: Env = Env.empty;
  /** Shared with the shell reader so `go env -w` can update it. */
  private goEnv: { current: Env } = { current: Env.empty };
  private workdir: string | undefined;

  constructor(
    private readonly text: string,
    private readonly index: TextIndex,
    private readonly escapeChar: string,
  ) {}

  add(scan: ScannedInstruction): void {
    const { start, end } = scan;
    const instr: Instr = { keyword: scan.keyword, scan, start, end, range: this.index.range(start, end) };
    this.instructions.push(instr);
    try {
      this.interpret(instr);
    } catch {
      // A construct the model does not understand contributes nothing.
    }
  }

  private interpret(instr: Instr): void {
    if (instr.keyword === 'FROM') return this.startStage(instr);
    if (!this.stage) {
      if (instr.keyword === 'ARG') for (const [name, value] of this.argProperties(instr, this.globalArgs)) this.globalArgs = this.globalArgs.set(name, value);
      return;
    }
    const stage = this.stage;
    instr.stage = stage;
    stage.instructions.push(instr);
    switch (instr.keyword) {
      case 'ARG':
        for (const [name, value] of this.argProperties(instr, this.vars())) this.args = this.args.set(name, value);
        break;
      case 'ENV':
        for (const [name, value] of this.envProperties(instr)) this.env = this.env.set(name, value);
        break;
      case 'WORKDIR': {
        const dir = expand(argWords(instr).map((w) => w.value).join(' '), this.vars());
        this.workdir = dir === undefined ? undefined : resolvePath(this.workdir ?? '/', dir);
        break;
      }
      case 'RUN':
        instr.run = this.run(instr);
        stage.runs.push(instr.run);
        break;
      case 'COPY':
      case 'ADD':
        instr.copy = this.copy(instr);
        stage.copies.push(instr.copy);
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = this.commandLine(instr);
        break;
      case 'CMD':
        stage.cmd = this.commandLine(instr);
        break;
    }
    stage.envAtEnd = this.env;
    stage.goEnvAtEnd = this.goEnv.current;
    stage.workdirAtEnd = this.workdir;
  }

  /** What a RUN or an expansion sees: ENV beats ARG. */
  private vars(): Env {
    return this.env.over(this.args);
  }

  private startStage(instr: Instr): void {
    const args = argWords(instr);
    const imageArg = args[0];
    const imageToken = imageArg ? { value: imageArg.value, start: imageArg.start, end: imageArg.end } : undefined;
    const asIndex = args.findIndex((a) => a.value.toUpperCase() === 'AS');
    const name = asIndex >= 0 && args[asIndex + 1] ? args[asIndex + 1].value.toLowerCase() : undefined;
    const platformFlag = instr.scan.flags.find((f) => f.name === 'platform');
    const imageRef = imageToken ? expand(imageToken.value, this.globalArgs) : undefined;
    const baseStage = imageRef !== undefined ? this.stageNamed(imageRef.toLowerCase()) : undefined;
    const image = baseStage ? undefined : parseImageName(imageRef ?? '');
    const traits = baseStage ? baseStage.traits : imageTraits(image);
    const stage: Stage = {
      index: this.stages.length,
      name,
      from: instr,
      imageRef,
      imageToken,
      image,
      platform: platformFlag?.value ?? undefined,
      baseStage,
      traits,
      instructions: [],
      runs: [],
      copies: [],
      envAtEnd: baseStage?.envAtEnd ?? Env.empty,
      goEnvAtEnd: baseStage?.goEnvAtEnd ?? Env.empty,
      workdirAtEnd: baseStage ? baseStage.workdirAtEnd : traits.isGolang ? '/go' : '/',
      entrypoint: baseStage?.entrypoint,
      cmd: baseStage?.cmd,
      dependsOn: new Set(baseStage ? [baseStage] : []),
    };
    instr.stage = stage;
    this.stages.push(stage);
    this.stage = stage;
    this.args = Env.empty;
    this.env = stage.envAtEnd;
    this.goEnv = { current: stage.goEnvAtEnd };
    this.workdir = stage.workdirAtEnd;
  }

  private stageNamed(ref: string): Stage | undefined {
    return this.stages.find((s) => s.name === ref) ?? (/^\d+$/.test(ref) ? this.stages[Number(ref)] : undefined);
  }

  /** ARG NAME[=default]: inside a stage, a name without default takes the global default, if any. */
  private argProperties(instr: Instr, scope: Lookup): Array<[string, VarValue]> {
    const out: Array<[string, VarValue]> = [];
    for (const [name, raw] of properties(instr)) {
      if (raw !== null) {
        out.push([name, { value: expand(raw, scope), origin: 'ARG' }]);
      } else if (this.stage && this.globalArgs.has(name)) {
        out.push([name, { value: this.globalArgs.get(name)!.value, origin: 'ARG' }]);
      } else {
        // Supplied by --build-arg or (TARGETARCH…) by BuildKit: present, value unknown.
        out.push([name, { value: undefined, origin: 'ARG' }]);
      }
    }
    return out;
  }

  private envProperties(instr: Instr): Array<[string, VarValue]> {
    const scope = this.vars();
    return properties(instr).map(([name, value]) => [name, { value: expand(value ?? '', scope), origin: 'ENV' as const }]);
  }

  private run(instr: Instr): RunInfo {
    const flags = instr.scan.flags;
    const mounts: Mount[] = flags
      .filter((f) => f.name === 'mount')
      .map((f) => {
        const opt = new Map(f.options);
        const get = (...keys: string[]) => keys.map((k) => opt.get(k)).find((v) => v !== undefined && v !== null) ?? undefined;
        return { type: (get('type') ?? 'bind').toLowerCase(), target: get('target', 'dst', 'destination'), source: get('source', 'src'), from: get('from') };
      });
    const run: RunInfo = { instr, mounts, goCommands: [], installs: [], installsGo: false, opaqueBuild: false };
    for (const m of mounts) {
      if (!m.from || !this.stage) continue;
      const dep = this.stageNamed(m.from.toLowerCase());
      if (dep) this.stage.dependsOn.add(dep);
    }
    const ctx: ShellContext = { env: this.vars(), shellVars: new Map(), cwd: this.workdir, run, goEnv: this.goEnv, execForm: false };
    const execWords = readJsonArray(this.text, instr.scan.argsStart, instr.end);
    if (execWords) {
      ctx.execForm = true;
      interpretCommands([{ words: execWords }], ctx);
    } else {
      for (const script of this.runScripts(instr)) interpretCommands(parseShell(script), ctx);
    }
    return run;
  }

  /**
   * The shell scripts a shell-form RUN executes: its command line (continuations joined,
   * comment lines dropped), or, for `RUN <<EOF` / `RUN bash <<EOF`, the heredoc body.
   */
  private runScripts(instr: Instr): MappedText[] {
    const text = this.text;
    const end = instr.end;
    const { args, argOffsets } = instr.scan;
    const trimmed = args.endsWith('\r') ? args.length - 1 : args.length;
    const commandLine: MappedText = { text: args.slice(0, trimmed), offsets: argOffsets.slice(0, trimmed + 1) };
    // The logical line ends where its last physical line does; heredoc bodies start on the next line.
    const nl = text.indexOf('\n', argOffsets[args.length] ?? end);
    const i = nl < 0 ? end : nl;
    const heredocs = [...commandLine.text.matchAll(/<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)];
    if (heredocs.length === 0) return [commandLine];
    // Heredoc bodies follow the command line, one after the other.
    const bodies: MappedText[] = [];
    let cursor = i + 1;
    for (const h of heredocs) {
      const stripTabs = h[1] === '-';
      const name = h[3];
      const bodyStart = cursor;
      let bodyEnd = end;
      let next = end;
      while (cursor < end) {
        const nl = text.indexOf('\n', cursor);
        const lineEnd = nl < 0 || nl > end ? end : nl;
        let content = text.slice(cursor, lineEnd).replace(/\r$/, '');
        if (stripTabs) content = content.replace(/^\t+/, '');
        if (content === name) {
          bodyEnd = cursor;
          next = lineEnd + 1;
          break;
        }
        cursor = lineEnd + 1;
      }
      bodies.push(mapped(text.slice(bodyStart, bodyEnd), bodyStart));
      cursor = next;
    }
    const rest = commandLine.text.replace(/<<-?\s*(["']?)[A-Za-z_][A-Za-z0-9_]*\1/g, '').trim();
    if (rest === '' || /^(\/usr)?(\/bin\/)?(ba|da|a|z)?sh(\s+-[a-zA-Z]+)*$/.test(rest)) return [bodies[0]];
    return [commandLine];
  }

  private copy(instr: Instr): CopyInfo {
    const flags = instr.scan.flags;
    const fromFlag = flags.find((f) => f.name === 'from');
    const from = fromFlag?.value ?? undefined;
    let fromStage: Stage | undefined;
    if (from !== undefined) {
      const resolved = expand(from, this.vars());
      fromStage = resolved !== undefined ? this.stageNamed(resolved.toLowerCase()) : undefined;
      if (fromStage) this.stage?.dependsOn.add(fromStage);
    }
    const json = readJsonArray(this.text, instr.scan.argsStart, instr.end);
    let tokens: Token[];
    if (json) {
      tokens = json.map((w) => ({ value: w.value, start: w.start, end: w.end }));
    } else {
      tokens = argWords(instr).map((w) => ({ value: w.value, start: w.start, end: w.end }));
    }
    const heredoc = tokens.some((t) => t.value.startsWith('<<'));
    const sources = tokens.slice(0, -1);
    const isUrl = sources.some((s) => /^(https?:|git@|[a-z]+:\/\/)/i.test(s.value));
    return { instr, from, fromStage, sources, dest: tokens[tokens.length - 1], fromContext: from === undefined && !heredoc && !isUrl && sources.length > 0, workdir: this.workdir, chown: flags.find((f) => f.name === 'chown')?.value ?? undefined };
  }

  private commandLine(instr: Instr): CommandLine {
    const content = instr.scan.args;
    const json = readJsonArray(this.text, instr.scan.argsStart, instr.end);
    if (json) return { instr, execForm: true, words: json.map((w) => w.value) };
    const shellText = content.replace(new RegExp(`\\${this.escapeChar === '`' ? '`' : '\\'}[ \\t]*\\r?\\n`, 'g'), ' ').trim();
    const commands = parseShell(mapped(shellText, 0));
    return { instr, execForm: false, words: commands[0]?.words.map((w) => w.value) ?? [], shellText };
  }

  finish(originalText: string): DockerfileModel {
    const final = this.stages[this.stages.length - 1];
    const shipped = new Set<Stage>();
    const visit = (s: Stage) => {
      if (shipped.has(s)) return;
      shipped.add(s);
      for (const d of s.dependsOn) visit(d);
    };
    if (final) visit(final);
    return { text: originalText, index: this.index, escapeChar: this.escapeChar, instructions: this.instructions, stages: this.stages, globalArgs: this.globalArgs, final, shipped };
  }
}

interface ShellContext {
  env: Env;
  shellVars: Map<string, string | undefined>;
  cwd: string | undefined;
  run: RunInfo;
  goEnv: { current: Env };
  execForm: boolean;
}

/** Variables for expanding words: the environment, then unexported shell variables. */
function lookup(ctx: ShellContext): Lookup {
  return {
    get: (name) => ctx.env.get(name) ?? (ctx.shellVars.has(name) ? { value: ctx.shellVars.get(name), origin: 'inline' } : undefined),
  };
}

function interpretCommands(commands: SimpleCommand[], ctx: ShellContext): void {
  for (const command of commands) interpretCommand(command.words, ctx);
}

function interpretCommand(words: Word[], ctx: ShellContext, inherited: Map<string, Word> = new Map()): void {
  const inline = new Map<string, VarValue>();
  const inlineWords = new Map(inherited);
  let i = 0;
  for (; i < words.length; i++) {
    const a = splitAssignment(words[i]);
    if (!a) break;
    inline.set(a.name, { value: expand(a.value, lookup(ctx)), origin: 'inline' });
    inlineWords.set(a.name, a.valueWord);
  }
  if (i === words.length) {
    // `X=1` alone sets a shell variable, which a later program does not see unless exported.
    for (const [k, v] of inline) ctx.shellVars.set(k, v.value);
    return;
  }
  const program = words[i].value;
  const base = program.slice(program.lastIndexOf('/') + 1);
  const rest = words.slice(i + 1);
  const withInline = (): ShellContext => {
    let env = ctx.env;
    for (const [k, v] of inline) env = env.set(k, v);
    return { ...ctx, env, shellVars: new Map(ctx.shellVars) };
  };

  if (base === 'env') {
    let k = 0;
    while (k < rest.length && rest[k].value.startsWith('-')) k += rest[k].value === '-u' ? 2 : 1;
    return interpretCommand([...words.slice(0, i), ...rest.slice(k)], ctx, inlineWords);
  }
  if (WRAPPERS.has(base)) {
    let k = 0;
    while (k < rest.length && rest[k].value.startsWith('-')) k++;
    return interpretCommand([...words.slice(0, i), ...rest.slice(k)], ctx, inlineWords);
  }
  if (base === 'export' || (base === 'declare' && rest[0]?.value === '-x')) {
    for (const w of rest) {
      const a = splitAssignment(w);
      if (a) ctx.env = ctx.env.set(a.name, { value: expand(a.value, lookup(ctx)), origin: 'export' });
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
    const cFlag = rest.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w.value));
    if (cFlag >= 0 && rest[cFlag + 1]) {
      const inner = withInline();
      interpretCommands(parseShell(wordAsScript(rest[cFlag + 1])), { ...inner, execForm: false });
      return;
    }
    if (rest.some((w) => !w.value.startsWith('-'))) ctx.run.opaqueBuild = true;
    return;
  }
  if (base === 'go' || base === 'xx-go') {
    ctx.run.goCommands.push(goCommand(words[i], rest, withInline(), ctx, words[0].start, inlineWords));
    return;
  }
  if (OPAQUE_BUILDERS.has(base) || /\.(sh|bash)$/.test(base) || (program.startsWith('./') && !program.includes('.go'))) {
    ctx.run.opaqueBuild = true;
    return;
  }
  const sub = rest.find((w) => !w.value.startsWith('-'))?.value;
  if ((base === 'apk' && sub === 'add') || ((base === 'apt-get' || base === 'apt' || base === 'aptitude') && sub === 'install') || (['yum', 'dnf', 'microdnf', 'tdnf', 'zypper', 'apt-cyg'].includes(base) && sub === 'install')) {
    const names = rest
      .filter((w) => !w.value.startsWith('-') && w.value !== sub)
      .map((w) => w.value.replace(/[=~<>].*$/, '').toLowerCase());
    ctx.run.installs.push(...names);
    if (names.some((n) => /^(go|golang|golang-go|golang-\d[\d.]*(-go)?|go-\d[\d.]*)$/.test(n))) ctx.run.installsGo = true;
    return;
  }
  if (base === 'tar' && rest.some((w) => /go\d[\d.]*[^/]*\.linux-[^/]*\.tar\.gz$/.test(w.value))) {
    ctx.run.installsGo = true;
  }
}

function goCommand(goWord: Word, args: Word[], inner: ShellContext, outer: ShellContext, commandStart: number, inlineWords: Map<string, Word>): GoCommand {
  const flags = new Map<string, string | true>();
  const packages: string[] = [];
  let subcommand: GoSubcommand = 'other';
  let subcommandWord: Word | undefined;
  let modSubcommand: string | undefined;
  let k = 0;
  // Flags may come before the subcommand only as `go -C dir build` (Go 1.20+).
  while (k < args.length && args[k].value.startsWith('-')) k += args[k].value === '-C' ? 2 : 1;
  if (k < args.length) {
    subcommandWord = args[k];
    const name = args[k].value;
    subcommand = (['build', 'install', 'run', 'test', 'mod', 'generate', 'vet', 'env', 'get'] as const).find((s) => s === name) ?? 'other';
    k++;
  }
  if (subcommand === 'mod') modSubcommand = args[k]?.value;
  const vars = lookup(inner);
  for (; k < args.length; k++) {
    const w = args[k].value;
    if (w === '--') {
      packages.push(...args.slice(k + 1).map((a) => a.value));
      break;
    }
    const m = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/s.exec(w);
    if (m) {
      if (m[2] !== undefined) flags.set(m[1], m[2]);
      else if (GO_VALUE_FLAGS.has(m[1]) && k + 1 < args.length) flags.set(m[1], args[++k].value);
      else flags.set(m[1], true);
      continue;
    }
    if (subcommand === 'env' && flags.get('w') === true) {
      // go env -w NAME=value: persistent for later commands and child stages.
      const a = splitAssignment(args[k]);
      if (a) {
        const v: VarValue = { value: expand(a.value, vars), origin: 'go env -w' };
        outer.goEnv.current = outer.goEnv.current.set(a.name, v);
      }
      continue;
    }
    packages.push(expand(w, vars) ?? w);
  }
  // GOFLAGS contributes flags the command line did not set.
  const goflags = inner.env.get('GOFLAGS')?.value ?? outer.goEnv.current.get('GOFLAGS')?.value;
  if (goflags) {
    for (const part of goflags.split(/\s+/)) {
      const m = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/.exec(part);
      if (m && !flags.has(m[1])) flags.set(m[1], m[2] ?? true);
    }
  }
  return {
    subcommand,
    modSubcommand,
    goWord,
    commandStart,
    inlineWords,
    subcommandWord,
    flags,
    packages,
    env: inner.env,
    goEnv: outer.goEnv.current,
    cwd: inner.cwd,
    run: outer.run,
    execForm: outer.execForm,
  };
}

/**
 * Expands $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:+alt}. Returns undefined when a
 * referenced variable is set to an unknown value or is missing without a default (the value
 * then depends on the build invocation, and rules must not guess).
 */
export function expand(value: string, vars: Lookup): string | undefined {
  let unknown = false;
  const out = value.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced, op, word, bare) => {
    if (match === '\\$') return '$';
    const name = braced ?? bare;
    const entry = vars.get(name);
    const isSet = entry !== undefined;
    const known = entry?.value;
    if (op === ':-' || op === '-') {
      if (isSet && known === undefined) {
        unknown = true;
        return '';
      }
      if (op === ':-' ? known === undefined || known === '' : !isSet) return expand(word ?? '', vars) ?? ((unknown = true), '');
      return known ?? '';
    }
    if (op === ':+' || op === '+') {
      if (isSet && known === undefined) {
        unknown = true;
        return '';
      }
      return (op === ':+' ? known : isSet ? known ?? '' : undefined) ? word ?? '' : '';
    }
    if (!isSet || known === undefined) {
      unknown = true;
      return '';
    }
    return known;
  });
  return unknown ? undefined : out;
}

export function resolvePath(base: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${base}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

/** The shell-style words of an instruction's arguments (quotes removed), with document offsets. */
export function argWords(instr: Instr): Word[] {
  return parseShell({ text: instr.scan.args, offsets: instr.scan.argOffsets }).flatMap((c) => c.words);
}

/** ENV/ARG `NAME=value` pairs (value null for a bare ARG name); legacy `ENV NAME value…` too. */
export function properties(instr: Instr): Array<[string, string | null]> {
  const words = argWords(instr);
  if (instr.keyword === 'ENV' && words.length > 0 && !words[0].value.includes('=')) {
    return [[words[0].value, words.slice(1).map((w) => w.value).join(' ')]];
  }
  return words.map((w) => {
    const eq = w.value.indexOf('=');
    return eq < 0 ? [w.value, null] : [w.value.slice(0, eq), w.value.slice(eq + 1)];
  });
}

/**
 * Reads an exec-form JSON array of strings at `start`, with each character's document offset.
 * (dockerfile-ast drops spaces inside JSON strings, so the model reads them itself.)
 */
function readJsonArray(text: string, start: number, end: number): Word[] | undefined {
  let i = start;
  while (i < end && /\s/.test(text[i])) i++;
  if (text[i] !== '[') return undefined;
  i++;
  const words: Word[] = [];
  for (;;) {
    // Separators, including line continuations between elements.
    while (i < end && (/[\s,]/.test(text[i]) || ((text[i] === '\\' || text[i] === '`') && /^[ \t]*\r?\n/.test(text.slice(i + 1, i + 40))))) i++;
    if (text[i] === ']') return words;
    if (text[i] !== '"') return undefined;
    const wordStart = i;
    i++;
    let value = '';
    const valueOffsets: number[] = [];
    while (i < end && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < end) {
        const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
        if (text[i + 1] === 'u') {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16) || 0);
          valueOffsets.push(i);
          i += 6;
          continue;
        }
        value += escapes[text[i + 1]] ?? text[i + 1];
        valueOffsets.push(i + 1);
        i += 2;
        continue;
      }
      value += text[i];
      valueOffsets.push(i);
      i++;
    }
    if (i >= end) return undefined;
    i++;
    words.push({ value, start: wordStart + 1, end: i - 1, valueOffsets, quoted: true });
  }
}

// ---- Queries the rules share -------------------------------------------------------------

/** The stage and its ancestors via FROM <stage>, nearest first. */
export function lineage(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !out.includes(s); s = s.baseStage) out.push(s);
  return out;
}

/** Whether a C compiler is present in the stage: from its image, or installed in it or an ancestor. */
export function hasCCompiler(stage: Stage): boolean | undefined {
  const installed = lineage(stage).some((s) => s.runs.some((r) => r.installs.some(isCCompilerPackage)));
  if (installed) return true;
  return stage.traits.hasCCompiler;
}

export function isCCompilerPackage(name: string): boolean {
  return /^(gcc|build-base|build-essential|clang|musl-dev|gcc-c\+\+|g\+\+|libc6-dev|musl-gcc|cc)$/.test(name) || /^gcc-\d+$/.test(name);
}

/** Whether Go is present in the stage: golang image, or installed. */
export function hasGo(stage: Stage): boolean {
  return stage.traits.hasGo || lineage(stage).some((s) => s.runs.some((r) => r.installsGo));
}

/** The Go commands of a stage and its ancestors, in execution order. */
export function goCommandsOf(stage: Stage, subcommands: GoSubcommand[]): GoCommand[] {
  return lineage(stage)
    .reverse()
    .flatMap((s) => s.runs.flatMap((r) => r.goCommands))
    .filter((c) => subcommands.includes(c.subcommand));
}

export type CgoState = { kind: 'disabled' } | { kind: 'enabled' } | { kind: 'unset' } | { kind: 'unknown' };

/** CGO_ENABLED as the go command sees it: process environment first, then `go env -w`. */
export function cgoState(cmd: GoCommand): CgoState {
  const entry = cmd.env.get('CGO_ENABLED') ?? cmd.goEnv.get('CGO_ENABLED');
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
  if (/extldflags[= ]+["']?[^"']*-static/.test(ldflags)) return true;
  const tags = String(cmd.flags.get('tags') ?? '').split(/[,\s]+/);
  return tags.includes('netgo') && tags.includes('osusergo') && !ldflags.includes('linkmode');
}

/** The target OS; builds for other systems don't run in the image. */
export function targetOs(cmd: GoCommand): string {
  // GOOS=$TARGETOS is linux for every Linux image buildx builds; only a literal other OS opts out.
  const v = cmd.env.get('GOOS') ?? cmd.goEnv.get('GOOS');
  return v?.value || 'linux';
}

/** Whether a COPY --from looks like it carries a program rather than certificates or zoneinfo. */
export function copiesProgram(copy: CopyInfo): boolean {
  return copy.sources.some((s) => !/^\/(etc|usr\/share\/(zoneinfo|ca-certificates))(\/|$)/.test(s.value));
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

/** The Dockerfile's instruction containing a document offset. */
export function instructionAt(model: DockerfileModel, offset: number): Instr | undefined {
  return model.instructions.find((i) => i.start <= offset && offset <= i.end);
}
