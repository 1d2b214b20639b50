// FROM image-tag completion: golang tags come from go.mod, and nothing reaches the network unless opted in.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { ensureBuilt, fileUri, MAIN_GO, makeDir, removeDir, TestClient, type Settings } from './helpers.ts';
import { NETWORK_SPY } from './network-spy.ts';

before(() => ensureBuilt());

function labels(result: CompletionItem[] | CompletionList | null): string[] {
  if (!result) return [];
  return (Array.isArray(result) ? result : result.items).map((item) => item.label);
}

describe('FROM tag completion', { timeout: 60_000 }, () => {
  let dir: string;
  let client: TestClient;
  let networkLog: string;
  let settings: Settings = {};

  before(async () => {
    dir = makeDir({ 'go.mod': 'module example.com/app\n\ngo 1.22.3\n\ntoolchain go1.23.1\n', 'main.go': MAIN_GO });
    networkLog = path.join(dir, 'network.log');
    fs.writeFileSync(networkLog, '');
    const spy = path.join(dir, 'network-spy.cjs');
    fs.writeFileSync(spy, NETWORK_SPY);
    client = await TestClient.start({
      root: dir,
      settings: () => settings,
      nodeArgs: ['--require', spy],
      env: { GDF_NETWORK_LOG: networkLog },
    });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  async function complete(text: string, line: number, character: number): Promise<CompletionItem[] | CompletionList | null> {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, text);
    try {
      return await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    } finally {
      await client.close(uri);
    }
  }

  const networkAttempts = () => fs.readFileSync(networkLog, 'utf8').split('\n').filter(Boolean);

  test('golang: offers the go.mod toolchain and go versions with their variants', async () => {
    const result = await complete('FROM golang:\n', 0, 12);
    const tags = labels(result);
    for (const tag of ['1.23.1', '1.23.1-bookworm', '1.23.1-alpine', '1.23', '1.22.3', '1.22.3-bookworm', '1.22.3-alpine', '1.22', '1.22-alpine']) {
      assert.ok(tags.includes(tag), `${tag} in ${JSON.stringify(tags)}`);
    }
    assert.ok(tags.indexOf('1.23.1') < tags.indexOf('1.22.3'), 'the toolchain version comes first');
    assert.deepEqual(networkAttempts(), []);
  });

  test('golang tags replace the tag already typed', async () => {
    const result = await complete('FROM golang:1.2 AS build\n', 0, 15);
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    const item = items.find((i) => i.label === '1.22.3');
    assert.ok(item);
    assert.deepEqual((item.textEdit as { range: unknown }).range, { start: { line: 0, character: 12 }, end: { line: 0, character: 15 } });
  });

  test('golang behind a registry prefix and --platform still gets go.mod tags', async () => {
    const result = await complete('FROM --platform=$BUILDPLATFORM docker.io/library/golang:\n', 0, 56);
    assert.ok(labels(result).includes('1.22.3-bookworm'), JSON.stringify(labels(result)));
  });

  test('other images get no tags and no network request by default', async () => {
    const result = await complete('FROM alpine:\n', 0, 12);
    assert.deepEqual(labels(result), []);
    assert.deepEqual(networkAttempts(), []);
  });

  test('instruction completion still comes from the language service, offline', async () => {
    const result = await complete('FROM golang:1.22 AS build\nWO\n', 1, 2);
    assert.ok(labels(result).some((label) => label.startsWith('WORKDIR')), JSON.stringify(labels(result)));
    assert.deepEqual(networkAttempts(), []);
  });

  test('with imageTagCompletion.network the request for other images is delegated (and reaches for Docker Hub)', async () => {
    settings = { imageTagCompletion: { network: true } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    try {
      const result = await complete('FROM alpine:\n', 0, 12);
      assert.deepEqual(labels(result), []); // the spy fails the connection
      assert.ok(networkAttempts().some((host) => host.includes('docker.io')), JSON.stringify(networkAttempts()));
    } finally {
      settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      fs.writeFileSync(networkLog, '');
    }
  });

  test('after go.mod changes and the watcher reports it, the tags follow', async () => {
    const goMod = path.join(dir, 'go.mod');
    assert.ok(labels(await complete('FROM golang:\n', 0, 12)).includes('1.23.1'));
    fs.writeFileSync(goMod, 'module example.com/app\n\ngo 1.24.0\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(goMod), type: 2 }] });
    const tags = labels(await complete('FROM golang:\n', 0, 12));
    assert.ok(tags.includes('1.24.0-alpine'), JSON.stringify(tags));
    assert.ok(!tags.includes('1.23.1'), JSON.stringify(tags));
  });
});
