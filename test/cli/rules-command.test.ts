// `go-dockerfile rules`: the catalog as the registry has it, in text and JSON.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { rules } from '../../server/src/engine/index.ts';
import type { RuleListing } from '../../server/src/cli/rules-command.ts';
import { ensureBuilt, FIXTURES, runCli } from './helpers.ts';

before(ensureBuilt);

test('rules --format json lists every registered rule with its metadata and an existing docs page', () => {
  const result = runCli(['rules', '--format', 'json'], { cwd: FIXTURES });
  assert.equal(result.status, 0);
  assert.equal(result.stderr, '');
  const listing = JSON.parse(result.stdout) as RuleListing[];
  assert.deepEqual(
    listing.map((rule) => rule.id),
    rules.map((rule) => rule.meta.id).sort(),
  );
  for (const rule of rules) {
    const listed = listing.find((entry) => entry.id === rule.meta.id)!;
    assert.equal(listed.defaultSeverity, rule.meta.defaultSeverity);
    assert.equal(listed.fixable, rule.meta.fixable);
    assert.equal(listed.description, rule.meta.description);
    assert.ok(fs.existsSync(fileURLToPath(listed.docs)), `${listed.docs} exists`);
  }
});

test('rules prints one aligned row per rule under a header', () => {
  const result = runCli(['rules'], { cwd: FIXTURES });
  assert.equal(result.status, 0);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^RULE +SEVERITY +FIXABLE +DOCS$/);
  assert.equal(lines.length, rules.length + 1);
  const docsColumn = lines[0].indexOf('DOCS');
  for (const rule of rules) {
    const line = lines.find((l) => l.startsWith(`${rule.meta.id} `));
    assert.ok(line, rule.meta.id);
    const cells = line.split(/ {2,}/);
    assert.deepEqual(cells.slice(0, 3), [rule.meta.id, rule.meta.defaultSeverity, rule.meta.fixable ? 'yes' : 'no']);
    assert.equal(line.indexOf('file://'), docsColumn);
  }
});

test('rules rejects arguments and unknown formats with exit 2', () => {
  const format = runCli(['rules', '--format', 'sarif'], { cwd: FIXTURES });
  assert.equal(format.status, 2);
  assert.equal(format.stderr, "go-dockerfile: rules: --format must be one of text, json (got 'sarif')\n");
  const extra = runCli(['rules', 'single-stage'], { cwd: FIXTURES });
  assert.equal(extra.status, 2);
  assert.match(extra.stderr, /rules: takes no arguments/);
  assert.equal(runCli(['help', 'rules'], { cwd: FIXTURES }).status, 0);
});
