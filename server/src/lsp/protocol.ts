// The custom part of the protocol between the VS Code client and the server. Types only, plus method names,
// so the client can import it without pulling server code into its bundle.

import type { BuildGraph } from '../engine/build-graph.ts';
import type { MainPackage } from '../go/index.ts';

export type { BuildGraph } from '../engine/build-graph.ts';

export const WORKSPACE_INFO_METHOD = 'goDockerfile/workspaceInfo';
export const SCAFFOLD_METHOD = 'goDockerfile/scaffold';
export const BUILD_GRAPH_METHOD = 'goDockerfile/buildGraph';
/** The VS Code command that opens the build graph; the server's CodeLens on the first FROM runs it. */
export const SHOW_BUILD_GRAPH_COMMAND = 'goDockerfile.showBuildGraph';
/** Server → client: linting started or finished (sent only when the client asked, see InitializationOptions). */
export const STATUS_NOTIFICATION = 'goDockerfile/status';

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
  /** Send goDockerfile/status notifications (the VS Code status bar item shows "busy"). */
  statusNotifications?: boolean;
  /**
   * False in VS Code's Restricted Mode: settings that only a trusted workspace may set
   * (imageTagCompletion.network) are then not taken from .go-dockerfile.json. Standalone clients
   * send nothing, which counts as trusted: they have no such mode.
   */
  workspaceTrusted?: boolean;
}

export interface WorkspaceInfoParams {
  /** File-system path of a folder inside a Go module, or of the module's folder itself. */
  dir: string;
}

export interface WorkspaceInfo {
  moduleDir: string;
  modulePath: string;
  goVersion?: string;
  mainPackages: MainPackage[];
  hasDockerfile: boolean;
  hasDockerignore: boolean;
}

export interface ScaffoldParams {
  moduleDir: string;
  /** A MainPackage.dir, e.g. "." or "./cmd/server". */
  mainPackage: string;
  finalImage?: 'distroless' | 'scratch' | 'alpine';
}

export interface ScaffoldResult {
  dockerfile: string;
  dockerignore: string;
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
