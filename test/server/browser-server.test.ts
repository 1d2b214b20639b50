// The browser build of the language server (dist/web/server.js), run as a browser runs it: a worker
// script whose global scope has the web platform's globals and nothing of Node's (no require,
// process, Buffer, fetch). The test plays the browser client: it talks LSP over postMessage and
// answers goDockerfile/stat, listDir and readFile for a virtual workspace folder
// (vscode-vfs://github/acme/app, as on github.dev) from a temporary folder, recording every request.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  createMessageConnection,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { CompletionItem, Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { CGO_DOCKERFILE, DEFAULT_CAPABILITIES, GO_MOD, MAIN_GO, REPO_ROOT, ensureBuilt, makeDir, removeDir } from './helpers.ts';

const WEB_SERVER = path.join(REPO_ROOT, 'dist', 'web', 'server.js');
const FOLDER_URI = 'vscode-vfs://github/acme/app';
const FOLDER_PATH = '/acme/app';
const DOCS_BASE = 'https://go-dockerfile.example/extension/docs/rules';

/** Runs the bundle in a fresh V8 context with web globals only, bridged to this thread by postMessage. */
const SANDBOX = `
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
const fs = require('node:fs');
const listeners = [];
const scope = {
  console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, structuredClone,
  TextEncoder, TextDecoder, performance, URL, SharedArrayBuffer, Atomics,
  onmessage: null,
  postMessage: (message) => parentPort.postMessage(message),
  addEventListener: (type, listener) => { if (type === 'message') listeners.push(listener); },
  removeEventListener: () => {},
  close: () => parentPort.close(),
};
scope.self = scope;
vm.createContext(scope);
parentPort.on('message', (data) => {
  const event = { data };
  if (typeof scope.onmessage === 'function') scope.onmessage(event);
  for (const listener of listeners) listener(event);
});
vm.runInContext(fs.readFileSync(workerData.bundle, 'utf8'), scope, { filename: workerData.bundle });
`;

class WorkerReader extends AbstractMessageReader {
  constructor(private readonly worker: Worker) {
    super();
    worker.on('error', (error) => this.fireError(error));
  }

  listen(callback: DataCallback): Disposable {
    const handler = (message: Message) => callback(message);
    this.worker.on('message', handler);
    return { dispose: () => this.worker.off('message', handler) };
  }
}

class WorkerWriter extends AbstractMessageWriter {
  constructor(private readonly worker: Worker) {
    super();
  }

  async write(message: Message): Promise<void> {
    this.worker.postMessage(message);
  }

  end(): void {}
}

interface FileRequest {
  method: 'stat' | 'listDir' | 'readFile';
  path: string;
}

/** A browser client for the web server over a temp folder standing in for the virtual workspace. */
class BrowserClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly fileRequests: FileRequest[] = [];
  private waiters: Array<() => void> = [];
  initializeResult!: InitializeResult;
  settings: Record<string, unknown> = {};

  private constructor(
    readonly worker: Worker,
    readonly connection: MessageConnection,
    readonly dir: string,
  ) {}

  static async start(dir: string, settings: Record<string, unknown> = {}): Promise<BrowserClient> {
    ensureBuilt();
    const worker = new Worker(SANDBOX, { eval: true, workerData: { bundle: WEB_SERVER } });
    const connection = createMessageConnection(new WorkerReader(worker), new WorkerWriter(worker));
    const client = new BrowserClient(worker, connection, dir);
    client.settings = settings;
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => client.record(() => client.diagnostics.push(params)));
    connection.onNotification('window/logMessage', (params: { message: string }) => client.record(() => client.logs.push(params.message)));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((item) => (item.section === 'goDockerfile' ? client.settings : null)),
    );
    connection.onRequest('goDockerfile/stat', (params: { folder: string; path: string }): unknown => client.stat(params));
    connection.onRequest('goDockerfile/listDir', (params: { folder: string; path: string }): unknown => client.listDir(params));
    connection.onRequest('goDockerfile/readFile', (params: { folder: string; path: string; maxBytes: number }): unknown => client.readFile(params));
    connection.listen();
    client.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: FOLDER_URI,
      workspaceFolders: [{ uri: FOLDER_URI, name: 'app' }],
      capabilities: DEFAULT_CAPABILITIES,
      initializationOptions: { ruleDocsBase: DOCS_BASE, statusNotifications: false },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private record(push: () => void): void {
    push();
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `check` holds on what was received (checked now and after every message). */
  async until<T>(description: string, check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${description}; logs:\n${this.logs.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The local file for a request, when it names one inside the folder (as the real client checks). */
  private local(params: { folder: string; path: string }, method: FileRequest['method']): string | undefined {
    this.fileRequests.push({ method, path: params.path });
    if (params.folder !== FOLDER_URI) return undefined;
    if (params.path === '.') return this.dir;
    if (params.path.split('/').some((s) => s === '' || s === '.' || s === '..')) return undefined;
    return path.join(this.dir, ...params.path.split('/'));
  }

  private stat(params: { folder: string; path: string }): { kind: string; size: number; symlink: boolean } | null {
    const file = this.local(params, 'stat');
    if (!file) return null;
    try {
      const link = fs.lstatSync(file);
      const stat = fs.statSync(file);
      return { kind: stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other', size: stat.size, symlink: link.isSymbolicLink() };
    } catch {
      return null;
    }
  }

  private listDir(params: { folder: string; path: string }): Array<{ name: string; kind: string; symlink: boolean }> | null {
    const dir = this.local(params, 'listDir');
    if (!dir) return null;
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({
        name: e.name,
        kind: e.isFile() ? 'file' : e.isDirectory() ? 'directory' : 'other',
        symlink: e.isSymbolicLink(),
      }));
    } catch {
      return null;
    }
  }

  private readFile(params: { folder: string; path: string; maxBytes: number }): { ok: true; text: string } | { ok: false; reason: string } {
    const file = this.local(params, 'readFile');
    if (!file) return { ok: false, reason: 'outside-root' };
    try {
      const stat = fs.lstatSync(file);
      if (stat.isSymbolicLink()) return { ok: false, reason: 'outside-root' };
      if (!stat.isFile()) return { ok: false, reason: 'not-a-file' };
      if (stat.size > params.maxBytes) return { ok: false, reason: 'too-large' };
      return { ok: true, text: fs.readFileSync(file, 'utf8') };
    } catch {
      return { ok: false, reason: 'missing' };
    }
  }

  uri(relative: string): string {
    return `${FOLDER_URI}/${relative}`;
  }

  async open(relative: string, text: string): Promise<string> {
    const uri = this.uri(relative);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    return uri;
  }

  /** The diagnostics of `uri` once the Go facts were read for it (the last publish after the reads settle). */
  async settledDiagnostics(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return this.until(`diagnostics of ${uri}`, () => {
      const published = this.diagnostics.filter((d) => d.uri === uri);
      const last = published[published.length - 1];
      return last && predicate(last.diagnostics) ? last.diagnostics : undefined;
    });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The worker is ended below either way.
    }
    this.connection.dispose();
    await this.worker.terminate();
  }
}

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
    assert.equal(new Set(reads).size, reads.length, 'no file is read twice');
  });
});
