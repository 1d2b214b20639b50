// dockerfile-utils validation where no thread can be spared for it (a browser web worker): on the
// server's own thread, after the Go analysis of the same lint (so the Go findings are never held up
// by it), and within a time budget. Validation cannot be interrupted, so the budget is kept by not
// starting it: the cost per character measured on earlier validations says how large a Dockerfile
// still fits, and larger ones get no syntax diagnostics (said once in the log). The estimate follows
// the recent measurements both ways: the first validations run before the JIT has warmed up.

import type { Diagnostic } from 'vscode-languageserver';
import type { SyntaxValidator } from './platform.ts';

export interface InlineValidationOptions {
  /** The longest one validation may block the server, in ms. */
  budgetMs?: number;
  /** Largest text validated before anything was measured (characters). */
  initialMaxChars?: number;
  /** The clock; tests pass their own. */
  now?: () => number;
  /** Runs `task` after the current one; tests pass their own. */
  defer?: (task: () => void) => void;
}

/** Texts this short are always validated: their cost is noise, not a measurement. */
const ALWAYS_VALIDATED_CHARS = 16 * 1024;

export class InlineSyntaxValidation implements SyntaxValidator {
  private readonly budgetMs: number;
  private maxChars: number;
  /** Recent cost per character (an average that weighs the latest measurement by half). */
  private msPerChar = 0;
  private skipLogged = false;
  private disposed = false;
  private readonly now: () => number;
  private readonly defer: (task: () => void) => void;

  constructor(
    private readonly validateText: (text: string) => Diagnostic[],
    private readonly log: (message: string) => void,
    options: InlineValidationOptions = {},
  ) {
    this.budgetMs = options.budgetMs ?? 1500;
    this.maxChars = options.initialMaxChars ?? 512 * 1024;
    this.now = options.now ?? (() => performance.now());
    this.defer = options.defer ?? ((task) => setTimeout(task, 0));
  }

  /** The largest text that is validated now (characters). */
  get limitChars(): number {
    return this.maxChars;
  }

  validate(text: string): Promise<Diagnostic[] | undefined> {
    return new Promise((resolve) => {
      // Deferred: the lint that asked analyses the Go rules first, on this same thread.
      this.defer(() => {
        if (this.disposed) return resolve(undefined);
        if (text.length > this.maxChars && text.length > ALWAYS_VALIDATED_CHARS) {
          if (!this.skipLogged) {
            this.skipLogged = true;
            this.log(
              `go-dockerfile: syntax validation (dockerfile-utils) is skipped for Dockerfiles over ${this.maxChars} characters here: ` +
                `it runs on the language server's only thread and would hold it longer than ${this.budgetMs} ms. The Go checks still run.`,
            );
          }
          return resolve(undefined);
        }
        const started = this.now();
        let diagnostics: Diagnostic[] | undefined;
        try {
          diagnostics = this.validateText(text);
        } catch (error) {
          this.log(`go-dockerfile: syntax validation failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        this.learn(text.length, this.now() - started);
        resolve(diagnostics);
      });
    });
  }

  /** Moves the size limit to what the recent validations cost per character. */
  private learn(chars: number, elapsedMs: number): void {
    if (chars < ALWAYS_VALIDATED_CHARS) return;
    const measured = elapsedMs / chars;
    this.msPerChar = this.msPerChar === 0 ? measured : (this.msPerChar + measured) / 2;
    if (this.msPerChar > 0) this.maxChars = Math.max(ALWAYS_VALIDATED_CHARS, Math.floor(this.budgetMs / this.msPerChar));
  }

  dispose(): void {
    this.disposed = true;
  }
}
