// A rule that throws must not hide its findings silently (issue 7, part 1): analyze keeps the
// other rules' findings, and tells options.onRuleError; the test harness turns that into a failure.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { analyze as engineAnalyze, fixAll as engineFixAll, ruleById } from '../../server/src/engine/index.ts';
import type { RuleModule } from '../../server/src/engine/index.ts';
import { analyze, fixAll } from '../strict-engine.ts';

/** cgo-not-disabled and module-cache-order report here (the release flags keep strip-symbols and trimpath quiet). */
const CGO_AND_SINGLE_STAGE = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -trimpath -ldflags="-s -w" -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n';

describe('a rule that throws', () => {
  let rule: RuleModule;
  let check: RuleModule['check'];
  beforeEach(() => {
    rule = ruleById('module-cache-order')!;
    check = rule.check;
    rule.check = () => {
      throw new Error('injected failure');
    };
  });
  afterEach(() => {
    rule.check = check;
  });

  it('loses only its own findings, and onRuleError hears about it once per analysis', () => {
    const errors: Array<[string, unknown]> = [];
    const findings = engineAnalyze(CGO_AND_SINGLE_STAGE, { onRuleError: (id, error) => errors.push([id, error]) });
    assert.deepEqual(findings.map((f) => f.ruleId), ['cgo-not-disabled']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0][0], 'module-cache-order');
    assert.match(String(errors[0][1]), /injected failure/);
  });
  it('does not take analyze down when nobody listens', () => {
    assert.deepEqual(engineAnalyze(CGO_AND_SINGLE_STAGE).map((f) => f.ruleId), ['cgo-not-disabled']);
  });
  it('is not reported when the rule is turned off', () => {
    const errors: string[] = [];
    engineAnalyze(CGO_AND_SINGLE_STAGE, { rules: { 'module-cache-order': 'off' }, onRuleError: (id) => errors.push(id) });
    assert.deepEqual(errors, []);
  });
  it('reaches fixAll callers too', () => {
    const errors: string[] = [];
    const result = engineFixAll(CGO_AND_SINGLE_STAGE, { onRuleError: (id) => errors.push(id) });
    assert.ok(result.text.includes('CGO_ENABLED=0 go build'));
    assert.ok(errors.length >= 1 && errors.every((id) => id === 'module-cache-order'));
  });
  it('fails the tests: strict-engine (used by RuleTester and the unit tests) throws', () => {
    assert.throws(() => analyze(CGO_AND_SINGLE_STAGE), /rule module-cache-order threw while analysing: Error: injected failure/);
    assert.throws(() => fixAll(CGO_AND_SINGLE_STAGE), /rule module-cache-order threw/);
  });
});

describe('issue 7: an unescaped [ in a COPY source', () => {
  it('no longer makes cgo-not-disabled throw and lose its error', () => {
    const text = 'FROM golang:1.22 AS build\nRUN go build -trimpath -ldflags="-s -w" -o /app .\nFROM scratch\nCOPY --from=build /x[ /ap? /app\n';
    const findings = analyze(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['cgo-not-disabled', 'error']]);
  });
  it('a malformed source alone carries nothing, so the cgo rules stay quiet', () => {
    const text = 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /ap[ /app\n';
    assert.deepEqual(analyze(text).filter((f) => f.ruleId === 'cgo-not-disabled' || f.ruleId === 'alpine-cgo'), []);
  });
});
