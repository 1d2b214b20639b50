// Small builders for the edits rules propose. They keep each line's ending and indentation.
import type { Instr } from './model/index.ts';
import type { TextIndex } from './text.ts';
import type { TextEdit } from './types.ts';

export function insertAt(index: TextIndex, offset: number, text: string): TextEdit {
  const pos = index.positionAt(offset);
  return { range: { start: pos, end: pos }, newText: text };
}

export function replaceSpan(index: TextIndex, start: number, end: number, text: string): TextEdit {
  return { range: index.range(start, end), newText: text };
}

/** Inserts whole lines before an instruction, indented like it, with the document's line ending. */
export function insertLinesBefore(index: TextIndex, instr: Instr, lines: string[]): TextEdit {
  const line = instr.range.start.line;
  const indent = index.indentOf(line);
  const eol = index.eolOf(line);
  const pos = { line, character: 0 };
  return { range: { start: pos, end: pos }, newText: lines.map((l) => indent + l + eol).join('') };
}

/** Deletes the lines an instruction occupies, including its line break. */
export function deleteInstruction(index: TextIndex, instr: Instr): TextEdit {
  const startLine = instr.range.start.line;
  const endLine = index.positionAt(instr.end).line;
  return { range: { start: { line: startLine, character: 0 }, end: index.positionAt(index.lineEnd(endLine, true)) }, newText: '' };
}

/** Appends lines at the end of the document, adding a line break first when the last line lacks one. */
export function appendLines(index: TextIndex, lines: string[]): TextEdit {
  const text = index.text;
  const eol = index.eol;
  const end = index.positionAt(text.length);
  const needsBreak = text.length > 0 && !text.endsWith('\n');
  return { range: { start: end, end }, newText: (needsBreak ? eol : '') + lines.map((l) => l + eol).join('') };
}

/** Inserts one line right after an instruction (after its last line), indented like it. */
export function insertLineAfter(index: TextIndex, instr: Instr, line: string): TextEdit {
  const lastLine = index.positionAt(instr.end).line;
  const lineEnd = index.lineEnd(lastLine, true);
  const hasBreak = lineEnd > 0 && index.text[lineEnd - 1] === '\n';
  const eol = index.eolOf(lastLine);
  const indent = index.indentOf(instr.range.start.line);
  const pos = index.positionAt(lineEnd);
  return { range: { start: pos, end: pos }, newText: hasBreak ? `${indent}${line}${eol}` : `${eol}${indent}${line}` };
}
