// The one place that reads Dockerfile syntax (through scan.ts). It turns a Dockerfile into stages
// with their effective variables, the Go commands their RUNs execute, their copies and images, and
// which stages ship. Rules read this model only; it never throws on any input.
import { HEREDOC, Scanned, scanDockerfile } from '../scan.ts';
import { imageTraits, parseImageName } from '../images.ts';
import type { ImageName, ImageTraits } from '../images.ts';
import { appended } from '../lists.ts';
import { mapped, parseShell, spanOf } from '../shell.ts';
import type { MappedText, Word } from '../shell.ts';
import { TextIndex } from '../text.ts';
import { Env, expand } from './env.ts';
import type { Lookup, VarValue } from './env.ts';
import { resolvePath } from './paths.ts';
import { interpretCommands, ShellVars, type ShellContext } from './run-commands.ts';
import type { CommandLine, CopyInfo, DockerfileModel, Instr, Mount, RunInfo, Stage, Token } from './types.ts';
import type { ScannedFlag, ScannedInstruction } from '../scan.ts';
import type { Range, RecipeFacts } from '../types.ts';

export interface BuildOptions {
  /** Recipes of the make targets and scripts RUNs call (GoFacts.recipes): read as if written in the RUN. */
  recipes?: RecipeFacts;
}

/** Builds the model. Garbage in gives an empty or partial model, never an exception. */
export function buildModel(originalText: string, options: BuildOptions = {}): DockerfileModel {
  // A BOM would hide the first instruction or directive; a space keeps every offset the same.
  const text = originalText.charCodeAt(0) === 0xfeff ? ' ' + originalText.slice(1) : originalText;
  const index = new TextIndex(originalText);
  // Without a CR the text index's line starts are the scanner's (line feeds only): one array, not two.
  const scanned = scanDockerfile(text, originalText.indexOf('\r') < 0 ? index.lineStarts : undefined, ModelInstr);
  const builder = new ModelBuilder(text, index, scanned.escapeChar, options);
  for (const instr of scanned.instructions) builder.add(instr);
  return builder.finish(originalText);
}

/**
 * An instruction of the model: the scanned instruction itself (one object per instruction, kept for
 * every instruction of the file), with what the model adds. Its range in lines and characters is
 * asked for a few instructions only (fixes, suppressions): it is found on first use.
 */
class ModelInstr extends Scanned implements Instr {
  stage?: Stage = undefined;
  run?: RunInfo = undefined;
  copy?: CopyInfo = undefined;
  /** Set by the builder before the instruction is read. */
  index: TextIndex | undefined = undefined;
  private rangeFound?: Range = undefined;

  // Written out: the implicit constructor of a class with fields passes its arguments on in an array.
  constructor(keyword: string, start: number, end: number, keywordEnd: number, flags: ScannedFlag[], argsStart: number, args: string, offsetStore: Int32Array, offsetBase: number) {
    super(keyword, start, end, keywordEnd, flags, argsStart, args, offsetStore, offsetBase);
  }

  get scan(): ScannedInstruction {
    return this;
  }

  get range(): Range {
    return (this.rangeFound ??= this.index!.range(this.start, this.end));
  }
}

