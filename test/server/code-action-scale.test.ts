// Code actions share one model and one analysis per document version (issue 7, part 3): a request
// carrying every diagnostic of a large file costs about one lint, not one analysis per diagnostic.
// Timed as a ratio against the lint of the same document in the same server, never in absolute time.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { before, describe, test } from 'node:test';
import { shapeNamed } from '../perf/shapes.ts';
import { codes, ensureBuilt, moduleClient } from './helpers.ts';

before(() => ensureBuilt());

/** A code-action request may cost this many times the lint that published the diagnostics. */
const MAX_RATIO = 20;

describe('code actions at scale', { timeout: 120_000 }, () => {
  const shared = moduleClient();

  test("the issue's 82 KB file: a request carrying its 2,001 diagnostics", async () => {
    const text = shapeNamed('code-actions').generate(82_000);
    const uri = shared.nextUri();
    const openedAt = performance.now();
    await shared.client.open(uri, text);
    // The first publish of a large file carries the Go findings (syntax diagnostics follow).
    const diagnostics = await shared.client.diagnosticsFor(uri, 1);
    const lintMs = performance.now() - openedAt;
    assert.ok(codes(diagnostics).length >= 2000, `${codes(diagnostics).length} diagnostics`);
    const askedAt = performance.now();
    const actions = await shared.client.codeActions(uri, diagnostics);
    const actionMs = performance.now() - askedAt;
    assert.ok(actions.filter((a) => a.title.startsWith('Disable ')).length >= 2000);
    assert.ok(actions.filter((a) => a.isPreferred).length >= 2000);
    assert.ok(actionMs <= MAX_RATIO * lintMs, `code actions ${actionMs.toFixed(0)} ms, the lint ${lintMs.toFixed(0)} ms: more than ${MAX_RATIO}x`);
    await shared.client.close(uri);
  });

  test('2,000 dockerfile-utils quick fixes (keyword case) in one request', async () => {
    const text = `FROM golang:1.22\n${'run echo hello world, this line is lowercase\n'.repeat(2000)}`;
    const uri = shared.nextUri();
    const openedAt = performance.now();
    await shared.client.open(uri, text);
    // The syntax diagnostics come with the second publish of a large file's first lint.
    const published = await shared.client.diagnostics.waitFor((p) => p.uri === uri && p.version === 1 && p.diagnostics.some((d) => d.source === 'dockerfile-utils'));
    const diagnostics = published.diagnostics;
    const lintMs = performance.now() - openedAt;
    const theirs = diagnostics.filter((d) => d.source === 'dockerfile-utils');
    assert.ok(theirs.length >= 2000, `${theirs.length} dockerfile-utils diagnostics`);
    const askedAt = performance.now();
    const actions = await shared.client.codeActions(uri, theirs);
    const actionMs = performance.now() - askedAt;
    const uppercase = actions.filter((a) => /uppercase/i.test(a.title));
    assert.ok(uppercase.length >= 2000, actions.slice(0, 3).map((a) => a.title).join(' | '));
    assert.ok(actionMs <= MAX_RATIO * lintMs, `code actions ${actionMs.toFixed(0)} ms, the lint ${lintMs.toFixed(0)} ms: more than ${MAX_RATIO}x`);
    await shared.client.close(uri);
  });
});
