// Reads a Go module from disk into GoWorkspace facts: go.mod, go.work, go.sum, vendor/, main packages,
// cgo need, TLS/tzdata use and listening ports. Synchronous and bounded, so a huge tree cannot hang it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoFacts } from '../engine/types.ts';
import { parseGoMod, type GoMod } from './gomod.ts';
import { KNOWN_CGO_MODULES, TLS_IMPORTS, hasPathPrefix, matchingPrefix } from './known-modules.ts';
import { findListenPorts } from './ports.ts';
import { fileBuildsOnLinux, readGoSource, type GoSourceFile } from './source.ts';

export interface MainPackage {
  /** '.' or './cmd/server' (always forward slashes). */
  dir: string;
  binaryName: string;
  needsCgo: boolean;
  /** Ports this program's own code listens on (see GoWorkspace.ports); optional extra beyond the shared API. */
  ports?: number[];
}

// GoFacts lists main packages as dirs; the workspace carries the full MainPackage records.
export interface GoWorkspace extends Omit<GoFacts, 'mainPackages'> {
  moduleDir: string;
  modulePath: string;
  mainPackages: MainPackage[];
  usesTLS: boolean;
  /** The program loads time zones by name (time.LoadLocation) and does not embed time/tzdata. */
  usesTimezones: boolean;
  ports: number[];
  hasDockerfile: boolean;
  hasDockerignore: boolean;
}

