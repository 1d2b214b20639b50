// Module-level Go facts for the generator and the module-wide GoFacts fields: main packages, cgo
// need, TLS/tzdata use and listening ports, derived from a ModuleIndex snapshot. Every read goes
// through the confined FileAccess; nothing above the project root is looked at.

import type { FileAccess } from '../files/index.ts';
import { dirnameOf, foldersUpTo, isWithinPath, joinPath, normalizePath } from '../files/index.ts';
import type { GoFacts, ProgramQuery } from '../engine/types.ts';
import { KNOWN_CGO_MODULES, TLS_IMPORTS, hasPathPrefix, matchingPrefix } from './known-modules.ts';
import { ModuleIndex, type IndexOptions, type ModuleSnapshot } from './module-index.ts';
import { binaryNameFor, cgoFilesOf, compareDirs, dotDir, programAnswerer, programFacts } from './program.ts';
import { readProjectBuilds, type ProjectBuild } from './project-build.ts';
import { readGoWork, type GoWorkInfo } from './go-work.ts';

export { WALK_LIMITS } from './module-index.ts';
export { binaryNameFor } from './program.ts';

export interface MainPackage {
  /** '.' or './cmd/server' (always forward slashes). */
  dir: string;
  binaryName: string;
  needsCgo: boolean;
  /** Ports this program's own code listens on (see GoWorkspace.ports); optional extra beyond the shared API. */
  ports?: number[];
}

// GoFacts lists main packages as dirs; the workspace carries the full MainPackage records.
export interface GoWorkspace extends Omit<GoFacts, 'mainPackages' | 'dockerignore' | 'recipes' | 'contextDir' | 'moduleDirInContext'> {
  moduleDir: string;
  modulePath: string;
  mainPackages: MainPackage[];
  /** Module-wide (any main package): what the generator falls back to without per-program facts. */
  usesTLS: boolean;
  /** Some program loads time zones by name (time.LoadLocation) and does not embed time/tzdata. */
  usesTimezones: boolean;
  ports: number[];
  hasDockerfile: boolean;
  hasDockerignore: boolean;
  /** A known cgo module go.mod requires that no code of the module imports (a dependency may): every program counts as needing cgo. */
  cgoOutsideCode?: string;
  /** The project's own build settings per main package (.goreleaser.yaml, Makefile), when read. */
  projectBuilds?: ProjectBuild[];
  /** The go.work that governs the module, when there is one and it uses the module. */
  goWork?: GoWorkInfo;
  /** Module paths go.mod requires. */
  requires?: string[];
}

/** The nearest folder at or above `fromDir`, and not above `stopAt` (the project root by default), that holds a go.mod. */
export async function findModuleDir(access: FileAccess, fromDir: string, stopAt: string = access.root): Promise<string | undefined> {
  if (!isWithinPath(stopAt, access.root)) stopAt = access.root;
  for (const dir of foldersUpTo(normalizePath(fromDir), stopAt)) {
    if ((await access.stat(joinPath(dir, 'go.mod')))?.kind === 'file') return dir;
  }
  return undefined;
}

/** The go.work governing `moduleDir`: the nearest one at or above it, within the root (as the go command looks, but confined). */
export async function findGoWork(access: FileAccess, moduleDir: string): Promise<string | undefined> {
  for (const dir of foldersUpTo(normalizePath(moduleDir), access.root)) {
    const candidate = joinPath(dir, 'go.work');
    if ((await access.stat(candidate))?.kind === 'file') return candidate;
  }
  return undefined;
}

/** A module's facts at one moment: its snapshot and what is derived from it. */
export interface ModuleFacts {
  snapshot: ModuleSnapshot;
  /** What was looked up beside the index (go.work, Dockerfile, .dockerignore): reused when only a .go file changed. */
  extra: ModuleExtra;
  workspace: GoWorkspace;
  /** The module-wide GoFacts fields, plus `program` over this snapshot. */
  facts: GoFacts;
}

export interface ModuleExtra {
  goWork?: string;
  hasDockerfile: boolean;
  hasDockerignore: boolean;
}

