// Diagnostics over stdio: mapping, settings, the config file, versions, closing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  CGO_DOCKERFILE,
  codes,
  ensureBuilt,
  fileUri,
  GO_MOD,
  MAIN_GO,
  makeDir,
  moduleClient,
  removeDir,
  REPO_ROOT,
  TestClient,
  DEFAULT_CAPABILITIES,
} from './helpers.ts';

before(() => ensureBuilt());

describe('diagnostics', { timeout: 60_000 }, () => {
  const shared = moduleClient();
  /** A fresh Dockerfile URI in the module for each test, so tests do not see each other's documents. */
  const nextUri = shared.nextUri;

  test('publishes our findings with source, rule id, docs link and the document version', async () => {
    const uri = nextUri();
    await shared.client.open(uri, CGO_DOCKERFILE);
    const diagnostics = await shared.client.diagnosticsFor(uri, 1);
    const cgo = diagnostics.find((d) => d.code === 'cgo-not-disabled');
    assert.ok(cgo, `cgo-not-disabled among ${JSON.stringify(codes(diagnostics))}`);
    assert.equal(cgo.source, 'go-dockerfile');
    assert.equal(cgo.codeDescription?.href, pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules', 'cgo-not-disabled.md')).href);
    // The underline is on the build command, not the whole line.
    assert.equal(cgo.range.start.line, 5);
    assert.ok(cgo.range.end.character - cgo.range.start.character < 'RUN go build -o /out/app .'.length);
    await shared.client.close(uri);
  });

  test('a rule severity setting changes the diagnostic severity', async () => {
    shared.client.settings = { rules: { 'cgo-not-disabled': 'hint' } };
    await shared.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = nextUri();
    await shared.client.open(uri, CGO_DOCKERFILE);
    const cgo = (await shared.client.diagnosticsFor(uri, 1)).find((d) => d.code === 'cgo-not-disabled');
    assert.equal(cgo?.severity, 4);
    shared.client.settings = {};
    await shared.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await shared.client.close(uri);
  });

  test('a configuration change re-lints open documents with the new settings', async () => {
    const uri = nextUri();
    await shared.client.open(uri, CGO_DOCKERFILE);
    assert.ok(codes(await shared.client.diagnosticsFor(uri, 1)).includes('cgo-not-disabled'));
    const since = shared.client.diagnostics.items.length;
    shared.client.settings = { rules: { 'cgo-not-disabled': 'off' } };
    await shared.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const relinted = await shared.client.diagnostics.waitFor((p) => p.uri === uri, since);
    assert.ok(!codes(relinted.diagnostics).includes('cgo-not-disabled'));
    shared.client.settings = {};
    await shared.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await shared.client.close(uri);
  });

  test('enable: false publishes no go-dockerfile findings', async () => {
    shared.client.settings = { enable: false };
    await shared.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = nextUri();
    await shared.client.open(uri, CGO_DOCKERFILE);
    assert.deepEqual(codes(await shared.client.diagnosticsFor(uri, 1)), []);
    shared.client.settings = {};
    await shared.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await shared.client.close(uri);
  });

  test('dockerfile-utils syntax diagnostics come along, with their own source, unless languageFeatures is off', async () => {
    const text = `${CGO_DOCKERFILE}MAINTAINER someone@example.com\n`;
    const uri = nextUri();
    await shared.client.open(uri, text);
    const withFeatures = await shared.client.diagnosticsFor(uri, 1);
    assert.ok(withFeatures.some((d) => d.source === 'dockerfile-utils'), JSON.stringify(withFeatures));
    await shared.client.close(uri);

    shared.client.settings = { languageFeatures: 'off' };
    await shared.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri2 = nextUri();
    await shared.client.open(uri2, text);
    const withoutFeatures = await shared.client.diagnosticsFor(uri2, 1);
    assert.ok(!withoutFeatures.some((d) => d.source === 'dockerfile-utils'));
    assert.ok(codes(withoutFeatures).includes('cgo-not-disabled'));
    shared.client.settings = {};
    await shared.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await shared.client.close(uri2);
  });

  test('a blank Dockerfile (just created) gets no "No source image" error; once it has text, syntax checks run', async () => {
    const uri = nextUri();
    await shared.client.open(uri, '\n  \r\n');
    assert.deepEqual(await shared.client.diagnosticsFor(uri, 1), []);
    const version = await shared.client.change(uri, 'MAINTAINER someone@example.com\n');
    const typed = await shared.client.diagnosticsFor(uri, version);
    assert.ok(typed.some((d) => d.source === 'dockerfile-utils'), JSON.stringify(typed));
    await shared.client.close(uri);
  });

  test('on opening a large file the Go findings come first, then the syntax diagnostics join them', async () => {
    const filler = Array.from({ length: 4000 }, (_, i) => `LABEL n${i}="${'x'.repeat(8)}"`).join('\n');
    const text = `${CGO_DOCKERFILE}MAINTAINER someone@example.com\n${filler}\n`;
    assert.ok(text.length > 64 * 1024);
    const uri = nextUri();
    const since = shared.client.diagnostics.items.length;
    await shared.client.open(uri, text);
    const first = await shared.client.diagnostics.waitFor((p) => p.uri === uri && p.version === 1, since);
    assert.deepEqual([...new Set(first.diagnostics.map((d) => d.source))], ['go-dockerfile']);
    const full = await shared.client.diagnostics.waitFor((p) => p.uri === uri && p.version === 1 && p.diagnostics.some((d) => d.source === 'dockerfile-utils'), since);
    assert.deepEqual(codes(full.diagnostics), codes(first.diagnostics), 'the Go findings stay');
    await shared.client.close(uri);
  });

  test('fixing the text makes the finding go away on the next version', async () => {
    const uri = nextUri();
    await shared.client.open(uri, CGO_DOCKERFILE);
    assert.ok(codes(await shared.client.diagnosticsFor(uri, 1)).includes('cgo-not-disabled'));
    const version = await shared.client.change(uri, CGO_DOCKERFILE.replace('RUN go build', 'RUN CGO_ENABLED=0 go build'));
    assert.ok(!codes(await shared.client.diagnosticsFor(uri, version)).includes('cgo-not-disabled'));
    await shared.client.close(uri);
  });

  test('rapid changes publish only the latest version', async () => {
    const uri = nextUri();
    await shared.client.open(uri, CGO_DOCKERFILE);
    await shared.client.diagnosticsFor(uri, 1);
    const since = shared.client.diagnostics.items.length;
    let last = 1;
    for (let i = 0; i < 5; i++) last = await shared.client.change(uri, `${CGO_DOCKERFILE}# edit ${i}\n`);
    await shared.client.diagnosticsFor(uri, last);
    const published = shared.client.diagnostics.items.slice(since).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(published, [last]);
    await shared.client.close(uri);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = nextUri();
    await shared.client.open(uri, CGO_DOCKERFILE);
    assert.ok((await shared.client.diagnosticsFor(uri, 1)).length > 0);
    const since = shared.client.diagnostics.items.length;
    await shared.client.close(uri);
    const cleared = await shared.client.diagnostics.waitFor((p) => p.uri === uri, since);
    assert.deepEqual(cleared.diagnostics, []);
  });

  test('a Dockerfile outside any Go module is still linted', async () => {
    const elsewhere = makeDir({});
    try {
      const uri = fileUri(path.join(elsewhere, 'Dockerfile'));
      await shared.client.open(uri, CGO_DOCKERFILE);
      assert.ok(Array.isArray(await shared.client.diagnosticsFor(uri, 1)));
      await shared.client.close(uri);
    } finally {
      removeDir(elsewhere);
    }
  });
});

describe('stale results', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  });
  after(() => removeDir(dir));

  test('a result computed for a superseded version is never published', async () => {
    // Hold the first settings answer until the document has moved on: the lint of version 1 then finishes late.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const client = await TestClient.start({
      root: dir,
      settings: async () => {
        await held;
        return {};
      },
    });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      await client.configurationRequests.waitFor((items) => items.some((i) => i.scopeUri === fileUri(dir)));
      await client.change(uri, `${CGO_DOCKERFILE}# two\n`);
      const last = await client.change(uri, `${CGO_DOCKERFILE}# three\n`);
      release();
      await client.diagnosticsFor(uri, last);
      assert.deepEqual(
        client.diagnostics.items.filter((p) => p.uri === uri).map((p) => p.version),
        [last],
      );
    } finally {
      await client.stop();
    }
  });
});

