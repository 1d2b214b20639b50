// A rule that throws (a bug) must not hide its findings silently (issue 7): the server logs it to
// the output channel once per rule and document, and keeps publishing the other rules' findings.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { codes, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, REPO_ROOT, TestClient } from './helpers.ts';

before(() => ensureBuilt());

/** cgo-not-disabled and module-cache-order both report on this file (the release flags keep strip-symbols and trimpath quiet). */
const TWO_RULES = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go mod download', 'RUN go build -trimpath -ldflags="-s -w" -o /out/app .', 'FROM scratch', 'COPY --from=build /out/app /app', ''].join('\n');

describe('a rule that throws', { timeout: 60_000 }, () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = makeDir({ 'go.mod': GO_MOD, 'go.sum': '', 'main.go': MAIN_GO });
    client = await TestClient.start({
      root: dir,
      settings: {},
      nodeArgs: ['--require', path.join(REPO_ROOT, 'test', 'fail-rule-preload.cjs')],
      env: { GO_DOCKERFILE_FAIL_RULE: 'module-cache-order' },
    });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  test('is logged once per document, and the other rules still report', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    const failures = () => client.logs.items.filter((line) => line.includes('rule module-cache-order failed') && line.includes(uri));
    await client.open(uri, TWO_RULES);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(codes(diagnostics), ['cgo-not-disabled']);
    // Analysing again (an edit, quick fixes, fix-all's passes) does not repeat the line.
    const version = await client.change(uri, `${TWO_RULES}# edited\n`);
    await client.diagnosticsFor(uri, version);
    await client.codeActions(uri, diagnostics);
    await client.codeActions(uri, [], ['source.fixAll.go-dockerfile']);
    assert.equal(failures().length, 1, client.logs.items.join('\n'));
    assert.match(failures()[0], /its findings are missing there .*injected failure in module-cache-order/);
    // Another document gets its own line.
    const other = fileUri(path.join(dir, 'Dockerfile.other'));
    await client.open(other, TWO_RULES);
    await client.diagnosticsFor(other, 1);
    assert.equal(client.logs.items.filter((line) => line.includes('rule module-cache-order failed') && line.includes(other)).length, 1);
    assert.equal(client.child.exitCode, null, 'the server is alive');
  });
});