/** What the generator and the module-wide facts need, from one snapshot. */
export function deriveModuleFacts(snapshot: ModuleSnapshot, extra: ModuleExtra): ModuleFacts {
  const modulePath = snapshot.modulePath;
  const moduleDir = snapshot.moduleDir;
  // Generator view: cgo as the default glibc builder has it, for amd64/arm64, no tags.
  const query = (dir: string): ProgramQuery => ({ pkg: dotDir(dir), dir: '.', tags: [], cgo: true });
  // Only folders with a `package main` file can be programs; the others are not even looked at.
  const candidates = new Set<string>();
  let anyCgoFile: string | undefined;
  for (const [rel, file] of snapshot.files) {
    if (file.isTest) continue;
    if (file.packageName === 'main') candidates.add(file.dir);
    if (file.importsC && anyCgoFile === undefined && cgoFilesOf(snapshot, file.dir, { tags: [], cgo: false }).includes(rel)) anyCgoFile = rel;
  }
  const mainDirs = [...candidates].filter((dir) => programFacts(snapshot, query(dir)) !== undefined).sort(compareDirs);

  // Known cgo modules in go.mod: imported by the code, by tests only, or by some dependency.
  let directModule: string | undefined;
  let unattributedModule: string | undefined;
  const cgoRequires = snapshot.goMod.requires.filter((req) => matchingPrefix(req.path, KNOWN_CGO_MODULES));
  if (cgoRequires.length > 0) {
    const codeImports = new Set<string>();
    const testImports = new Set<string>();
    for (const file of snapshot.files.values()) for (const imp of file.imports) (file.isTest ? testImports : codeImports).add(imp);
    for (const req of cgoRequires) {
      if ([...codeImports].some((imp) => hasPathPrefix(imp, req.path))) directModule ??= req.path;
      else if (![...testImports].some((imp) => hasPathPrefix(imp, req.path))) unattributedModule ??= req.path;
    }
  }
  const cgoReason = anyCgoFile ?? directModule ?? unattributedModule;

  const facts: GoFacts = {
    moduleDir,
    modulePath,
    hasGoSum: snapshot.hasGoSum,
    vendored: snapshot.vendored,
    hasGoWork: extra.goWork !== undefined,
    needsCgo: cgoReason !== undefined,
    mainPackages: mainDirs.map(dotDir),
  };
  const mod = snapshot.goMod;
  if (mod.goVersion !== undefined) facts.goVersion = mod.goVersion;
  if (mod.toolchainVersion !== undefined) facts.toolchainVersion = mod.toolchainVersion;
  if (cgoReason !== undefined) facts.cgoReason = cgoReason;
  facts.program = programAnswerer(snapshot);

  // The generator's view is only computed when asked for: a .go change must stay cheap.
  let workspace: GoWorkspace | undefined;
  const buildWorkspace = (): GoWorkspace => {
    let usesTLS = false;
    let usesTimezones = false;
    const allPorts = new Set<number>();
    const mainPackages: MainPackage[] = mainDirs.map((dir) => {
      const program = programFacts(snapshot, query(dir))!;
      // Needing cgo means: a CGO_ENABLED=0 build lacks something (a !cgo fallback covers a cgo file).
      const withoutCgo = programFacts(snapshot, { ...query(dir), cgo: false });
      const imports = packageImports(snapshot, program.packages.map((p) => (p === '.' ? '.' : p.slice(2))));
      for (const port of program.ports) allPorts.add(port);
      if ([...imports].some((imp) => matchingPrefix(imp, TLS_IMPORTS))) usesTLS = true;
      if (program.loadsTimezones === 'yes' && !program.embedsTzdata) usesTimezones = true;
      return {
        dir: dotDir(dir),
        binaryName: binaryNameFor(dir, modulePath, moduleDir),
        // A main package of cgo files only has no CGO_ENABLED=0 build at all.
        needsCgo: unattributedModule !== undefined || !withoutCgo || withoutCgo.cgoFiles.length > 0 || withoutCgo.cgoModules.length > 0,
        ports: program.ports,
      };
    });
    if (mainDirs.length === 0) {
      // Without a main package there is no program to follow; report what the module's code does at all.
      const files = [...snapshot.files.values()].filter((f) => !f.isTest);
      for (const file of files) {
        for (const port of file.ports) allPorts.add(port);
        if (file.imports.some((imp) => matchingPrefix(imp, TLS_IMPORTS))) usesTLS = true;
      }
      if (files.some((f) => f.loadsTimezone) && !files.some((f) => f.imports.includes('time/tzdata'))) usesTimezones = true;
    }
    const ws: GoWorkspace = {
      moduleDir,
      modulePath,
      hasGoSum: snapshot.hasGoSum,
      vendored: snapshot.vendored,
      hasGoWork: extra.goWork !== undefined,
      needsCgo: cgoReason !== undefined,
      mainPackages,
      usesTLS,
      usesTimezones,
      ports: [...allPorts].sort((a, b) => a - b),
      hasDockerfile: extra.hasDockerfile,
      hasDockerignore: extra.hasDockerignore,
    };
    if (mod.goVersion !== undefined) ws.goVersion = mod.goVersion;
    if (mod.toolchainVersion !== undefined) ws.toolchainVersion = mod.toolchainVersion;
    if (cgoReason !== undefined) ws.cgoReason = cgoReason;
    if (unattributedModule !== undefined) ws.cgoOutsideCode = unattributedModule;
    ws.program = facts.program;
    ws.requires = mod.requires.map((req) => req.path);
    return ws;
  };
  return {
    snapshot,
    extra,
    facts,
    get workspace(): GoWorkspace {
      return (workspace ??= buildWorkspace());
    },
  };
}

