// The browser build of the language server (dist/web/server.js), run as a browser runs it (see
// browser-client.ts: web globals only, LSP over postMessage), with the test as the browser client
// answering the workspace reads for a virtual workspace folder from a temporary folder.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, Diagnostic } from 'vscode-languageserver-protocol';
import { BrowserClient, DOCS_BASE, FOLDER_PATH } from './browser-client.ts';
import { CGO_DOCKERFILE, GO_MOD, MAIN_GO, REPO_ROOT, makeDir, removeDir } from './helpers.ts';

const ids = (diagnostics: Diagnostic[], source = 'go-dockerfile') => diagnostics.filter((d) => d.source === source).map((d) => String(d.code));

describe('the browser build of the language server, in a sandbox without Node', () => {
  let dir: string;
  let client: BrowserClient;
  before(async () => {
    dir = makeDir({
      'go.mod': GO_MOD,
      'go.sum': 'example.com/dep v1.0.0 h1:abc=\n',
      'main.go': MAIN_GO,
      'nosum/go.mod': 'module example.com/nosum\n\ngo 1.22\n',
      'nosum/main.go': MAIN_GO,
      'quiet/.go-dockerfile.json': '{ "rules": { "single-stage": "off" } }',
      'gen/go.mod': 'module example.com/gen\n\ngo 1.23\n',
      'gen/cmd/gen/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":7070", nil) }\n',
    });
    client = await BrowserClient.start(dir);
  });
  after(async () => {
    await client?.stop();
    removeDir(dir);
  });

  test('it starts and says once, as information, what the browser build does not have', async () => {
    assert.equal(client.initializeResult.serverInfo?.name, 'go-dockerfile');
    assert.equal(client.initializeResult.serverInfo?.version, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    const said = await client.until('the absent-features line', () => client.logs.find((l) => l.includes('running in the browser')));
    assert.match(said, /Docker Hub tag lookups/);
    assert.match(said, /CLI/);
    assert.equal(client.logs.filter((l) => l.includes('running in the browser')).length, 1);
  });

  test('Go findings with docs links at the extension address the client gave, and dockerfile-utils syntax checks', async () => {
    const uri = await client.open('Dockerfile', `${CGO_DOCKERFILE}FROOM scratch\n`);
    const diagnostics = await client.settledDiagnostics(uri, (d) => ids(d).includes('cgo-not-disabled') && d.some((x) => x.source === 'dockerfile-utils'));
    const cgo = diagnostics.find((d) => d.code === 'cgo-not-disabled')!;
    assert.equal(cgo.codeDescription?.href, `${DOCS_BASE}/cgo-not-disabled.md`);
    // The unknown instruction is dockerfile-utils' (parsed with dockerfile-ast, which needs the Buffer shim).
    const syntax = diagnostics.filter((d) => d.source === 'dockerfile-utils');
    assert.ok(syntax.some((d) => d.range.start.line === CGO_DOCKERFILE.split('\n').length - 1), JSON.stringify(syntax));
    // Go findings come first.
    assert.ok(diagnostics.findIndex((d) => d.source === 'dockerfile-utils') > diagnostics.findIndex((d) => d.source === 'go-dockerfile'));
  });

  test('Go facts are read through the client: go.sum decides module-cache-order', async () => {
    const early = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\n';
    const withSum = await client.open('Dockerfile.sum', early);
    await client.settledDiagnostics(withSum, (d) => ids(d).includes('module-cache-order'));
    const noSum = await client.open('nosum/Dockerfile', early);
    // First published without facts (the rule cannot know there is no go.sum), then without the finding once they land.
    await client.settledDiagnostics(noSum, (d) => !ids(d).includes('module-cache-order'));
    assert.ok(client.fileRequests.some((r) => r.method === 'readFile' && r.path === 'nosum/go.mod'));
    assert.ok(client.fileRequests.some((r) => r.method === 'stat' && r.path === 'nosum/go.sum'));
  });

  test('.go-dockerfile.json is read through the client too', async () => {
    const single = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n';
    const loud = await client.open('Dockerfile.single', single);
    await client.settledDiagnostics(loud, (d) => ids(d).includes('single-stage'));
    const quiet = await client.open('quiet/Dockerfile', single);
    const diagnostics = await client.settledDiagnostics(quiet, (d) => d.length > 0 || client.fileRequests.some((r) => r.path === 'quiet/.go-dockerfile.json'));
    assert.ok(!ids(diagnostics).includes('single-stage'));
    assert.ok(client.fileRequests.some((r) => r.method === 'readFile' && r.path === 'quiet/.go-dockerfile.json'));
    // Its reads are kept while the client watches; a reported change is read again.
    fs.writeFileSync(path.join(client.dir, 'quiet', '.go-dockerfile.json'), '{}');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('quiet/.go-dockerfile.json'), type: 2 }] });
    await client.settledDiagnostics(quiet, (d) => ids(d).includes('single-stage'));
  });

  test('golang tags come from go.mod; Docker Hub is never asked, even with the network opt-in', async () => {
    client.settings = { imageTagCompletion: { network: true } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const uri = await client.open('Dockerfile.tags', 'FROM golang:\nFROM alpine:\n');
    const golang = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 12 } });
    assert.ok(golang.some((item) => item.label.startsWith('1.22')), JSON.stringify(golang.map((i) => i.label)));
    const alpine = await client.connection.sendRequest<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 12 } });
    assert.deepEqual(alpine, []);
    client.settings = {};
  });

  test('the general Dockerfile features (dockerfile-language-service) answer in the browser build', async () => {
    const uri = await client.open('Dockerfile.features', 'FROM golang:1.22 AS build\n\n');
    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
    assert.ok(items.some((item) => item.label.startsWith('RUN')), JSON.stringify(items.slice(0, 5).map((i) => i.label)));
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.match(hover?.contents.value ?? '', /to use for subsequent instructions/);
    const formatted = await client.connection.sendRequest<unknown[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    assert.ok(Array.isArray(formatted));
  });

  test('Generate Dockerfile: workspaceInfo and scaffold take the paths of the virtual workspace', async () => {
    const info = await client.connection.sendRequest<{ moduleDir: string; mainPackages: Array<{ dir: string }> }>('goDockerfile/workspaceInfo', { dir: `${FOLDER_PATH}/gen` });
    assert.equal(info.moduleDir, `${FOLDER_PATH}/gen`);
    assert.deepEqual(info.mainPackages.map((p) => p.dir), ['./cmd/gen']);
    const result = await client.connection.sendRequest<{ dockerfile: string; dockerignore: string }>('goDockerfile/scaffold', { moduleDir: info.moduleDir, mainPackage: './cmd/gen' });
    assert.match(result.dockerfile, /^ARG GO_VERSION=1\.23$/m);
    assert.match(result.dockerfile, /^EXPOSE 7070$/m);
    assert.match(result.dockerignore, /\.git/);
    const outside = await client.connection.sendRequest<{ error?: string }>('goDockerfile/workspaceInfo', { dir: '/elsewhere/repo' });
    assert.ok(outside.error);
  });
});