/** The empty list every RUN starts its lists with (most stay empty); never written to. */
const NONE: never[] = [];

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
    private readonly options: BuildOptions,
  ) {}

  add(instr: ModelInstr): void {
    instr.index = this.index;
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
      if (instr.keyword === 'ARG') {
        const scope = this.globalArgs;
        for (const a of assignmentsOf(instr)) this.globalArgs = this.globalArgs.set(a.name, this.argValue(a, scope));
      }
      return;
    }
    const stage = this.stage;
    instr.stage = stage;
    stage.instructions = appended(stage.instructions, instr);
    switch (instr.keyword) {
      // Values are expanded in the scope before the instruction: `ENV A=1 B=$A` does not see this A.
      case 'ARG': {
        const scope = this.vars();
        for (const a of assignmentsOf(instr)) this.args = this.args.set(a.name, this.argValue(a, scope));
        break;
      }
      case 'ENV': {
        const scope = this.vars();
        for (const { name, raw, span } of assignmentsOf(instr)) this.env = this.env.set(name, { value: expand(raw ?? '', scope), origin: 'ENV', raw: raw ?? '', ...(span ? { span } : {}) });
        break;
      }
      case 'WORKDIR': {
        const dir = expand(argWords(instr).map((w) => w.value).join(' '), this.vars());
        this.workdir = dir === undefined ? undefined : resolvePath(this.workdir ?? '/', dir);
        break;
      }
      case 'RUN':
        instr.run = this.run(instr);
        stage.runs = appended(stage.runs, instr.run);
        break;
      case 'COPY':
      case 'ADD':
        instr.copy = this.copy(instr);
        stage.copies = appended(stage.copies, instr.copy);
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
    const asIndex = args.findIndex((a) => a.value.length === 2 && a.value.toUpperCase() === 'AS');
    const name = asIndex >= 0 && args[asIndex + 1] ? args[asIndex + 1].value.toLowerCase() : undefined;
    const platformFlag = instr.scan.flags.find((f) => f.name === 'platform');
    const imageRef = imageToken ? expand(imageToken.value, this.globalArgs) : undefined;
    const baseStage = imageRef !== undefined ? this.stageNamed(imageRef.toLowerCase()) : undefined;
    const named = baseStage ? undefined : this.imageNamed(imageRef ?? '');
    const image = named?.image;
    const traits = baseStage ? baseStage.traits : named!.traits;
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
    if (name !== undefined && !this.stagesByName.has(name)) this.stagesByName.set(name, stage);
    this.stage = stage;
    this.args = Env.empty;
    this.env = stage.envAtEnd;
    this.goEnv = { current: stage.goEnvAtEnd };
    this.workdir = stage.workdirAtEnd;
  }

  /** Images by reference: a file names a few images in many stages, each read once (the stages share them). */
  private readonly imagesByRef = new Map<string, { image: ImageName | undefined; traits: ImageTraits }>();

  private imageNamed(ref: string): { image: ImageName | undefined; traits: ImageTraits } {
    let named = this.imagesByRef.get(ref);
    if (!named) {
      const image = parseImageName(ref);
      named = { image, traits: imageTraits(image) };
      this.imagesByRef.set(ref, named);
    }
    return named;
  }

  /** Stages by `AS` name; the first stage of a name wins, as a search from the top would find. */
  private readonly stagesByName = new Map<string, Stage>();

  private stageNamed(ref: string): Stage | undefined {
    return this.stagesByName.get(ref) ?? (/^\d+$/.test(ref) ? this.stages[Number(ref)] : undefined);
  }

  /** ARG NAME[=default]: inside a stage, a name without default takes the global default, if any. */
  private argValue({ name, raw, span }: Assignment, scope: Lookup): VarValue {
    if (raw !== null) return { value: expand(raw, scope), origin: 'ARG', raw, ...(span ? { span } : {}) };
    if (this.stage && this.globalArgs.has(name)) return { ...this.globalArgs.get(name)!, origin: 'ARG' };
    // Supplied by --build-arg or (TARGETARCH…) by BuildKit: present, value unknown.
    return { value: undefined, origin: 'ARG' };
  }

  private run(instr: Instr): RunInfo {
    const flags = instr.scan.flags;
    // Most RUNs mount nothing: they share the empty list.
    let mounts: Mount[] = NONE;
    for (const f of flags) {
      if (f.name !== 'mount') continue;
      mounts = appended(mounts, {
        type: (mountOption(f.options, 'type') ?? 'bind').toLowerCase(),
        target: mountOption(f.options, 'target') ?? mountOption(f.options, 'dst') ?? mountOption(f.options, 'destination'),
        source: mountOption(f.options, 'source') ?? mountOption(f.options, 'src'),
        from: mountOption(f.options, 'from'),
      });
    }
    // The lists start as one shared empty array: run-commands.ts replaces, never pushes onto, an empty list.
    const run: RunInfo = { instr, mounts, goCommands: NONE, installs: NONE, installsGo: false, opaqueBuild: false, recipeCalls: NONE, assignments: NONE, ...(this.workdir !== undefined ? { workdir: this.workdir } : {}) };
    for (const m of mounts) {
      if (!m.from || !this.stage) continue;
      const dep = this.stageNamed(m.from.toLowerCase());
      if (dep) this.stage.dependsOn.add(dep);
    }
    const ctx: ShellContext = { env: this.vars(), shellVars: new ShellVars(), cwd: this.workdir, run, goEnv: this.goEnv, execForm: false, recipes: this.options.recipes, recipeDepth: 0, workdir: this.workdir };
    const execWords = readJsonArray(this.text, instr.scan.argsStart, instr.end);
    if (execWords) {
      ctx.execForm = true;
      interpretCommands([{ words: execWords }], ctx);
    } else {
      interpretCommands(parseShell(this.runScript(instr)), ctx);
    }
    return run;
  }

  /**
   * The shell script a shell-form RUN executes: its command line (continuations joined,
   * comment lines dropped), or, for `RUN <<EOF` / `RUN bash <<EOF`, the first heredoc's body.
   */
  private runScript(instr: Instr): MappedText {
    const text = this.text;
    const end = instr.end;
    const { args, offsetStore, offsetBase } = instr.scan;
    const trimmed = args.endsWith('\r') ? args.length - 1 : args.length;
    // The offsets stay in the scanner's store: the script reads them from there.
    const commandLine: MappedText = { text: trimmed === args.length ? args : args.slice(0, trimmed), offsets: offsetStore, base: offsetBase };
    // The logical line ends where its last physical line does; heredoc bodies start on the next line.
    const nl = text.indexOf('\n', offsetStore[offsetBase + args.length] ?? end);
    const i = nl < 0 ? end : nl;
    if (!commandLine.text.includes('<<')) return commandLine;
    const heredocs = [...commandLine.text.matchAll(HEREDOC)];
    if (heredocs.length === 0) return commandLine;
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
    if (rest === '' || /^(\/usr)?(\/bin\/)?(ba|da|a|z)?sh(\s+-[a-zA-Z]+)*$/.test(rest)) return bodies[0];
    return commandLine;
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
    // Everything the final stage reaches; a work list, since chains can be thousands of stages deep.
    const shipped = new Set<Stage>();
    const pending = final ? [final] : [];
    while (pending.length > 0) {
      const s = pending.pop()!;
      if (shipped.has(s)) continue;
      shipped.add(s);
      for (const d of s.dependsOn) if (!shipped.has(d)) pending.push(d);
    }
    return { text: originalText, index: this.index, escapeChar: this.escapeChar, instructions: this.instructions, stages: this.stages, globalArgs: this.globalArgs, final, shipped };
  }
}


