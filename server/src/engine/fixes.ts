import { analyze } from './analyze.ts';
import type { AnalyzeOptions, FileCreation, Finding, Position, TextEdit } from './types.ts';

/** Offsets of each line start, for position ↔ offset conversion. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

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

/** Findings whose fixes do not overlap each other, in document order, so they can be applied in one pass. */
function compatibleFixes(findings: readonly Finding[]): TextEdit[] {
  const taken: Array<[number, number, number, number]> = [];
  const edits: TextEdit[] = [];
  const key = (p: Position) => p.line * 1e7 + p.character;
  for (const f of findings) {
    if (!f.fix) continue;
    const spans = f.fix.edits.map((e) => [key(e.range.start), key(e.range.end)] as const);
    const clash = spans.some(([s, e]) => taken.some(([ts, te]) => s < te && ts < e || (s === e && ts === te && s === ts)));
    if (clash) continue;
    for (const [s, e] of spans) taken.push([s, e, 0, 0]);
    edits.push(...f.fix.edits);
  }
  return edits;
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
 */
export function fixAll(text: string, options: AnalyzeOptions = {}, maxPasses = 10): FixAllResult {
  let current = text;
  let applied = 0;
  let findings = analyze(current, options);
  // Creating a file changes the facts, not the text: take the creations the first analysis offers.
  const creates = new Map<string, FileCreation>();
  for (const f of findings) for (const c of f.fix?.creates ?? []) if (!creates.has(c.path)) creates.set(c.path, c);
  for (let pass = 0; pass < maxPasses; pass++) {
    const fixable = findings.filter((f) => f.fix && f.fix.edits.length > 0);
    if (fixable.length === 0) break;
    const edits = compatibleFixes(fixable);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    applied += fixable.filter((f) => f.fix && f.fix.edits.every((e) => edits.includes(e))).length;
    current = next;
    findings = analyze(current, options);
  }
  return { text: current, applied, remaining: findings, creates: [...creates.values()] };
}
