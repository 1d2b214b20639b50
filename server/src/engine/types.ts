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

/**
 * A file a fix creates beside the Dockerfile (e.g. a .dockerignore). The shells turn it into an LSP
 * `CreateFile` plus an insert, or write it from the CLI; an existing file is never overwritten.
 */
export interface FileCreation {
  /** Absolute path, or a path relative to the Dockerfile's folder. */
  path: string;
  text: string;
}

/** A named set of edits: a quick fix or a suggestion. */
export interface FixProposal {
  title: string;
  /** Edits of the Dockerfile itself. */
  edits: TextEdit[];
  /** Files the fix creates (never overwrites). Text-only appliers (`applyEdits`, fix-all's text) skip them. */
  creates?: FileCreation[];
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
  /**
   * The build context folder the facts were found for (absolute). By default the Dockerfile's
   * folder; a `contexts` mapping in .go-dockerfile.json or the COPY sources can move it up.
   */
  contextDir?: string;
  /** The module folder relative to the context, '.' when they are the same (`COPY ./server .` builds 'server'). */
  moduleDirInContext?: string;
  /**
   * What the program a build compiles really uses, under that build's constraints. Pure: answered
   * from files read beforehand, never from the disk. Undefined result: the package is unknown.
   */
  program?: (query: ProgramQuery) => ProgramFacts | undefined;
  /** The .dockerignore that applies to the build context, when there is one. */
  dockerignore?: DockerignoreFacts;
  /**
   * True when the facts looked for a .dockerignore (`<Dockerfile>.dockerignore` beside the Dockerfile,
   * then `<context>/.dockerignore`): `dockerignore` undefined then means "there is none". Left out,
   * nobody looked, and rules must not assume either way.
   */
  dockerignoreChecked?: boolean;
  /**
   * Shell lines behind `make <target>` and scripts a RUN calls, read from the context. The model
   * interprets them as if they were written in the RUN; what is not here stays opaque.
   */
  recipes?: RecipeFacts;
}

/** Which program a `go build`/`go install` compiles, and under which constraints. */
export interface ProgramQuery {
  /** The package argument as written ('.', './cmd/api', 'example.com/m/cmd/api', '' for none). */
  pkg: string;
  /** Where the command runs, relative to the module root ('.' when it is the module root; '../x' above it in a go.work build; undefined when unknown, then '.'). */
  dir?: string;
  /** GOARCH, when known (undefined: any architecture; facts then take the union). */
  goarch?: string;
  /** Build tags from -tags. */
  tags: readonly string[];
  /** Whether cgo is on for this build (files with `//go:build cgo` / `!cgo` depend on it). */
  cgo: boolean;
}

/** Tri-state: a fact the module's own code settles, or that depends on code we cannot see. */
export type Certainty = 'yes' | 'no' | 'unknown';

export interface ProgramFacts {
  /** The main package, module-relative ('.', './cmd/api'); for a `./...` pattern naming several, the pattern as written. */
  dir: string;
  /** The default binary name (`go build` without -o); '' when the query names several main packages. */
  binaryName: string;
  /** The module's own packages it compiles, module-relative dirs. */
  packages: string[];
  /** Imports net, os/user or plugin (so cgo on a glibc builder links it dynamically). 'unknown' when third-party code may. */
  dynamicWithCgo: Certainty;
  /**
   * Module-relative files with `import "C"`: with cgo on, those this build compiles; with cgo off,
   * those it leaves out for want of cgo (no `!cgo` fallback beside them), i.e. what it lacks.
   */
  cgoFiles: string[];
  /** Third-party modules imported (module paths), and the subset known to need cgo. */
  modules: string[];
  cgoModules: string[];
  /** Makes TLS or HTTPS client connections (crypto/tls, net/http, known SDKs). */
  usesTLS: Certainty;
  /** Compiles in its own root certificates (golang.org/x/crypto/x509roots/fallback). */
  embedsRootCAs: boolean;
  /** Calls time.LoadLocation with a zone name (or reads TZ), and whether time/tzdata is embedded. */
  loadsTimezones: Certainty;
  embedsTzdata: boolean;
  /** `//go:embed` patterns, with the module-relative package dir they are relative to. */
  embeds: Array<{ dir: string; pattern: string }>;
  /** Ports the program's own code listens on. */
  ports: number[];
}

export interface DockerignoreFacts {
  /** Absolute path of the file that applies (`<Dockerfile>.dockerignore` beside the Dockerfile wins). */
  file: string;
  /** Its patterns, in order, as Docker reads them (comments and blank lines dropped). */
  patterns: string[];
}

export interface RecipeFacts {
  /**
   * `make` targets a RUN calls → their recipes. Keys come from `makeRecipeKey(dir, makefile, target,
   * variables)` (engine/model/recipe-calls.ts): the context-relative folder make runs in, the -f file,
   * the target ('' for the default goal) and the command-line variables.
   */
  makeTargets?: Record<string, Recipe>;
  /** A script a RUN executes (key: path relative to the context, e.g. 'scripts/build.sh'). */
  scripts?: Record<string, Recipe>;
}

export interface Recipe {
  /** Shell lines, in order, prerequisites' lines first (one level), make variables expanded. Each runs in its own shell for make, in one shell for a script. */
  lines: string[];
  /** False when something could not be resolved (an unknown variable, a deeper prerequisite, an include): rules then treat the build as opaque. */
  complete: boolean;
  /**
   * Variables make puts in the environment of the recipe lines: exported and command-line ones
   * ('always'), and Makefile assignments that replace a variable the RUN's environment already has
   * ('if-set'). `value` undefined: set, but not resolvable.
   */
  environment?: Array<{ name: string; value?: string; when: 'always' | 'if-set' }>;
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
  /**
   * Called when a rule throws (a bug): that rule's findings for this text are dropped, the other
   * rules' are kept. The server logs it, the CLI warns, tests fail. An exception thrown here
   * propagates out of analyze.
   */
  onRuleError?: (ruleId: string, error: unknown) => void;
}
