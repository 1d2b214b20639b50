// Bad input never crashes the server: binary, huge and garbage documents, malformed requests.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { CGO_DOCKERFILE, codes, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, TestClient, type Settings } from './helpers.ts';

before(() => ensureBuilt());

describe('robustness', { timeout: 60_000 }, () => {
  let dir: string;
  let client: TestClient;
  let settings: Settings = {};
  let counter = 0;
  const nextUri = () => fileUri(path.join(dir, `Dockerfile.t${++counter}`));

  before(async () => {
    dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
    client = await TestClient.start({ root: dir, settings: () => settings });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  /** The server still lints and answers after whatever came before. */
  async function assertStillAnswers(): Promise<void> {
    const uri = nextUri();
    await client.open(uri, CGO_DOCKERFILE);
    assert.ok(codes(await client.diagnosticsFor(uri, 1)).includes('cgo-not-disabled'));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.ok(hover, 'hover on FROM answers');
    await client.close(uri);
    assert.equal(client.child.exitCode, null, `server alive; stderr: ${client.stderr}`);
  }

  test('a binary document is skipped with one log line and no findings', async () => {
    // Like an executable: printable runs mixed with NUL padding.
    let binary = '\u007fELF';
    for (let i = 0; i < 4096; i++) binary += i % 4 === 0 ? '\u0000' : String.fromCharCode(32 + ((i * 7919) % 200));
    const uri = nextUri();
    const since = client.logs.items.length;
    await client.open(uri, binary);
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    const version = await client.change(uri, `${binary}\u0000`);
    assert.deepEqual(await client.diagnosticsFor(uri, version), []);
    const skipped = client.logs.items.slice(since).filter((line) => line.includes(uri));
    assert.equal(skipped.length, 1, skipped.join('\n'));
    assert.match(skipped[0], /binary/);
    const actions = await client.codeActions(uri, []);
    assert.deepEqual(actions, []);
    await client.close(uri);
    await assertStillAnswers();
  });

  test('a document over maxFileSize is skipped with one log line and no findings', async () => {
    settings = { maxFileSize: 1000 };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    try {
      const uri = nextUri();
      const since = client.logs.items.length;
      await client.open(uri, CGO_DOCKERFILE + '# padding\n'.repeat(200));
      assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
      const skipped = client.logs.items.slice(since).filter((line) => line.includes(uri));
      assert.equal(skipped.length, 1);
      assert.match(skipped[0], /maxFileSize/);
      await client.close(uri);
    } finally {
      settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }
    await assertStillAnswers();
  });

  test('a huge document under the default limit is linted without trouble', async () => {
    const uri = nextUri();
    await client.open(uri, CGO_DOCKERFILE + 'RUN echo hello \\\n  && echo world\n'.repeat(20_000));
    assert.ok(codes(await client.diagnosticsFor(uri, 1)).includes('cgo-not-disabled'));
    await client.close(uri);
    await assertStillAnswers();
  });

  test('garbage text and odd Dockerfiles are answered, not crashed on', async () => {
    const samples = [
      '',
      '\uFEFF',
      '\\\n\\\n\\',
      'FROM',
      'FROM golang:1.22 AS\nRUN <<EOF\nunterminated heredoc',
      '# escape=`\nFROM golang:1.22\nRUN go build `\n',
      '}{)(*&^%$#@!~'.repeat(200),
      '\r\r\n\n\r',
      'FROM golang:${GO_VERSION:-1.22}-alpine\nRUN go build -o /x .\n',
    ];
    for (const text of samples) {
      const uri = nextUri();
      await client.open(uri, text);
      assert.ok(Array.isArray(await client.diagnosticsFor(uri, 1)), JSON.stringify(text));
      await client.codeActions(uri, [], ['source.fixAll']);
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      await client.request('textDocument/semanticTokens/full', { textDocument: { uri } });
      await client.close(uri);
    }
    await assertStillAnswers();
  });

  test('malformed request parameters get an empty answer and a log line', async () => {
    const uri = nextUri();
    await client.open(uri, CGO_DOCKERFILE);
    await client.diagnosticsFor(uri, 1);
    const since = client.logs.items.length;
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: null, context: null });
    assert.deepEqual(actions, []);
    await client.logs.waitFor((line) => line.includes('codeAction failed'), since);
    await client.close(uri);
    await assertStillAnswers();
  });

  test('requests for documents that were never opened are answered empty', async () => {
    const uri = fileUri(path.join(dir, 'never-opened', 'Dockerfile'));
    assert.deepEqual(await client.codeActions(uri, []), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    assert.equal(await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    await assertStillAnswers();
  });

  test('untitled documents are linted without Go facts', async () => {
    const uri = 'untitled:Untitled-1';
    await client.open(uri, CGO_DOCKERFILE);
    assert.ok(Array.isArray(await client.diagnosticsFor(uri, 1)));
    await client.close(uri);
  });
});
