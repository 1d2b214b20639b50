// Starting the server: command-line arguments, initialize, capabilities and registrations.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CAPABILITIES, ensureBuilt, REPO_ROOT, SERVER, TestClient, makeDir, removeDir, GO_MOD } from './helpers.ts';

before(() => ensureBuilt());

describe('command line', () => {
  test('--version prints the package version', () => {
    const result = spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8' });
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), manifest.version);
  });

  test('--help lists the transports', () => {
    const result = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8' });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /--stdio/);
    assert.match(result.stdout, /--node-ipc/);
  });

  test('without a transport it explains itself and exits non-zero', () => {
    const result = spawnSync(process.execPath, [SERVER], { encoding: 'utf8' });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /no transport/);
  });
});

describe('initialize', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir({ 'go.mod': GO_MOD });
  });
  after(() => removeDir(dir));

  test('advertises code actions, completion and the general features', async () => {
    const client = await TestClient.start({ root: dir });
    try {
      const { capabilities, serverInfo } = client.initializeResult;
      assert.equal(serverInfo?.name, 'go-dockerfile');
      assert.equal(capabilities.textDocumentSync, 2);
      const codeActionProvider = capabilities.codeActionProvider as { codeActionKinds: string[] };
      assert.deepEqual(codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.go-dockerfile']);
      assert.ok(capabilities.completionProvider?.triggerCharacters?.includes(':'));
      assert.equal(capabilities.hoverProvider, true);
      assert.equal(capabilities.documentFormattingProvider, true);
      assert.equal(capabilities.documentSymbolProvider, true);
      assert.equal(capabilities.foldingRangeProvider, true);
      assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
      assert.ok(capabilities.semanticTokensProvider);
    } finally {
      await client.stop();
    }
  });

  test('leaves the general features to another Dockerfile extension when languageFeatures is auto', async () => {
    const client = await TestClient.start({ root: dir, initializationOptions: { otherDockerExtension: true } });
    try {
      const { capabilities } = client.initializeResult;
      assert.equal(capabilities.hoverProvider, true, 'the Go hover stays');
      assert.equal(capabilities.documentFormattingProvider, undefined);
      assert.equal(capabilities.semanticTokensProvider, undefined);
      assert.ok(capabilities.codeActionProvider, 'Go quick fixes stay');
      assert.deepEqual(capabilities.completionProvider?.triggerCharacters, [':'], 'golang tag completion stays');
    } finally {
      await client.stop();
    }
  });

  test('languageFeatures "on" keeps the general features next to another Dockerfile extension', async () => {
    const client = await TestClient.start({ root: dir, initializationOptions: { otherDockerExtension: true, languageFeatures: 'on' } });
    try {
      assert.equal(client.initializeResult.capabilities.hoverProvider, true);
    } finally {
      await client.stop();
    }
  });

  test('does not advertise semantic tokens or prepareRename to a client without them', async () => {
    const capabilities = structuredClone(DEFAULT_CAPABILITIES);
    delete capabilities.textDocument!.semanticTokens;
    delete capabilities.textDocument!.rename;
    const client = await TestClient.start({ root: dir, capabilities });
    try {
      assert.equal(client.initializeResult.capabilities.semanticTokensProvider, undefined);
      assert.equal(client.initializeResult.capabilities.renameProvider, true);
    } finally {
      await client.stop();
    }
  });

  test('registers file watchers for Go files and the config file, and for configuration changes', async () => {
    const client = await TestClient.start({ root: dir });
    try {
      const watchers = await client.registrations.waitFor((r) => r.method === 'workspace/didChangeWatchedFiles');
      const globs = (watchers.registerOptions as { watchers: Array<{ globPattern: string }> }).watchers.map((w) => w.globPattern);
      for (const glob of ['**/go.mod', '**/go.sum', '**/go.work', '**/*.go', '**/vendor/modules.txt', '**/.go-dockerfile.json']) {
        assert.ok(globs.includes(glob), `watches ${glob}`);
      }
      await client.registrations.waitFor((r) => r.method === 'workspace/didChangeConfiguration');
    } finally {
      await client.stop();
    }
  });

  test('shuts down cleanly on shutdown + exit', async () => {
    const client = await TestClient.start({ root: dir });
    const exit = new Promise<number | null>((resolve) => client.child.once('exit', (code) => resolve(code)));
    await client.stop();
    assert.equal(await exit, 0);
  });
});
