import { analyze } from './analyze.ts';
import { lspLineStarts } from './text.ts';
import type { AnalyzeOptions, FileCreation, Finding, Position, TextEdit } from './types.ts';

/** Offsets of each line start, for position ↔ offset conversion: lines as the editor counts them. */
const lineStarts = lspLineStarts;

function offsetAt(starts: number[], text: string, pos: Position): number {
  if (pos.line >= starts.length) return text.length;
  const lineStart = starts[pos.line];
  const nextLine = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  return Math.min(lineStart + Math.max(0, pos.character), nextLine);
}

/**
 * Applies non-overlapping edits to `text`. Edits are applied as a set against the original text,
 * as LSP does; overlapping edits throw, because they mean a rule produced an inconsistent fix.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  // A BOM stays the first character: nothing is inserted before it.
  const floor = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const resolved = edits
    .map((e, index) => ({ start: Math.max(floor, offsetAt(starts, text, e.range.start)), end: Math.max(floor, offsetAt(starts, text, e.range.end)), newText: e.newText, index }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  let out = '';
  let cursor = 0;
  for (const e of resolved) {
    if (e.start < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/**
 * Findings whose fixes do not overlap each other, in document order, so they can be applied in
 * one pass: a finding's fix is taken when none of its edits overlaps an edit already taken (two
 * insertions at the same point also clash). O(n log n): taken edits never overlap each other, so
 * sorted by start their ends ascend too, and the edit taken with the greatest start before a new
 * edit's end is the only one that can overlap it; a Fenwick tree over the starts finds it.
 */
export function compatibleFixes(findings: readonly Finding[]): { edits: TextEdit[]; taken: Set<Finding> } {
  const key = (p: Position) => p.line * 1e7 + p.character;
  const withFix = findings.filter((f) => f.fix && f.fix.edits.length > 0);
  const starts = [...new Set(withFix.flatMap((f) => f.fix!.edits.map((e) => key(e.range.start))))].sort((a, b) => a - b);
  const rank = new Map(starts.map((s, i) => [s, i + 1]));
  // maxEnd[i]: the greatest end among taken edits whose start ranks in the Fenwick range of i.
  const maxEnd = new Array<number>(starts.length + 1).fill(-Infinity);
  const record = (start: number, end: number) => {
    for (let i = rank.get(start)!; i < maxEnd.length; i += i & -i) maxEnd[i] = Math.max(maxEnd[i], end);
  };
  /** The greatest end among taken edits that start strictly before `position`. */
  const greatestEndBefore = (position: number) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < position) lo = mid + 1;
      else hi = mid;
    }
    let best = -Infinity;
    for (let i = lo; i > 0; i -= i & -i) best = Math.max(best, maxEnd[i]);
    return best;
  };
  const insertionPoints = new Set<number>();
  const edits: TextEdit[] = [];
  const taken = new Set<Finding>();
  for (const f of withFix) {
    const spans = f.fix!.edits.map((e) => [key(e.range.start), key(e.range.end)] as const);
    const clash = spans.some(([s, e]) => greatestEndBefore(e) > s || (s === e && insertionPoints.has(s)));
    if (clash) continue;
    for (const [s, e] of spans) {
      record(s, e);
      if (s === e) insertionPoints.add(s);
    }
    for (const edit of f.fix!.edits) edits.push(edit);
    taken.add(f);
  }
  return { edits, taken };
}

export interface FixAllResult {
  text: string;
  /** How many fixes were applied over all passes. */
  applied: number;
  /** What is still reported after the last pass. */
  remaining: Finding[];
  /**
   * Files the preferred fixes create (a .dockerignore), one per path. The text above does not
   * include them: a shell writes them when it may (the CLI's `fix`), and only where none exists.
   */
  creates: FileCreation[];
}

/**
 * Applies every preferred fix (never suggestions), re-analysing between passes until nothing
 * more can be fixed. Passes are bounded so a misbehaving rule cannot loop forever.
 * `findingsOfText`: analyze(text, options), when the caller already has it.
 */
export function fixAll(text: string, options: AnalyzeOptions = {}, maxPasses = 10, findingsOfText?: readonly Finding[]): FixAllResult {
  let current = text;
  let applied = 0;
  // The caller may already hold the findings of `text` (the server's linted version): reuse them.
  let findings = findingsOfText ? [...findingsOfText] : analyze(current, options);
  // Creating a file changes the facts, not the text: take the creations the first analysis offers.
  const creates = new Map<string, FileCreation>();
  for (const f of findings) for (const c of f.fix?.creates ?? []) if (!creates.has(c.path)) creates.set(c.path, c);
  for (let pass = 0; pass < maxPasses; pass++) {
    const fixable = findings.filter((f) => f.fix && f.fix.edits.length > 0);
    if (fixable.length === 0) break;
    const { edits, taken } = compatibleFixes(fixable);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    applied += taken.size;
    current = next;
    findings = analyze(current, options);
  }
  return { text: current, applied, remaining: findings, creates: [...creates.values()] };
}
