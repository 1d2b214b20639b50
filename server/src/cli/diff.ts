// A small line diff for `fix --dry-run`. Fixes touch a few lines, so the common head and tail are
// trimmed first and only the middle is compared with a longest-common-subsequence table.

const CONTEXT_LINES = 3;
/** A bigger comparison table (old middle lines × new middle lines) is not built: the middle shows as replaced. */
const MAX_TABLE_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; text: string };

// Marks a last line that has no newline, so "x" and "x\n" compare unequal. Files with NUL bytes are
// refused before any diff is made, so the marker cannot clash with content.
const NO_NEWLINE = '\u0000';

/** Lines without their terminators; a last line without a newline carries the NO_NEWLINE marker. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  const last = lines.pop() as string;
  if (last !== '') lines.push(last + NO_NEWLINE);
  return lines;
}

function diffMiddle(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_TABLE_CELLS) {
    return [...a.map((text) => ({ kind: '-' as const, text })), ...b.map((text) => ({ kind: '+' as const, text }))];
  }
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i++] });
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      ops.push({ kind: '-', text: a[i++] });
    } else {
      ops.push({ kind: '+', text: b[j++] });
    }
  }
  while (i < a.length) ops.push({ kind: '-', text: a[i++] });
  while (j < b.length) ops.push({ kind: '+', text: b[j++] });
  return ops;
}

function lineOps(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return [
    ...a.slice(0, head).map((text) => ({ kind: ' ' as const, text })),
    ...diffMiddle(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map((text) => ({ kind: ' ' as const, text })),
  ];
}

function range(start: number, count: number): string {
  // Unified diff convention: an empty range names the line before it.
  return count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;
}

function printLine(op: Op): string[] {
  if (!op.text.endsWith(NO_NEWLINE)) return [op.kind + op.text];
  return [op.kind + op.text.slice(0, -1), '\\ No newline at end of file'];
}

/** A unified diff of two texts, or '' when they are the same apart from line-ending style. */
export function unifiedDiff(oldText: string, newText: string, oldLabel: string, newLabel: string): string {
  const ops = lineOps(splitLines(oldText), splitLines(newText));
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';

  const out = [`--- ${oldLabel}`, `+++ ${newLabel}`];
  let index = 0;
  while (index < changed.length) {
    // Changes whose context windows touch share one hunk.
    let end = index;
    while (end + 1 < changed.length && changed[end + 1] - changed[end] <= 2 * CONTEXT_LINES + 1) end++;
    const from = Math.max(0, changed[index] - CONTEXT_LINES);
    const to = Math.min(ops.length - 1, changed[end] + CONTEXT_LINES);
    let oldStart = 1;
    let newStart = 1;
    for (let k = 0; k < from; k++) {
      if (ops[k].kind !== '+') oldStart++;
      if (ops[k].kind !== '-') newStart++;
    }
    const hunk = ops.slice(from, to + 1);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`, ...hunk.flatMap(printLine));
    index = end + 1;
  }
  return out.join('\n') + '\n';
}
