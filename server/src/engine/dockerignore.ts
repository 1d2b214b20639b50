// .dockerignore with Docker's semantics (moby/patternmatcher, as BuildKit applies it): patterns are
// cleaned like Go's filepath.Clean, `*` and `?` stop at '/', `**` spans folders, a pattern that
// matches a parent folder excludes what is inside, and the last matching line decides (`!` lines
// re-include). Pure and linear: patterns are compiled to a small automaton, never to a RegExp, so
// no pattern can make matching backtrack. What Docker hands to Go's regexp verbatim and we do not
// model (character classes with wildcards inside, `^`), is reported as unknown, never guessed.
import type { DockerignoreFacts } from './types.ts';

/** Go's path.Clean for slash paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const body = out.join('/');
  return rooted ? `/${body}` : body || '.';
}

/**
 * The patterns of a .dockerignore file as Docker reads them (moby's ignorefile.ReadAll): a BOM is
 * dropped, lines starting with '#' are comments, lines are trimmed and cleaned, a leading '/' is
 * removed, and '!' exceptions keep their mark.
 */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const invert = pattern[0] === '!';
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern[0] === '/') pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

type Token =
  | { kind: 'lit'; ch: string }
  | { kind: 'any' } // ?   one character but '/'
  | { kind: 'star' } // *   any run without '/'
  | { kind: 'dstar-mid' } // **/ zero or more whole folders
  | { kind: 'dstar-end' } // trailing ** after other wildcards: anything
  | { kind: 'class'; negated: boolean; ranges: Array<[number, number]> };

interface CompiledPattern {
  exclusion: boolean;
  cleaned: string;
  type: 'exact' | 'prefix' | 'suffix' | 'automaton' | 'unknown';
  tokens: Token[];
}

/** Characters moby escapes before handing the pattern to Go's regexp: literal here too. */
const REGEXP_META_ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/** Reads a simple character class `[a-z0-9_]`, `[^.]` starting at `start` ('['); undefined for anything else. */
function readClass(chars: string[], start: number): { token: Token; next: number } | undefined {
  let i = start + 1;
  let negated = false;
  if (chars[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: Array<[number, number]> = [];
  while (i < chars.length && chars[i] !== ']') {
    const c = chars[i];
    if (c === '[' || c === '\\' || c === '*' || c === '?') return undefined;
    const lo = c.codePointAt(0)!;
    if (chars[i + 1] === '-' && i + 2 < chars.length && chars[i + 2] !== ']') {
      const hiChar = chars[i + 2];
      if (hiChar === '[' || hiChar === '\\' || hiChar === '*' || hiChar === '?') return undefined;
      const hi = hiChar.codePointAt(0)!;
      if (hi < lo) return undefined;
      ranges.push([lo, hi]);
      i += 3;
    } else {
      ranges.push([lo, lo]);
      i++;
    }
  }
  if (i >= chars.length || ranges.length === 0) return undefined;
  return { token: { kind: 'class', negated, ranges }, next: i + 1 };
}

/** Compiles one cleaned pattern the way patternmatcher classifies and translates it. */
function compilePattern(raw: string): CompiledPattern | { error: string } {
  let p = raw.trim();
  if (p === '') return { error: 'empty pattern' };
  p = cleanPath(p);
  let exclusion = false;
  if (p[0] === '!') {
    if (p.length === 1) return { error: 'illegal exclusion pattern: "!"' };
    exclusion = true;
    p = p.slice(1);
  }
  const chars = [...p];
  // Go's filepath.Match rejects an unclosed '[' or a trailing '\' (Docker then fails the build).
  if (chars[chars.length - 1] === '\\' || unclosedBracket(chars)) return { error: `syntax error in pattern ${JSON.stringify(raw)}` };
  const tokens: Token[] = [];
  let type: CompiledPattern['type'] = 'exact';
  let unknown = false;
  for (let i = 0, step = 0; i < chars.length; i++, step++) {
    const ch = chars[i];
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++;
        if (i + 1 >= chars.length) {
          if (type === 'exact') type = 'prefix';
          else {
            tokens.push({ kind: 'dstar-end' });
            type = 'automaton';
          }
        } else {
          tokens.push({ kind: 'dstar-mid' });
          type = 'automaton';
        }
        if (step === 0) type = 'suffix';
      } else {
        tokens.push({ kind: 'star' });
        type = 'automaton';
      }
    } else if (ch === '?') {
      tokens.push({ kind: 'any' });
      type = 'automaton';
    } else if (REGEXP_META_ESCAPED.has(ch)) {
      tokens.push({ kind: 'lit', ch });
    } else if (ch === '\\') {
      // An escaped character (a trailing '\' was refused above). Go's regexp gives `\d`-style
      // escapes of letters a meaning of their own: not modelled.
      const next = chars[++i];
      if (/[A-Za-z0-9]/.test(next)) unknown = true;
      tokens.push({ kind: 'lit', ch: next });
      type = 'automaton';
    } else if (ch === '[') {
      const cls = readClass(chars, i);
      if (!cls) unknown = true;
      else {
        tokens.push(cls.token);
        i = cls.next - 1;
      }
      type = 'automaton';
    } else if (ch === ']') {
      tokens.push({ kind: 'lit', ch });
      type = 'automaton';
    } else {
      if (ch === '^') unknown = true; // an anchor for Go's regexp once the pattern is one
      tokens.push({ kind: 'lit', ch });
    }
  }
  if (unknown && type !== 'exact' && type !== 'prefix' && type !== 'suffix') type = 'unknown';
  if (unknown && type === 'suffix' && chars.some((c) => c === '[' || c === '\\')) type = 'unknown';
  return { exclusion, cleaned: p, type, tokens };
}

