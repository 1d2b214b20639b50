// RuleTester: ESLint's valid/invalid shape, with the checks DESIGN.md asks for. Every case is
// also run with CRLF line endings, so each rule is proven quiet/loud and its fixes
// line-ending-preserving on Windows-edited files too. Any rule that throws on a case (not only the
// rule under test) fails it: analyze comes from strict-engine.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../server/src/engine/index.ts';
import type { Finding, GoFacts } from '../server/src/engine/index.ts';
import type { RuleModule } from '../server/src/engine/rule.ts';
import { analyze } from './strict-engine.ts';

export interface ValidCase {
  name: string;
  code: string;
  goFacts?: GoFacts;
}

export interface ExpectedError {
  messageId: string;
  data?: Record<string, string>;
  /** 1-based, like an editor shows. */
  line?: number;
  column?: number;
  endColumn?: number;
  severity?: Finding['severity'];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** Text after applying this rule's preferred fixes; null when no fix is offered. Required when a fix exists. */
  output?: string | null;
  /** Expected suggestions of the first error, by title, with the text after applying each. */
  suggestions?: Array<{ title: string | RegExp; output?: string }>;
  /** Files the preferred fixes create (path, and the text or a pattern it must match). Required when a fix creates one. */
  creates?: Array<{ path: string; text: string | RegExp }>;
  /** The Go facts once the fixes are applied, for fixes that change the workspace (a created .dockerignore). */
  factsAfterFix?: GoFacts;
}

/** Facts as text, for spotting duplicate cases: a `program` function is shown by its answer to a plain query. */
function factsKey(facts: GoFacts | undefined): string {
  return JSON.stringify(facts ?? null, (_key, value: unknown) =>
    typeof value === 'function' ? (value as NonNullable<GoFacts['program']>)({ pkg: '.', tags: [], cgo: false }) : value,
  );
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** The rule's findings; analyze comes from strict-engine, so any rule that throws fails the case. */
function findingsOf(rule: RuleModule, code: string, goFacts?: GoFacts): Finding[] {
  return analyze(code, { goFacts }).filter((f) => f.ruleId === rule.meta.id);
}

function applyRuleFixes(code: string, findings: Finding[]): string {
  return applyEdits(code, findings.flatMap((f) => f.fix?.edits ?? []));
}

export function runRuleTests(rule: RuleModule, tests: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const id = rule.meta.id;
  describe(id, () => {
    it('has no duplicate cases', () => {
      const all = [...tests.valid, ...tests.invalid];
      assert.equal(new Set(all.map((c) => c.name)).size, all.length, 'duplicate case names');
      assert.equal(new Set(all.map((c) => c.code + factsKey(c.goFacts))).size, all.length, 'duplicate case code');
      assert.ok(tests.valid.length > 0 && tests.invalid.length > 0, 'needs valid and invalid cases');
    });

    describe('valid', () => {
      for (const c of tests.valid) {
        for (const variant of ['LF', 'CRLF'] as const) {
          it(`${c.name} (${variant})`, () => {
            const code = variant === 'CRLF' ? crlf(c.code) : c.code;
            const found = findingsOf(rule, code, c.goFacts);
            assert.deepEqual(found.map((f) => `${f.messageId}@${f.range.start.line + 1}:${f.range.start.character + 1}`), [], `expected ${id} to stay quiet`);
          });
        }
      }
    });

    describe('invalid', () => {
      for (const c of tests.invalid) {
        for (const variant of ['LF', 'CRLF'] as const) {
          it(`${c.name} (${variant})`, () => {
            assert.ok(c.errors.length > 0, 'an invalid case must expect errors');
            const code = variant === 'CRLF' ? crlf(c.code) : c.code;
            const found = findingsOf(rule, code, c.goFacts);
            assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got: ${found.map((f) => f.message).join(' | ')}`);
            c.errors.forEach((expected, i) => {
              const f = found[i];
              assert.ok(expected.messageId in rule.meta.messages, `unknown messageId ${expected.messageId}`);
              assert.equal(f.messageId, expected.messageId);
              assert.ok(!f.message.includes('{{'), `unfilled placeholder in "${f.message}"`);
              if (expected.data) for (const [k, v] of Object.entries(expected.data)) assert.equal(f.data[k], v, `data.${k}`);
              if (expected.line !== undefined) assert.equal(f.range.start.line + 1, expected.line, 'line');
              if (expected.column !== undefined) assert.equal(f.range.start.character + 1, expected.column, 'column');
              if (expected.endColumn !== undefined) assert.equal(f.range.end.character + 1, expected.endColumn, 'endColumn');
              if (expected.severity !== undefined) assert.equal(f.severity, expected.severity, 'severity');
              assert.ok(f.range.start.line >= 0 && f.range.start.character >= 0);
              if (f.fix) assert.ok(rule.meta.fixable, `${id} returned a fix but meta.fixable is false`);
            });

            const fixable = found.filter((f) => f.fix);
            const created = fixable.flatMap((f) => f.fix!.creates ?? []);
            if (created.length > 0 || c.creates) {
              assert.deepEqual(created.map((f) => f.path), (c.creates ?? []).map((f) => f.path), 'files created by the fixes');
              created.forEach((file, i) => {
                const expected = c.creates![i].text;
                if (typeof expected === 'string') assert.equal(file.text, expected);
                else assert.match(file.text, expected);
              });
              assert.ok(c.factsAfterFix, 'a fix creates a file: the case must give `factsAfterFix`');
            }
            if (fixable.length > 0) {
              assert.ok(c.output !== undefined && c.output !== null, 'a fix was offered: the case must give `output`');
              const fixed = applyRuleFixes(code, fixable);
              assert.equal(fixed, variant === 'CRLF' ? crlf(c.output) : c.output);
              if (variant === 'CRLF') assert.ok(!/[^\r]\n/.test(fixed), 'a fix introduced a bare LF into a CRLF file');
              const after = analyze(fixed, { goFacts: c.factsAfterFix ?? c.goFacts }).filter((f) => f.ruleId === id);
              assert.equal(after.length, found.length - fixable.length, `fixes must make their findings go away; still: ${after.map((f) => f.message).join(' | ')}`);
            } else {
              assert.ok(c.output === undefined || c.output === null, 'output given but no fix offered');
            }

            if (c.suggestions) {
              const offered = found[0].suggestions ?? [];
              assert.equal(offered.length, c.suggestions.length, `suggestions: ${offered.map((s) => s.title).join(' | ')}`);
              c.suggestions.forEach((expected, i) => {
                const s = offered[i];
                if (typeof expected.title === 'string') assert.equal(s.title, expected.title);
                else assert.match(s.title, expected.title);
                const applied = applyEdits(code, s.edits);
                if (expected.output !== undefined) assert.equal(applied, variant === 'CRLF' ? crlf(expected.output) : expected.output);
                const after = analyze(applied, { goFacts: c.goFacts }).filter((f) => f.ruleId === id);
                assert.ok(after.length < found.length, `suggestion "${s.title}" must resolve its finding`);
              });
            }
          });
        }
      }
    });
  });
}
