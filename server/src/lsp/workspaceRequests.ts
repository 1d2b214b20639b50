// The custom requests behind "Go: Generate Dockerfile". The client picks folders and writes files;
// the server reads the Go module (fresh, not cached: the user may have just changed it) and renders the text.

import * as path from 'node:path';
import type { FileAccess } from '../files/index.ts';
import { findModuleDir, readGoWorkspace } from '../go/index.ts';
import { generateDockerfile, generateDockerignore } from '../scaffold/index.ts';
import type { RequestError, ScaffoldParams, ScaffoldResult, WorkspaceInfo, WorkspaceInfoParams } from './protocol.ts';

const FINAL_IMAGES = new Set(['distroless', 'scratch', 'alpine']);

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Where the requests read: the project root of a path, and confined access to it. */
export interface ProjectFiles {
  projectRoot(filePath: string): string;
  access(root: string): FileAccess;
}

export async function workspaceInfo(params: WorkspaceInfoParams, project: ProjectFiles): Promise<WorkspaceInfo | RequestError> {
  if (!params || typeof params.dir !== 'string' || params.dir === '') return { error: 'No folder given.' };
  const dir = path.resolve(params.dir);
  // The project root of a folder is found from a file inside it.
  const access = project.access(project.projectRoot(path.join(dir, 'go.mod')));
  const info = await access.stat(dir);
  if (!info) return { error: `${dir} does not exist.` };
  const start = info.kind === 'file' ? path.dirname(dir) : dir; // e.g. go.mod itself
  const moduleDir = await findModuleDir(access, start);
  if (moduleDir === undefined) return { error: `${start} is not inside a Go module (no go.mod found in it or above it).` };
  try {
    const ws = await readGoWorkspace(access, moduleDir);
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

export async function scaffold(params: ScaffoldParams, project: ProjectFiles): Promise<ScaffoldResult | RequestError> {
  if (!params || typeof params.moduleDir !== 'string' || typeof params.mainPackage !== 'string') {
    return { error: 'scaffold needs moduleDir and mainPackage.' };
  }
  if (params.finalImage !== undefined && !FINAL_IMAGES.has(params.finalImage)) {
    return { error: `Unknown final image "${String(params.finalImage)}" (expected distroless, scratch or alpine).` };
  }
  try {
    const moduleDir = path.resolve(params.moduleDir);
    const ws = await readGoWorkspace(project.access(project.projectRoot(path.join(moduleDir, 'go.mod'))), moduleDir);
    const options = params.finalImage ? { mainPackage: params.mainPackage, finalImage: params.finalImage } : { mainPackage: params.mainPackage };
    return { dockerfile: generateDockerfile(ws, options), dockerignore: generateDockerignore(ws) };
  } catch (error) {
    return { error: message(error) };
  }
}
