// Reading and editing the flags of a `go build`/`go install` as written: where a flag's value sits in
// the document, whether it is quoted, and the edits that add a flag or merge into an existing value
// (-ldflags, -tags) without breaking the shell quoting around it.
import { insertAt, replaceSpan } from '../fixer.ts';
import { goVariable } from '../go-commands.ts';
import { GO_VALUE_FLAGS, expand, splitQuoted } from '../model/index.ts';
import type { DockerfileModel, GoCommand } from '../model/index.ts';
import type { Word } from '../shell.ts';
import type { TextEdit } from '../types.ts';

/** One flag on the command line: `-name=value` in one word, or `-name value` in two. */
export interface FlagOccurrence {
  name: string;
  word: Word;
  /** The separate value word of `-name value`. */
  valueWord?: Word;
  /** The value after quote removal, unexpanded; true for a boolean flag without value. */
  value: string | true;
  /** Document offset of the value's first character, and just past its last (undefined for booleans). */
  valueStart?: number;
  valueEnd?: number;
  /** Document offset of each character of the value. */
  valueOffsets?: number[];
}

/** The flags of a go command in order (those before the subcommand, such as `-C dir`, excluded). */
export function flagOccurrences(cmd: GoCommand): FlagOccurrence[] {
  const out: FlagOccurrence[] = [];
  const args = cmd.args;
  let k = cmd.subcommandWord ? args.indexOf(cmd.subcommandWord) + 1 : args.length;
  for (; k > 0 && k < args.length; k++) {
    const word = args[k];
    if (word.value === '--') break;
    const m = /^--?([A-Za-z][\w.-]*)(=?)/.exec(word.value);
    if (!m) continue;
    const name = m[1];
    if (m[2] === '=') {
      const at = m[0].length;
      const valueStart = word.valueOffsets[at] ?? word.end;
      const valueEnd = at < word.value.length ? word.valueOffsets[word.value.length - 1] + 1 : valueStart;
      out.push({ name, word, value: word.value.slice(at), valueStart, valueEnd, valueOffsets: word.valueOffsets.slice(at) });
    } else if (GO_VALUE_FLAGS.has(name) && k + 1 < args.length) {
      const valueWord = args[++k];
      const v = valueWord.value;
      const valueStart = valueWord.valueOffsets[0] ?? valueWord.start;
      const valueEnd = v.length > 0 ? valueWord.valueOffsets[v.length - 1] + 1 : valueStart;
      out.push({ name, word, valueWord, value: v, valueStart, valueEnd, valueOffsets: valueWord.valueOffsets });
    } else {
      out.push({ name, word, value: true });
    }
  }
  return out;
}

/** The last occurrence of a flag on the command line (the one Go uses). */
export function lastFlag(cmd: GoCommand, name: string): FlagOccurrence | undefined {
  return flagOccurrences(cmd).filter((f) => f.name === name).at(-1);
}

/** GOFLAGS as this command sees it: a string, undefined when unset, or 'unknown' (a build argument without default). */
export function goflagsOf(cmd: GoCommand): string | undefined | 'unknown' {
  const entry = goVariable(cmd, 'GOFLAGS');
  if (!entry) return undefined;
  return entry.value === undefined ? 'unknown' : entry.value;
}

/** The value of `-name` in GOFLAGS (last one wins), true for a boolean flag, undefined when absent. */
export function goflagsValue(goflags: string, name: string): string | true | undefined {
  return goflagsFlags(goflags).get(name);
}

let lastGoflags: { text: string; flags: Map<string, string | true> } | undefined;

/**
 * GOFLAGS read into flags (the last of each name wins), once per distinct value: an ENV GOFLAGS
 * reaches every build below it, and reading it per build was quadratic. The very string last seen
 * is kept, since comparing it again is instant where an equal copy is read in full.
 */