describe('editor settings', { timeout: 60_000 }, () => {
  test('are asked once per workspace folder (resource settings differ by folder), and again after a change', async () => {
    const dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO, 'svc/main.go': MAIN_GO });
    const outside = makeDir({});
    const client = await TestClient.start({ root: dir, settings: {} });
    try {
      const scopes = () => client.configurationRequests.items.flat().filter((i) => i.section === 'goDockerfile').map((i) => i.scopeUri);
      const first = fileUri(path.join(dir, 'Dockerfile'));
      const second = fileUri(path.join(dir, 'svc', 'Dockerfile'));
      await client.open(first, CGO_DOCKERFILE);
      await client.diagnosticsFor(first, 1);
      await client.open(second, CGO_DOCKERFILE);
      await client.diagnosticsFor(second, 1);
      assert.deepEqual(scopes(), [fileUri(dir)]);
      // Outside every folder, the document is its own scope.
      const stray = fileUri(path.join(outside, 'Dockerfile'));
      await client.open(stray, CGO_DOCKERFILE);
      await client.diagnosticsFor(stray, 1);
      assert.deepEqual(scopes(), [fileUri(dir), stray]);
      // A configuration change forgets what was read.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.configurationRequests.waitFor(() => scopes().filter((s) => s === fileUri(dir)).length === 2);
    } finally {
      await client.stop();
      removeDir(dir);
      removeDir(outside);
    }
  });
});