/** A --mount option's value: its last occurrence wins (as a map of the options would have it); none without a value. */
function mountOption(options: ReadonlyArray<[string, string | null]>, key: string): string | undefined {
  for (let k = options.length - 1; k >= 0; k--) if (options[k][0] === key) return options[k][1] ?? undefined;
  return undefined;
}

/** The shell-style words of an instruction's arguments (quotes removed), with document offsets. */
export function argWords(instr: Instr): Word[] {
  const commands = parseShell({ text: instr.scan.args, offsets: instr.scan.offsetStore, base: instr.scan.offsetBase });
  return commands.length === 1 ? commands[0].words : commands.flatMap((c) => c.words);
}

// The model and two rules read the assignments of every ARG and ENV: they are read once per
// instruction (small objects; the words, with an offset per character, are not kept).
// Callers must not modify the returned arrays.
const assignmentsByInstr = new WeakMap<Instr, Assignment[]>();

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

export interface Assignment {
  name: string;
  /** Document offsets of the name. */
  nameStart: number;
  nameEnd: number;
  /** The value as written (quotes removed, not expanded); null for a bare `ARG NAME`. */
  raw: string | null;
  /** Document offsets of the value's characters (inside quotes); absent when the value is empty. */
  span?: { start: number; end: number };
}

/** ENV/ARG assignments with their document offsets (legacy `ENV NAME value…` too). */
export function assignmentsOf(instr: Instr): Assignment[] {
  let assignments = assignmentsByInstr.get(instr);
  if (!assignments) {
    assignments = readAssignments(instr);
    assignmentsByInstr.set(instr, assignments);
  }
  return assignments;
}

function readAssignments(instr: Instr): Assignment[] {
  const words = argWords(instr);
  if (instr.keyword === 'ENV' && words.length > 0 && !words[0].value.includes('=')) {
    const rest = words.slice(1);
    const span = rest.length > 0 ? { start: spanOf(rest[0].valueOffsets)?.start ?? rest[0].start, end: spanOf(rest[rest.length - 1].valueOffsets)?.end ?? rest[rest.length - 1].end } : undefined;
    return [{ name: words[0].value, nameStart: words[0].start, nameEnd: words[0].end, raw: rest.map((w) => w.value).join(' '), ...(span ? { span } : {}) }];
  }
  return words.map((w) => {
    const eq = w.value.indexOf('=');
    const nameEnd = eq < 0 ? w.end : (w.valueOffsets[eq - 1] ?? w.start) + 1;
    if (eq < 0) return { name: w.value, nameStart: w.valueOffsets[0] ?? w.start, nameEnd, raw: null };
    const span = spanOf(w.valueOffsets, eq + 1);
    return { name: w.value.slice(0, eq), nameStart: w.valueOffsets[0] ?? w.start, nameEnd, raw: w.value.slice(eq + 1), ...(span ? { span } : {}) };
  });
}

const JSON_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

// A string's offsets gather here and it keeps an exact copy: an array grown by push holds 17 slots or more.
const jsonOffsets: number[] = [];

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
    let count = 0;
    while (i < end && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < end) {
        if (text[i + 1] === 'u') {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16) || 0);
          jsonOffsets[count++] = i;
          i += 6;
          continue;
        }
        value += JSON_ESCAPES[text[i + 1]] ?? text[i + 1];
        jsonOffsets[count++] = i + 1;
        i += 2;
        continue;
      }
      // A run of plain characters in one slice (a string per character was most of the garbage here).
      let j = i + 1;
      while (j < end && text[j] !== '"' && !(text[j] === '\\' && j + 1 < end)) j++;
      value += text.slice(i, j);
      for (let k = i; k < j; k++) jsonOffsets[count++] = k;
      i = j;
    }
    if (i >= end) return undefined;
    i++;
    words.push({ value, start: wordStart + 1, end: i - 1, valueOffsets: jsonOffsets.slice(0, count), quoted: true });
  }
}

/** The Dockerfile's instruction containing a document offset (a binary search: instructions are in order and disjoint). */
export function instructionAt(model: DockerfileModel, offset: number): Instr | undefined {
  const list = model.instructions;
  let lo = 0;
  let hi = list.length - 1;
  let candidate = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start <= offset) {
      candidate = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return candidate >= 0 && offset <= list[candidate].end ? list[candidate] : undefined;
}