/** Bounds for the module walk: a monorepo or a stray node_modules must not stall the editor. */
export const WALK_LIMITS = {
  maxDirs: 5000,
  maxGoFiles: 20000,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
};

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The nearest directory at or above `fromDir` that holds a go.mod. */
export function findModuleDir(fromDir: string): string | undefined {
  let dir = path.resolve(fromDir);
  while (true) {
    if (isFile(path.join(dir, 'go.mod'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The go.work governing `moduleDir`: the nearest one at or above it (as the go command looks for it). */
export function findGoWork(moduleDir: string): string | undefined {
  let dir = path.resolve(moduleDir);
  while (true) {
    const candidate = path.join(dir, 'go.work');
    if (isFile(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** What one package directory contributes to the facts. */
interface PackageInfo {
  /** Relative dir with forward slashes, '.' for the module root. */
  dir: string;
  isMain: boolean;
  imports: Set<string>;
  /** Files (module-relative) with `import "C"` that are compiled on Linux, unless a !cgo fallback exists. */
  cgoFiles: string[];
  callsLoadLocation: boolean;
  embedsTzdata: boolean;
  ports: number[];
}

/** Imports seen only in _test.go files: a cgo module used by tests alone does not make the binary need cgo. */
interface ModuleScan {
  packages: Map<string, PackageInfo>;
  testImports: Set<string>;
}

const SKIPPED_DIR_NAMES = new Set(['vendor', 'testdata', 'node_modules']);

function skipDirName(name: string): boolean {
  // The go command ignores directories starting with "." or "_", and testdata; vendor holds dependencies.
  return SKIPPED_DIR_NAMES.has(name) || name.startsWith('.') || name.startsWith('_');
}

/** `time.LoadLocation(x)` calls that need the zone database (not "UTC", "Local" or ""). */
function callsLoadLocation(file: GoSourceFile): boolean {
  const timeImport = file.imports.find((imp) => imp.path === 'time');
  if (!timeImport || timeImport.name === '_') return false;
  const qualifier = timeImport.name && timeImport.name !== '.' ? timeImport.name : 'time';
  const call = timeImport.name === '.'
    ? /(?<![\w.])LoadLocation\s*\(\s*("[^"\n]*")?/g
    : new RegExp(`\\b${qualifier}\\.LoadLocation\\s*\\(\\s*("[^"\\n]*")?`, 'g');
  for (const m of file.code.matchAll(call)) {
    const literal = m[1];
    if (literal === '"UTC"' || literal === '"Local"' || literal === '""') continue;
    return true;
  }
  return false;
}

function scanPackageDir(absDir: string, relDir: string, goFiles: string[], budget: { files: number; bytes: number }): { info?: PackageInfo; testImports: string[] } {
  const testImports: string[] = [];
  const packageNames = new Set<string>();
  const imports = new Set<string>();
  const cgoFiles: string[] = [];
  let hasNoCgoFallback = false;
  let loadLocation = false;
  let tzdata = false;
  const ports = new Set<number>();
  let buildableFiles = 0;

  for (const name of goFiles) {
    if (budget.files <= 0 || budget.bytes <= 0) break;
    const abs = path.join(absDir, name);
    let text: string;
    try {
      const stat = fs.statSync(abs);
      if (!stat.isFile() || stat.size > WALK_LIMITS.maxFileBytes) continue;
      text = fs.readFileSync(abs, 'utf8');
    } catch {
      continue;
    }
    budget.files--;
    budget.bytes -= text.length;
    const file = readGoSource(text);
    if (name.endsWith('_test.go')) {
      for (const imp of file.imports) testImports.push(imp.path);
      continue;
    }
    // A `!cgo` file is the pure-Go twin of a cgo file: it is skipped below (we evaluate with cgo on)
    // but tells us the package also builds with CGO_ENABLED=0.
    if (file.buildConstraint !== undefined && /!\s*cgo\b/.test(file.buildConstraint)) hasNoCgoFallback = true;
    if (file.packageName === undefined || !fileBuildsOnLinux(name, file)) continue;
    buildableFiles++;
    packageNames.add(file.packageName);
    for (const imp of file.imports) {
      if (imp.path === 'C') cgoFiles.push(relDir === '.' ? name : `${relDir}/${name}`);
      else imports.add(imp.path);
      if (imp.path === 'time/tzdata') tzdata = true;
    }
    if (callsLoadLocation(file)) loadLocation = true;
    for (const port of findListenPorts(file.code)) ports.add(port);
  }
  if (buildableFiles === 0) return { testImports };
  return {
    testImports,
    info: {
      dir: relDir,
      // A directory whose files all say `package main` (a mixed directory does not build at all).
      isMain: packageNames.size === 1 && packageNames.has('main'),
      imports,
      cgoFiles: hasNoCgoFallback ? [] : cgoFiles,
      callsLoadLocation: loadLocation,
      embedsTzdata: tzdata,
      ports: [...ports].sort((a, b) => a - b),
    },
  };
}

function scanModule(moduleDir: string): ModuleScan {
  const packages = new Map<string, PackageInfo>();
  const testImports = new Set<string>();
  const budget = { files: WALK_LIMITS.maxGoFiles, bytes: WALK_LIMITS.maxTotalBytes };
  const pending: string[] = ['.'];
  let visitedDirs = 0;
  while (pending.length > 0 && visitedDirs < WALK_LIMITS.maxDirs && budget.files > 0 && budget.bytes > 0) {
    const relDir = pending.shift()!;
    const absDir = relDir === '.' ? moduleDir : path.join(moduleDir, ...relDir.split('/'));
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absDir, { withFileTypes: true });
    } catch {
      continue;
    }
    visitedDirs++;
    // A nested go.mod starts another module, which is not part of this one.
    if (relDir !== '.' && entries.some((e) => e.name === 'go.mod' && e.isFile())) continue;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const goFiles = entries.filter((e) => e.isFile() && e.name.endsWith('.go')).map((e) => e.name);
    if (goFiles.length > 0) {
      const { info, testImports: seenInTests } = scanPackageDir(absDir, relDir, goFiles, budget);
      if (info) packages.set(relDir, info);
      for (const imp of seenInTests) testImports.add(imp);
    }
    // Symlinked directories are not followed (isDirectory() is false for them): no cycles.
    for (const e of entries) {
      if (e.isDirectory() && !skipDirName(e.name)) pending.push(relDir === '.' ? e.name : `${relDir}/${e.name}`);
    }
  }
  return { packages, testImports };
}

/** In-module package dir of an import path, or undefined for imports from other modules. */
function moduleRelativeDir(importPath: string, modulePath: string): string | undefined {
  if (!modulePath) return undefined;
  if (importPath === modulePath) return '.';
  return importPath.startsWith(modulePath + '/') ? importPath.slice(modulePath.length + 1) : undefined;
}

/** The main package and every in-module package it imports, transitively. */
function reachablePackages(start: PackageInfo, scan: ModuleScan, modulePath: string): PackageInfo[] {
  const seen = new Set<string>([start.dir]);
  const order: PackageInfo[] = [start];
  for (let i = 0; i < order.length; i++) {
    for (const imp of order[i].imports) {
      const dir = moduleRelativeDir(imp, modulePath);
      if (dir === undefined || seen.has(dir)) continue;
      seen.add(dir);
      const pkg = scan.packages.get(dir);
      if (pkg) order.push(pkg);
    }
  }
  return order;
}

/** Base name for a binary built from the module root: the module path's last element, minus /vN or .vN. */
export function binaryNameFor(dir: string, modulePath: string, moduleDir: string): string {
  if (dir !== '.') return dir.split('/').filter(Boolean).pop() ?? 'app';
  const elements = modulePath.split('/').filter(Boolean);
  if (elements.length > 1 && /^v\d+$/.test(elements[elements.length - 1])) elements.pop();
  const last = (elements.pop() ?? '').replace(/\.v\d+$/, '');
  return last || path.basename(moduleDir) || 'app';
}

interface CgoNeed {
  reason?: string;
  /** go.mod requires a known cgo module that no package of this module imports directly: it comes in through another dependency. */
  unattributedModule?: string;
}

function moduleCgoNeed(mod: GoMod, scan: ModuleScan): CgoNeed {
  const packages = [...scan.packages.values()];
  const cgoFile = packages.flatMap((p) => p.cgoFiles)[0];
  const importedByCode = (prefix: string): boolean =>
    packages.some((p) => [...p.imports].some((imp) => hasPathPrefix(imp, prefix)));
  const importedByTests = (prefix: string): boolean => [...scan.testImports].some((imp) => hasPathPrefix(imp, prefix));

  let directModule: string | undefined;
  let unattributedModule: string | undefined;
  for (const req of mod.requires) {
    if (!matchingPrefix(req.path, KNOWN_CGO_MODULES)) continue;
    if (importedByCode(req.path)) directModule ??= req.path;
    else if (!importedByTests(req.path)) unattributedModule ??= req.path; // needed by some dependency
  }
  return { reason: cgoFile ?? directModule ?? unattributedModule, unattributedModule };
}

function mainNeedsCgo(reachable: PackageInfo[], need: CgoNeed): boolean {
  if (need.unattributedModule) return true;
  return reachable.some((p) => p.cgoFiles.length > 0 || [...p.imports].some((imp) => matchingPrefix(imp, KNOWN_CGO_MODULES)));
}

/**
 * Reads the module in `moduleDir`. Throws a clear Error when go.mod is missing or unreadable;
 * a go.mod with garbage inside still yields facts (with an empty modulePath when none was found).
 */
export function readGoWorkspace(moduleDir: string): GoWorkspace {
  const dir = path.resolve(moduleDir);
  const goModPath = path.join(dir, 'go.mod');
  let goModText: string;
  try {
    goModText = fs.readFileSync(goModPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new Error(`No go.mod in ${dir}`);
    throw new Error(`Cannot read ${goModPath}: ${(err as Error).message}`);
  }
  const mod = parseGoMod(goModText);
  const modulePath = mod.modulePath ?? '';
  const scan = scanModule(dir);
  const cgo = moduleCgoNeed(mod, scan);

  const mainInfos = [...scan.packages.values()].filter((p) => p.isMain).sort((a, b) => compareDirs(a.dir, b.dir));
  let usesTLS = false;
  let usesTimezones = false;
  const allPorts = new Set<number>();
  const collect = (packages: PackageInfo[]): void => {
    for (const p of packages) {
      for (const port of p.ports) allPorts.add(port);
      if ([...p.imports].some((imp) => matchingPrefix(imp, TLS_IMPORTS))) usesTLS = true;
    }
    // Per program: embedding time/tzdata anywhere in it covers all its LoadLocation calls.
    if (packages.some((p) => p.callsLoadLocation) && !packages.some((p) => p.embedsTzdata)) usesTimezones = true;
  };
  // Without a main package there is no program to follow; report what the module's code does at all.
  if (mainInfos.length === 0) collect([...scan.packages.values()]);
  const mainPackages: MainPackage[] = mainInfos.map((info) => {
    const reachable = reachablePackages(info, scan, modulePath);
    const ports = [...new Set(reachable.flatMap((p) => p.ports))].sort((a, b) => a - b);
    collect(reachable);
    return {
      dir: info.dir === '.' ? '.' : `./${info.dir}`,
      binaryName: binaryNameFor(info.dir, modulePath, dir),
      needsCgo: mainNeedsCgo(reachable, cgo),
      ports,
    };
  });

  const goWork = findGoWork(dir);
  const workspace: GoWorkspace = {
    moduleDir: dir,
    modulePath,
    hasGoSum: isFile(path.join(dir, 'go.sum')),
    vendored: isFile(path.join(dir, 'vendor', 'modules.txt')),
    hasGoWork: goWork !== undefined,
    needsCgo: cgo.reason !== undefined,
    mainPackages,
    usesTLS,
    usesTimezones,
    ports: [...allPorts].sort((a, b) => a - b),
    hasDockerfile: isFile(path.join(dir, 'Dockerfile')),
    hasDockerignore: isFile(path.join(dir, '.dockerignore')),
  };
  if (mod.goVersion !== undefined) workspace.goVersion = mod.goVersion;
  if (mod.toolchainVersion !== undefined) workspace.toolchainVersion = mod.toolchainVersion;
  if (cgo.reason !== undefined) workspace.cgoReason = cgo.reason;
  return workspace;
}

/** '.' first, then by path. */
function compareDirs(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '.') return -1;
  if (b === '.') return 1;
  return a < b ? -1 : 1;
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
  return facts;
}
