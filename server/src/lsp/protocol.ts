// The custom part of the protocol between the VS Code client and the server. Types only, plus method names,
// so the client can import it without pulling server code into its bundle.

import type { MainPackage } from '../go/index.ts';

export const WORKSPACE_INFO_METHOD = 'goDockerfile/workspaceInfo';
export const SCAFFOLD_METHOD = 'goDockerfile/scaffold';

/** Sent by the VS Code client in `initializationOptions`. Standalone clients send nothing. */
export interface InitializationOptions {
  /** Whether a Dockerfile extension that brings its own language server is installed (Docker, Container Tools, Docker DX). */
  otherDockerExtension?: boolean;
  /** The window-level `goDockerfile.languageFeatures` value, to decide which capabilities to advertise. */
  languageFeatures?: 'auto' | 'on' | 'off';
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
