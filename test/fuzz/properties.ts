// The engine's safety properties (issue 12), checked on one input at a time; each throws an
// AssertionError that names what broke. Shared by test/unit/fuzz.test.ts (fixed seed, few runs)
// and scripts/fuzz.ts (`npm run fuzz`, the long mode).
import assert from 'node:assert/strict';
import { applyEdits, buildModel, suppressionEdit } from '../../server/src/engine/index.ts';
import type { Finding, GoFacts, Range, TextEdit } from '../../server/src/engine/index.ts';
import { analyze, fixAll } from '../strict-engine.ts';

/** fix-all must settle within this many passes (the engine's own bound is 10). */
export const FIX_ALL_PASSES = 10;
/** Findings per input whose single fix and suppression are checked one by one (each costs an analysis). */
const PER_FINDING_CHECKS = 4;

/** Lines as an LSP client counts them (vscode-languageserver-textdocument): LF, CRLF and a lone CR end one. */
function lines(text: string): Array<{ start: number; contentEnd: number; end: number }> {
  const out: Array<{ start: number; contentEnd: number; end: number }> = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.push({ start, contentEnd: i, end: (start = i + 1) });
    else if (c === 13) {
      const crlf = text.charCodeAt(i + 1) === 10;
      out.push({ start, contentEnd: i, end: (start = i + (crlf ? 2 : 1)) });
      if (crlf) i++;
    }
  }
  out.push({ start, contentEnd: text.length, end: text.length });
  return out;
}

type Lines = ReturnType<typeof lines>;

function offsetOf(ls: Lines, line: number, character: number): number {
  return ls[line].start + character;
}

