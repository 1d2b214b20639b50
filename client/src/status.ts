// The status bar item: what the language server is doing (starting, ready, busy linting, failed).
// On failure, clicking it offers to restart the server or show its output.
import * as vscode from 'vscode';

export type ServerState = 'starting' | 'ready' | 'busy' | 'failed';

export const RESTART_COMMAND = 'goDockerfile.restartServer';
/** Internal: what clicking the item does when the server failed. */
export const STATUS_ACTIONS_COMMAND = 'goDockerfile.statusActions';
/** A lint shorter than this never shows the busy spinner, so typing does not make the item flicker. */
const BUSY_DELAY_MS = 300;

const LOOK: Record<ServerState, { text: string; tooltip: string }> = {
  starting: { text: '$(sync~spin) Go Dockerfile', tooltip: 'Starting the go-dockerfile language server…' },
  ready: { text: '$(check) Go Dockerfile', tooltip: 'The go-dockerfile language server is running.' },
  busy: { text: '$(sync~spin) Go Dockerfile', tooltip: 'Linting Dockerfiles…' },
  failed: { text: '$(error) Go Dockerfile', tooltip: 'The go-dockerfile language server stopped. Click to restart it or to see its output.' },
};

export class ServerStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: ServerState = 'starting';
  private busyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('goDockerfile.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Go Dockerfile';
    this.render();
    this.item.show();
  }

  get current(): ServerState {
    return this.state;
  }

  set(state: ServerState): void {
    if (this.busyTimer) clearTimeout(this.busyTimer);
    this.busyTimer = undefined;
    this.state = state;
    this.render();
  }

  /** The server started or finished linting; the spinner shows only for lints that take a while. */
  setBusy(busy: boolean): void {
    if (this.state !== 'ready' && this.state !== 'busy') return;
    if (!busy) return this.set('ready');
    if (this.state === 'busy' || this.busyTimer) return;
    this.busyTimer = setTimeout(() => {
      this.busyTimer = undefined;
      if (this.state === 'ready') this.set('busy');
    }, BUSY_DELAY_MS);
  }

  private render(): void {
    const look = LOOK[this.state];
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.accessibilityInformation = { label: `Go Dockerfile: ${this.state}` };
    this.item.backgroundColor = this.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.command = this.state === 'failed' ? STATUS_ACTIONS_COMMAND : undefined;
  }

  dispose(): void {
    if (this.busyTimer) clearTimeout(this.busyTimer);
    this.item.dispose();
  }
}

/** The choices offered when the failed item is clicked. */
export async function pickStatusAction(outputChannel: vscode.OutputChannel): Promise<void> {
  const restart = { label: 'Go Dockerfile: Restart Server', description: 'Start the language server again' };
  const output = { label: 'Show Output', description: 'The go-dockerfile language server log' };
  const picked = await vscode.window.showQuickPick([restart, output], { title: 'The go-dockerfile language server stopped' });
  if (picked === restart) await vscode.commands.executeCommand(RESTART_COMMAND);
  else if (picked === output) outputChannel.show(true);
}
