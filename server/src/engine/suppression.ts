// Inline suppression comments:
//   # go-dockerfile ignore=<id>[,<id>…]          on the line(s) just above an instruction
//   # go-dockerfile global ignore=<id>[,<id>…]   anywhere, for the whole file
import { buildModel, instructionAt } from './model/index.ts';
import type { DockerfileModel } from './model/index.ts';
import type { Finding, TextEdit } from './types.ts';

// Ids may be followed by a reason: `# go-dockerfile ignore=single-stage -- dev image`.
const PRAGMA = /^\s*#\s*go-dockerfile\s+(global\s+)?ignore\s*=\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)(?:\s+--.*|\s*)$/d;

export interface Suppressions {
  global: Set<string>;
  /** Rule ids ignored, by the first line of the instruction they apply to. */
  byInstructionLine: Map<number, Set<string>>;
}

function parseIds(list: string): string[] {
  return list.split(/[\s,]+/).filter(Boolean);
}

export function readSuppressions(model: DockerfileModel): Suppressions {
  const { index } = model;
  const global = new Set<string>();
  const byInstructionLine = new Map<number, Set<string>>();
  // Every pragma names go-dockerfile: most files have none, and need no walk over their lines.
  if (!model.text.includes('go-dockerfile')) return { global, byInstructionLine };
  const instructionLines = new Set(model.instructions.map((i) => i.range.start.line));
  // One pass from the bottom: the instruction line a comment line applies to is the instruction
  // directly below it, across other comment lines (walking down from every comment was quadratic).
  let appliesTo = -1;
  for (let line = index.lineCount - 1; line >= 0; line--) {
    if (instructionLines.has(line)) {
      appliesTo = line;
      continue;
    }
    const text = index.lineText(line);
    if (!isCommentLine(text)) {
      appliesTo = -1;
      continue;
    }
    if (!text.includes('go-dockerfile')) continue;
    const m = PRAGMA.exec(text.replace(/^\uFEFF/, ''));
    if (!m) continue;
    if (m[1]) {
      for (const id of parseIds(m[2])) global.add(id);
      continue;
    }
    if (appliesTo < 0) continue;
    const ids = byInstructionLine.get(appliesTo) ?? new Set<string>();
    for (const id of parseIds(m[2])) ids.add(id);
    byInstructionLine.set(appliesTo, ids);
  }
  return { global, byInstructionLine };
}

/** A comment line: blanks, then '#'. */
function isCommentLine(text: string): boolean {
  return /^\s*#/.test(text);
}

export function isSuppressed(model: DockerfileModel, suppressions: Suppressions, ruleId: string, offset: number): boolean {
  if (suppressions.global.has(ruleId)) return true;
  if (suppressions.byInstructionLine.size === 0) return false;
  const instr = instructionAt(model, offset);
  if (!instr) return false;
  return suppressions.byInstructionLine.get(instr.range.start.line)?.has(ruleId) ?? false;
}

/**
 * The edit behind "Disable <id> for this line": extends the ignore comment right above the
 * instruction, or inserts a new one indented like the instruction. Pass the document's model when
 * there is one (code actions build it once per document version, not once per finding).
 */
export function suppressionEdit(document: string | DockerfileModel, finding: Finding): TextEdit {
  const model = typeof document === 'string' ? buildModel(document) : document;
  const index = model.index;
  const instr = instructionAt(model, index.offsetAt(finding.range.start));
  const line = instr ? instr.range.start.line : finding.range.start.line;
  if (line > 0) {
    const above = index.lineText(line - 1);
    const m = PRAGMA.exec(above);
    if (m && !m[1]) {
      const ids = parseIds(m[2]);
      if (ids.includes(finding.ruleId)) return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: '' };
      const end = { line: line - 1, character: m.indices?.[2]?.[1] ?? above.trimEnd().length };
      return { range: { start: end, end }, newText: (ids.length > 0 ? ',' : '') + finding.ruleId };
    }
  }
  const pos = { line, character: 0 };
  return { range: { start: pos, end: pos }, newText: `${index.indentOf(line)}# go-dockerfile ignore=${finding.ruleId}${index.eolOf(line)}` };
}
