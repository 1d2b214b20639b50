// A fast Dockerfile scanner: parser directives, instruction boundaries (continuations, comment
// lines inside them, heredocs), keywords, flags and arguments, with document offsets. The model
// needs only this, and a full parse with dockerfile-ast costs as much as the whole dockerfile-utils
// validation the server also runs; scanning ourselves keeps the Go checks nearly free.

import { appended } from './lists.ts';

export interface ScannedFlag {
  /** Lower-cased name without dashes. */
  name: string;
  value: string | null;
  /** Comma-separated `key=value` options of the value (for --mount). */
  options: Array<[string, string | null]>;
  start: number;
  end: number;
}

export interface ScannedInstruction {
  /** Upper-cased keyword. */
  keyword: string;
  /** Offset of the keyword. */
  start: number;
  /** End of the instruction's last line (heredoc terminator included), before its line break. */
  end: number;
  /** Offset just after the keyword. */
  keywordEnd: number;
  flags: ScannedFlag[];
  /** Offset where the arguments start (after the flags). */
  argsStart: number;
  /** The arguments on one logical line: continuations joined, comment lines dropped. */
  args: string;
  /** Document offset of each character of `args`, then the offset where they end. */
  readonly argOffsets: Int32Array;
  /** The file's offset store: offsetStore[offsetBase + k] is argOffsets[k] (no view per instruction). */
  offsetStore: Int32Array;
  offsetBase: number;
}

/**
 * A scanned instruction. Its offsets stay in the file's one store: a typed-array view per
 * instruction would be a large object kept for every instruction of the file, and few readers
 * (rules) ask for one. The model's instruction class extends it (scanDockerfile's `Instruction`),
 * so an instruction of the model is one object, not a scanned one plus a model one.
 */
export class Scanned implements ScannedInstruction {
  constructor(
    readonly keyword: string,
    readonly start: number,
    readonly end: number,
    readonly keywordEnd: number,
    readonly flags: ScannedFlag[],
    readonly argsStart: number,
    readonly args: string,
    readonly offsetStore: Int32Array,
    readonly offsetBase: number,
  ) {}

  get argOffsets(): Int32Array {
    return this.offsetStore.subarray(this.offsetBase, this.offsetBase + this.args.length + 1);
  }
}

