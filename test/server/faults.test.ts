// The server under protocol faults (issue 12): malformed JSON-RPC, unknown methods, requests for
// documents that are closed or were never opened, positions out of range, and the cancellation of
// every request kind. After each, it still lints and answers.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { BUILD_GRAPH_METHOD, SCAFFOLD_METHOD, WORKSPACE_INFO_METHOD } from '../../server/src/lsp/protocol.ts';
import { CGO_DOCKERFILE, codes, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, TestClient } from './helpers.ts';

before(() => ensureBuilt());

const origin = { line: 0, character: 0 };
const range = (start = origin, end = origin) => ({ start, end });

/** Every request the server handles, with parameters for `uri` at `position`. */
function requestsFor(uri: string, position: { line: number; character: number }, dir: string, diagnostics: Diagnostic[] = []): Array<[string, unknown]> {
  const textDocument = { uri };
  const formatting = { tabSize: 4, insertSpaces: true };
  return [
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/completion', { textDocument, position }],
    ['completionItem/resolve', { label: 'x', data: { uri, position } }],
    ['textDocument/codeAction', { textDocument, range: range(position, position), context: { diagnostics } }],
    ['textDocument/codeAction', { textDocument, range: range(position, position), context: { diagnostics, only: ['source.fixAll'], triggerKind: 1 } }],
    ['textDocument/formatting', { textDocument, options: formatting }],
    ['textDocument/rangeFormatting', { textDocument, range: range(position, position), options: formatting }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/foldingRange', { textDocument }],
    ['textDocument/documentHighlight', { textDocument, position }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/documentLink', { textDocument }],
    ['documentLink/resolve', { range: range(), target: 'https://hub.docker.com/_/golang', data: {} }],
    ['textDocument/signatureHelp', { textDocument, position }],
    ['textDocument/prepareRename', { textDocument, position }],
    ['textDocument/rename', { textDocument, position, newName: 'x' }],
    ['textDocument/semanticTokens/full', { textDocument }],
    ['textDocument/codeLens', { textDocument }],
    [BUILD_GRAPH_METHOD, { textDocument }],
    [WORKSPACE_INFO_METHOD, { dir }],
    [SCAFFOLD_METHOD, { moduleDir: dir, mainPackage: '.' }],
  ];
}

describe('the server under protocol faults', { timeout: 120_000 }, () => {
  let dir: string;
  let client: TestClient;
  let counter = 0;
  const nextUri = () => fileUri(path.join(dir, `Dockerfile.f${++counter}`));

  before(async () => {
    dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
    client = await TestClient.start({ root: dir, settings: {} });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  async function assertStillAnswers(): Promise<void> {
    assert.equal(client.child.exitCode, null, `server alive; stderr: ${client.stderr}`);
    assert.doesNotMatch(client.stderr, /Unhandled|Uncaught|TypeError|RangeError/, 'nothing escaped to stderr');
    const uri = nextUri();
    await client.open(uri, CGO_DOCKERFILE);
    assert.ok(codes(await client.diagnosticsFor(uri, 1)).includes('cgo-not-disabled'));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.ok(hover, 'hover on FROM answers');
    await client.close(uri);
  }

  test('unknown methods: a request gets MethodNotFound, a notification is ignored', async () => {
    await assert.rejects(client.request('goDockerfile/noSuchThing', {}), (error: unknown) => error instanceof ResponseError && error.code === -32601);
    await assert.rejects(client.request('textDocument/noSuchThing', { textDocument: { uri: 'file:///x' } }), (error: unknown) => error instanceof ResponseError && error.code === -32601);
    await client.connection.sendNotification('goDockerfile/noSuchNotification', { x: 1 });
    await client.connection.sendNotification('$/noSuchProtocolNotification', null);
    await assertStillAnswers();
  });

  test('malformed parameters for every request: an answer (or an error response), never a crash', async () => {
    const uri = nextUri();
    await client.open(uri, CGO_DOCKERFILE);
    await client.diagnosticsFor(uri, 1);
    const bad: unknown[] = [null, {}, [], 42, 'text', { textDocument: null }, { textDocument: { uri: 42 }, position: 'x' }, { textDocument: { uri }, position: { line: 'a', character: null } }, { textDocument: { uri }, range: { start: {}, end: null } }];
    for (const [method] of requestsFor(uri, origin, dir)) {
      for (const params of bad) {
        await client.request(method, params).catch((error: unknown) => assert.ok(error instanceof ResponseError, `${method}: ${String(error)}`));
      }
    }
    // Notifications with garbage: didOpen/didChange/didClose of nothing, a change for an unknown version.
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: null });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: fileUri(path.join(dir, 'nope')), version: 3 }, contentChanges: [{ text: 'x' }] });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 99 }, contentChanges: [{ range: range({ line: 1e6, character: 0 }, { line: 1e6, character: 5 }), text: 'x' }] });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///never/opened' } });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 9 }] });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', null);
    await client.close(uri);
    await assertStillAnswers();
  });

  test('requests for documents that are closed or were never opened are answered empty', async () => {
    const closed = nextUri();
    await client.open(closed, CGO_DOCKERFILE);
    const diagnostics = await client.diagnosticsFor(closed, 1);
    await client.close(closed);
    for (const uri of [closed, fileUri(path.join(dir, 'never', 'Dockerfile')), 'untitled:Untitled-9', 'vscode-vfs://github/o/r/Dockerfile']) {
      for (const [method, params] of requestsFor(uri, { line: 0, character: 2 }, dir, diagnostics)) {
        if (method === WORKSPACE_INFO_METHOD || method === SCAFFOLD_METHOD || method.includes('resolve')) continue;
        const answer = await client.request<unknown>(method, params);
        const empty = answer === null || (Array.isArray(answer) && answer.length === 0) || (typeof answer === 'object' && answer !== null && 'error' in answer);
        assert.ok(empty, `${method} for ${uri} answered ${JSON.stringify(answer)?.slice(0, 200)}`);
      }
    }
    await assertStillAnswers();
  });

  test('positions out of range: past the last line, past a line end, negative, huge, fractional', async () => {
    const uri = nextUri();
    const text = '\uFEFF' + CGO_DOCKERFILE.replace(/\n/g, '\r\n');
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    const positions = [
      { line: 1e6, character: 0 },
      { line: 0, character: 1e6 },
      { line: -1, character: -1 },
      { line: 2 ** 31, character: 2 ** 31 },
      { line: 3, character: 1.5 },
      { line: Number.MAX_SAFE_INTEGER, character: Number.MAX_SAFE_INTEGER },
    ];
    for (const position of positions) {
      for (const [method, params] of requestsFor(uri, position, dir, diagnostics)) {
        await client.request(method, params).catch((error: unknown) => assert.ok(error instanceof ResponseError, `${method} at ${JSON.stringify(position)}: ${String(error)}`));
      }
    }
    await client.close(uri);
    await assertStillAnswers();
  });

  test('every request kind can be cancelled at once, and the server answers the next ones', async () => {
    const uri = nextUri();
    // Large enough that work is still under way when the cancellation arrives.
    await client.open(uri, CGO_DOCKERFILE + 'RUN echo hello && go build -o /x .\n'.repeat(2000));
    const diagnostics = await client.diagnosticsFor(uri, 1);
    const outcomes = { answered: 0, cancelled: 0 };
    for (const [method, params] of requestsFor(uri, { line: 5, character: 6 }, dir, diagnostics.slice(0, 50))) {
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest(method, params, source.token);
      source.cancel();
      try {
        await pending;
        outcomes.answered++;
      } catch (error) {
        // vscode-jsonrpc rejects a cancelled request on the client side with RequestCancelled (-32800).
        assert.ok(error instanceof ResponseError && error.code === -32800, `${method}: ${String(error)}`);
        outcomes.cancelled++;
      }
    }
    assert.equal(outcomes.answered + outcomes.cancelled, requestsFor(uri, origin, dir).length);
    // A change while fix-all is being computed: the answer for the old version is never applied blindly.
    await client.change(uri, CGO_DOCKERFILE);
    await client.close(uri);
    await assertStillAnswers();
  });

  test('malformed JSON-RPC on the wire: bad JSON, a wrong shape, an unknown header, then a good request', async () => {
    const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const write = (data: string) => new Promise<void>((resolve, reject) => client.child.stdin!.write(data, (error) => (error ? reject(error) : resolve())));
    await write(frame('{"jsonrpc":"2.0","id":'));
    await write(frame('not json at all'));
    await write(frame('[1,2,3]'));
    await write(frame('{"jsonrpc":"2.0","id":9001,"method":42}'));
    await write(frame('{"jsonrpc":"1.0","method":"textDocument/didOpen"}'));
    await write(frame('{"jsonrpc":"2.0","id":9002,"result":"a response to nothing"}'));
    await write(`X-Unknown-Header: 1\r\n${frame('{"jsonrpc":"2.0","method":"$/noop"}')}`);
    await assertStillAnswers();
  });
});