describe('.go-dockerfile.json', { timeout: 60_000 }, () => {
  test('turns a rule off for the workspace', async () => {
    const dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO, '.go-dockerfile.json': '{"rules": {"cgo-not-disabled": "off"}}' });
    const client = await TestClient.start({ root: dir, settings: {} });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      assert.ok(!codes(await client.diagnosticsFor(uri, 1)).includes('cgo-not-disabled'));
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });

  test('applies to a Dockerfile in a subfolder of the workspace', async () => {
    const dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO, '.go-dockerfile.json': '{"rules": {"cgo-not-disabled": "off"}}' });
    const client = await TestClient.start({ root: dir, settings: {} });
    try {
      const uri = fileUri(path.join(dir, 'deploy', 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      assert.ok(!codes(await client.diagnosticsFor(uri, 1)).includes('cgo-not-disabled'));
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });

  test('editor settings win over the file', async () => {
    const dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO, '.go-dockerfile.json': '{"rules": {"cgo-not-disabled": "off"}}' });
    const client = await TestClient.start({ root: dir, settings: { rules: { 'cgo-not-disabled': 'warning' } } });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      const cgo = (await client.diagnosticsFor(uri, 1)).find((d) => d.code === 'cgo-not-disabled');
      assert.equal(cgo?.severity, 2);
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });

  test('is used by clients without workspace/configuration', async () => {
    const dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO, '.go-dockerfile.json': '{"rules": {"cgo-not-disabled": "hint"}}' });
    const capabilities = structuredClone(DEFAULT_CAPABILITIES);
    capabilities.workspace!.configuration = false;
    const client = await TestClient.start({ root: dir, capabilities });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      const cgo = (await client.diagnosticsFor(uri, 1)).find((d) => d.code === 'cgo-not-disabled');
      assert.equal(cgo?.severity, 4);
      assert.equal(client.configurationRequests.items.length, 0);
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });

  test('bad JSON is reported once in the log and ignored', async () => {
    const dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO, '.go-dockerfile.json': '{"rules": {"cgo-not-disabled": "off",}' });
    const client = await TestClient.start({ root: dir, settings: {} });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      assert.ok(codes(await client.diagnosticsFor(uri, 1)).includes('cgo-not-disabled'));
      const version = await client.change(uri, `${CGO_DOCKERFILE}# again\n`);
      await client.diagnosticsFor(uri, version);
      const complaints = client.logs.items.filter((line) => line.includes('.go-dockerfile.json'));
      assert.equal(complaints.length, 1, complaints.join('\n'));
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });

  test('a change to the file is picked up after the watcher reports it', async () => {
    const dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
    const client = await TestClient.start({ root: dir, settings: {} });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      assert.ok(codes(await client.diagnosticsFor(uri, 1)).includes('cgo-not-disabled'));
      const configFile = path.join(dir, '.go-dockerfile.json');
      fs.writeFileSync(configFile, '{"rules": {"cgo-not-disabled": "off"}}');
      const since = client.diagnostics.items.length;
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(configFile), type: 1 }] });
      const relinted = await client.diagnostics.waitFor((p) => p.uri === uri, since);
      assert.ok(!codes(relinted.diagnostics).includes('cgo-not-disabled'));
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });
});
