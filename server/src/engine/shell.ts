// A small POSIX-shell reader: enough to find the commands a RUN executes, the variables they
// see, and where each word sits in the original Dockerfile. It never executes anything and
// never throws; what it cannot understand it leaves out (the rules then stay quiet).

/** Text plus, for every character, its offset in the original document. */
export interface MappedText {
  text: string;
  /**
   * offsets[base + i] is the document offset of text[i], offsets[base + text.length] the end offset;
   * without offsets, text[i] is at base + i. (A base into a shared array, or none, so a script needs
   * no array of its own: the scanner's one offset store serves every instruction.)
   */
  offsets: ArrayLike<number> | undefined;
  base: number;
}

/** The document offset of script.text[k] (k up to its length). */
function offsetIn(script: MappedText, k: number): number {
  const offsets = script.offsets;
  return offsets === undefined ? script.base + k : offsets[script.base + k];
}

export interface Word {
  /** The word after quote removal (variables are NOT expanded). */
  value: string;
  /** Document offsets of the word's first character and just past its last. */
  start: number;
  end: number;
  /** Document offset of each character of `value` (for re-parsing `sh -c` scripts). */
  valueOffsets: number[];
  /** True when any part of the word was quoted. */
  quoted: boolean;
}

/** Where the characters offsets[from…] of a word's value are in the document; none for no characters. */
export function spanOf(offsets: readonly number[], from = 0): { start: number; end: number } | undefined {
  return offsets.length > from ? { start: offsets[from], end: offsets[offsets.length - 1] + 1 } : undefined;
}

/** One simple command: `A=1 B=2 prog arg…`. */
export interface SimpleCommand {
  words: Word[];
}

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '\n']);
const RESERVED_AT_COMMAND_START = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '!', '{', '}', 'in']);

export function mapped(text: string, baseOffset: number): MappedText {
  return { text, offsets: undefined, base: baseOffset };
}

/** Splits a shell script into simple commands. Control keywords (if/then/for…) are skipped. */
export function parseShell(src: MappedText): SimpleCommand[] {
  const text = src.text;
  // Made for the first command: most scripts are one command, and a push onto [] reserves 17 slots.
  let commands: SimpleCommand[] | undefined;
  // The words of the command being read gather in one scratch array (parseShell does not nest),
  // and each command gets an exact copy: an array per command grown by push holds 17 slots.
  scratchCount = 0;
  let i = 0;
  const n = text.length;

  while (i < n) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '#') {
      // A comment runs to the end of the line.
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (OPERATOR_CHARS.has(ch)) {
      commands = endCommand(commands);
      i++;
      continue;
    }
    // Redirections: skip the operator and its target word. (Only a digit, `<` or `>` can start
    // one here, `&` being an operator: testing that first spares a slice and a match per word.)
    const redirect = ch === '<' || ch === '>' || (ch >= '0' && ch <= '9') ? /^(\d*)(>>|<<<|<<-?|>&|<&|&>|>\||>|<)/.exec(text.slice(i, i + 6)) : null;
    if (redirect) {
      i += redirect[0].length;
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      scanWord(src, i, false);
      i = scannedNext;
      continue;
    }
    const value = scanWord(src, i, false);
    const next = scannedNext;
    if (next === i) {
      i++;
      continue;
    }
    scratchWords[scratchCount++] = new ScriptWord(value, offsetIn(src, next), scannedQuoted, src, i);
    i = next;
  }
  commands = endCommand(commands);
  return commands ?? [];
}

/** Ends the command whose words are in the scratch (emptied): the list with it added, if it has one. */
function endCommand(commands: SimpleCommand[] | undefined): SimpleCommand[] | undefined {
  const start = reservedPrefixEnd(scratchWords as Word[], scratchCount);
  if (start >= 0 && start < scratchCount) {
    const command = { words: (scratchWords as Word[]).slice(start, scratchCount) };
    if (commands) commands.push(command);
    else commands = [command];
  }
  // Cleared, so that the scratch keeps no script's words (and through them its text) alive.
  scratchWords.fill(undefined, 0, scratchCount);
  scratchCount = 0;
  return commands;
}

