// Shell file name patterns as Docker matches COPY sources: Go's filepath.Match on Unix.
//
//   *        any sequence of characters except '/'
//   ?        any one character except '/'
//   [...]    a class: characters and lo-hi ranges, negated by a leading '^'; '\' escapes
//            ('-' and ']' must be escaped inside; the class must not be empty). A leading '!'
//            is an ordinary character, as in Go: shells negate with it, filepath.Match does not
//   \c       the character c
//
// A malformed pattern matches nothing (BuildKit ignores filepath.Match's error and skips the path).
// Matching never backtracks beyond the star before the current chunk, as in Go, so its cost is at
// most |pattern chunk| × |name| per segment; callers bound the name (see matchesPathPrefix).

/** One single-character term of a chunk. */
type Term =
  | { kind: 'char'; code: number }
  | { kind: 'any' }
  | { kind: 'class'; negated: boolean; ranges: Array<[number, number]> };

/** A run of terms, preceded (or not) by a star. */
interface Chunk {
  star: boolean;
  terms: Term[];
}

export type MatchResult = boolean | 'malformed';

const STAR = 42; // *
const QUESTION = 63; // ?
const OPEN = 91; // [
const CLOSE = 93; // ]
const BACKSLASH = 92; // \
const CARET = 94; // ^
const DASH = 45; // -
const SLASH = 47; // /

/** Code points of a string (a surrogate pair is one character, as a UTF-8 rune is in Go). */
function codePoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    out.push(code);
    if (code > 0xffff) i++;
  }
  return out;
}

/** Parses a pattern into chunks, or undefined when it is malformed. Linear in the pattern. */
function parse(pattern: string): Chunk[] | undefined {
  const p = codePoints(pattern);
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < p.length) {
    let star = false;
    while (i < p.length && p[i] === STAR) {
      star = true;
      i++;
    }
    const terms: Term[] = [];
    while (i < p.length && p[i] !== STAR) {
      const c = p[i];
      if (c === QUESTION) {
        terms.push({ kind: 'any' });
        i++;
      } else if (c === BACKSLASH) {
        if (i + 1 >= p.length) return undefined;
        terms.push({ kind: 'char', code: p[i + 1] });
        i += 2;
      } else if (c === OPEN) {
        const parsed = parseClass(p, i + 1);
        if (!parsed) return undefined;
        terms.push(parsed.term);
        i = parsed.next;
      } else {
        terms.push({ kind: 'char', code: c });
        i++;
      }
    }
    chunks.push({ star, terms });
  }
  return chunks;
}

/** A class after its '[' at `i`: ranges up to the closing ']'. Undefined when malformed. */
function parseClass(p: number[], i: number): { term: Term; next: number } | undefined {
  let negated = false;
  if (i < p.length && p[i] === CARET) {
    negated = true;
    i++;
  }
  const ranges: Array<[number, number]> = [];
  for (;;) {
    if (i < p.length && p[i] === CLOSE && ranges.length > 0) return { term: { kind: 'class', negated, ranges }, next: i + 1 };
    const lo = classChar(p, i);
    if (!lo) return undefined;
    i = lo.next;
    let hi = lo.code;
    if (p[i] === DASH) {
      const h = classChar(p, i + 1);
      if (!h) return undefined;
      hi = h.code;
      i = h.next;
    }
    ranges.push([lo.code, hi]);
  }
}

/** A possibly escaped character inside a class; a bare '-' or ']', or the pattern's end, is malformed. */
function classChar(p: number[], i: number): { code: number; next: number } | undefined {
  if (i >= p.length || p[i] === DASH || p[i] === CLOSE) return undefined;
  if (p[i] === BACKSLASH) i++;
  if (i >= p.length) return undefined;
  // The class must still be closed after this character.
  if (i + 1 >= p.length) return undefined;
  return { code: p[i], next: i + 1 };
}

function termMatches(term: Term, code: number): boolean {
  switch (term.kind) {
    case 'char':
      return term.code === code;
    case 'any':
      return code !== SLASH;
    case 'class': {
      let inside = false;
      for (const [lo, hi] of term.ranges) {
        if (lo <= code && code <= hi) {
          inside = true;
          break;
        }
      }
      return inside !== term.negated;
    }
  }
}

