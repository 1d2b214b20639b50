// Variables as a stage sees them: immutable scopes (ENV over ARG) and Dockerfile-style expansion.
import { PersistentMap } from './persistent-map.ts';

/** A variable's value; `undefined` when it is set but cannot be known (build-arg without default, unresolvable expansion). */
export interface VarValue {
  value: string | undefined;
  origin: 'ENV' | 'ARG' | 'export' | 'inline' | 'go env -w' | 'GOFLAGS';
  /** The value as written, before expansion (`$TARGETARCH`), when the model saw where it was set. */
  raw?: string;
  /** Document offsets of the written value (inside any quotes), for fixes that rewrite it. */
  span?: { start: number; end: number };
}
/** Anything variables can be read from (an Env, or a Map in tests). */
export interface Lookup {
  get(name: string): VarValue | undefined;
}

/**
 * An immutable set of variables: `set` returns a new Env sharing the old one, so every RUN can
 * keep a snapshot of its environment cheaply (copying maps per instruction was quadratic). A
 * persistent hash trie underneath keeps both `set` and `get` independent of how many variables a
 * file sets (a list of recent assignments in front of a map made lookups grow with it).
 */
export class Env implements Lookup {
  static readonly empty = new Env(PersistentMap.empty<VarValue>(), undefined);

  private constructor(
    private readonly vars: PersistentMap<VarValue>,
    private readonly under: Lookup | undefined,
  ) {}

  get(name: string): VarValue | undefined {
    return this.vars.get(name) ?? this.under?.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, value: VarValue): Env {
    return new Env(this.vars.set(name, value), this.under);
  }

  /** This Env's own variables, falling back to `below` (e.g. ENV over ARG). */
  over(below: Lookup): Env {
    const under = this.under;
    return new Env(this.vars, under ? { get: (n) => under.get(n) ?? below.get(n) } : below);
  }
}

/** Deeper ${…} nesting than this is not something a Dockerfile does on purpose: the value is unknown. */
const MAX_NESTING = 64;

type Operator = ':-' | '-' | ':+' | '+' | ':?' | '?' | 'unsupported';

/** A `${NAME<op>word}` being read: the word's expansion so far, and whether it holds an unknown. */
interface Frame {
  name: string;
  op: Operator;
  word: string;
  unknown: boolean;
}

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/**
 * Expands $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:+alt}, ${VAR+alt}, ${VAR:?msg} and
 * ${VAR?msg}, with words that nest further expansions; `\$` is a literal `$`. Returns undefined
 * when the result depends on the build invocation, and rules must not guess: a variable that is
 * used is set to an unknown value, or missing without a default; a `?` check would fail the
 * build; a modifier the model does not evaluate (`#`, `%`, `/`…); an unclosed or empty `${}`.
 *
 * One pass with an explicit stack of open `${`, so any nesting costs linear time and no recursion.
 */
export function expand(value: string, vars: Lookup): string | undefined {
  // Most values have nothing to expand: no need for the reader below (and its closures).
  if (value.indexOf('$') < 0 && value.indexOf('\\') < 0) return value;
  const stack: Frame[] = [];
  let out = '';
  let outUnknown = false;
  const append = (text: string) => {
    if (stack.length > 0) stack[stack.length - 1].word += text;
    else out += text;
  };
  const markUnknown = () => {
    if (stack.length > 0) stack[stack.length - 1].unknown = true;
    else outUnknown = true;
  };
  /** The value of a plain reference: appended, or marked unknown. */
  const reference = (name: string) => {
    const known = vars.get(name)?.value;
    if (known === undefined) markUnknown();
    else append(known);
  };
  const n = value.length;
  let i = 0;
  while (i < n) {
    // Copy the run of ordinary characters in one slice.
    let j = i;
    while (j < n) {
      const c = value.charCodeAt(j);
      if (c === 36 /* $ */ || c === 92 /* \ */ || (c === 125 /* } */ && stack.length > 0)) break;
      j++;
    }
    if (j > i) append(value.slice(i, j));
    i = j;
    if (i >= n) break;
    const c = value.charCodeAt(i);
    if (c === 92) {
      // Only `\$` is an escape here; any other backslash is kept.
      if (value.charCodeAt(i + 1) === 36) {
        append('$');
        i += 2;
      } else {
        append('\\');
        i++;
      }
      continue;
    }
    if (c === 125) {
      close(stack.pop()!, vars, append, markUnknown);
      i++;
      continue;
    }
    // A '$'.
    const next = value.charCodeAt(i + 1);
    if (next === 123 /* { */) {
      let k = i + 2;
      if (!isNameStart(value.charCodeAt(k))) return undefined;
      while (k < n && isNameChar(value.charCodeAt(k))) k++;
      const name = value.slice(i + 2, k);
      if (value.charCodeAt(k) === 125) {
        reference(name);
        i = k + 1;
        continue;
      }
      let op: Operator;
      if (value.startsWith(':-', k) || value.startsWith(':+', k) || value.startsWith(':?', k)) op = value.slice(k, k + 2) as Operator;
      else if (value[k] === '-' || value[k] === '+' || value[k] === '?') op = value[k] as Operator;
      else op = 'unsupported';
      if (stack.length >= MAX_NESTING) return undefined;
      stack.push({ name, op, word: '', unknown: false });
      i = op === 'unsupported' ? k : k + op.length;
      continue;
    }
    if (isNameStart(next)) {
      let k = i + 1;
      while (k < n && isNameChar(value.charCodeAt(k))) k++;
      reference(value.slice(i + 1, k));
      i = k;
      continue;
    }
    append('$');
    i++;
  }
  if (stack.length > 0) return undefined;
  return outUnknown ? undefined : out;
}

/** Resolves a closed `${NAME<op>word}` into the enclosing word. */
function close(frame: Frame, vars: Lookup, append: (text: string) => void, markUnknown: () => void): void {
  const entry = vars.get(frame.name);
  const isSet = entry !== undefined;
  const known = entry?.value;
  const useWord = () => (frame.unknown ? markUnknown() : append(frame.word));
  if (frame.op === 'unsupported' || (isSet && known === undefined)) return markUnknown();
  switch (frame.op) {
    case ':-':
      return known === undefined || known === '' ? useWord() : append(known);
    case '-':
      return isSet ? append(known ?? '') : useWord();
    case ':+':
      return known !== undefined && known !== '' ? useWord() : undefined;
    case '+':
      return isSet ? useWord() : undefined;
    case ':?':
      // Empty or unset: the build stops with the message.
      return known === undefined || known === '' ? markUnknown() : append(known);
    case '?':
      return isSet ? append(known ?? '') : markUnknown();
  }
}
