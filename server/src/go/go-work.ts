// The Go workspace (go.work) around a module, for the generator: which modules it uses, and which of
// them a program needs. A build in workspace mode needs the go.mod of every module go.work uses, but
// the sources only of the modules the program imports (transitively).

import type { FileAccess } from '../files/index.ts';
import { dirnameOf, isWithinPath, joinPath, normalizePath, relativePath } from '../files/index.ts';
import { hasPathPrefix } from './known-modules.ts';
import { parseGoMod, parseGoWork } from './gomod.ts';
import { ModuleIndex, WALK_LIMITS } from './module-index.ts';
import type { GoWorkspace } from './workspace.ts';

export interface GoWorkModule {
  /** The `use` folder relative to the go.work folder, forward slashes, '.' for the go.work folder itself. */
  dir: string;
  modulePath: string;
  goVersion?: string;
  toolchainVersion?: string;
  hasGoSum: boolean;
}

export interface GoWorkInfo {
  /** Absolute folder of go.work. */
  dir: string;
  goVersion?: string;
  toolchainVersion?: string;
  hasWorkSum: boolean;
  /** The module being generated for, relative to `dir`. */
  moduleDir: string;
  /** Every module go.work uses that lies inside the project root, in go.work order. */
  modules: GoWorkModule[];
}

/** How many `use` modules are read (a monorepo's go.work can list hundreds). */
const MAX_WORK_MODULES = 64;

/** Reads go.work and the go.mod of each module it uses (not their sources). */
export async function readGoWork(access: FileAccess, goWorkPath: string, moduleDir: string): Promise<GoWorkInfo | undefined> {
  const read = await access.readText(goWorkPath, WALK_LIMITS.maxGoModBytes);
  if (!read.ok) return undefined;
  const work = parseGoWork(read.text);
  const workDir = dirnameOf(goWorkPath);
  const moduleRel = relativePath(workDir, moduleDir);
  if (moduleRel === undefined) return undefined;
  const modules: GoWorkModule[] = [];
  const seen = new Set<string>();
  for (const use of work.uses.slice(0, MAX_WORK_MODULES)) {
    const abs = joinPath(workDir, use);
    const rel = relativePath(workDir, abs);
    // A use folder outside the go.work folder (../shared) cannot be in its build context.
    if (rel === undefined || seen.has(rel) || !isWithinPath(abs, access.root)) continue;
    seen.add(rel);
    const goMod = await access.readText(joinPath(abs, 'go.mod'), WALK_LIMITS.maxGoModBytes);
    if (!goMod.ok) continue;
    const mod = parseGoMod(goMod.text);
    const entry: GoWorkModule = { dir: rel, modulePath: mod.modulePath ?? '', hasGoSum: (await access.stat(joinPath(abs, 'go.sum')))?.kind === 'file' };
    if (mod.goVersion !== undefined) entry.goVersion = mod.goVersion;
    if (mod.toolchainVersion !== undefined) entry.toolchainVersion = mod.toolchainVersion;
    modules.push(entry);
  }
  const info: GoWorkInfo = {
    dir: workDir,
    hasWorkSum: (await access.stat(joinPath(workDir, 'go.work.sum')))?.kind === 'file',
    moduleDir: normalizePath(moduleRel),
    modules,
  };
  if (work.goVersion !== undefined) info.goVersion = work.goVersion;
  if (work.toolchainVersion !== undefined) info.toolchainVersion = work.toolchainVersion;
  return info;
}

/** The workspace module an import path belongs to: the one with the longest module path that contains it. */
export function workspaceModuleOf(importPath: string, modules: readonly GoWorkModule[]): GoWorkModule | undefined {
  let best: GoWorkModule | undefined;
  for (const mod of modules) {
    if (mod.modulePath !== '' && hasPathPrefix(importPath, mod.modulePath) && (!best || mod.modulePath.length > best.modulePath.length)) best = mod;
  }
  return best;
}

/**
 * The workspace modules a program needs, as go.work-relative folders: its own module, the modules
 * its imports (`imports`: import paths of other modules, from the per-program facts) fall in, and
 * transitively what those modules' code imports (every non-test package of theirs: a superset, so
 * the build never misses a source).
 */
export async function neededWorkModules(access: FileAccess, work: GoWorkInfo, imports: Iterable<string>): Promise<string[]> {
  const needed = new Set<string>([work.moduleDir]);
  const queue: GoWorkModule[] = [];
  const enqueue = (importPath: string) => {
    const mod = workspaceModuleOf(importPath, work.modules);
    if (mod && !needed.has(mod.dir)) {
      needed.add(mod.dir);
      queue.push(mod);
    }
  };
  for (const imp of imports) enqueue(imp);
  for (let i = 0; i < queue.length; i++) {
    const index = await ModuleIndex.read(access, joinPath(work.dir, queue[i].dir), { yieldEvery: 256 });
    for (const file of index.snapshot.files.values()) {
      if (!file.isTest) for (const imp of file.imports) enqueue(imp);
    }
  }
  // go.work order, so the Dockerfile lists them as the project does.
  return work.modules.map((m) => m.dir).filter((dir) => needed.has(dir));
}

/**
 * The workspace modules the given main packages need (see neededWorkModules), from their per-program
 * facts (cgo on and off alike) and go.mod's requires; undefined without a go.work.
 */
export async function workModulesFor(access: FileAccess, ws: Pick<GoWorkspace, 'goWork' | 'program' | 'requires'>, mainDirs: readonly string[]): Promise<string[] | undefined> {
  if (!ws.goWork) return undefined;
  const imports = new Set<string>(ws.requires ?? []);
  for (const dir of mainDirs) {
    for (const cgo of [false, true]) for (const mod of ws.program?.({ pkg: dir, dir: '.', tags: [], cgo })?.modules ?? []) imports.add(mod);
  }
  return neededWorkModules(access, ws.goWork, imports);
}
