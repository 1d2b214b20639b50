// Runs dockerfile-utils validation on a worker thread, one request at a time per server, with a
// time limit. Falls back to validating on the main thread when no worker can be started.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver/node';

interface Pending {
  resolve: (diagnostics: Diagnostic[] | undefined) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class SyntaxValidation {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly fallback: (text: string) => Diagnostic[],
    private readonly log: (message: string) => void,
    private readonly timeLimitMs = 10_000,
    private readonly workerFile = path.join(__dirname, 'validate-worker.js'),
  ) {}

  /** Syntax diagnostics for `text`; undefined when validation failed or ran out of time. */
  validate(text: string): Promise<Diagnostic[] | undefined> {
    const worker = this.ensureWorker();
    if (!worker) {
      try {
        return Promise.resolve(this.fallback(text));
      } catch {
        return Promise.resolve(undefined);
      }
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.log(`go-dockerfile: syntax validation gave up after ${this.timeLimitMs} ms; restarting its worker.`);
        this.restart();
      }, this.timeLimitMs);
      this.pending.set(id, { resolve, timer });
      worker.postMessage({ id, text });
    });
  }

  dispose(): void {
    this.restart();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (!fs.existsSync(this.workerFile)) return undefined;
    try {
      const worker = new Worker(this.workerFile);
      worker.on('message', (message: { id: number; diagnostics?: Diagnostic[]; error?: string }) => {
        const entry = this.pending.get(message.id);
        if (!entry) return;
        this.pending.delete(message.id);
        clearTimeout(entry.timer);
        if (message.error) this.log(`go-dockerfile: syntax validation failed: ${message.error}`);
        entry.resolve(message.diagnostics);
      });
      worker.on('error', (error) => {
        this.log(`go-dockerfile: syntax validation worker failed: ${error.message}`);
        this.restart();
      });
      // A worker that exits on its own (process.exit, out of memory) emits no 'error': without this,
      // its pending lints, and every later one, waited out the time limit before publishing.
      worker.on('exit', (code) => {
        if (this.worker !== worker) return; // terminated by restart()
        this.log(`go-dockerfile: syntax validation worker exited (code ${code}); starting a new one.`);
        this.restart();
      });
      worker.unref();
      this.worker = worker;
      return worker;
    } catch (error) {
      this.log(`go-dockerfile: cannot start the syntax validation worker (${error instanceof Error ? error.message : String(error)}); validating in the server.`);
      return undefined;
    }
  }

  /** Drops the worker and answers every waiting request with "no result". */
  private restart(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const [, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve(undefined);
    }
    this.pending.clear();
  }
}
