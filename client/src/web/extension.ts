// Entry point of dist/web/client.js (package.json `browser`): VS Code for the Web (vscode.dev,
// github.dev) and other browser extension hosts. The language server is dist/web/server.js in a web
// worker; it has no file system, so it asks this side to read the workspace (fileRequests.ts), which
// works on virtual workspaces too. Paths are the resources' URI paths inside their workspace folder.

import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, State } from 'vscode-languageclient/browser';
import { activateWith } from '../extension.ts';
import type { ClientPlatform } from '../platform.ts';
import { answerFileRequests } from './fileRequests.ts';

export { deactivate } from '../extension.ts';

/** The browser's Worker, Blob and URL (the project's tsconfig has no DOM lib). */
interface WebWorker {
  terminate(): void;
}
declare const Worker: new (url: string, options?: { name?: string }) => WebWorker;
declare const Blob: new (parts: Uint8Array[], options: { type: string }) => unknown;
declare const URL: { createObjectURL(blob: unknown): string };

/**
 * The address a worker can be started from. Extensions from a gallery (vscode.dev, github.dev) live
 * at an https address, which works as it is. An extension installed on a server (code-server, a
 * remote) lives at a vscode-remote: URI, from which the web extension host refuses to start
 * workers: the script is read through the editor's file system and started from a blob URL.
 */
async function workerScriptUrl(script: vscode.Uri): Promise<string> {
  if (script.scheme === 'https' || script.scheme === 'http') return script.toString(true);
  const bytes = await vscode.workspace.fs.readFile(script);
  return URL.createObjectURL(new Blob([bytes], { type: 'application/javascript' }));
}

function trimmedPath(uri: vscode.Uri): string {
  const p = uri.path;
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

const browser: ClientPlatform = {
  createLanguageClient(context, clientOptions) {
    const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
    let scriptUrl: Promise<string> | undefined;
    let worker: WebWorker | undefined;
    // A worker per start (the client restarts a crashed server by asking again); a stopped
    // client's worker is ended, so a restart does not leave the old server running.
    const startWorker = async () => {
      worker?.terminate();
      scriptUrl ??= workerScriptUrl(serverMain);
      worker = new Worker(await scriptUrl, { name: 'go-dockerfile-language-server' });
      // The transports, not the worker: the extension host's own Worker wrapper makes the client's
      // `instanceof Worker` check fail.
      return { reader: new BrowserMessageReader(worker as never), writer: new BrowserMessageWriter(worker as never) };
    };
    // The id 'goDockerfile' makes the client honour the goDockerfile.trace.server setting.
    const languageClient = new LanguageClient('goDockerfile', 'Go Dockerfile', startWorker, clientOptions);
    languageClient.onDidChangeState((event) => {
      if (event.newState === State.Stopped) {
        worker?.terminate();
        worker = undefined;
      }
    });
    return languageClient;
  },
  // The rule docs ship inside the extension; this address opens in the browser (on vscode.dev an
  // https address of the extension's files, in code-server the extension's folder on the server).
  initializationOptions: (context) => ({ ruleDocsBase: vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').toString() }),
  attach: (client) => answerFileRequests(client),
  // The server reads through this side, inside workspace folders only.
  serverPath: (uri) => (vscode.workspace.getWorkspaceFolder(uri) ? trimmedPath(uri) : undefined),
  resourceAt(serverPath) {
    const folders = [...(vscode.workspace.workspaceFolders ?? [])].sort((a, b) => trimmedPath(b.uri).length - trimmedPath(a.uri).length);
    const folder = folders.find((f) => serverPath === trimmedPath(f.uri) || serverPath.startsWith(`${trimmedPath(f.uri)}/`)) ?? folders[0];
    return folder ? folder.uri.with({ path: serverPath }) : vscode.Uri.file(serverPath);
  },
};

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activateWith(context, browser);
}
