// A rule that throws (a bug) must not hide its findings silently (issue 7): the CLI says so in one
// warning line per rule, and keeps reporting the other rules' findings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { CLI, ensureBuilt, FIXTURES, parseJsonFindings, REPO_ROOT } from './helpers.ts';

before(ensureBuilt);

/** Runs the CLI with `ruleId` made to throw (test/fail-rule-preload.cjs). */
function lintWithFailingRule(ruleId: string, args: string[]) {
  const preload = path.join(REPO_ROOT, 'test', 'fail-rule-preload.cjs');
  const result = spawnSync(process.execPath, ['--require', preload, CLI, ...args], {
    cwd: FIXTURES,
    encoding: 'utf8',
    env: { ...process.env, GO_DOCKERFILE_FAIL_RULE: ruleId },
  });
  if (result.error) throw result.error;
  return result;
}

test('one warning line per failing rule, however many files; the other findings stay', () => {
  const result = lintWithFailingRule('module-cache-order', ['lint', '-f', 'json', 'module/Dockerfile.bad', 'module/cgo.Dockerfile', 'module/alpine.Dockerfile']);
  const warnings = result.stderr.split('\n').filter((line) => line.includes('module-cache-order'));
  assert.equal(warnings.length, 1, result.stderr);
  assert.match(warnings[0], /^go-dockerfile: warning: module\/Dockerfile\.bad: rule module-cache-order failed, so its findings are missing .*injected failure/);
  const ids = parseJsonFindings(result.stdout).map((f) => f.ruleId);
  assert.ok(ids.includes('single-stage'), ids.join(', '));
  assert.ok(!ids.includes('module-cache-order'));
  assert.equal(result.status, 1);
});

test('fix mode warns once as well, across its passes', () => {
  const result = lintWithFailingRule('single-stage', ['fix', '--dry-run', 'module/Dockerfile.bad']);
  assert.equal(result.stderr.split('\n').filter((line) => line.includes('rule single-stage failed')).length, 1, result.stderr);
});

test('graph warns once too, and still draws', () => {
  const result = lintWithFailingRule('cgo-not-disabled', ['graph', '--format', 'json', 'module/cgo.Dockerfile']);
  assert.equal(result.stderr.split('\n').filter((line) => line.includes('rule cgo-not-disabled failed')).length, 1, result.stderr);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(JSON.parse(result.stdout).nodes.length > 0);
});
