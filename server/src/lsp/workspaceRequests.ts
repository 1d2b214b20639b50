// The custom requests behind "Go: Generate Dockerfile". The client picks folders and writes files;
// the server reads the Go module (fresh, not cached: the user may have just changed it), ranks its
// programs and renders the text. Paths are absolute with forward slashes (files/paths.ts), so the
// same code serves a browser build.

import type { FileAccess } from '../files/index.ts';
import { dirnameOf, joinPath, normalizePath } from '../files/index.ts';
import { findModuleDir, readGoWorkspace, workModulesFor, type WalkLimits } from '../go/index.ts';
import { FINAL_IMAGES, SCAFFOLD_LAYOUTS, generateScaffold, normalizePackageDir, rankedMains, type ScaffoldOptions } from '../scaffold/index.ts';
import type { RequestError, ScaffoldParams, ScaffoldResult, WorkspaceInfo, WorkspaceInfoParams } from './protocol.ts';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "/repo", "C:/repo" or "C:\\repo": the client sends absolute paths (file-system paths, or a virtual workspace's URI paths). */
function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

/** Where the requests read: the project root of a path, and confined access to it. */
export interface ProjectFiles {
  projectRoot(filePath: string): string;
  access(root: string): FileAccess;
  /** Tighter bounds for reading a module where reads are slow (a browser over the network). */
  walkLimits?: Partial<WalkLimits>;
}

export async function workspaceInfo(params: WorkspaceInfoParams, project: ProjectFiles): Promise<WorkspaceInfo | RequestError> {
  if (!params || typeof params.dir !== 'string' || params.dir === '') return { error: 'No folder given.' };
  if (!isAbsolute(params.dir)) return { error: 'The folder must be an absolute path.' };
  const dir = normalizePath(params.dir);
  // The project root of a folder is found from a file inside it.
  const access = project.access(project.projectRoot(joinPath(dir, 'go.mod')));
  const stat = await access.stat(dir);
  if (!stat) return { error: `${dir} does not exist.` };
  const start = stat.kind === 'file' ? dirnameOf(dir) : dir; // e.g. go.mod itself, or a Dockerfile
  const moduleDir = await findModuleDir(access, start);
  if (moduleDir === undefined) return { error: `${start} is not inside a Go module (no go.mod found in it or above it).` };
  try {
    const ws = await readGoWorkspace(access, moduleDir, project.walkLimits ? { limits: project.walkLimits } : {});
    const info: WorkspaceInfo = {
      moduleDir: ws.moduleDir,
      modulePath: ws.modulePath,
      ...rankedMains(ws),
      hasDockerfile: ws.hasDockerfile,
      hasDockerignore: ws.hasDockerignore,
    };
    if (ws.goVersion !== undefined) info.goVersion = ws.goVersion;
    return info;
  } catch (error) {
    return { error: message(error) };
  }
}

/** A Dockerfile path relative to the module folder: forward slashes, inside it, plain characters. */
function readDockerfileName(name: unknown): string | RequestError {
  if (name === undefined) return 'Dockerfile';
  if (typeof name !== 'string' || name.trim() === '') return { error: 'dockerfileName must be a file name.' };
  const normalized = normalizePath(name);
  if (normalized.startsWith('/') || normalized.startsWith('..') || /^[A-Za-z]:/.test(normalized) || !/^[\w./+@-]+$/.test(normalized)) {
    return { error: `dockerfileName "${name}" must be a path inside the module, of plain characters.` };
  }
  return normalized;
}

export async function scaffold(params: ScaffoldParams, project: ProjectFiles): Promise<ScaffoldResult | RequestError> {
  if (!params || typeof params.moduleDir !== 'string' || typeof params.mainPackage !== 'string') {
    return { error: 'scaffold needs moduleDir and mainPackage.' };
  }
  if (params.finalImage !== undefined && !FINAL_IMAGES.includes(params.finalImage)) {
    return { error: `Unknown final image "${String(params.finalImage)}" (expected distroless, scratch or alpine).` };
  }
  if (params.layout !== undefined && !SCAFFOLD_LAYOUTS.includes(params.layout)) {
    return { error: `Unknown layout "${String(params.layout)}" (expected ${SCAFFOLD_LAYOUTS.join(', ')}).` };
  }
  if (params.mainPackages !== undefined && !(Array.isArray(params.mainPackages) && params.mainPackages.every((m) => typeof m === 'string'))) {
    return { error: 'mainPackages must be a list of package folders.' };
  }
  const dockerfileName = readDockerfileName(params.dockerfileName);
  if (typeof dockerfileName !== 'string') return dockerfileName;
  try {
    if (!isAbsolute(params.moduleDir)) return { error: 'The module folder must be an absolute path.' };
    const moduleDir = normalizePath(params.moduleDir);
    const access = project.access(project.projectRoot(joinPath(moduleDir, 'go.mod')));
    const ws = await readGoWorkspace(access, moduleDir, project.walkLimits ? { limits: project.walkLimits } : {});
    const options: ScaffoldOptions = { mainPackage: params.mainPackage, dockerfileName };
    if (params.finalImage) options.finalImage = params.finalImage;
    if (params.layout) options.layout = params.layout;
    if (params.mainPackages) options.mainPackages = params.mainPackages;
    const programs = [params.mainPackage, ...(params.layout && params.layout !== 'single' ? (params.mainPackages ?? []) : [])].map(normalizePackageDir);
    const workspaceModules = await workModulesFor(access, ws, programs);
    if (workspaceModules) options.workspaceModules = workspaceModules;
    const result = generateScaffold(ws, options);
    return { dockerfile: result.dockerfile, dockerignore: result.dockerignore, dockerignoreName: result.dockerignoreName, contextDir: result.contextDir };
  } catch (error) {
    return { error: message(error) };
  }
}
