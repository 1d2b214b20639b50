// "Is this context path left out of the build context?" for the rules, from the .dockerignore
// patterns in the Go facts, with Docker's semantics (moby/patternmatcher): patterns are matched
// against the whole context-relative path and against each of its parent folders, `*` and `?` stay
// inside one path element, `**` spans any number of them, and the last matching pattern wins, so a
// later `!exception` re-includes. No RegExp is built from the patterns: each is matched element by
// element, in time proportional to the pattern times the path.
import type { DockerignoreFacts } from './types.ts';

/** Answers true (excluded), false (sent), or undefined when a deciding pattern is not modelled exactly. */
export interface ContextMatcher {
  excludes(path: string): boolean | undefined;
}

interface Pattern {
  exclusion: boolean;
  segments: string[];
  /** A construct we do not model (`**` inside an element, an odd character class). */
  unsupported: boolean;
}

/** Go's path.Clean for slash paths, as Docker applies it to patterns and paths. */
function clean(p: string): string {
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
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

function compile(raw: string): Pattern | undefined {
  let text = raw.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  const exclusion = text.startsWith('!');
  if (exclusion) text = text.slice(1).trim();
  text = clean(text);
  while (text.startsWith('/')) text = text.slice(1);
  if (text === '' || text === '.') return undefined;
  const segments = text.split('/');
  const unsupported = segments.some((s) => s !== '**' && s.includes('**'));
  return { exclusion, segments, unsupported };
}

/** One path element against one pattern element: `*`, `?`, `[...]`, `\x`; undefined for a malformed class. */
function elementMatches(pattern: string, name: string): boolean | undefined {
  // Positions of the pattern still alive after each character of the name (an NFA walk).
  const tokens: Array<{ kind: 'star' } | { kind: 'one'; test: (c: string) => boolean }> = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'one', test: () => true });
    } else if (c === '\\') {
      const lit = pattern[++i];
      if (lit === undefined) return undefined;
      tokens.push({ kind: 'one', test: (x) => x === lit });
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) return undefined;
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('^') || body.startsWith('!');
      if (negate) body = body.slice(1);
      const ranges: Array<[string, string]> = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k] === '\\') return undefined;
        if (body[k + 1] === '-' && k + 2 < body.length) {
          ranges.push([body[k], body[k + 2]]);
          k += 2;
        } else {
          ranges.push([body[k], body[k]]);
        }
      }
      tokens.push({ kind: 'one', test: (x) => ranges.some(([lo, hi]) => x >= lo && x <= hi) !== negate });
      i = close;
    } else {
      tokens.push({ kind: 'one', test: (x) => x === c });
    }
  }
  // live[k]: the first k tokens can consume the characters read so far; a star may also consume none.
  const n = tokens.length;
  let live = new Uint8Array(n + 1);
  live[0] = 1;
  const closeOverStars = (set: Uint8Array) => {
    for (let k = 0; k < n; k++) if (set[k] && tokens[k].kind === 'star') set[k + 1] = 1;
  };
  closeOverStars(live);
  for (const ch of name) {
    const next = new Uint8Array(n + 1);
    let any = false;
    for (let k = 0; k < n; k++) {
      if (!live[k]) continue;
      const t = tokens[k];
      if (t.kind === 'star') next[k] = 1;
      else if (t.test(ch)) next[k + 1] = 1;
      else continue;
      any = true;
    }
    if (!any) return false;
    closeOverStars(next);
    live = next;
  }
  return live[n] === 1;
}

/**
 * Pattern elements against path elements, `**` matching any number of elements (a table walk).
 * Returns, for every j, whether the pattern matches the first j elements: the path itself and
 * each of its parent folders in one pass.
 */
function prefixMatches(pattern: string[], path: string[]): Array<boolean | undefined> {
  // reach[j]: the pattern elements so far can consume the first j path elements.
  let reach: Array<boolean | undefined> = new Array(path.length + 1).fill(false);
  reach[0] = true;
  for (const element of pattern) {
    const next: Array<boolean | undefined> = new Array(path.length + 1).fill(false);
    if (element === '**') {
      let carried: boolean | undefined = false;
      for (let j = 0; j <= path.length; j++) {
        carried = carried === true || reach[j] === true ? true : carried === undefined || reach[j] === undefined ? undefined : false;
        next[j] = carried;
      }
    } else {
      for (let j = 1; j <= path.length; j++) {
        if (reach[j - 1] === false) continue;
        const m = elementMatches(element, path[j - 1]);
        next[j] = m === true ? reach[j - 1] : m === undefined ? undefined : false;
      }
    }
    reach = next;
  }
  return reach;
}

export function contextMatcher(patterns: readonly string[]): ContextMatcher {
  const compiled = patterns.map(compile).filter((p): p is Pattern => p !== undefined);
  return {
    excludes(rawPath: string): boolean | undefined {
      let path = clean(rawPath.replace(/\\/g, '/'));
      while (path.startsWith('/')) path = path.slice(1);
      if (path === '' || path === '.') return false; // the context root itself is always sent
      const elements = path.split('/');
      let excluded: boolean | undefined = false;
      for (const p of compiled) {
        let m: boolean | undefined = p.unsupported ? undefined : false;
        if (!p.unsupported) {
          // The path itself, or any parent folder of it (a pattern naming a folder excludes its tree).
          const reach = prefixMatches(p.segments, elements);
          for (let n = 1; n <= elements.length && m !== true; n++) if (reach[n] !== false) m = reach[n];
        }
        if (m === true) excluded = !p.exclusion;
        else if (m === undefined && excluded !== !p.exclusion) excluded = undefined;
      }
      return excluded;
    },
  };
}

const cache = new WeakMap<DockerignoreFacts, ContextMatcher>();

/** Whether a context-relative path is excluded by the .dockerignore in the facts (false without one). */
export function excludedFromContext(facts: DockerignoreFacts | undefined, path: string): boolean | undefined {
  if (!facts) return false;
  let matcher = cache.get(facts);
  if (!matcher) cache.set(facts, (matcher = contextMatcher(facts.patterns)));
  return matcher.excludes(path);
}
