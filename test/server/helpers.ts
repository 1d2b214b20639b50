// A minimal LSP client for the server tests: it starts the bundled server (dist/server.js --stdio) as an editor
// would, answers the server's requests (configuration, registrations) and records what the server sends.
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from '../ensure-built.ts';

export { ensureBuilt };
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextEdit,
} from 'vscode-languageserver-protocol';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
export const SAMPLE_MODULE = path.join(REPO_ROOT, 'test', 'fixtures', 'sample-module');
/** Preloaded into every server: child_process and the network throw and are recorded (see the file). */
export const GUARD_PRELOAD = path.join(REPO_ROOT, 'test', 'server', 'guard-preload.cjs');

/**
 * A temporary directory with the given files (path → content); removed by the caller with `removeDir`.
 * A Go module (a go.mod at the top) gets a .dockerignore, as real projects have, so the scenarios
 * stay about what they test; pass `'.dockerignore': null` for a module without one.
 */
export function makeDir(files: Record<string, string | null>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-server-')));
  const withIgnore: Record<string, string | null> = 'go.mod' in files && !('.dockerignore' in files) ? { ...files, '.dockerignore': '.git\n' } : files;
  for (const [name, content] of Object.entries(withIgnore)) {
    if (content === null) continue;
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

export const GO_MOD = 'module example.com/app\n\ngo 1.22.3\n';
/** A web server: it imports net, so built with cgo on a glibc builder it links dynamically (cgo-not-disabled is an error). */
export const MAIN_GO = 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "hi") })\n\t_ = http.ListenAndServe(":8080", nil)\n}\n';

/** Debian golang builder feeding scratch, without CGO_ENABLED=0: cgo-not-disabled on `go build`, and nothing else. */
export const CGO_DOCKERFILE = [
  'FROM golang:1.22 AS build',
  'WORKDIR /src',
  'COPY go.mod ./',
  'RUN go mod download',
  'COPY . .',
  'RUN go build -trimpath -ldflags="-s -w" -o /out/app .',
  '',
  'FROM scratch',
  'COPY --from=build /out/app /app',
  'USER 65534:65534',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

export type Settings = Record<string, unknown>;

export interface StartOptions {
  /** Workspace folder sent in initialize. */
  root?: string;
  initializationOptions?: unknown;
  /** Replaces the default client capabilities. */
  capabilities?: ClientCapabilities;
  /** Answer for workspace/configuration section goDockerfile (per scopeUri). */
  settings?: Settings | ((scopeUri: string | undefined) => Settings | Promise<Settings>);
  /** Extra node flags, e.g. ['--require', spy]. */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Caps the server's address space (ulimit -v, in MB), so a test of a memory blow-up cannot take the machine down. */
  addressSpaceMb?: number;
  /** Records every file the server opens, lists or stats in this file (guard-preload.cjs). */
  fsLog?: string;
}

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      isPreferredSupport: true,
    },
    rename: { prepareSupport: true },
    semanticTokens: {
      requests: { full: true },
      tokenTypes: [],
      tokenModifiers: [],
      formats: ['relative'],
    },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
  },
};

type Waiter<T> = { predicate: (item: T) => boolean; resolve: (item: T) => void };

/** Records every item and lets tests wait for one matching a predicate (past or future). */
class Recorder<T> {
  readonly items: T[] = [];
  private waiters: Array<Waiter<T>> = [];

  push(item: T): void {
    this.items.push(item);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(item)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(item);
      }
    }
  }

  /** The first item from index `since` on that matches. */
  waitFor(predicate: (item: T) => boolean, since = 0): Promise<T> {
    const found = this.items.slice(since).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }
}