describe('the browser build reads a large module within its limits, the built program first', () => {
  let dir: string;
  let client: BrowserClient;
  before(async () => {
    const files: Record<string, string> = {
      'go.mod': 'module example.com/big\n\ngo 1.22\n',
      'go.sum': '',
      // Last in a breadth-first walk: only a targeted read reaches it before the limits.
      'zz/app/main.go': 'package main\n\nimport "example.com/big/zz/lib"\n\nfunc main() { lib.Run() }\n',
      'zz/lib/lib.go': 'package lib\n\nimport "net/http"\n\nfunc Run() { _ = http.ListenAndServe(":8080", nil) }\n',
    };
    for (let i = 0; i < 700; i++) files[`pkg/p${String(i).padStart(3, '0')}/p.go`] = `package p${i}\n`;
    dir = makeDir(files);
    client = await BrowserClient.start(dir);
  });
  after(async () => {
    await client?.stop();
    removeDir(dir);
  });

  test('the packages the Dockerfile builds are read first, and the walk stops at the browser limits', async () => {
    const text = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./zz/app\n\nFROM scratch\nCOPY --from=build /out/app /app\n';
    const uri = await client.open('Dockerfile', text);
    await client.settledDiagnostics(uri, (d) => ids(d).includes('cgo-not-disabled') && client.fileRequests.some((r) => r.path === 'zz/lib/lib.go'));
    // Let the walk finish (it may go on after the facts it needed): a second without a request.
    for (let seen = -1; seen !== client.fileRequests.length; ) {
      seen = client.fileRequests.length;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const reads = client.fileRequests.filter((r) => r.method === 'readFile').map((r) => r.path);
    const goReads = reads.filter((p) => p.endsWith('.go'));
    assert.ok(goReads.indexOf('zz/app/main.go') < 3, `zz/app/main.go read early: ${goReads.slice(0, 5).join(', ')}`);
    assert.ok(goReads.indexOf('zz/lib/lib.go') < 3, 'then what it imports from the module');
    const listings = client.fileRequests.filter((r) => r.method === 'listDir').length;
    // 703 folders in all: the walk stopped at 300 listings, with fewer than 300 of the 702 Go files read.
    assert.equal(listings, 300);
    assert.ok(goReads.length < 300, `${goReads.length} Go files read`);
    const others = reads.filter((p) => !p.endsWith('.go-dockerfile.json'));
    assert.equal(new Set(others).size, others.length, `no file is read twice: ${others.filter((r, i) => others.indexOf(r) !== i).join(', ')}`);
    // The config file is read on each lint until the client watches files (ConfigReadCache), and the first lint may come first.
    assert.ok(reads.length - others.length <= 2, `${reads.length - others.length} reads of .go-dockerfile.json`);
  });
});
