// The VS Code side: starts the language server, runs "Go: Generate Dockerfile" (client/src/generate: the
// server ranks the programs and renders the text) and opens "Go: Show Dockerfile Build Graph". No analysis
// happens here. Shared by the desktop entry (node/extension.ts) and the browser one (web/extension.ts):
// no Node module here; what differs is in the ClientPlatform they pass.

import * as vscode from 'vscode';
import { CloseAction, State, type BaseLanguageClient, type ErrorHandler, type LanguageClientOptions } from 'vscode-languageclient';
import type { ClientPlatform } from './platform.ts';
import { BuildGraphPanel } from './buildGraph/panel.ts';
import {
  BUILD_GRAPH_METHOD,
  GENERATE_COMMAND,
  SHOW_BUILD_GRAPH_COMMAND,
  STATUS_NOTIFICATION,
  type StatusParams,
  type BuildGraphParams,
  type BuildGraphResult,
  type GenerateCommandOptions,
  type InitializationOptions,
  type RequestError,
} from '../../server/src/lsp/protocol.ts';
import { generateDockerfile, type GenerateHost } from './generate/generate.ts';
import { DOCKERFILE_GLOB } from '../../server/src/cli/dockerfile-names.ts';
import { pickStatusAction, RESTART_COMMAND, ServerStatus, STATUS_ACTIONS_COMMAND } from './status.ts';

/** Extensions that run their own Dockerfile language server; with languageFeatures 'auto' we then stay Go-only. */
const OTHER_DOCKER_EXTENSIONS = ['ms-azuretools.vscode-docker', 'ms-azuretools.vscode-containers', 'docker.docker'];

const DOCUMENT_SELECTOR = [{ language: 'dockerfile' }, { pattern: DOCKERFILE_GLOB }];

/** The settings the server reads; only values the user actually set are sent, so .go-dockerfile.json can fill the rest. */
const SETTING_KEYS = ['enable', 'rules', 'languageFeatures', 'imageTagCompletion.network', 'maxFileSize'];
/** Settings an untrusted workspace may not set (package.json restrictedConfigurations): only the user's value counts. */
const RESTRICTED_KEYS = new Set(['imageTagCompletion.network']);

let client: BaseLanguageClient | undefined;
let clientReady: Promise<void> | undefined;
let platform: ClientPlatform;

function otherDockerExtensionInstalled(): boolean {
  return OTHER_DOCKER_EXTENSIONS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}

function initializationOptions(context: vscode.ExtensionContext): InitializationOptions {
  return {
    otherDockerExtension: otherDockerExtensionInstalled(),
    languageFeatures: vscode.workspace.getConfiguration('goDockerfile').get<'auto' | 'on' | 'off'>('languageFeatures', 'auto'),
    buildGraphCodeLens: true,
    generateCommand: true,
    statusNotifications: true,
    workspaceTrusted: vscode.workspace.isTrusted,
    ...platform.initializationOptions?.(context),
  };
}

/** `goDockerfile` settings for a resource, keeping only values set in user, workspace or folder settings. */
function explicitSettings(scopeUri: string | undefined): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('goDockerfile', scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  const result: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const inspected = config.inspect(key);
    if (!inspected) continue;
    // In Restricted Mode a restricted setting comes from the user's settings only, as VS Code's own get() does.
    const fromWorkspace = vscode.workspace.isTrusted || !RESTRICTED_KEYS.has(key) ? [inspected.workspaceValue, inspected.workspaceFolderValue] : [];
    const layers = [inspected.globalValue, ...fromWorkspace].filter((v) => v !== undefined);
    if (layers.length === 0) continue;
    // Objects (rules) merge across layers like VS Code itself does; scalars take the most specific layer.
    const value = key === 'rules' ? Object.assign({}, ...layers.filter((v) => typeof v === 'object' && v !== null)) : layers[layers.length - 1];
    const [head, tail] = key.split('.');
    if (tail === undefined) result[head] = value;
    else result[head] = { ...((result[head] as object | undefined) ?? {}), [tail]: value };
  }
  return result;
}

