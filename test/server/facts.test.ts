// Go facts in the server: diagnostics never wait for them; the server publishes what it knows,
// then publishes again when the facts for that version land.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { codes, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, TestClient } from './helpers.ts';

before(() => ensureBuilt());

/** Sources copied before the modules are downloaded: module-cache-order, unless the facts say there is no go.sum. */
const SOURCES_FIRST = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go mod download', 'RUN CGO_ENABLED=0 go build -o /out/app .', '', 'FROM scratch', 'COPY --from=build /out/app /app', ''].join('\n');

describe('Go facts and diagnostics', { timeout: 60_000 }, () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    // No go.sum: nothing to download, so module-cache-order has nothing to say once the facts are known.
    dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
    client = await TestClient.start({ root: dir, settings: {} });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  test('the first publish does not wait for the facts; the same version is published again when they land', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    const since = client.diagnostics.items.length;
    await client.open(uri, SOURCES_FIRST);
    const first = await client.diagnostics.waitFor((p) => p.uri === uri && p.version === 1, since);
    assert.ok(codes(first.diagnostics).includes('module-cache-order'), 'published before the facts were read');
    const index = client.diagnostics.items.indexOf(first);
    const second = await client.diagnostics.waitFor((p) => p.uri === uri && p.version === 1, index + 1);
    assert.ok(!codes(second.diagnostics).includes('module-cache-order'), 'republished with the facts: no go.sum');
    // Later lints use the facts at once: one publish per version.
    const version = await client.change(uri, `${SOURCES_FIRST}# edited\n`);
    const published = await client.diagnosticsFor(uri, version);
    assert.ok(!codes(published).includes('module-cache-order'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(client.diagnostics.items.filter((p) => p.uri === uri && p.version === version).length, 1);
    await client.close(uri);
  });

  test('a changed .go file reported by the watcher updates the facts and the diagnostics', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.sum'));
    await client.open(uri, SOURCES_FIRST);
    await client.diagnostics.waitFor((p) => p.uri === uri && p.version === 1 && !codes(p.diagnostics).includes('module-cache-order'));
    // go.sum appears: now the downloads are worth keeping, and the rule speaks.
    fs.writeFileSync(path.join(dir, 'go.sum'), '');
    const since = client.diagnostics.items.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(dir, 'go.sum')), type: 1 }] });
    await client.diagnostics.waitFor((p) => p.uri === uri && codes(p.diagnostics).includes('module-cache-order'), since);
    fs.rmSync(path.join(dir, 'go.sum'));
    await client.close(uri);
  });
});

describe('contexts in .go-dockerfile.json, read the same way as the CLI', { timeout: 60_000 }, () => {
  let dir: string;
  let client: TestClient;
  const DOCKERFILE = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o /out/api .\nFROM scratch\nCOPY --from=build /out/api /api\n';
  before(async () => {
    dir = makeDir({
      'services/api/go.mod': GO_MOD,
      'services/api/go.sum': '',
      'services/api/main.go': MAIN_GO,
      'deploy/api.Dockerfile': DOCKERFILE,
    });
    fs.mkdirSync(path.join(dir, '.git'));
    client = await TestClient.start({ root: dir, settings: {} });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  test('a contexts entry moves the build to the module, and the facts follow the config file', async () => {
    const uri = fileUri(path.join(dir, 'deploy', 'api.Dockerfile'));
    // No mapping: deploy/ holds no module, so the rules that need one stay quiet.
    await client.open(uri, DOCKERFILE);
    await client.diagnostics.waitFor((p) => p.uri === uri && p.version === 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latest = () => client.diagnostics.items.filter((p) => p.uri === uri).at(-1)!;
    assert.ok(!codes(latest().diagnostics).includes('module-cache-order'));
    const since = client.diagnostics.items.length;
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify({ contexts: { 'deploy/api.Dockerfile': 'services/api' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(dir, '.go-dockerfile.json')), type: 1 }] });
    await client.diagnostics.waitFor((p) => p.uri === uri && codes(p.diagnostics).includes('module-cache-order'), since);
    await client.close(uri);
  });
});
