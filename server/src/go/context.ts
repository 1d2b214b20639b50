// Which build context a Dockerfile is built with, and which Go module that build compiles: the
// module at the context root, in a folder a COPY brings in (`COPY ./server .`), where a go command
// runs, or through the context's go.work. All reads are confined to the project root.

import type { FileAccess } from '../files/index.ts';
import { dirnameOf, foldersUpTo, isWithinPath, joinPath, normalizePath, relativePath } from '../files/index.ts';
import type { BuildInputs } from '../engine/build-inputs.ts';
import { parseGoWork } from './gomod.ts';
import { WALK_LIMITS } from './module-index.ts';
import { findModuleDir } from './workspace.ts';

export interface BuildContext {
  /** Absolute context folder. */
  contextDir: string;
  /** Absolute folder of the module the build compiles, when one is found. */
  moduleDir?: string;
  /** The module folder relative to the context ('.' when they are the same); undefined when the module is not inside the context. */
  moduleDirInContext?: string;
  /** How the context was chosen, for logs and tests. */
  contextFrom: 'explicit' | 'dockerfile-folder' | 'copy-sources' | 'module';
}

/** How many inputs of each kind are looked at: a hostile Dockerfile must not turn into thousands of reads. */
export const MAX_INPUTS_LOOKED_AT = 64;

/** Sources that tell contexts apart: `.` exists in every folder. */
function discriminatingSources(inputs: BuildInputs | undefined): string[] {
  return (inputs?.contextSources ?? []).filter((s) => s !== '.').slice(0, MAX_INPUTS_LOOKED_AT);
}

async function exists(access: FileAccess, p: string): Promise<boolean> {
  return (await access.stat(p)) !== undefined;
}

async function allExist(access: FileAccess, base: string, sources: readonly string[]): Promise<boolean> {
  for (const s of sources) if (!(await exists(access, joinPath(base, s)))) return false;
  return true;
}

async function hasGoMod(access: FileAccess, dir: string): Promise<boolean> {
  return (await access.stat(joinPath(dir, 'go.mod')))?.kind === 'file';
}

/**
 * The context folder: an explicit one (config), else the Dockerfile's folder, unless the COPY
 * sources do not all exist there but do in a folder above it (a Dockerfile kept in `docker/` and
 * built from the repository root): then the nearest such folder.
 */
async function findContextDir(access: FileAccess, dockerfilePath: string, inputs: BuildInputs | undefined, explicit: string | undefined): Promise<{ dir: string; from: BuildContext['contextFrom'] }> {
  const dockerDir = dirnameOf(normalizePath(dockerfilePath));
  if (explicit !== undefined) {
    const dir = normalizePath(explicit);
    if (isWithinPath(dir, access.root)) return { dir, from: 'explicit' };
  }
  const sources = discriminatingSources(inputs);
  if (sources.length === 0 || (await allExist(access, dockerDir, sources))) return { dir: dockerDir, from: 'dockerfile-folder' };
  for (const dir of foldersUpTo(dockerDir, access.root).slice(1)) {
    if (await allExist(access, dir, sources)) return { dir, from: 'copy-sources' };
  }
  return { dir: dockerDir, from: 'dockerfile-folder' };
}

/** The module a go.work at the context root points the build at. */
async function moduleFromGoWork(access: FileAccess, contextDir: string, inputs: BuildInputs | undefined): Promise<string | undefined> {
  const read = await access.readText(joinPath(contextDir, 'go.work'), WALK_LIMITS.maxGoModBytes);
  if (!read.ok) return undefined;
  const uses: string[] = [];
  for (const use of parseGoWork(read.text).uses) {
    const dir = joinPath(contextDir, use);
    if (isWithinPath(dir, access.root) && (await hasGoMod(access, dir))) uses.push(dir);
  }
  if (uses.length === 0) return undefined;
  // The module holding the package a go command builds, when one names it.
  for (const build of (inputs?.goBuilds ?? []).slice(0, MAX_INPUTS_LOOKED_AT)) {
    for (const dir of build.dirs.slice(0, 4)) {
      const target = joinPath(contextDir, dir, build.pkg.startsWith('.') ? build.pkg.replace(/\/\.\.\.$/, '') : '.');
      const owner = uses.filter((u) => isWithinPath(target, u)).sort((a, b) => b.length - a.length)[0];
      if (owner) return owner;
    }
  }
  return uses[0];
}

/** The module the COPY sources or go commands point at, inside the context. */
async function moduleFromInputs(access: FileAccess, contextDir: string, inputs: BuildInputs | undefined): Promise<string | undefined> {
  // A folder a go command runs in, or one of its parents up to the context.
  for (const build of (inputs?.goBuilds ?? []).slice(0, MAX_INPUTS_LOOKED_AT)) {
    for (const dir of build.dirs.slice(0, 4)) {
      const abs = joinPath(contextDir, dir);
      const found = await findModuleDir(access, abs, contextDir);
      if (found !== undefined) return found;
    }
  }
  // `COPY ./server .` or `COPY server/go.mod server/go.sum ./`.
  for (const source of (inputs?.contextSources ?? []).slice(0, MAX_INPUTS_LOOKED_AT)) {
    if (source === '.') continue;
    const abs = joinPath(contextDir, source);
    if (source === 'go.mod' || source.endsWith('/go.mod')) {
      if ((await access.stat(abs))?.kind === 'file') return dirnameOf(abs);
      continue;
    }
    if ((await access.stat(abs))?.kind === 'directory' && (await hasGoMod(access, abs))) return abs;
  }
  return undefined;
}

/** Finds the build context and the module of a Dockerfile. `explicitContext` comes from the config's `contexts` mapping. */
export async function resolveBuildContext(
  access: FileAccess,
  dockerfilePath: string,
  inputs?: BuildInputs,
  explicitContext?: string,
): Promise<BuildContext> {
  const context = await findContextDir(access, dockerfilePath, inputs, explicitContext);
  let moduleDir: string | undefined;
  if (await hasGoMod(access, context.dir)) moduleDir = context.dir;
  moduleDir ??= await moduleFromInputs(access, context.dir, inputs);
  moduleDir ??= await moduleFromGoWork(access, context.dir, inputs);
  let contextDir = context.dir;
  let from = context.from;
  if (moduleDir === undefined) {
    // The nearest module above the Dockerfile (within the project root), as before any COPY was read.
    moduleDir = await findModuleDir(access, dirnameOf(normalizePath(dockerfilePath)));
    // A Dockerfile below its module, with nothing that says otherwise, is built from the module root
    // (`docker build -f deploy/Dockerfile .`).
    if (moduleDir !== undefined && from === 'dockerfile-folder' && !isWithinPath(moduleDir, contextDir)) {
      contextDir = moduleDir;
      from = 'module';
    }
  }
  const result: BuildContext = { contextDir, contextFrom: from };
  if (moduleDir !== undefined) {
    result.moduleDir = moduleDir;
    const rel = relativePath(contextDir, moduleDir);
    if (rel !== undefined) result.moduleDirInContext = rel;
  }
  return result;
}