function packageImports(snapshot: ModuleSnapshot, dirs: string[]): Set<string> {
  const out = new Set<string>();
  for (const dir of dirs) {
    for (const rel of snapshot.dirs.get(dir) ?? []) {
      const file = snapshot.files.get(rel)!;
      if (!file.isTest) for (const imp of file.imports) out.add(imp);
    }
  }
  return out;
}

/** The plain GoFacts subset the engine takes (no workspace-only fields). */
export function toGoFacts(ws: GoWorkspace): GoFacts {
  const facts: GoFacts = {
    moduleDir: ws.moduleDir,
    modulePath: ws.modulePath,
    hasGoSum: ws.hasGoSum,
    vendored: ws.vendored,
    hasGoWork: ws.hasGoWork,
    needsCgo: ws.needsCgo,
    mainPackages: ws.mainPackages.map((m) => m.dir),
  };
  if (ws.goVersion !== undefined) facts.goVersion = ws.goVersion;
  if (ws.toolchainVersion !== undefined) facts.toolchainVersion = ws.toolchainVersion;
  if (ws.cgoReason !== undefined) facts.cgoReason = ws.cgoReason;
  if (ws.program !== undefined) facts.program = ws.program;
  return facts;
}

/** Reads a module and derives its facts (the index is returned too, for incremental updates). */
export async function readModule(access: FileAccess, moduleDir: string, options: IndexOptions = {}): Promise<{ index: ModuleIndex; facts: ModuleFacts }> {
  const dir = normalizePath(moduleDir);
  const index = await ModuleIndex.read(access, dir, options);
  return { index, facts: await factsOfIndex(access, index) };
}

/** Derives the facts of an index's current snapshot (a few stats for go.work and the Dockerfile). */
export async function factsOfIndex(access: FileAccess, index: ModuleIndex, extra?: ModuleExtra): Promise<ModuleFacts> {
  const snapshot = index.snapshot;
  if (extra) return deriveModuleFacts(snapshot, extra);
  const dir = snapshot.moduleDir;
  const [goWork, dockerfile, dockerignore] = await Promise.all([
    findGoWork(access, dir),
    access.stat(joinPath(dir, 'Dockerfile')),
    access.stat(joinPath(dir, '.dockerignore')),
  ]);
  return deriveModuleFacts(snapshot, { goWork, hasDockerfile: dockerfile?.kind === 'file', hasDockerignore: dockerignore?.kind === 'file' });
}

/**
 * Reads the module in `moduleDir` (the generator's entry): its facts, the project's build settings
 * (.goreleaser.yaml, Makefile) and the go.work around it. Throws a clear Error when go.mod is
 * missing or unreadable; a go.mod with garbage inside still yields facts.
 */
export async function readGoWorkspace(access: FileAccess, moduleDir: string, options: IndexOptions = {}): Promise<GoWorkspace> {
  const { facts } = await readModule(access, moduleDir, options);
  const ws: GoWorkspace = { ...facts.workspace };
  const log = options.log;
  ws.projectBuilds = await readProjectBuilds(access, facts.snapshot, ws.mainPackages.map((m) => m.dir), log);
  if (facts.extra.goWork !== undefined) {
    const work = await readGoWork(access, facts.extra.goWork, facts.snapshot.moduleDir);
    // A go.work that does not use this module does not govern its build (go would refuse it).
    if (work && work.modules.some((m) => m.dir === work.moduleDir)) ws.goWork = work;
  }
  return ws;
}

export { dirnameOf };