// A count rather than `length = 0`: emptying an array that way drops its storage, so every command
// grew a new one.
const scratchWords: Array<Word | undefined> = [];
let scratchCount = 0;

/** Where a command's words (the first `count`) start after its reserved words (if/then/…); -1 for none of interest. */
function reservedPrefixEnd(words: Word[], count: number): number {
  let start = 0;
  while (start < count && !words[start].quoted && RESERVED_AT_COMMAND_START.has(words[start].value)) {
    // `for x in a b` has no command of interest.
    if (words[start].value === 'for' || words[start].value === 'case') return -1;
    start++;
  }
  return start;
}

/**
 * Characters that end a word or need more than copying (blanks, operators, quotes, escapes, `$`,
 * backticks, redirections); by char code, so the hot loop reads no strings.
 */
function isPlainWordChar(c: number): boolean {
  switch (c) {
    case 9: // \t
    case 10: // \n
    case 13: // \r
    case 32: // space
    case 34: // "
    case 36: // $
    case 38: // &
    case 39: // '
    case 40: // (
    case 41: // )
    case 59: // ;
    case 60: // <
    case 62: // >
    case 92: // \
    case 96: // `
    case 124: // |
      return false;
    default:
      return true;
  }
}

/**
 * A word read from a script. Only a few readers ask for the document offset of each character
 * (assignment values, `sh -c` scripts, flag values): those are read again from the script on
 * first use and kept, instead of building and keeping them for every word of every RUN.
 */
class ScriptWord implements Word {
  private offsetsRead?: number[];

  constructor(
    public value: string,
    public end: number,
    public quoted: boolean,
    private readonly script: MappedText,
    private readonly at: number,
  ) {}

  /** Read from the script, not kept: a field less on every word. */
  get start(): number {
    return offsetIn(this.script, this.at);
  }

  get valueOffsets(): number[] {
    if (!this.offsetsRead) {
      scannedOffsetCount = 0;
      scanWord(this.script, this.at, true);
      // An exact copy: an array grown by push holds 17 slots or more.
      this.offsetsRead = scannedOffsets.slice(0, scannedOffsetCount);
    }
    return this.offsetsRead;
  }
}

// What scanWord read besides the value: module state rather than a result object per word.
let scannedQuoted = false;
let scannedNext = 0;

// The offsets scanWord reads (for the few words that ask), gathered in one scratch array that keeps
// its storage: the first scannedOffsetCount are the word's.
const scannedOffsets: number[] = [];
let scannedOffsetCount = 0;

/** Appends the document offsets of script.text[from, to) to scannedOffsets. */
function pushOffsets(script: MappedText, from: number, to: number): void {
  for (let k = from; k < to; k++) scannedOffsets[scannedOffsetCount++] = offsetIn(script, k);
}

/**
 * Reads one word starting at `i` (quotes, backslash escapes, $(…), ${…} and backticks) and returns
 * its value; whether any part was quoted and where the word ends are left in scannedQuoted and
 * scannedNext. With `withOffsets`, the document offset of each character of the value is appended
 * to scannedOffsets.
 */