export class TestClient {
  readonly diagnostics = new Recorder<PublishDiagnosticsParams>();
  readonly logs = new Recorder<string>();
  readonly registrations = new Recorder<{ method: string; registerOptions?: unknown }>();
  readonly configurationRequests = new Recorder<Array<{ section?: string; scopeUri?: string }>>();
  stderr = '';
  settings: StartOptions['settings'];
  /** Where guard-preload.cjs records each attempt to run a process or open a connection. */
  guardLog = '';
  initializeResult!: InitializeResult;
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(options: StartOptions = {}): Promise<TestClient> {
    ensureBuilt();
    // Every server runs under the guard: nothing it does may start a process or, unless a test
    // installs its own network spy after it, open a connection (issue 12).
    const guardLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-guard-')), 'guard.log');
    fs.writeFileSync(guardLog, '');
    const command = [process.execPath, '--require', GUARD_PRELOAD, ...(options.nodeArgs ?? []), SERVER, '--stdio'];
    const limited = options.addressSpaceMb === undefined ? command : ['/bin/sh', '-c', `ulimit -v ${options.addressSpaceMb * 1024} && exec "$@"`, 'sh', ...command];
    const child = spawn(limited[0], limited.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env, GDF_GUARD_LOG: guardLog, ...(options.fsLog ? { GDF_FS_LOG: options.fsLog } : {}) },
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection);
    client.guardLog = guardLog;
    client.settings = options.settings;
    child.stderr!.on('data', (chunk: Buffer) => (client.stderr += chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => client.diagnostics.push(params));
    connection.onNotification('window/logMessage', (params: { message: string }) => client.logs.push(params.message));
    connection.onRequest('client/registerCapability', (params: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      for (const registration of params.registrations) client.registrations.push(registration);
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/configuration', async (params: { items: Array<{ section?: string; scopeUri?: string }> }) => {
      client.configurationRequests.push(params.items);
      return Promise.all(
        params.items.map(async (item) => {
          if (item.section !== 'goDockerfile') return null;
          const settings = client.settings;
          return typeof settings === 'function' ? settings(item.scopeUri) : (settings ?? {});
        }),
      );
    });
    connection.listen();
    const root = options.root;
    client.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: root ? fileUri(root) : null,
      workspaceFolders: root ? [{ uri: fileUri(root), name: path.basename(root) }] : null,
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  async open(uri: string, text: string, languageId = 'dockerfile'): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  /** The next diagnostics for `uri` at exactly `version` (already received or still to come). */
  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    return this.diagnostics.waitFor((p) => p.uri === uri && p.version === version).then((p) => p.diagnostics);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: only ? { diagnostics, only } : { diagnostics },
    });
  }

  /** What the server tried to run or connect to (guard-preload.cjs); empty is the only right answer. */
  forbiddenCalls(): string[] {
    return fs.existsSync(this.guardLog) ? fs.readFileSync(this.guardLog, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** Stops the server, and fails when it tried to start a process or open a connection meanwhile. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        this.child.kill();
      }
      await exited;
    }
    this.connection.dispose();
    const forbidden = this.forbiddenCalls();
    fs.rmSync(path.dirname(this.guardLog), { recursive: true, force: true });
    if (forbidden.length > 0) throw new Error(`the language server tried to run a process or reach the network:\n${forbidden.join('\n')}`);
  }
}

/** The edits of a code action for `uri`, whether it uses documentChanges or changes. */
export function editsOf(action: CodeAction, uri: string): { version: number | null | undefined; edits: TextEdit[] } {
  const edit = action.edit;
  if (!edit) return { version: undefined, edits: [] };
  if (edit.documentChanges) {
    const change = edit.documentChanges.find((c) => 'textDocument' in c && c.textDocument.uri === uri);
    if (change && 'edits' in change) return { version: change.textDocument.version, edits: change.edits as TextEdit[] };
  }
  return { version: undefined, edits: edit.changes?.[uri] ?? [] };
}

export function codes(diagnostics: Diagnostic[], source = 'go-dockerfile'): string[] {
  return diagnostics.filter((d) => d.source === source).map((d) => String(d.code));
}

/**
 * Registers before/after hooks that start one server on a temporary Go module (go.mod + main.go)
 * and stop it again. Each `nextUri()` is a fresh Dockerfile in that module, so tests do not see
 * each other's documents.
 */
export function moduleClient(): { readonly dir: string; readonly client: TestClient; nextUri(): string } {
  let counter = 0;
  const state = {
    dir: '',
    client: undefined as unknown as TestClient,
    nextUri: () => fileUri(path.join(state.dir, `Dockerfile.t${++counter}`)),
  };
  before(async () => {
    state.dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
    state.client = await TestClient.start({ root: state.dir, settings: {} });
  });
  after(async () => {
    await state.client.stop();
    removeDir(state.dir);
  });
  return state;
}
