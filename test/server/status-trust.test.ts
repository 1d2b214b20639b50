// What the VS Code client relies on for its status bar item (goDockerfile/status busy/idle around
// each lint, only when asked for) and for Restricted Mode (workspaceTrusted: false keeps the
// workspace's .go-dockerfile.json from turning the network on).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CGO_DOCKERFILE, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, TestClient } from './helpers.ts';
import { NETWORK_SPY } from './network-spy.ts';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol.ts';

before(() => ensureBuilt());

describe('goDockerfile/status', () => {
  let dir: string;
  before(() => {
    dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  });
  after(() => removeDir(dir));

  async function statusesAroundOneLint(initializationOptions: unknown): Promise<Array<{ state: string; diagnosticsSeen: number }>> {
    const client = await TestClient.start({ root: dir, settings: {}, initializationOptions });
    const seen: Array<{ state: string; diagnosticsSeen: number }> = [];
    client.connection.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      seen.push({ state: params.state, diagnosticsSeen: client.diagnostics.items.length });
    });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      await client.diagnosticsFor(uri, 1);
      await client.change(uri, CGO_DOCKERFILE.replace('go build', 'CGO_ENABLED=0 go build'));
      await client.diagnosticsFor(uri, 2);
      // The idle notification follows the publish; give it the same round trip.
      await client.request('shutdown', null);
      return seen;
    } finally {
      await client.connection.sendNotification('exit');
      client.connection.dispose();
    }
  }

  test('busy before each lint, idle after its diagnostics, when the client asks for it', async () => {
    const seen = await statusesAroundOneLint({ statusNotifications: true });
    assert.deepEqual(
      seen.map((s) => s.state),
      ['busy', 'idle', 'busy', 'idle'],
    );
    // Each idle comes after the diagnostics of its lint were sent.
    assert.equal(seen[1].diagnosticsSeen, 1);
    assert.equal(seen[3].diagnosticsSeen, 2);
  });

  test('nothing for clients that did not ask (other editors)', async () => {
    assert.deepEqual(await statusesAroundOneLint({}), []);
    assert.deepEqual(await statusesAroundOneLint(undefined), []);
  });
});

describe('Restricted Mode: workspaceTrusted false', () => {
  let dir: string;
  let networkLog: string;
  before(() => {
    dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO, '.go-dockerfile.json': JSON.stringify({ imageTagCompletion: { network: true }, rules: { 'cgo-not-disabled': 'info' } }) });
    networkLog = path.join(dir, 'network.log');
    fs.writeFileSync(path.join(dir, 'network-spy.cjs'), NETWORK_SPY);
  });
  after(() => removeDir(dir));

  async function withServer(initializationOptions: unknown, body: (client: TestClient) => Promise<void>): Promise<string[]> {
    fs.writeFileSync(networkLog, '');
    const client = await TestClient.start({ root: dir, settings: {}, initializationOptions, nodeArgs: ['--require', path.join(dir, 'network-spy.cjs')], env: { GDF_NETWORK_LOG: networkLog } });
    try {
      await body(client);
    } finally {
      await client.stop();
    }
    return fs.readFileSync(networkLog, 'utf8').split('\n').filter(Boolean);
  }

  const completeAlpineTag = async (client: TestClient) => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'FROM alpine:\n');
    await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 12 } });
  };

  test('the workspace config cannot turn the network on', async () => {
    assert.deepEqual(await withServer({ workspaceTrusted: false }, completeAlpineTag), []);
  });

  test('trusted (or a client without the notion) it can, as before', async () => {
    assert.ok((await withServer({ workspaceTrusted: true }, completeAlpineTag)).some((host) => host.includes('docker.io')));
    assert.ok((await withServer(undefined, completeAlpineTag)).some((host) => host.includes('docker.io')));
  });

  test('the rest of the workspace config still applies', async () => {
    await withServer({ workspaceTrusted: false }, async (client) => {
      const uri = fileUri(path.join(dir, 'Dockerfile.cgo'));
      await client.open(uri, CGO_DOCKERFILE);
      const diagnostics = await client.diagnosticsFor(uri, 1);
      const cgo = diagnostics.find((d) => d.code === 'cgo-not-disabled');
      assert.equal(cgo?.severity, 3, 'the config severity (info) holds');
    });
  });
});
