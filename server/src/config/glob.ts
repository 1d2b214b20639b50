// Globs for the `contexts` keys of .go-dockerfile.json, matched without building a RegExp from the
// user's text. `*` matches any run of characters within one path segment; a `**` segment matches any
// number of whole segments (none included). Every other character is literal.
//
// Cost: a segment is matched in one left-to-right pass (each literal piece between stars is found at
// its leftmost place, which is enough because a star can absorb anything). Across `**`, each group of
// segments between them is likewise placed leftmost, so the work is at most (pattern segments ×
// path segments) segment matches; patterns are capped at MAX_PATTERN_LENGTH characters.

/** A compiled pattern segment: its literal pieces between stars (one piece: no star). */
type Segment = readonly string[];
/** Consecutive segments between `**` segments. */
type Group = readonly Segment[];

export interface Glob {
  /** The groups between `**` segments; one group means the pattern has no `**`. */
  readonly groups: readonly Group[];
  readonly hasWildcard: boolean;
}

export const MAX_PATTERN_LENGTH = 1024;

/** Path segments without empty and `.` segments. */
export function pathSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '' && segment !== '.');
}

export function compileGlob(pattern: string): Glob {
  const groups: Segment[][] = [[]];
  let hasWildcard = false;
  for (const segment of pathSegments(pattern)) {
    if (segment === '**') {
      groups.push([]);
      hasWildcard = true;
      continue;
    }
    // `**` inside a segment means the same as `*`.
    const pieces = segment.split('*');
    if (pieces.length > 1) hasWildcard = true;
    groups[groups.length - 1].push(pieces);
  }
  return { groups, hasWildcard };
}

function matchSegment(pieces: Segment, text: string): boolean {
  if (pieces.length === 1) return pieces[0] === text;
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let position = first.length;
  const end = text.length - last.length;
  for (let k = 1; k < pieces.length - 1; k++) {
    const piece = pieces[k];
    if (piece === '') continue;
    const found = text.indexOf(piece, position);
    if (found < 0 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}

function matchGroupAt(group: Group, segments: readonly string[], at: number): boolean {
  for (let k = 0; k < group.length; k++) {
    if (!matchSegment(group[k], segments[at + k])) return false;
  }
  return true;
}

/** Whether a relative path (forward slashes) matches the glob. */
export function matchGlob(glob: Glob, path: string): boolean {
  const segments = pathSegments(path);
  const { groups } = glob;
  if (groups.length === 1) return groups[0].length === segments.length && matchGroupAt(groups[0], segments, 0);
  const first = groups[0];
  const last = groups[groups.length - 1];
  if (segments.length < first.length + last.length) return false;
  if (!matchGroupAt(first, segments, 0)) return false;
  const end = segments.length - last.length;
  if (!matchGroupAt(last, segments, end)) return false;
  let position = first.length;
  for (let g = 1; g < groups.length - 1; g++) {
    const group = groups[g];
    let placed = -1;
    for (let at = position; at + group.length <= end; at++) {
      if (matchGroupAt(group, segments, at)) {
        placed = at;
        break;
      }
    }
    if (placed < 0) return false;
    position = placed + group.length;
  }
  return true;
}
