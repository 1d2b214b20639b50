// A browser client for the browser build of the language server (dist/web/server.js), run as a
// browser runs it: a worker script whose global scope has the web platform's globals and nothing of
// Node's (no require, process, Buffer, fetch). It talks LSP over postMessage and answers
// goDockerfile/stat, listDir and readFile for a virtual workspace folder
// (vscode-vfs://github/acme/app, as on github.dev) from a local folder, recording every request.

import * as fs from 'node:fs';
import * as path from 'node:path';
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
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { DEFAULT_CAPABILITIES, REPO_ROOT, ensureBuilt } from './helpers.ts';

const WEB_SERVER = path.join(REPO_ROOT, 'dist', 'web', 'server.js');
export const FOLDER_URI = 'vscode-vfs://github/acme/app';
export const FOLDER_PATH = '/acme/app';
export const DOCS_BASE = 'https://go-dockerfile.example/extension/docs/rules';

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

export interface FileRequest {
  method: 'stat' | 'listDir' | 'readFile';
  path: string;
}

/** A browser client for the web server over a temp folder standing in for the virtual workspace. */
export class BrowserClient {
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

