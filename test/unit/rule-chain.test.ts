// The FROM-chain helpers the part-1 rules share: answers remembered per stage, computed without
// recursion, so a chain of thousands of stages neither repeats work nor overflows the stack.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/engine/model/index.ts';
import type { Stage } from '../../server/src/engine/model/index.ts';
import { anyUp, chainOf, rootStage, withDescendants } from '../../server/src/engine/rules/rule-chain.ts';

describe('rule-chain', () => {
  it('walks a chain nearest first and finds its root', () => {
    const model = buildModel('FROM golang:1.22 AS a\nFROM a AS b\nFROM b AS c\nFROM alpine AS d\n');
    const [a, b, c, d] = model.stages;
    assert.deepEqual(chainOf(c).map((s) => s.name), ['c', 'b', 'a']);
    assert.equal(rootStage(c), a);
    assert.equal(rootStage(d), d);
    assert.equal(rootStage(b), a);
  });

  it('answers "anywhere up the chain" and "this stage or one built on it"', () => {
    const model = buildModel('FROM golang:1.22 AS a\nRUN make\nFROM a AS b\nFROM alpine AS c\nFROM c AS d\nRUN go build -o /x .\n');
    const [a, b, c, d] = model.stages;
    const opaqueUp = anyUp((s) => s.runs.some((r) => r.opaqueBuild));
    assert.deepEqual([a, b, c, d].map(opaqueUp), [true, true, false, false]);
    const building = withDescendants(model.stages, (s) => s.runs.some((r) => r.goCommands.length > 0));
    assert.deepEqual([a, b, c, d].map((s) => building.has(s)), [false, false, true, true]);
  });

  it('handles a chain of 100,000 stages without recursion', () => {
    // Plain stage records: only index, baseStage and runs matter here.
    const stages: Stage[] = [];
    for (let i = 0; i < 100_000; i++) {
      stages.push({ index: i, baseStage: stages[i - 1], runs: i === 50_000 ? [{ opaqueBuild: true }] : [] } as unknown as Stage);
    }
    const last = stages.at(-1)!;
    assert.equal(rootStage(last), stages[0]);
    const opaqueUp = anyUp((s) => s.runs.some((r) => r.opaqueBuild));
    assert.equal(opaqueUp(last), true);
    assert.equal(opaqueUp(stages[10]), false);
    assert.equal(chainOf(last).length, 100_000);
    assert.equal(withDescendants(stages, (s) => s === last).size, 100_000);
  });
});
