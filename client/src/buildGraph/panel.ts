// "Go: Show Dockerfile Build Graph": a webview beside the editor that draws the graph the server
// computes (goDockerfile/buildGraph). It follows the active Dockerfile and its edits (debounced),
// and reveals lines in the editor when the user picks a node or a finding. No analysis happens here.
// No Node modules here: the panel also has to work in a browser extension host.
import * as vscode from 'vscode';
import type { BuildGraphParams, BuildGraphResult, RequestError } from '../../../server/src/lsp/protocol.ts';
import type { FromWebview, ToWebview } from './messages.ts';

/** Quiet time after the last edit before the graph is recomputed. */
const REFRESH_DEBOUNCE_MS = 300;
/** The server answered for an older version (the edit is still on its way): ask again after this. */
const STALE_RETRY_MS = 150;
const MAX_STALE_RETRIES = 20;

export interface BuildGraphHost {
  extensionUri: vscode.Uri;
  requestGraph(params: BuildGraphParams): Promise<BuildGraphResult | RequestError>;
  isDockerfile(document: vscode.TextDocument): boolean;
}

export class BuildGraphPanel implements vscode.Disposable {
  private static current: BuildGraphPanel | undefined;

  private document: vscode.TextDocument | undefined;
  /** The `--target` picked for each document (by uri); absent means the last stage. */
  private readonly targets = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private requestSeq = 0;
  private staleRetries = 0;
  private ready = false;

  /** Opens the panel beside the editor (or reveals it) for `document`, else the active Dockerfile. */
  static async show(host: BuildGraphHost, document: vscode.TextDocument | undefined): Promise<void> {
    const existing = BuildGraphPanel.current;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn, true);
      if (document) existing.follow(document);
      return;
    }
    const panel = vscode.window.createWebviewPanel('goDockerfile.buildGraph', 'Build Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      // Only the bundled view script and stylesheet can load; nothing else from disk or the network.
      localResourceRoots: [vscode.Uri.joinPath(host.extensionUri, 'dist')],
      enableFindWidget: true,
    });
    BuildGraphPanel.current = new BuildGraphPanel(panel, host, document);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: BuildGraphHost,
    document: vscode.TextDocument | undefined,
  ) {
    panel.webview.html = webviewHtml(panel.webview, host.extensionUri);
    this.document = document;
    this.updateTitle();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromWebview) => this.onMessage(message)),
      panel.onDidChangeViewState((event) => {
        if (event.webviewPanel.visible) this.schedule(0);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && host.isDockerfile(editor.document)) this.follow(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length > 0) this.schedule(REFRESH_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((closed) => {
        if (closed === this.document) {
          this.document = undefined;
          this.post({ type: 'message', fileName: null, text: 'The Dockerfile was closed. Open a Dockerfile to see its build graph.' });
        }
      }),
    );
  }

  dispose(): void {
    if (BuildGraphPanel.current === this) BuildGraphPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private follow(document: vscode.TextDocument): void {
    if (document === this.document) return;
    this.document = document;
    this.updateTitle();
    this.schedule(0);
  }

  private updateTitle(): void {
    this.panel.title = this.document ? `Build Graph: ${baseName(this.document.uri)}` : 'Build Graph';
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.staleRetries = 0;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  private async refresh(): Promise<void> {
    if (!this.ready) return; // the webview asks once it can draw
    const document = this.document;
    if (!document) {
      this.post({ type: 'message', fileName: null, text: 'Open a Dockerfile to see its build graph.' });
      return;
    }
    const seq = ++this.requestSeq;
    const uri = document.uri.toString();
    const target = this.targets.get(uri);
    const result = await this.host.requestGraph(target ? { textDocument: { uri }, target } : { textDocument: { uri } });
    // A newer request (another edit, another file) makes this answer obsolete.
    if (seq !== this.requestSeq || document !== this.document) return;
    const fileName = displayName(document.uri);
    if ('error' in result) {
      this.post({ type: 'message', fileName, text: result.error });
      return;
    }
    if (result.version < document.version && this.staleRetries < MAX_STALE_RETRIES) {
      // The server has not seen the latest edit yet: ask again shortly.
      this.staleRetries++;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.refresh();
      }, STALE_RETRY_MS);
      return;
    }
    // The stage picked as target may have been renamed or deleted: fall back to the last stage.
    const shownTarget = result.graph.target.found ? (target ?? null) : null;
    if (!result.graph.target.found) this.targets.delete(uri);
    this.post({ type: 'graph', fileName, graph: result.graph, target: shownTarget });
  }

  private onMessage(message: FromWebview): void {
    switch (message?.type) {
      case 'ready':
        this.ready = true;
        this.schedule(0);
        break;
      case 'reveal':
        void this.reveal(message.line, message.column);
        break;
      case 'target': {
        const document = this.document;
        if (!document) return;
        const uri = document.uri.toString();
        if (typeof message.target === 'string' && message.target !== '') this.targets.set(uri, message.target);
        else this.targets.delete(uri);
        this.schedule(0);
        break;
      }
    }
  }

  /** Shows the Dockerfile in the editor it was in (not over the graph) with the cursor on line:column. */
  private async reveal(line: number, column: number): Promise<void> {
    const document = this.document;
    if (!document || !Number.isInteger(line) || line < 1) return;
    const position = document.validatePosition(new vscode.Position(line - 1, Math.max(0, (Number.isInteger(column) ? column : 1) - 1)));
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document && editor.viewColumn !== this.panel.viewColumn);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(position, position),
      preserveFocus: false,
    });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** A file as the user knows it: relative to its workspace folder, else its name. */
function displayName(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const prefix = folder ? `${folder.uri.path.replace(/\/$/, '')}/` : undefined;
  return prefix && uri.path.startsWith(prefix) ? uri.path.slice(prefix.length) : baseName(uri);
}

/** A fresh CSP nonce: 128 random bits, hex. */
function makeNonce(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The webview page: a strict Content-Security-Policy (no network, no inline code; the one script
 * is the bundled view, allowed by nonce), and the bundled stylesheet.
 */
function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'build-graph-view.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'build-graph-view.css'));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Dockerfile build graph</title>
</head>
<body>
<header class="toolbar">
  <span id="file" class="file"></span>
  <label class="target-picker">Target <select id="target" aria-label="Target stage (--target)" disabled></select></label>
  <span id="status" class="status" role="status" aria-live="polite"></span>
  <span class="zoom" role="group" aria-label="Zoom">
    <button type="button" id="zoom-out" title="Zoom out" aria-label="Zoom out">−</button>
    <button type="button" id="zoom-fit" title="Fit the graph to the panel's width" aria-label="Fit to width" aria-pressed="true">Fit</button>
    <button type="button" id="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
  </span>
</header>
<section id="summary" class="summary" aria-label="What ends up in the shipped image"></section>
<main id="graph" class="graph"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