/** Whether `terms` match `name` at `at`; the index after them, or -1. */
function matchChunkAt(terms: Term[], name: number[], at: number): number {
  if (at + terms.length > name.length) return -1;
  for (let k = 0; k < terms.length; k++) if (!termMatches(terms[k], name[at + k])) return -1;
  return at + terms.length;
}

function matchParsed(chunks: Chunk[], name: number[]): boolean {
  let pos = 0;
  chunk: for (let c = 0; c < chunks.length; c++) {
    const { star, terms } = chunks[c];
    const last = c === chunks.length - 1;
    if (star && terms.length === 0) {
      // A trailing star takes the rest of the name, unless it holds a '/'.
      for (let k = pos; k < name.length; k++) if (name[k] === SLASH) return false;
      return true;
    }
    // The chunk at the current position; the last chunk must also end the name.
    const here = matchChunkAt(terms, name, pos);
    if (here >= 0 && (!last || here === name.length)) {
      pos = here;
      continue;
    }
    if (!star) return false;
    // After a star: the leftmost later position that matches, the star never crossing a '/'.
    for (let skip = pos; skip < name.length && name[skip] !== SLASH; skip++) {
      const end = matchChunkAt(terms, name, skip + 1);
      if (end < 0 || (last && end !== name.length)) continue;
      pos = end;
      continue chunk;
    }
    return false;
  }
  return pos === name.length;
}

/**
 * filepath.Match(pattern, name) on Unix: whether `name` matches all of `pattern`, or 'malformed'
 * when the pattern is malformed (Go's ErrBadPattern; Go never reports a match then).
 */
export function globMatch(pattern: string, name: string): MatchResult {
  const chunks = parse(pattern);
  if (!chunks) return 'malformed';
  return matchParsed(chunks, codePoints(name));
}

/**
 * Whether a path segment holds a wildcard as BuildKit sees one (fsutil's containsWildcards): `*`,
 * `?` or `[`, not escaped by a backslash.
 */
export function hasWildcards(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === STAR || c === QUESTION || c === OPEN) return true;
  }
  return false;
}

/** Linux limits: no path component is longer than NAME_MAX bytes, no path longer than PATH_MAX. */
const NAME_MAX = 255;
const PATH_MAX = 4096;

/**
 * Whether an absolute `pattern` names `path` or one of its parent directories, as BuildKit resolves
 * a wildcard COPY source: the segments before the first wildcard are a literal path, the rest is
 * matched with filepath.Match against the paths below it (a matched directory carries its
 * contents). 'malformed' when the wildcard part is malformed. A path longer than Linux allows
 * cannot exist, so it matches nothing; this also bounds the work to O(|pattern| + NAME_MAX × |path|).
 */
export function matchesPathPrefix(pattern: string, path: string): MatchResult {
  const patternSegments = splitSegments(pattern);
  const wild = patternSegments.findIndex(hasWildcards);
  // The wildcard part is parsed (validated) whatever the path, as Go's Match reports a bad pattern.
  const parsed: Chunk[][] = [];
  for (let i = Math.max(0, wild); wild >= 0 && i < patternSegments.length; i++) {
    const chunks = parse(patternSegments[i]);
    if (!chunks) return 'malformed';
    parsed.push(chunks);
  }
  if (path.length > PATH_MAX) return false;
  const pathSegments = splitSegments(path);
  if (patternSegments.length > pathSegments.length) return false;
  for (let i = 0; i < patternSegments.length; i++) {
    const segment = pathSegments[i];
    if (segment.length > NAME_MAX) return false;
    if (wild < 0 || i < wild) {
      if (patternSegments[i] !== segment) return false;
      continue;
    }
    const chunks = parsed[i - wild];
    // Each term takes one character: more terms than characters cannot match.
    let terms = 0;
    for (const chunk of chunks) terms += chunk.terms.length;
    if (terms > segment.length || !matchParsed(chunks, codePoints(segment))) return false;
  }
  return true;
}

/** Path segments without empty ones: "/a//b/" → ["a", "b"]. */
function splitSegments(path: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i === path.length || path.charCodeAt(i) === SLASH) {
      if (i > start) out.push(path.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}