function goflagsFlags(goflags: string): Map<string, string | true> {
  if (lastGoflags?.text === goflags) {
    lastGoflags.text = goflags;
    return lastGoflags.flags;
  }
  const flags = new Map<string, string | true>();
  for (const entry of splitQuoted(goflags)) {
    const m = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/s.exec(entry);
    if (m) flags.set(m[1], m[2] ?? true);
  }
  lastGoflags = { text: goflags, flags };
  return flags;
}

/**
 * The fields of a flag value such as -ldflags, with variable references expanded when they stand
 * alone (`"$LDFLAGS"`); undefined when a reference depends on a build argument. A leading package
 * pattern (`all=-s -w`) is dropped.
 */
export function valueFields(cmd: GoCommand, value: string): readonly string[] | undefined {
  // Without references the fields depend on the value alone: one list per distinct value (a
  // -ldflags from GOFLAGS is the same long value for every build).
  if (!value.includes('$')) {
    if (lastFields?.text !== value) lastFields = { text: value, fields: Object.freeze(literalFields(value)) };
    lastFields.text = value;
    return lastFields.fields;
  }
  return fieldsOf(cmd, value);
}

let lastFields: { text: string; fields: readonly string[] } | undefined;

function literalFields(value: string): string[] {
  const fields = splitQuoted(value);
  if (fields.length > 0 && /^[^-=\s][^=\s]*=/.test(fields[0])) fields[0] = fields[0].slice(fields[0].indexOf('=') + 1);
  return fields.filter((f) => f !== '');
}

function fieldsOf(cmd: GoCommand, value: string): string[] | undefined {
  const fields: string[] = [];
  for (const field of splitQuoted(value)) {
    if (field.startsWith('$')) {
      const expanded = expand(field, cmd.env);
      if (expanded === undefined) return undefined;
      fields.push(...splitQuoted(expanded));
    } else {
      fields.push(field);
    }
  }
  if (fields.length > 0 && /^[^-=\s][^=\s]*=/.test(fields[0])) fields[0] = fields[0].slice(fields[0].indexOf('=') + 1);
  return fields.filter((f) => f !== '');
}

export type QuoteContext = '' | "'" | '"';

/**
 * The shell quote open at `offset` inside the RUN of `cmd` ('' when none). A linear scan of the
 * instruction's text from its arguments, honouring backslashes and `#` comments; heredoc markers
 * and exec-form JSON strings are quotes like any other.
 */
export function quoteContextAt(model: DockerfileModel, cmd: GoCommand, offset: number): QuoteContext {
  const text = model.text;
  let quote: QuoteContext = '';
  let atWordStart = true;
  for (let i = cmd.run.instr.scan.argsStart; i < offset && i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = '';
      continue;
    }
    if (ch === '\\') {
      i++;
      atWordStart = false;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = '';
      continue;
    }
    if (ch === '#' && atWordStart) {
      while (i + 1 < offset && text[i + 1] !== '\n') i++;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    atWordStart = ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ';' || ch === '&' || ch === '|' || ch === '(';
  }
  return quote;
}

/** Whether the command's words are in the document as written (not from a Makefile recipe or script). */
export function editable(model: DockerfileModel, cmd: GoCommand): boolean {
  const goText = model.text.slice(cmd.goWord.start, cmd.goWord.end).replace(/^"|"$/g, '');
  return cmd.subcommandWord !== undefined && (goText === cmd.goWord.value || goText.endsWith('/' + cmd.goWord.value) || goText === 'go' || goText === 'xx-go');
}

/** A quote character that can wrap a value at this point of the script, given the quote already open. */
function wrappingQuote(context: QuoteContext): '"' | "'" {
  return context === '"' ? "'" : '"';
}

/**
 * Adds `-name=value` (or a boolean `-name` when value is undefined) right after the subcommand word:
 * ` -name="v a l"` in shell form, `, "-name=v a l"` in exec form.
 */