/**
 * @param onGaveUp called when the server crashed more often than the client restarts it (the
 *   client's default policy: 5 times in 3 minutes), so the status item can say it failed.
 */
function createClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel, traceChannel: vscode.LogOutputChannel, onGaveUp: () => void): BaseLanguageClient {
  // The client's own error handling, watched: its "do not restart" is the moment the server failed.
  let defaultHandler: ErrorHandler | undefined;
  const errorHandler: ErrorHandler = {
    error: (error, message, count) => defaultHandler!.error(error, message, count),
    closed: async () => {
      const result = await defaultHandler!.closed();
      if (result.action === CloseAction.DoNotRestart) onGaveUp();
      return result;
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    errorHandler,
    initializationOptions: () => initializationOptions(context),
    outputChannel,
    traceOutputChannel: traceChannel,
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, index) => (item.section === 'goDockerfile' ? explicitSettings(item.scopeUri) : answers[index]));
        },
      },
    },
  };
  const languageClient = platform.createLanguageClient(context, clientOptions);
  defaultHandler = languageClient.createDefaultErrorHandler();
  return languageClient;
}

/** The common activation; `clientPlatform` says where the server runs and how files are named. */
export async function activateWith(context: vscode.ExtensionContext, clientPlatform: ClientPlatform): Promise<void> {
  platform = clientPlatform;
  const outputChannel = vscode.window.createOutputChannel('Go Dockerfile', { log: true });
  const traceChannel = vscode.window.createOutputChannel('Go Dockerfile (trace)', { log: true });
  const status = new ServerStatus();
  context.subscriptions.push(outputChannel, traceChannel, status);

  /** True while we stop the server on purpose (a restart): that stop is not a failure. */
  let stopping = false;
  const start = () => {
    const started: BaseLanguageClient = createClient(context, outputChannel, traceChannel, () => {
      if (client === started) status.set('failed');
    });
    client = started;
    const attached = platform.attach?.(started);
    if (attached) context.subscriptions.push(attached);
    status.set('starting');
    started.onDidChangeState((event) => {
      if (client !== started) return;
      if (event.newState === State.Starting) status.set('starting');
      else if (event.newState === State.Running) status.set('ready');
      // A crash stops the client: the item says so until a restart (the client's own, or one an
      // editor request starts on demand after it gave up) goes through starting back to ready.
      // Without this, a server that crashed after such an on-demand start left the item on ready.
      else if ((event.newState === State.StartFailed || event.newState === State.Stopped) && !stopping) status.set('failed');
    });
    started.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      if (client === started) status.setBusy(params.state === 'busy');
    });
    clientReady = started.start().then(
      () => {
        if (client === started) status.set('ready');
      },
      (error: unknown) => {
        outputChannel.error(`Could not start the go-dockerfile language server: ${String(error)}`);
        if (client === started) status.set('failed');
        throw error;
      },
    );
    return clientReady;
  };
  // Capabilities depend on languageFeatures, other Dockerfile extensions and workspace trust: a restart re-advertises them.
  const restart = async () => {
    const previous = client;
    client = undefined;
    status.set('starting');
    if (previous) {
      stopping = true;
      // A client cannot be stopped while it starts: let that start finish (or fail) first.
      await whenNotStarting(previous);
      // A server that already failed cannot be stopped again; that is fine.
      await previous.stop().catch(() => undefined);
      stopping = false;
    }
    await start().catch(() => undefined);
  };

  let otherExtension = otherDockerExtensionInstalled();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('goDockerfile.languageFeatures')) void restart();
    }),
    vscode.extensions.onDidChange(() => {
      const now = otherDockerExtensionInstalled();
      if (now !== otherExtension) {
        otherExtension = now;
        void restart();
      }
    }),
    // Leaving Restricted Mode makes the workspace's network opt-in count.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
    vscode.commands.registerCommand(GENERATE_COMMAND, (resource?: unknown, options?: GenerateCommandOptions) => generateDockerfile(generateHost(context), resource, options)),
    vscode.commands.registerCommand(SHOW_BUILD_GRAPH_COMMAND, (resource?: unknown) => showBuildGraph(context, resource)),
    vscode.commands.registerCommand(RESTART_COMMAND, () => restart()),
    vscode.commands.registerCommand(STATUS_ACTIONS_COMMAND, () => pickStatusAction(outputChannel)),
    { dispose: () => void client?.stop() },
  );

  // Activation does not wait for the server: it starts in the background (its state shows in the
  // status item), and requests wait for it (clientReady).
  void start().catch(() => undefined);
}

