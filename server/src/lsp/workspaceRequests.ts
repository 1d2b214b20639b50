// The custom requests behind "Go: Generate Dockerfile". The client picks folders and writes files;
// the server reads the Go module (fresh, not cached: the user may have just changed it) and renders the text.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { findModuleDir, readGoWorkspace } from '../go/index.ts';
import { generateDockerfile, generateDockerignore } from '../scaffold/index.ts';
import type { RequestError, ScaffoldParams, ScaffoldResult, WorkspaceInfo, WorkspaceInfoParams } from './protocol.ts';

const FINAL_IMAGES = new Set(['distroless', 'scratch', 'alpine']);

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function workspaceInfo(params: WorkspaceInfoParams): WorkspaceInfo | RequestError {
  if (!params || typeof params.dir !== 'string' || params.dir === '') return { error: 'No folder given.' };
  const dir = path.resolve(params.dir);
  let start = dir;
  try {
    if (fs.statSync(dir).isFile()) start = path.dirname(dir); // e.g. go.mod itself
  } catch {
    return { error: `${dir} does not exist.` };
  }
  const moduleDir = findModuleDir(start);
  if (moduleDir === undefined) return { error: `${start} is not inside a Go module (no go.mod found in it or above it).` };
  try {
    const ws = readGoWorkspace(moduleDir);
    const info: WorkspaceInfo = {
      moduleDir: ws.moduleDir,
      modulePath: ws.modulePath,
      mainPackages: ws.mainPackages,
      hasDockerfile: ws.hasDockerfile,
      hasDockerignore: ws.hasDockerignore,
    };
    if (ws.goVersion !== undefined) info.goVersion = ws.goVersion;
    return info;
  } catch (error) {
    return { error: message(error) };
  }
}

export function scaffold(params: ScaffoldParams): ScaffoldResult | RequestError {
  if (!params || typeof params.moduleDir !== 'string' || typeof params.mainPackage !== 'string') {
    return { error: 'scaffold needs moduleDir and mainPackage.' };
  }
  if (params.finalImage !== undefined && !FINAL_IMAGES.has(params.finalImage)) {
    return { error: `Unknown final image "${String(params.finalImage)}" (expected distroless, scratch or alpine).` };
  }
  try {
    const ws = readGoWorkspace(path.resolve(params.moduleDir));
    const options = params.finalImage ? { mainPackage: params.mainPackage, finalImage: params.finalImage } : { mainPackage: params.mainPackage };
    return { dockerfile: generateDockerfile(ws, options), dockerignore: generateDockerignore(ws) };
  } catch (error) {
    return { error: message(error) };
  }
}