function assertRangeInside(ls: Lines, range: Range, what: string): void {
  for (const [name, p] of [['start', range.start], ['end', range.end]] as const) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0, `${what}: ${name} ${JSON.stringify(p)} is not a position`);
    assert.ok(p.line < ls.length, `${what}: ${name} line ${p.line} past the last line ${ls.length - 1}`);
    const length = ls[p.line].contentEnd - ls[p.line].start;
    assert.ok(p.character <= length, `${what}: ${name} ${JSON.stringify(p)} past the end of its line (length ${length})`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: range ends before it starts ${JSON.stringify(range)}`);
}

/** Edits of one fix: each inside the document, none overlapping another, none splitting a CRLF. */
function assertEditsWellFormed(ls: Lines, edits: readonly TextEdit[], what: string): void {
  const spans = edits.map((e, i) => {
    assert.equal(typeof e.newText, 'string', `${what}: edit ${i} has no newText`);
    assertRangeInside(ls, e.range, `${what}: edit ${i}`);
    return [offsetOf(ls, e.range.start.line, e.range.start.character), offsetOf(ls, e.range.end.line, e.range.end.character)] as const;
  });
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < sorted.length; i++) {
    const [s, e] = sorted[i];
    const [ps, pe] = sorted[i - 1];
    assert.ok(s >= pe && !(s === e && ps === pe && s === ps), `${what}: edits overlap (${ps}-${pe} and ${s}-${e})`);
  }
}

/**
 * Applying one fix changes only the lines its edits touch: every other line comes out byte for byte
 * (its line break included), every line break the fix writes is the break of the line it writes
 * into, and a BOM stays first.
 */
function assertFixKeepsOtherLines(text: string, ls: Lines, edits: readonly TextEdit[], what: string): string {
  const out = applyEdits(text, edits);
  const spans = edits
    .map((e) => ({ s: offsetOf(ls, e.range.start.line, e.range.start.character), e: offsetOf(ls, e.range.end.line, e.range.end.character), newText: e.newText, line: e.range.start.line }))
    .map((x) => (text.charCodeAt(0) === 0xfeff ? { ...x, s: Math.max(1, x.s), e: Math.max(1, x.e) } : x))
    .sort((a, b) => a.s - b.s || a.e - b.e);
  let delta = 0;
  let k = 0;
  for (const line of ls) {
    // Edits wholly before this line shift it.
    while (k < spans.length && spans[k].e <= line.start) {
      delta += spans[k].newText.length - (spans[k].e - spans[k].s);
      k++;
    }
    const touched = spans.some((sp) => (sp.s === sp.e ? sp.s > line.start && sp.s < line.end : sp.s < line.end && sp.e > line.start));
    if (touched) continue;
    const original = text.slice(line.start, line.end);
    assert.equal(out.slice(line.start + delta, line.end + delta), original, `${what}: line ${ls.indexOf(line)} it does not target changed`);
  }
  // In a file with one kind of line break, a fix writes that kind; in a mixed file, a fix that copies
  // an instruction verbatim may carry that instruction's own breaks, so any break the file has is fine.
  const breaks = new Set(ls.filter((l) => l.end > l.contentEnd).map((l) => text.slice(l.contentEnd, l.end)));
  for (const sp of spans) {
    const eol = eolOfLine(text, ls, sp.line);
    for (let i = sp.newText.indexOf('\n'); i >= 0; i = sp.newText.indexOf('\n', i + 1)) {
      const written = i > 0 && sp.newText[i - 1] === '\r' ? '\r\n' : '\n';
      if (breaks.size > 1) assert.ok(breaks.has(written), `${what}: writes ${JSON.stringify(written)} into a file without such breaks`);
      else assert.equal(written, eol, `${what}: writes ${JSON.stringify(written)} into a line that ends ${JSON.stringify(eol)}`);
    }
    assert.ok(!/\r(?!\n)/.test(sp.newText), `${what}: writes a lone CR`);
    // Never between the CR and the LF of one break.
    for (const at of [sp.s, sp.e]) assert.ok(!(text[at - 1] === '\r' && text[at] === '\n'), `${what}: an edit boundary splits a CRLF at ${at}`);
  }
  if (text.charCodeAt(0) === 0xfeff) assert.equal(out.charCodeAt(0), 0xfeff, `${what}: the BOM is no longer first`);
  return out;
}

/** The break a line ends with; the last line (none) takes the document's first break, else LF. */
function eolOfLine(text: string, ls: Lines, line: number): string {
  const l = ls[line];
  if (l.end > l.contentEnd) return text.slice(l.contentEnd, l.end);
  const first = ls.find((x) => x.end > x.contentEnd);
  return first ? text.slice(first.contentEnd, first.end) : '\n';
}

const key = (f: Finding) => `${f.ruleId}\u0000${f.message}`;

function countBy(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
  return m;
}

/** Counters the long mode prints. */
export interface Tally {
  inputs: number;
  findings: number;
  fixesChecked: number;
  suppressionsChecked: number;
  fixAllPassesMax: number;
}

export function newTally(): Tally {
  return { inputs: 0, findings: 0, fixesChecked: 0, suppressionsChecked: 0, fixAllPassesMax: 0 };
}

/**
 * Every property at once on one input (each input is tried against all of them):
 * - analyze never throws, and no rule throws (strict-engine fails on onRuleError);
 * - every finding's range, and every fix and suggestion edit, lies inside the document;
 * - the edits of each fix and suggestion are well-formed and do not overlap;
 * - each fix changes only the lines it targets and keeps every line break;
 * - "Disable <id> for this line" silences that finding and nothing else, and a global ignore the rule;
 * - fix-all converges within FIX_ALL_PASSES passes and is idempotent.
 */
export function checkEngine(text: string, goFacts: GoFacts | undefined, tally: Tally = newTally()): void {
  tally.inputs++;
  const options = { goFacts };
  const ls = lines(text);
  const findings = analyze(text, options);
  assert.deepEqual(analyze(text, options), findings, 'analyze is deterministic');
  tally.findings += findings.length;
  for (const [i, f] of findings.entries()) {
    const what = `finding ${i} (${f.ruleId})`;
    assertRangeInside(ls, f.range, what);
    if (f.fix) assertEditsWellFormed(ls, f.fix.edits, `${what} fix`);
    for (const [j, s] of (f.suggestions ?? []).entries()) {
      assertEditsWellFormed(ls, s.edits, `${what} suggestion ${j}`);
      // Applying costs a copy of the text: only for the first few findings (a 150 KB input can have 30,000).
      if (i < PER_FINDING_CHECKS) assertFixKeepsOtherLines(text, ls, s.edits, `${what} suggestion ${j}`);
    }
  }
  // One by one, for the first few findings: the fix alone, and the suppression comment.
  const model = findings.length > 0 ? buildModel(text, { recipes: goFacts?.recipes }) : undefined;
  const before = countBy(findings);
  for (const f of findings.slice(0, PER_FINDING_CHECKS)) {
    const what = `${f.ruleId} at ${f.range.start.line}:${f.range.start.character}`;
    if (f.fix && f.fix.edits.length > 0) {
      assertFixKeepsOtherLines(text, ls, f.fix.edits, `${what} fix`);
      tally.fixesChecked++;
    }
    const edit = suppressionEdit(model!, f);
    assertEditsWellFormed(ls, [edit], `${what} suppression`);
    const suppressed = assertFixKeepsOtherLines(text, ls, [edit], `${what} suppression`);
    const after = analyze(suppressed, options);
    const afterCount = countBy(after);
    assert.ok((afterCount.get(key(f)) ?? 0) < (before.get(key(f)) ?? 0), `${what}: "Disable for this line" did not silence it`);
    // Other rules keep their findings (messages may name lines, so compare rule ids).
    const otherRules = (xs: readonly Finding[]) => xs.filter((x) => x.ruleId !== f.ruleId).map((x) => x.ruleId).sort();
    assert.deepEqual(otherRules(after), otherRules(findings), `${what}: the suppression comment changed other rules' findings`);
    tally.suppressionsChecked++;
  }
  // `# go-dockerfile global ignore=<id>` above the first instruction silences that rule in the whole file.
  if (findings.length > 0 && model!.instructions.length > 0) {
    const id = findings[0].ruleId;
    const line = model!.instructions[0].range.start.line;
    const comment = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `# go-dockerfile global ignore=${id}${model!.index.eolOf(line)}` };
    const silenced = analyze(applyEdits(text, [comment]), options);
    assert.deepEqual(silenced.filter((f) => f.ruleId === id).map((f) => f.message), [], `a global ignore of ${id} did not silence it`);
    tally.suppressionsChecked++;
  }
  // fix-all: converges, then a second run changes nothing.
  const first = fixAll(text, options, FIX_ALL_PASSES);
  const second = fixAll(first.text, options, FIX_ALL_PASSES);
  assert.equal(second.applied, 0, `fix-all did not converge in ${FIX_ALL_PASSES} passes: a second run applied ${second.applied} more`);
  assert.equal(second.text, first.text, 'fix-all is not idempotent');
  if (text.charCodeAt(0) === 0xfeff) assert.equal(first.text.charCodeAt(0), 0xfeff, 'fix-all moved the BOM');
  const crlfOnly = text.includes('\r\n') && !/[^\r]\n|^\n/.test(text);
  if (crlfOnly) assert.ok(!/[^\r]\n|^\n/.test(first.text), 'fix-all wrote a bare LF into a CRLF file');
  if (!text.includes('\r')) assert.ok(!first.text.includes('\r'), 'fix-all wrote a CR into an LF file');
}