export function insertFlagEdit(model: DockerfileModel, cmd: GoCommand, name: string, value?: string): TextEdit | undefined {
  const sub = cmd.subcommandWord;
  if (!sub || !editable(model, cmd)) return undefined;
  if (cmd.execForm) {
    const text = value === undefined ? `-${name}` : `-${name}=${value}`;
    return insertAt(model.index, sub.end + 1, `, ${JSON.stringify(text)}`);
  }
  if (value === undefined) return insertAt(model.index, sub.end, ` -${name}`);
  if (/[\\'"`$]/.test(value)) return undefined;
  const q = wrappingQuote(quoteContextAt(model, cmd, sub.start));
  const needsQuotes = /[\s;&|<>()*?[\]{}~#]/.test(value);
  return insertAt(model.index, sub.end, needsQuotes ? ` -${name}=${q}${value}${q}` : ` -${name}=${value}`);
}

/**
 * Puts `fields` at the front of an existing flag value (`-ldflags "-X a=b"` → `-ldflags "-s -w -X a=b"`).
 * A quoted value takes them inside its quotes; an unquoted one is re-quoted. No edit when the value's
 * quoting is too unusual to edit safely.
 */
export function prependToValueEdit(model: DockerfileModel, cmd: GoCommand, flag: FlagOccurrence, fields: string[]): TextEdit | undefined {
  if (!editable(model, cmd) || flag.valueStart === undefined || flag.valueEnd === undefined || typeof flag.value !== 'string') return undefined;
  const added = fields.join(' ');
  if (cmd.execForm) {
    // No shell: Go receives the string as is and splits it itself.
    return insertAt(model.index, flag.valueStart, flag.value === '' ? added : `${added} `);
  }
  const base = quoteContextAt(model, cmd, cmd.goWord.start);
  if (flag.value === '') {
    // `-ldflags=` or `-ldflags ""`: fill the empty value.
    const end = flag.valueWord ? flag.valueWord.end : flag.word.end;
    const rawEmpty = model.text.slice(flag.valueStart, end);
    if (rawEmpty === '') return insertAt(model.index, flag.valueStart, `${wrappingQuote(base)}${added}${wrappingQuote(base)}`);
    if (rawEmpty === '""' || rawEmpty === "''") return insertAt(model.index, flag.valueStart + 1, added);
    return undefined;
  }
  const atValue = quoteContextAt(model, cmd, flag.valueStart);
  if (atValue !== base) {
    // Inside the quotes, after a package pattern if there is one (`all=-X a=b`), and after leading
    // blanks, so a value continued on the next line keeps its indentation.
    const pattern = /^[^-=\s'"$][^=\s]*=/.exec(flag.value)?.[0].length ?? 0;
    let first = pattern;
    while (first < flag.value.length && /\s/.test(flag.value[first])) first++;
    const at = first < flag.value.length ? flag.valueOffsets?.[first] : pattern > 0 ? flag.valueOffsets?.[pattern] : flag.valueStart;
    if (at === undefined) return undefined;
    return insertAt(model.index, at, `${added} `);
  }
  // Unquoted value: wrap it, keeping what it says.
  const end = flag.valueWord ? flag.valueWord.end : flag.word.end;
  const raw = model.text.slice(flag.valueStart, end);
  if (/[\\'"`\s]/.test(raw) || /^[^-=$][^=]*=/.test(raw)) return undefined;
  const q = wrappingQuote(base);
  if (raw.includes('$') && q !== '"' && base === '') return undefined;
  return replaceSpan(model.index, flag.valueStart, end, `${q}${[...fields, raw].join(' ')}${q}`);
}

/** Appends `suffix` at the end of an existing flag value (`-tags netgo` → `-tags netgo,timetzdata`). */
export function appendToValueEdit(model: DockerfileModel, cmd: GoCommand, flag: FlagOccurrence, suffix: string): TextEdit | undefined {
  if (!editable(model, cmd) || flag.valueEnd === undefined || typeof flag.value !== 'string' || flag.value === '') return undefined;
  if (/[\s;&|<>()*?[\]{}~#'"]/.test(suffix) && !cmd.execForm && quoteContextAt(model, cmd, flag.valueEnd - 1) === quoteContextAt(model, cmd, cmd.goWord.start)) return undefined;
  return insertAt(model.index, flag.valueEnd, suffix);
}
