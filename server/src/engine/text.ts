import type { Position, Range } from './types.ts';

/**
 * Where each line starts, as LSP clients count lines: after LF, CRLF, and a lone CR. Docker does not
 * end a line at a lone CR (the model's scanner reads lines itself), but editors do, so positions
 * must count it, or a squiggle lands on the wrong line and a quick fix edits the wrong place.
 */
export function lspLineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    // No CR at all (most files): the line feeds alone, found with indexOf rather than char by char.
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** Offset ↔ position conversion and line-ending facts for one document text. */
export class TextIndex {
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.lineStarts = lspLineStarts(text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line, true));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset of the end of `line`; with `includeEol`, just past its line break. */
  lineEnd(line: number, includeEol = false): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    if (includeEol) return next;
    let end = next;
    if (end > this.lineStarts[line] && this.text[end - 1] === '\n') end--;
    if (end > this.lineStarts[line] && this.text[end - 1] === '\r') end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  /** The line break this document uses: the first one found, else "\n". */
  get eol(): string {
    const nl = this.text.indexOf('\n');
    return nl > 0 && this.text[nl - 1] === '\r' ? '\r\n' : '\n';
  }

  /** The line break of `line` itself, falling back to the document's. */
  eolOf(line: number): string {
    const end = this.lineEnd(line, true);
    if (end > 0 && this.text[end - 1] === '\n') return end > 1 && this.text[end - 2] === '\r' ? '\r\n' : '\n';
    return this.eol;
  }

  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))?.[0] ?? '';
  }
}