function unclosedBracket(chars: string[]): boolean {
  let open = false;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\\') {
      i++;
      continue;
    }
    if (chars[i] === '[' && !open) open = true;
    else if (chars[i] === ']' && open) open = false;
  }
  return open;
}

function classMatches(token: Extract<Token, { kind: 'class' }>, ch: string): boolean {
  const code = ch.codePointAt(0)!;
  const inside = token.ranges.some(([lo, hi]) => code >= lo && code <= hi);
  return token.negated ? !inside : inside;
}

/**
 * Runs the token automaton over `path` by keeping the set of live positions (Thompson's
 * construction): time is the path length times the pattern length, whatever the pattern.
 * Position k means "tokens[0..k) consumed"; `dstar-mid` has a second state, inside its `.*` before
 * the closing '/', numbered k + tokens.length + 1.
 */
function automatonMatches(tokens: readonly Token[], path: string): boolean {
  const m = tokens.length;
  const size = 2 * m + 2;
  let current = new Uint8Array(size);
  let next = new Uint8Array(size);
  const addClosure = (set: Uint8Array, k: number): void => {
    // Epsilon moves: stars and dstars may match nothing.
    while (k <= m && !set[k]) {
      set[k] = 1;
      const t = tokens[k];
      if (t && (t.kind === 'star' || t.kind === 'dstar-end' || t.kind === 'dstar-mid')) {
        if (t.kind === 'dstar-mid') set[k + m + 1] = 1; // may also start its `.*/` part
        k++;
        continue;
      }
      break;
    }
  };
  addClosure(current, 0);
  for (const ch of path) {
    next.fill(0);
    let alive = false;
    for (let k = 0; k < m; k++) {
      const t = tokens[k];
      if (current[k]) {
        switch (t.kind) {
          case 'lit':
            if (ch === t.ch) addClosure(next, k + 1);
            break;
          case 'any':
            if (ch !== '/') addClosure(next, k + 1);
            break;
          case 'class':
            if (classMatches(t, ch)) addClosure(next, k + 1);
            break;
          case 'star':
            if (ch !== '/') addClosure(next, k);
            break;
          case 'dstar-end':
            addClosure(next, k);
            break;
          case 'dstar-mid':
            break; // handled by its inner state below
        }
      }
      if (t.kind === 'dstar-mid' && current[k + m + 1]) {
        // Inside `.*/`: any character continues, a '/' may also close it.
        next[k + m + 1] = 1;
        if (ch === '/') addClosure(next, k + 1);
      }
    }
    for (let k = 0; k < size; k++) if (next[k]) alive = true;
    if (!alive) return false;
    [current, next] = [next, current];
  }
  return current[m] === 1;
}

