// The custom part of the protocol between the VS Code client and the server. Types only, plus method names,
// so the client can import it without pulling server code into its bundle.

import type { BuildGraph } from '../engine/build-graph.ts';
import type { FinalImage, RankedMainPackage, ScaffoldLayout } from '../scaffold/index.ts';

export type { FinalImage, MainGroup, RankedMainPackage, ScaffoldLayout } from '../scaffold/index.ts';
import type { FileKind, ReadResult } from '../files/access.ts';

export type { BuildGraph } from '../engine/build-graph.ts';

export const WORKSPACE_INFO_METHOD = 'goDockerfile/workspaceInfo';
export const SCAFFOLD_METHOD = 'goDockerfile/scaffold';
export const BUILD_GRAPH_METHOD = 'goDockerfile/buildGraph';
/** The VS Code command behind "Go: Generate Dockerfile"; the server's CodeLens on an empty Dockerfile runs it. */
export const GENERATE_COMMAND = 'goDockerfile.generate';
/** The VS Code command that opens the build graph; the server's CodeLens on the first FROM runs it. */
export const SHOW_BUILD_GRAPH_COMMAND = 'goDockerfile.showBuildGraph';
/** Server → client: linting started or finished (sent only when the client asked, see InitializationOptions). */
export const STATUS_NOTIFICATION = 'goDockerfile/status';

/**
 * Server → client, in the browser build only: the server has no file system there, so it reads the
 * workspace (Go facts, .go-dockerfile.json, .dockerignore, Makefiles) through the editor's
 * (`vscode.workspace.fs`), which also serves virtual workspaces such as github.dev's.
 */
export const STAT_METHOD = 'goDockerfile/stat';
export const LIST_DIR_METHOD = 'goDockerfile/listDir';
export const READ_FILE_METHOD = 'goDockerfile/readFile';

/** A file or folder inside one workspace folder: the client refuses anything else. */
export interface WorkspaceFileParams {
  /** The workspace folder's URI, exactly as the client reported it. */
  folder: string;
  /** Relative to the folder, forward slashes, no `..` ('.' for the folder itself). */
  path: string;
}

export interface ReadFileParams extends WorkspaceFileParams {
  /** Larger files are not read: `too-large`. */
  maxBytes: number;
}

/** What is at a path; `symlink` when the entry itself is a symbolic link. Null: nothing there. */
export type StatResult = { kind: FileKind; size: number; symlink: boolean } | null;
export type ListDirResult = Array<{ name: string; kind: FileKind; symlink: boolean }> | null;
export type ReadFileResult = ReadResult;

export interface StatusParams {
  state: 'busy' | 'idle';
}

/** Sent by the VS Code client in `initializationOptions`. Standalone clients send nothing. */
export interface InitializationOptions {
  /** Whether a Dockerfile extension that brings its own language server is installed (Docker, Container Tools, Docker DX). */
  otherDockerExtension?: boolean;
  /** The window-level `goDockerfile.languageFeatures` value, to decide which capabilities to advertise. */
  languageFeatures?: 'auto' | 'on' | 'off';
  /** The client has the build graph command: offer a CodeLens for it on the first FROM. */
  buildGraphCodeLens?: boolean;
  /** The client has the generate command: offer it (CodeLens and quick fix) on an empty Dockerfile in a Go module. */
  generateCommand?: boolean;
  /** Send goDockerfile/status notifications (the VS Code status bar item shows "busy"). */
  statusNotifications?: boolean;
  /**
   * False in VS Code's Restricted Mode: settings that only a trusted workspace may set
   * (imageTagCompletion.network) are then not taken from .go-dockerfile.json. Standalone clients
   * send nothing, which counts as trusted: they have no such mode.
   */
  workspaceTrusted?: boolean;
  /**
   * The browser client: where the rule docs shipped in the extension are (its `docs/rules` folder as
   * a URI the editor opens, e.g. on vscode.dev an https address of the extension's files).
   */
  ruleDocsBase?: string;
}

export interface WorkspaceInfoParams {
  /** File-system path of a folder inside a Go module, or of the module's folder itself. */
  dir: string;
}

export interface WorkspaceInfo {
  moduleDir: string;
  modulePath: string;
  goVersion?: string;
  /** Best first (see scaffold/rank.ts). */
  mainPackages: RankedMainPackage[];
  /** The main package that is clearly the one, when there is one. */
  recommended?: string;
  hasDockerfile: boolean;
  hasDockerignore: boolean;
}

export interface ScaffoldParams {
  moduleDir: string;
  /** A MainPackage.dir, e.g. "." or "./cmd/server": the program, or the default one of several. */
  mainPackage: string;
  finalImage?: FinalImage;
  layout?: ScaffoldLayout;
  /** The programs of the all-in-one and per-target layouts. */
  mainPackages?: string[];
  /** The Dockerfile's path relative to the module folder (default `Dockerfile`), e.g. `Dockerfile.go-dockerfile`. */
  dockerfileName?: string;
}

export interface ScaffoldResult {
  dockerfile: string;
  dockerignore: string;
  /** Where the ignore file goes, relative to the module folder: `.dockerignore`, or `<Dockerfile>.dockerignore` for a go.work build. */
  dockerignoreName: string;
  /** The build context relative to the module folder ('.', or '..' for a go.work build). */
  contextDir: string;
}

/** What the generate command receives from the server's CodeLens and quick fix on an empty Dockerfile. */
export interface GenerateCommandOptions {
  /** Write into this (empty) Dockerfile, with the recommended choices: no questions when the program is clear. */
  recommended: true;
}

export interface RequestError {
  error: string;
}

export interface BuildGraphParams {
  /** An open document: the graph is computed from the text the server has. */
  textDocument: { uri: string };
  /** `--target`: the stage to ship instead of the last one. */
  target?: string;
}

export interface BuildGraphResult {
  uri: string;
  /** The document version the graph was computed from. */
  version: number;
  graph: BuildGraph;
}
