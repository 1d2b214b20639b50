// A lint of a large file (issue 11): our findings are published as soon as the Go analysis is done,
// and the syntax diagnostics (dockerfile-utils) are added when they arrive, whenever none are shown
// (after opening, or while typing in a file without any). Both publishes carry the same version; the
// second only adds to the first (nothing shown disappears), and a file whose validation adds nothing
// is published once. With syntax diagnostics shown, and in small files, a version is published once.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CGO_DOCKERFILE, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, TestClient } from './helpers.ts';

before(() => ensureBuilt());

/** Comment lines that take a Dockerfile past the size from which the first publish is split (16 KB). */
const PADDING = Array.from({ length: 400 }, (_, i) => `# padding line ${i} keeps this Dockerfile large enough`).join('\n');
/** A lowercase instruction: dockerfile-utils reports its casing. */
const SYNTAX_PROBLEM = 'run echo lowercase';

describe('first publish after opening', { timeout: 60_000 }, () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = makeDir({ 'go.mod': GO_MOD, 'go.sum': '', 'main.go': MAIN_GO });
    client = await TestClient.start({ root: dir, settings: { languageFeatures: 'on' }, initializationOptions: { languageFeatures: 'on' } });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  const publishesOf = (uri: string, version: number) => client.diagnostics.items.filter((p) => p.uri === uri && p.version === version);
  const fromUtils = (diagnostics: Array<{ source?: string }>) => diagnostics.filter((d) => d.source === 'dockerfile-utils');

  test('a large file: the Go findings first, then the same plus the syntax diagnostics', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.large'));
    const text = `${PADDING}\n${CGO_DOCKERFILE}${SYNTAX_PROBLEM}\n`;
    assert.ok(text.length > 16 * 1024);
    await client.open(uri, text);
    await client.diagnostics.waitFor((p) => p.uri === uri && p.version === 1 && fromUtils(p.diagnostics).length > 0);
    const [first, second, ...more] = publishesOf(uri, 1);
    assert.deepEqual(more, [], 'two publishes for version 1');
    assert.ok(first && second);
    assert.deepEqual(fromUtils(first.diagnostics), [], 'the first publish does not wait for validation');
    assert.ok(first.diagnostics.some((d) => d.code === 'cgo-not-disabled'), 'the first publish has our findings');
    // Nothing shown by the first publish disappears in the second.
    for (const d of first.diagnostics) assert.ok(second.diagnostics.some((e) => JSON.stringify(e) === JSON.stringify(d)), `kept: ${d.message}`);
    await client.close(uri);
  });

  test('a large file whose validation adds nothing is published once', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.large-clean'));
    await client.open(uri, `${PADDING}\n${CGO_DOCKERFILE}`);
    await client.diagnosticsFor(uri, 1);
    // A later version's publish comes after anything the first lint could still publish.
    const version = await client.change(uri, `${PADDING}\n${CGO_DOCKERFILE}# edited\n`);
    await client.diagnosticsFor(uri, version);
    assert.equal(publishesOf(uri, 1).length, 1);
    await client.close(uri);
  });

  test('typing in a large file: Go findings first while no syntax diagnostic is shown, then once per version', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.large-typing'));
    await client.open(uri, `${PADDING}\n${CGO_DOCKERFILE}`);
    assert.deepEqual(fromUtils(await client.diagnosticsFor(uri, 1)), []);
    // No syntax diagnostic shown: the edit that adds one is published in two steps.
    const withProblem = await client.change(uri, `${PADDING}\n${CGO_DOCKERFILE}${SYNTAX_PROBLEM}\n`);
    await client.diagnostics.waitFor((p) => p.uri === uri && p.version === withProblem && fromUtils(p.diagnostics).length > 0);
    const [first, second, ...more] = publishesOf(uri, withProblem);
    assert.deepEqual(more, []);
    assert.ok(first && second, 'two publishes for the edit');
    assert.deepEqual(fromUtils(first.diagnostics), [], 'the Go findings did not wait for the validation');
    assert.ok(first.diagnostics.some((d) => d.code === 'cgo-not-disabled'));
    for (const d of first.diagnostics) assert.ok(second.diagnostics.some((e) => JSON.stringify(e) === JSON.stringify(d)), `kept: ${d.message}`);
    // A syntax diagnostic is shown now: the next edit is published once, with it (it never disappears).
    const edited = await client.change(uri, `${PADDING}\n${CGO_DOCKERFILE}${SYNTAX_PROBLEM}\n# edited\n`);
    assert.ok(fromUtils(await client.diagnosticsFor(uri, edited)).length > 0, 'published with the syntax diagnostics');
    const later = await client.change(uri, `${PADDING}\n${CGO_DOCKERFILE}${SYNTAX_PROBLEM}\n# edited twice\n`);
    await client.diagnosticsFor(uri, later);
    assert.equal(publishesOf(uri, edited).length, 1);
    await client.close(uri);
  });

  test('a small file is published once, with the syntax diagnostics', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.small'));
    await client.open(uri, `${CGO_DOCKERFILE}${SYNTAX_PROBLEM}\n`);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.ok(fromUtils(diagnostics).length > 0, 'complete on the first publish');
    const version = await client.change(uri, `${CGO_DOCKERFILE}${SYNTAX_PROBLEM}\n# edited\n`);
    await client.diagnosticsFor(uri, version);
    assert.equal(publishesOf(uri, 1).length, 1);
    await client.close(uri);
  });
});
