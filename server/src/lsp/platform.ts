// What the language server needs from where it runs: a Node process (desktop VS Code, other editors)
// or a browser web worker (vscode.dev, github.dev). server.ts is written against this interface only,
// so it imports no Node module; node-platform.ts and browser-platform.ts are the two implementations.

import type { Diagnostic } from 'vscode-languageserver';
import type { InitializationOptions } from './protocol.ts';
import type { ProjectFiles } from './workspaceRequests.ts';

/** The workspace as the server reads it: document URIs mapped to forward-slash paths, and confined access. */
export interface WorkspaceFiles extends ProjectFiles {
  /**
   * The path of a document or watched file, or undefined when the server cannot read around it (an
   * untitled document, a scheme this platform does not read, a file outside every workspace folder
   * where only folders can be read).
   */
  pathOf(uri: string): string | undefined;
  /** The client watches the workspace files (watchedGlobs) and reports changes: reads may be cached until then. */
  watched?(): void;
  /** A watched file (or folder) changed, was created or deleted. */
  changed?(path: string): void;
}

/** dockerfile-utils validation, off the Go analysis' path. */
export interface SyntaxValidator {
  /** The syntax diagnostics for `text`; undefined when validation failed, timed out or was skipped. */
  validate(text: string): Promise<Diagnostic[] | undefined>;
  /**
   * Whether validating `text` runs beside the caller (on another thread), so it can start before the
   * Go analysis. Absent or false: it runs on the caller's thread, and is asked for after the analysis.
   */
  runsBeside?(text: string): boolean;
  dispose(): void;
}

export interface ServerPlatform {
  /** The extension's (or npm package's) version, for serverInfo. */
  version(): string;
  /** File access for the workspace folders the client reported (URIs, read at each call). */
  workspace(folders: () => readonly string[]): WorkspaceFiles;
  /** Where syntax validation runs; `validateInline` is dockerfile-utils on the calling thread. */
  syntaxValidator(validateInline: (text: string) => Diagnostic[], log: (message: string) => void): SyntaxValidator;
  /** The link to a rule's docs page (a diagnostic's codeDescription), or undefined when there is none to give. */
  ruleDocsUrl(ruleId: string): string | undefined;
  /** Sees the client's initialization options once (the browser client says where the docs are). */
  initialize?(options: InitializationOptions): void;
  /** Features this platform does not have, logged once after initialization (not as errors). */
  readonly absentFeatures: readonly string[];
  /** Whether FROM tag completion may ask Docker Hub when the user opts in. */
  readonly networkTagLookups: boolean;
}