function scanWord(script: MappedText, i: number, withOffsets: boolean): string {
  const text = script.text;
  const n = text.length;
  // Runs of characters taken as written are appended with one slice each: building the value a
  // character at a time was most of the shell reader's time on long RUNs.
  let value = '';
  let quoted = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isPlainWordChar(c)) {
      let j = i + 1;
      while (j < n && isPlainWordChar(text.charCodeAt(j))) j++;
      value += text.slice(i, j);
      if (withOffsets) pushOffsets(script, i, j);
      i = j;
      continue;
    }
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r' || OPERATOR_CHARS.has(ch)) break;
    if ((ch === '<' || ch === '>') && value === '') break;
    if (ch === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (i + 1 < n) {
        value += text[i + 1];
        if (withOffsets) pushOffsets(script, i + 1, i + 2);
      }
      i += 2;
      continue;
    }
    if (ch === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      const to = close < 0 ? n : close;
      value += text.slice(i + 1, to);
      if (withOffsets) pushOffsets(script, i + 1, to);
      i = to + 1;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') {
            value += text[i + 1];
            if (withOffsets) pushOffsets(script, i + 1, i + 2);
          }
          i += 2;
          continue;
        }
        if (text[i] === '$' && text[i + 1] === '(') {
          const close = matchingClose(text, i + 1, '(', ')');
          const to = Math.min(close + 1, n);
          value += text.slice(i, to);
          if (withOffsets) pushOffsets(script, i, to);
          i = close + 1;
          continue;
        }
        // Up to the next quote, backslash or `$`.
        let j = i + 1;
        while (j < n && text[j] !== '"' && text[j] !== '\\' && text[j] !== '$') j++;
        value += text.slice(i, j);
        if (withOffsets) pushOffsets(script, i, j);
        i = j;
      }
      i++;
      continue;
    }
    if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const open = text[i + 1];
      const close = matchingClose(text, i + 1, open, open === '(' ? ')' : '}');
      const to = Math.min(close + 1, n);
      value += text.slice(i, to);
      if (withOffsets) pushOffsets(script, i, to);
      i = close + 1;
      continue;
    }
    if (ch === '`') {
      let k = i + 1;
      while (k < n && text[k] !== '`') k += text[k] === '\\' ? 2 : 1;
      const to = Math.min(k + 1, n);
      value += text.slice(i, to);
      if (withOffsets) pushOffsets(script, i, to);
      i = k + 1;
      continue;
    }
    value += ch;
    if (withOffsets) pushOffsets(script, i, i + 1);
    i++;
  }
  scannedQuoted = quoted;
  scannedNext = Math.min(i, n);
  return value;
}

function matchingClose(text: string, openAt: number, open: string, close: string): number {
  let depth = 0;
  for (let k = openAt; k < text.length; k++) {
    const c = text[k];
    if (c === '\\') {
      k++;
      continue;
    }
    if (c === "'" && open === '(') {
      const q = text.indexOf("'", k + 1);
      if (q < 0) return text.length - 1;
      k = q;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return text.length - 1;
}

/** `NAME=value` assignment word? Returns the split, or undefined. */
export function splitAssignment(word: Word): { name: string; value: string; valueWord: Word } | undefined {
  // Most words are no assignment: no match object for them.
  const first = word.value.charCodeAt(0);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95) || word.value.indexOf('=') < 0) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word.value);
  if (!m) return undefined;
  const nameLen = m[0].length;
  const value = word.value.slice(nameLen);
  return {
    name: m[1],
    value,
    valueWord: { value, start: word.valueOffsets[nameLen] ?? word.end, end: word.end, valueOffsets: word.valueOffsets.slice(nameLen), quoted: word.quoted },
  };
}

/** The script of a word as mapped text, for parsing `sh -c "…"` bodies. */
export function wordAsScript(word: Word): MappedText {
  // The script ends just past its last character, inside the closing quote: an edit at the end of
  // the script's last command (a flag appended to `sh -c "go build"`) must stay in the string.
  const last = word.valueOffsets.length - 1;
  return { text: word.value, offsets: [...word.valueOffsets, last >= 0 ? word.valueOffsets[last] + 1 : word.end], base: 0 };
}

/** Shell words of a plain string (no offsets needed): for exec-form arrays and CMD lines. */
export function splitWords(text: string): string[] {
  const cmds = parseShell(mapped(text, 0));
  return cmds.length === 1 ? cmds[0].words.map((w) => w.value) : cmds.flatMap((c) => c.words.map((w) => w.value));
}

/** Whether a shell-form command uses shell syntax (so it cannot become exec form verbatim). */
export function hasShellSyntax(text: string): boolean {
  return /[$|&;<>*?(){}`\\"'~\n]/.test(text);
}
