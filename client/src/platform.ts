// What the VS Code client needs from where it runs: the desktop extension host (Node: the server is a
// child process over IPC, files are file: paths) or a browser extension host (VS Code for the Web: the
// server is a web worker, the workspace may be virtual, e.g. github.dev's vscode-vfs://).
import type * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import type { InitializationOptions } from '../../server/src/lsp/protocol.ts';

export interface ClientPlatform {
  /** Creates (does not start) the language client. */
  createLanguageClient(context: vscode.ExtensionContext, clientOptions: LanguageClientOptions): BaseLanguageClient;
  /** What the server is told beyond the common options. */
  initializationOptions?(context: vscode.ExtensionContext): Partial<InitializationOptions>;
  /** Called once per client, before it starts: handlers for requests the server sends. */
  attach?(client: BaseLanguageClient): vscode.Disposable;
  /**
   * The path the server knows a resource by (its file-system path on the desktop, its path inside a
   * workspace folder in the browser), or undefined when the server cannot read it.
   */
  serverPath(uri: vscode.Uri): string | undefined;
  /** The resource at a path the server gave (the inverse of serverPath). */
  resourceAt(serverPath: string): vscode.Uri;
}
