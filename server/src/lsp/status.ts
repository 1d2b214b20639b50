// Tells the VS Code client when the server is busy linting, so its status bar item can say so.
// Only for clients that ask (initializationOptions.statusNotifications): other editors get nothing new.
import type { Connection } from 'vscode-languageserver';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol.ts';

export class BusyStatus {
  private running = 0;

  constructor(
    private readonly connection: Connection,
    private readonly enabled: () => boolean,
  ) {}

  /** Marks one piece of work as started; the first one makes the server busy. */
  begin(): void {
    if (this.running++ === 0) this.send({ state: 'busy' });
  }

  /** Marks one piece of work as done; the last one makes the server idle again. */
  end(): void {
    if (this.running === 0) return;
    if (--this.running === 0) this.send({ state: 'idle' });
  }

  private send(params: StatusParams): void {
    if (this.enabled()) void this.connection.sendNotification(STATUS_NOTIFICATION, params).catch(() => undefined);
  }
}
