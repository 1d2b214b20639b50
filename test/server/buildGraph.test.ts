// goDockerfile/buildGraph and the "Show build graph" CodeLens, over stdio against the bundled server.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { BuildGraphResult } from '../../server/src/lsp/protocol.ts';
import { CGO_DOCKERFILE, codes, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, TestClient } from './helpers.ts';

before(() => ensureBuilt());

type Answer = BuildGraphResult | { error: string };

function graphOf(answer: Answer): BuildGraphResult {
  assert.ok(!('error' in answer), `expected a graph, got ${JSON.stringify(answer)}`);
  return answer;
}

describe('goDockerfile/buildGraph', { timeout: 60_000 }, () => {
  let dir: string;
  let client: TestClient;
  let counter = 0;
  const nextUri = () => fileUri(path.join(dir, `Dockerfile.g${++counter}`));

  before(async () => {
    dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
    client = await TestClient.start({ root: dir, settings: {}, initializationOptions: { buildGraphCodeLens: true } });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  test('answers with the graph of the open text, stamped with its version, findings attached', async () => {
    const uri = nextUri();
    await client.open(uri, CGO_DOCKERFILE);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    const result = graphOf(await client.request<Answer>('goDockerfile/buildGraph', { textDocument: { uri } }));
    assert.equal(result.uri, uri);
    assert.equal(result.version, 1);
    const graph = result.graph;
    assert.equal(graph.version, 1);
    assert.deepEqual(graph.nodes.map((n) => n.label), ['build', 'stage 1']);
    assert.deepEqual(graph.edges.map((e) => [e.kind, e.from, e.to, e.label]), [['copy', 'stage-0', 'stage-1', '/out/app → /app']]);
    assert.equal(graph.target.node, 'stage-1');
    const build = graph.nodes[0];
    assert.ok(build.kind === 'stage');
    // The same findings the editor shows as squiggles, on the stage whose lines they are on.
    assert.deepEqual(build.findings.map((f) => f.ruleId).sort(), codes(diagnostics).sort());
    const cgo = build.findings.find((f) => f.ruleId === 'cgo-not-disabled');
    const squiggle = diagnostics.find((d) => d.code === 'cgo-not-disabled');
    assert.ok(cgo && squiggle);
    assert.deepEqual([cgo.line, cgo.column], [squiggle.range.start.line + 1, squiggle.range.start.character + 1]);
    assert.deepEqual(graph.finalImage?.binaries.map((b) => b.path), ['/app']);
  });

  test('follows edits: a new stage appears in the next answer, at the new version', async () => {
    const uri = nextUri();
    await client.open(uri, CGO_DOCKERFILE);
    const version = await client.change(uri, `${CGO_DOCKERFILE}\nFROM alpine:3.20 AS debug\nCOPY --from=build /out/app /app\n`);
    const result = graphOf(await client.request<Answer>('goDockerfile/buildGraph', { textDocument: { uri } }));
    assert.equal(result.version, version);
    assert.deepEqual(result.graph.nodes.map((n) => n.label), ['build', 'stage 1', 'debug']);
    assert.equal(result.graph.target.name, 'debug');
  });

  test('a target picks the shipped stage; an unknown one is reported as not found', async () => {
    const uri = nextUri();
    await client.open(uri, `${CGO_DOCKERFILE}\nFROM build AS test\nRUN go test ./...\n`);
    const test = graphOf(await client.request<Answer>('goDockerfile/buildGraph', { textDocument: { uri }, target: 'test' })).graph;
    assert.deepEqual(test.target, { node: 'stage-2', name: 'test', requested: 'test', found: true });
    assert.deepEqual(test.nodes.filter((n) => !n.reachesTarget).map((n) => n.label), ['stage 1']);
    const missing = graphOf(await client.request<Answer>('goDockerfile/buildGraph', { textDocument: { uri }, target: 'nope' })).graph;
    assert.equal(missing.target.found, false);
    assert.equal(missing.target.node, 'stage-2');
  });

  test('bad parameters and unknown documents get a clear error, and the server keeps working', async () => {
    for (const params of [null, {}, { textDocument: {} }, { textDocument: { uri: 42 } }, { textDocument: { uri: 'file:///x' }, target: 7 }]) {
      const answer = await client.request<Answer>('goDockerfile/buildGraph', params);
      assert.ok('error' in answer, JSON.stringify(params));
    }
    const closed = await client.request<Answer>('goDockerfile/buildGraph', { textDocument: { uri: fileUri(path.join(dir, 'never-opened')) } });
    assert.ok('error' in closed && /is not open/.test(closed.error));
    const uri = nextUri();
    await client.open(uri, 'FROM scratch\n');
    assert.equal(graphOf(await client.request<Answer>('goDockerfile/buildGraph', { textDocument: { uri } })).graph.nodes.length, 1);
  });

  test('a document over maxFileSize is not drawn', async () => {
    const small = await TestClient.start({ root: dir, settings: { maxFileSize: 1000 } });
    try {
      const uri = nextUri();
      await small.open(uri, `FROM golang\n${'RUN echo x\n'.repeat(200)}`);
      const answer = await small.request<Answer>('goDockerfile/buildGraph', { textDocument: { uri } });
      assert.ok('error' in answer && /maxFileSize/.test(answer.error), JSON.stringify(answer));
    } finally {
      await small.stop();
    }
  });

  test('the CodeLens sits on the first FROM and runs goDockerfile.showBuildGraph with the document', async () => {
    assert.deepEqual(client.initializeResult.capabilities.codeLensProvider, { resolveProvider: false });
    const uri = nextUri();
    await client.open(uri, `# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22\n\nfrom golang:\${GO_VERSION} AS build\nFROM scratch\n`);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 1);
    assert.deepEqual(lenses[0].range, { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } });
    assert.deepEqual(lenses[0].command, { title: 'Show build graph', command: 'goDockerfile.showBuildGraph', arguments: [uri] });
    const none = nextUri();
    await client.open(none, '# no stages yet\n');
    assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: none } }), []);
  });

  test('a client without the build graph command gets no CodeLens', async () => {
    const plain = await TestClient.start({ root: dir, settings: {} });
    try {
      assert.equal(plain.initializeResult.capabilities.codeLensProvider, undefined);
    } finally {
      await plain.stop();
    }
  });
});
