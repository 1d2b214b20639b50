// dockerfile-utils validation for the Node server. Small files are validated on the server's thread
// (a thread start costs more than their validation); large ones on a worker thread, one request at
// a time per server, with a time limit; files in between on the worker when it is already running
// (beside the Go analysis, not after it), else on the server's thread while the worker starts for
// the next one. Nothing is loaded before the first validation: the worker is started on the first
// file that is not small, its heap is capped, and it is let go after a quiet spell (its heap is most
// of the server's memory otherwise). Falls back to the caller's validation (on the server's thread)
// when the bundle is missing or no worker can be started.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { SyntaxValidator } from './platform.ts';
import { WARM_UP_DOCKERFILE, warmUp } from './warmUp.ts';

interface Pending {
  resolve: (diagnostics: Diagnostic[] | undefined) => void;
  timer: ReturnType<typeof setTimeout>;
}

type Validate = (text: string) => Diagnostic[];

export interface SyntaxValidationOptions {
  /** Longest a worker validation may take before the worker is terminated (ms). */
  timeLimitMs?: number;
  /** The bundle that validates: a worker script that also exports `validate` (dist/validate-worker.js). */
  workerFile?: string;
  /** Texts up to this many characters are validated on the server's thread. */
  inlineMaxChars?: number;
  /**
   * Inline texts up to this many characters are validated at once, in the call; larger ones after
   * what runs now (the lint publishes the Go findings of a larger file before its syntax ones).
   */
  immediateMaxChars?: number;
  /** The worker is terminated after this long without a request (ms). */
  idleMs?: number;
  /** Heap cap of the worker (MB). */
  workerHeapMb?: number;
}

/** About 1,000 typical lines: validated in a few ms, well under a thread's start. */
export const INLINE_MAX_CHARS = 48 * 1024;
/** Below the size from which the server splits the first publish (server.ts SPLIT_FIRST_PUBLISH_CHARS): nothing to publish before. */
export const IMMEDIATE_MAX_CHARS = 16 * 1024;
/** A quiet spell after which the worker's memory is given back. */
export const WORKER_IDLE_MS = 30_000;

export class SyntaxValidation implements SyntaxValidator {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private inlineValidate: Validate | null | undefined;
  private readonly timeLimitMs: number;
  private readonly workerFile: string;
  private readonly inlineMaxChars: number;
  private readonly immediateMaxChars: number;
  private readonly idleMs: number;
  private readonly workerHeapMb: number;
  private disposed = false;
  /** How many workers were started (tests: started lazily, again after an idle release). */
  workersStarted = 0;

  constructor(
    private readonly fallback: Validate,
    private readonly log: (message: string) => void,
    options: SyntaxValidationOptions = {},
  ) {
    this.timeLimitMs = options.timeLimitMs ?? 10_000;
    this.workerFile = options.workerFile ?? path.join(__dirname, 'validate-worker.js');
    this.inlineMaxChars = options.inlineMaxChars ?? INLINE_MAX_CHARS;
    this.immediateMaxChars = options.immediateMaxChars ?? IMMEDIATE_MAX_CHARS;
    this.idleMs = options.idleMs ?? WORKER_IDLE_MS;
    this.workerHeapMb = options.workerHeapMb ?? 96;
  }

  /** Whether a worker thread is running now. */
  get workerRunning(): boolean {
    return this.worker !== undefined;
  }

  /** Whether `text` goes to the worker thread: a large text, or a medium one when the worker is running. */
  private forWorker(text: string): boolean {
    if (text.length > this.inlineMaxChars) return true;
    return text.length > this.immediateMaxChars && this.worker !== undefined;
  }

  /** Texts for the worker thread (when its bundle is there). */
  runsBeside(text: string): boolean {
    return this.forWorker(text) && (this.worker !== undefined || fs.existsSync(this.workerFile));
  }

  /** Syntax diagnostics for `text`; undefined when validation failed or ran out of time. */
  validate(text: string): Promise<Diagnostic[] | undefined> {
    if (!this.forWorker(text)) {
      const result = this.validateInline(text);
      // A medium text is validated here while a worker starts for the next one (a start costs more than this validation).
      if (text.length > this.immediateMaxChars && this.ensureWorker() && this.pending.size === 0) this.startIdleTimer();
      return result;
    }
    const worker = this.ensureWorker();
    if (!worker) return this.validateInline(text);
    this.stopIdleTimer();
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
    this.disposed = true;
    this.restart();
  }

  /**
   * On the server's thread, with the validation bundle loaded on first use: a small text at once
   * (waiting for a later turn would queue it behind file reads), a larger one after what runs now
   * (the lint publishes the Go findings first).
   */
  private validateInline(text: string): Promise<Diagnostic[] | undefined> {
    const run = (): Diagnostic[] | undefined => {
      try {
        return (this.loadInline() ?? this.fallback)(text);
      } catch (error) {
        this.log(`go-dockerfile: syntax validation failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    };
    if (text.length <= this.immediateMaxChars) return Promise.resolve(run());
    return new Promise((resolve) => setImmediate(() => resolve(run())));
  }

  private loadInline(): Validate | undefined {
    if (this.inlineValidate !== undefined) return this.inlineValidate ?? undefined;
    this.inlineValidate = null;
    if (!fs.existsSync(this.workerFile)) return undefined;
    try {
      // A path known only at run time: the bundler leaves this require alone, so the server bundle
      // does not carry (and parse at start-up) dockerfile-utils.
      const loaded = require(this.workerFile) as { validate?: Validate };
      if (typeof loaded.validate === 'function') {
        const validate = loaded.validate;
        this.inlineValidate = validate;
        // Compiled in idle time from now on, so the next files validate warm (warmUp.ts).
        void warmUp(() => validate(WARM_UP_DOCKERFILE), { stopped: () => this.disposed });
      }
    } catch (error) {
      this.log(`go-dockerfile: cannot load the syntax validation (${error instanceof Error ? error.message : String(error)}); validating with the language service.`);
    }
    return this.inlineValidate ?? undefined;
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (!fs.existsSync(this.workerFile)) return undefined;
    try {
      const worker = new Worker(this.workerFile, {
        // A cap, so one pathological file cannot take the machine's memory (it fails, and is restarted).
        // A small young generation: validating a 10,000-line file measured ~11 MB less RSS at the
        // same speed (dockerfile-utils keeps little between validations).
        resourceLimits: { maxOldGenerationSizeMb: this.workerHeapMb, maxYoungGenerationSizeMb: 4 },
      });
      this.workersStarted++;
      worker.on('message', (message: { id: number; diagnostics?: Diagnostic[]; error?: string }) => {
        const entry = this.pending.get(message.id);
        if (!entry) return;
        this.pending.delete(message.id);
        clearTimeout(entry.timer);
        if (message.error) this.log(`go-dockerfile: syntax validation failed: ${message.error}`);
        entry.resolve(message.diagnostics);
        if (this.pending.size === 0) this.startIdleTimer();
      });
      worker.on('error', (error) => {
        this.log(`go-dockerfile: syntax validation worker failed: ${error.message}`);
        if (this.worker === worker) this.restart();
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

  private startIdleTimer(): void {
    this.stopIdleTimer();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.pending.size === 0) this.restart();
    }, this.idleMs);
    this.idleTimer.unref?.();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Drops the worker and answers every waiting request with "no result". */
  private restart(): void {
    this.stopIdleTimer();
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