/** Dockerfile keywords, one string each: the model keeps a keyword per instruction. */
const KEYWORDS = new Map(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'].map((k) => [k, k]));

/** The upper-cased keyword, as the one shared string when it is a Dockerfile keyword. */
function keywordOf(written: string): string {
  const upper = KEYWORDS.get(written) ?? written.toUpperCase();
  return KEYWORDS.get(upper) ?? upper;
}

/** The keywords by length, to find one written in upper case (most are) without a slice per instruction. */
const KEYWORDS_BY_LENGTH: string[][] = [];
for (const k of KEYWORDS.keys()) (KEYWORDS_BY_LENGTH[k.length] ??= []).push(k);

/** keywordOf(text.slice(start, end)). */
function keywordAt(text: string, start: number, end: number): string {
  const candidates = KEYWORDS_BY_LENGTH[end - start];
  if (candidates) for (let c = 0; c < candidates.length; c++) if (text.startsWith(candidates[c], start)) return candidates[c];
  return keywordOf(text.slice(start, end));
}

/** The flags of most instructions: none (shared; nothing adds to a scanned instruction's flags). */
const NO_FLAGS: ScannedFlag[] = [];

export interface ScannedDockerfile<T extends ScannedInstruction = ScannedInstruction> {
  escapeChar: string;
  instructions: T[];
}

/** A class of scanned instructions: Scanned or one that extends it without other constructor arguments. */
export type ScannedClass<T extends Scanned> = new (...args: ConstructorParameters<typeof Scanned>) => T;

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
/** A heredoc redirection `<<[-]WORD` (quoted or not); for matchAll, which leaves it as it is. */
export const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

/**
 * `lineFeedStarts`: where each line starts after a line feed, when the caller has them (the model's
 * text index, for a text without CR). `Instruction`: the class of the instructions made.
 */
export function scanDockerfile<T extends Scanned = Scanned>(text: string, lineFeedStarts?: readonly number[], Instruction: ScannedClass<T> = Scanned as ScannedClass<T>): ScannedDockerfile<T> {
  const lineStarts = lineFeedStarts ?? lineFeedLineStarts(text);
  const lineCount = lineStarts.length;
  const lineEnd = (line: number) => {
    let end = line + 1 < lineCount ? lineStarts[line + 1] - 1 : text.length;
    if (end > lineStarts[line] && text[end - 1] === '\r') end--;
    return end;
  };

  // Parser directives: `# name=value` lines at the very top, before anything else.
  let escapeChar = '\\';
  let line = 0;
  for (; line < lineCount; line++) {
    const directive = readDirective(text, lineStarts[line], lineEnd(line));
    if (!directive) break;
    if (directive.name.toLowerCase() === 'escape' && (directive.value === '`' || directive.value === '\\')) escapeChar = directive.value;
  }

  // The offsets of all instructions live in one typed array for the file, each instruction's a
  // view of it: one allocation instead of a growing array per instruction, and nothing for the
  // garbage collector to trace. Arguments are disjoint stretches of the text plus one end offset
  // each, so text length plus line count bounds the total.
  const offsetStore = new Int32Array(text.length + lineCount + 1);
  let stored = 0;
  const instructions: T[] = [];
  for (; line < lineCount; line++) {
    const start = lineStarts[line];
    const end = lineEnd(line);
    let i = start;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i === end || text[i] === '#') continue;
    // Keyword.
    const keywordStart = i;
    while (i < end && isLetter(text.charCodeAt(i))) i++;
    if (i === keywordStart) continue;
    const keyword = keywordAt(text, keywordStart, i);
    const keywordEnd = i;

    // Logical line: join continuations, dropping comment and empty lines inside them.
    let args = '';
    const firstOffset = stored;
    let cur = line;
    let pos = keywordEnd;
    let lastEnd = end;
    for (;;) {
      const e = lineEnd(cur);
      lastEnd = e;
      // Does this physical line end with the escape character (plus optional blanks)?
      let k = e;
      while (k > pos && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
      const continued = k > pos && text[k - 1] === escapeChar && cur + 1 < lineCount;
      const contentEnd = continued ? k - 1 : e;
      args += text.slice(pos, contentEnd);
      for (let c = pos; c < contentEnd; c++) offsetStore[stored++] = c;
      if (!continued) break;
      cur++;
      while (cur < lineCount && isBlankOrCommentLine(text, lineStarts[cur], lineEnd(cur)) && cur + 1 < lineCount) cur++;
      if (cur >= lineCount) break;
      pos = lineStarts[cur];
    }
    offsetStore[stored++] = lastEnd;
    // The document offset of args[k] (k up to args.length, where the arguments end) is
    // offsetStore[firstOffset + k]: read in place, not through a closure made per instruction.

    // Heredoc bodies follow the logical line.
    if (HEREDOC_KEYWORDS.has(keyword) && args.includes('<<')) {
      for (const h of args.matchAll(HEREDOC)) {
        const stripTabs = h[1] === '-';
        const name = h[3];
        let body = cur + 1;
        for (; body < lineCount; body++) {
          let content = text.slice(lineStarts[body], lineEnd(body));
          if (stripTabs) content = content.replace(/^\t+/, '');
          if (content === name) break;
        }
        cur = Math.min(body, lineCount - 1);
        lastEnd = lineEnd(cur);
      }
    }

    // Flags: leading `--name[=value]` words.
    let flags = NO_FLAGS;
    let a = 0;
    for (;;) {
      while (a < args.length && (args[a] === ' ' || args[a] === '\t')) a++;
      if (!args.startsWith('--', a)) break;
      const wordStart = a;
      while (a < args.length && args[a] !== ' ' && args[a] !== '\t') a++;
      const word = args.slice(wordStart + 2, a);
      const eq = word.indexOf('=');
      const name = (eq < 0 ? word : word.slice(0, eq)).toLowerCase();
      const value = eq < 0 ? null : word.slice(eq + 1);
      const options: Array<[string, string | null]> = value === null ? [] : value.split(',').map((o) => {
        const oe = o.indexOf('=');
        return oe < 0 ? [o.toLowerCase(), null] : [o.slice(0, oe).toLowerCase(), o.slice(oe + 1)];
      });
      const flag = { name, value, options, start: offsetStore[firstOffset + wordStart], end: offsetStore[firstOffset + a - 1] + 1 };
      flags = appended(flags, flag);
    }
    const argsStart = offsetStore[firstOffset + a];
    instructions.push(new Instruction(keyword, keywordStart, lastEnd, keywordEnd, flags, argsStart, args.slice(a), offsetStore, firstOffset + a));
    line = cur;
  }
  return { escapeChar, instructions };
}

function lineFeedLineStarts(text: string): number[] {
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return starts;
}

/**
 * A `# name=value` parser directive between `start` and `end`, or undefined. Read with a cursor:
 * the regular expression it replaces (\s*=\s*(\S*)\s*$) backtracked quadratically on long blanks.
 */
export function readDirective(text: string, start: number, end: number): { name: string; value: string } | undefined {
  let i = start;
  const skipBlanks = () => {
    while (i < end && isBlank(text.charCodeAt(i))) i++;
  };
  skipBlanks();
  if (text[i] !== '#') return undefined;
  i++;
  skipBlanks();
  const nameStart = i;
  while (i < end && isLetter(text.charCodeAt(i))) i++;
  if (i === nameStart) return undefined;
  const name = text.slice(nameStart, i);
  skipBlanks();
  if (i >= end || text[i] !== '=') return undefined;
  i++;
  skipBlanks();
  const valueStart = i;
  while (i < end && !isBlank(text.charCodeAt(i))) i++;
  const value = text.slice(valueStart, i);
  skipBlanks();
  return i === end ? { name, value } : undefined;
}

/**
 * Whether text[start, end) is blank or a comment, as /^\s*(#.*)?$/ says (`.` stops at CR, U+2028
 * and U+2029; the line holds no LF): read in place, without a slice and a match per line.
 */
function isBlankOrCommentLine(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i === end) return true;
  if (text.charCodeAt(i) !== 35 /* # */) return false;
  for (i++; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/** JavaScript's \s: ASCII blanks, NBSP, BOM and the Unicode space separators. */
function isBlank(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** An ASCII letter (keywords, flag names). */
export function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