/** Resolves once the client is no longer starting (or after 10 s, so a restart never hangs). */
function whenNotStarting(languageClient: BaseLanguageClient): Promise<void> {
  if (languageClient.state !== State.Starting) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, 10_000);
    const subscription = languageClient.onDidChangeState((event) => {
      if (event.newState !== State.Starting) done();
    });
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

// ---- Go: Generate Dockerfile (client/src/generate) ---------------------------------------------------------

async function request<T>(method: string, params: unknown): Promise<T | RequestError> {
  if (!client || !clientReady) return { error: 'The go-dockerfile language server is not running.' };
  try {
    await clientReady;
    const answer = await client.sendRequest<T | RequestError>(method, params);
    return answer;
  } catch (error) {
    return { error: `The go-dockerfile language server did not answer: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The server names files by the platform's paths: file-system paths on the desktop, paths inside a
 * workspace folder in the browser. A resource the server cannot read keeps its own path, which the
 * server then reports as not found.
 */
function generateHost(context: vscode.ExtensionContext): GenerateHost {
  return {
    request,
    state: context.workspaceState,
    toServerPath: (uri) => platform.serverPath(uri) ?? (uri.scheme === 'file' ? uri.fsPath : uri.path),
    fromServerPath: (serverPath) => platform.resourceAt(serverPath),
  };
}

// ---- Go: Show Dockerfile Build Graph ----------------------------------------------------------------------

function isDockerfile(document: vscode.TextDocument): boolean {
  return vscode.languages.match(DOCUMENT_SELECTOR, document) > 0;
}

/** The Dockerfile to draw: the resource the command was run on (title bar, CodeLens), else the active editor's. */
async function graphDocument(resource: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = resource instanceof vscode.Uri ? resource : typeof resource === 'string' ? vscode.Uri.parse(resource) : undefined;
  if (uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  if (active && isDockerfile(active)) return active;
  const open = vscode.window.visibleTextEditors.map((e) => e.document).find(isDockerfile);
  if (open) return open;
  const files = await vscode.workspace.findFiles('**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*,*.dockerfile}', '**/{node_modules,vendor,.git}/**', 50);
  if (files.length === 0) return undefined;
  let file = files[0];
  if (files.length > 1) {
    const picked = await vscode.window.showQuickPick(
      files.map((f) => ({ label: vscode.workspace.asRelativePath(f), file: f })).sort((a, b) => a.label.localeCompare(b.label)),
      { title: 'Show Dockerfile Build Graph', placeHolder: 'Which Dockerfile?' },
    );
    if (!picked) return undefined;
    file = picked.file;
  }
  return vscode.workspace.openTextDocument(file);
}

async function showBuildGraph(context: vscode.ExtensionContext, resource: unknown): Promise<void> {
  let document: vscode.TextDocument | undefined;
  try {
    document = await graphDocument(resource);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot open the Dockerfile: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!document) {
    void vscode.window.showInformationMessage('Open a Dockerfile to see its build graph.');
    return;
  }
  // The server only knows open documents: show it first when the command came from elsewhere.
  if (!vscode.window.visibleTextEditors.some((e) => e.document === document)) await vscode.window.showTextDocument(document, { preview: false });
  await BuildGraphPanel.show(
    {
      extensionUri: context.extensionUri,
      requestGraph: (params: BuildGraphParams) => request<BuildGraphResult>(BUILD_GRAPH_METHOD, params),
      isDockerfile,
    },
    document,
  );
}
