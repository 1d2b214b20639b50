// The engine's public contract. Pure data: no I/O, no vscode, no LSP connection.
// Positions and ranges are 0-based (LSP); the CLI converts to 1-based for display.

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A replacement of `range` by `newText` in the original document. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A named set of edits: a quick fix or a suggestion. */
export interface FixProposal {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  /** Values substituted into the message template; tests assert these, not prose. */
  data: Record<string, string>;
  message: string;
  range: Range;
  /** Preferred quick fix; `fix` mode applies it. Behaviour-preserving or exactly what the message asks. */
  fix?: FixProposal;
  /** Debatable alternatives: non-preferred quick fixes, never applied automatically. */
  suggestions?: FixProposal[];
}

/**
 * Facts about the Go workspace around the Dockerfile (from server/src/go). All optional: unknown
 * means "don't guess". `goFacts` left out entirely means nobody looked (an untitled document, a
 * unit test); an object without `moduleDir` means the workspace was searched and no go.mod found.
 */
export interface GoFacts {
  /** Directory of the go.mod that was found, absolute path. */
  moduleDir?: string;
  /** The `module` path from go.mod. */
  modulePath?: string;
  /** The `go` directive, e.g. "1.22" or "1.22.3". */
  goVersion?: string;
  /** The `toolchain` directive without the "go" prefix, e.g. "1.23.1". */
  toolchainVersion?: string;
  /** Whether go.sum exists next to go.mod. */
  hasGoSum?: boolean;
  /** Whether vendor/modules.txt exists (go build then uses vendor/ by default). */
  vendored?: boolean;
  /** Whether a go.work file governs the module. */
  hasGoWork?: boolean;
  /** Whether some package needs cgo: `import "C"` or a known cgo dependency. */
  needsCgo?: boolean;
  /** Why needsCgo is true, e.g. "github.com/mattn/go-sqlite3" or "internal/db/sqlite.go". */
  cgoReason?: string;
  /** Main packages as import-path-relative dirs, e.g. ".", "./cmd/server". */
  mainPackages?: string[];
}

/** The facts of a Dockerfile that no go.mod governs. */
export const NO_MODULE: GoFacts = Object.freeze({});

/** Whether the facts say the workspace was searched and holds no Go module. */
export function isOutsideModule(facts: GoFacts | undefined): boolean {
  return facts !== undefined && Object.keys(facts).length === 0;
}

export interface AnalyzeOptions {
  goFacts?: GoFacts;
  /** Per-rule severity overrides; 'off' disables. Unknown ids are ignored. */
  rules?: Record<string, SeveritySetting>;
}