function patternMatches(p: CompiledPattern, path: string): boolean | undefined {
  switch (p.type) {
    case 'exact':
      return path === p.cleaned;
    case 'prefix':
      return path.startsWith(p.cleaned.slice(0, -2));
    case 'suffix': {
      const suffix = p.cleaned.slice(2);
      return path.endsWith(suffix) || (suffix[0] === '/' && path === suffix.slice(1));
    }
    case 'automaton':
      return automatonMatches(p.tokens, path);
    case 'unknown':
      return undefined;
  }
}

/** Linux PATH_MAX: matching cost is path length × pattern length, so both stay bounded. */
export const MAX_PATH_LENGTH = 4096;

export interface DockerignoreMatcher {
  /** The patterns, as given. */
  readonly patterns: readonly string[];
  /** Set when Docker would refuse the file (a malformed pattern): nothing can be said then. */
  readonly error?: string;
  /**
   * Whether a context-relative path is left out of the build context: true (excluded), false
   * (sent), undefined when a pattern that decides it is one we do not model exactly.
   */
  excludes(path: string): boolean | undefined;
}

/** A matcher over .dockerignore patterns (as `parseDockerignore` returns them). */
export function dockerignoreMatcher(patterns: readonly string[]): DockerignoreMatcher {
  const compiled: CompiledPattern[] = [];
  let error: string | undefined;
  for (const raw of patterns) {
    if (raw.trim() === '') continue;
    const c = compilePattern(raw);
    if ('error' in c) {
      error ??= c.error;
      continue;
    }
    compiled.push(c);
  }
  return {
    patterns,
    ...(error !== undefined ? { error } : {}),
    excludes(rawPath: string): boolean | undefined {
      if (error !== undefined) return undefined;
      // No real path is longer than PATH_MAX; a longer one is not a path we answer for.
      if (rawPath.length > MAX_PATH_LENGTH) return undefined;
      let path = cleanPath(rawPath.replace(/\\/g, '/'));
      while (path.startsWith('/')) path = path.slice(1);
      if (path === '' || path === '.') return false; // the context root itself is never excluded
      const slash = path.lastIndexOf('/');
      const parents = slash < 0 ? [] : path.slice(0, slash).split('/');
      let matched: boolean | undefined = false;
      for (const p of compiled) {
        // As patternmatcher: an exclusion only matters once something matched, and vice versa.
        if (matched !== undefined && p.exclusion !== matched) continue;
        let m = patternMatches(p, path);
        for (let i = 0; m === false && i < parents.length; i++) m = patternMatches(p, parents.slice(0, i + 1).join('/'));
        if (m === true) matched = !p.exclusion;
        else if (m === undefined && matched !== !p.exclusion) matched = undefined;
      }
      return matched;
    },
  };
}

/** Whether `path` (context-relative) is excluded by the .dockerignore in the facts; false without one. */
export function excludedByDockerignore(facts: DockerignoreFacts | undefined, path: string): boolean | undefined {
  if (!facts) return false;
  let matcher = matchers.get(facts);
  if (!matcher) matchers.set(facts, (matcher = dockerignoreMatcher(facts.patterns)));
  return matcher.excludes(path);
}

const matchers = new WeakMap<DockerignoreFacts, DockerignoreMatcher>();
