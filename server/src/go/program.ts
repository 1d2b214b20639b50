// Per-program facts: from a main package, the module's own packages it compiles (transitively,
// under GOOS=linux, the build's GOARCH, -tags and cgo, without _test.go files), and what those
// packages import. Pure over a ModuleSnapshot: answered from memory, never from the disk.

import type { Certainty, ProgramFacts, ProgramQuery } from '../engine/types.ts';
import { COMMON_GOARCHES, evalConstraint, fileNameAdmits, tagHolds, type BuildTarget } from './constraints.ts';
import { KNOWN_CGO_MODULES, KNOWN_PURE_MODULES, TLS_IMPORTS, hasPathPrefix, matchingPrefix } from './known-modules.ts';
import type { IndexedFile, ModuleSnapshot } from './module-index.ts';
import { ROOT_CA_EMBEDDING, STD_LINKING_NET, STD_LINKING_OS_USER, STD_NEEDING_DLOPEN, isStdImport } from './std.ts';

/** The targets a query stands for: its GOARCH, or each common one when it is unknown. */
function targetsOf(query: ProgramQuery, cgo: boolean): BuildTarget[] {
  const tags = new Set(query.tags);
  const arches = query.goarch ? [query.goarch] : COMMON_GOARCHES;
  return arches.map((goarch) => ({ goos: 'linux', goarch, cgo, tags }));
}

/** Whether the go command compiles this file for at least one of the targets. */
export function fileBuilds(file: IndexedFile, targets: readonly BuildTarget[]): boolean {
  if (file.isTest || file.constraintError !== undefined || file.packageName === undefined) return false;
  // With cgo off, files that import "C" are left out of the build (go/build's CgoFiles).
  return targets.some((target) => {
    if (file.importsC && !target.cgo) return false;
    if (!fileNameAdmits({ goos: file.fileGoos, goarch: file.fileGoarch }, target)) return false;
    return file.constraint === undefined || evalConstraint(file.constraint, (tag) => tagHolds(tag, target));
  });
}

/** Module-relative package dir of an import path, or undefined when it belongs to another module. */
export function ownPackageDir(importPath: string, modulePath: string): string | undefined {
  if (!modulePath) return undefined;
  if (importPath === modulePath) return '.';
  return importPath.startsWith(modulePath + '/') ? importPath.slice(modulePath.length + 1) : undefined;
}

/** The module an import comes from: the longest `require` path that contains it, else the import itself. */
function moduleOf(importPath: string, snapshot: ModuleSnapshot): string {
  let best: string | undefined;
  for (const req of snapshot.goMod.requires) {
    if (hasPathPrefix(importPath, req.path) && (best === undefined || req.path.length > best.length)) best = req.path;
  }
  return best ?? importPath;
}

function isRequired(importPath: string, snapshot: ModuleSnapshot): boolean {
  return snapshot.goMod.requires.some((req) => importPath === req.path || importPath.startsWith(req.path + '/'));
}

/** '.', 'cmd/api' → '.', './cmd/api' (the format of GoFacts.mainPackages and ProgramFacts.dir). */
export function dotDir(dir: string): string {
  return dir === '.' ? '.' : `./${dir}`;
}

/** Joins a module-relative dir (possibly '../x' when a go.work build runs above it) and a relative package path; undefined when the result leaves the module. */
function joinModuleDir(base: string, rel: string): string | undefined {
  const parts: string[] = [];
  for (const part of [...(base === '.' ? [] : base.split('/')), ...rel.split('/')]) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else parts.push('..');
    } else parts.push(part);
  }
  if (parts[0] === '..') return undefined;
  return parts.length === 0 ? '.' : parts.join('/');
}

/**
 * The module-relative package dirs a `go build` package argument names, relative to `dir` (where
 * the command runs, module-relative). `./...` patterns name every package below; undefined when the
 * argument is not a package of this module (another module, `pkg@version`, an unknown folder).
 */
export function packageDirsOf(pkg: string, dir: string, snapshot: ModuleSnapshot): string[] | undefined {
  if (pkg.includes('@')) return undefined;
  let target = pkg === '' ? '.' : pkg;
  if (target.endsWith('.go')) target = target.includes('/') ? target.slice(0, target.lastIndexOf('/')) : '.';
  let base: string | undefined;
  if (target === '.' || target === '..' || target.startsWith('./') || target.startsWith('../') || target === '...') {
    base = joinModuleDir(dir, target.replace(/(^|\/)\.\.\.$/, '$1.'));
  } else {
    const own = ownPackageDir(target.replace(/\/\.\.\.$/, ''), snapshot.modulePath);
    if (own === undefined) return undefined;
    base = own;
  }
  if (base === undefined) return undefined;
  if (!target.endsWith('...')) return [base];
  const prefix = base === '.' ? '' : `${base}/`;
  return [...snapshot.dirs.keys()].filter((d) => d === base || (prefix === '' ? true : d.startsWith(prefix))).sort();
}

interface PackageView {
  dir: string;
  files: IndexedFile[];
  packageName?: string;
}

const targetKeys = new WeakMap<readonly BuildTarget[], string>();

function targetsKey(targets: readonly BuildTarget[]): string {
  let key = targetKeys.get(targets);
  if (key === undefined) {
    key = targets.map((t) => `${t.goarch}/${t.cgo ? 1 : 0}/${[...t.tags].sort().join(',')}`).join(';');
    targetKeys.set(targets, key);
  }
  return key;
}

/** The files of `dir` a build compiles, memoised per folder in the snapshot (an update drops only its folder's entries). */
function packageView(dir: string, snapshot: ModuleSnapshot, targets: readonly BuildTarget[]): PackageView | undefined {
  let perDir = snapshot.memo.get(dir);
  if (!perDir) snapshot.memo.set(dir, (perDir = new Map()));
  const key = `view:${targetsKey(targets)}`;
  if (perDir.has(key)) return perDir.get(key) as PackageView | undefined;
  const view = computePackageView(dir, snapshot, targets);
  perDir.set(key, view);
  return view;
}

function computePackageView(dir: string, snapshot: ModuleSnapshot, targets: readonly BuildTarget[]): PackageView | undefined {
  const rels = snapshot.dirs.get(dir);
  if (!rels) return undefined;
  const files = rels.map((rel) => snapshot.files.get(rel)!).filter((f) => fileBuilds(f, targets));
  if (files.length === 0) return undefined;
  // Files of different packages in one folder do not build: no package name then.
  const name = files[0].packageName;
  return { dir, files, ...(files.every((f) => f.packageName === name) ? { packageName: name } : {}) };
}

/** The module's own packages reachable from `starts`, and the imports of other modules and std they make. */
function reach(starts: string[], snapshot: ModuleSnapshot, targets: readonly BuildTarget[]): { visited: Map<string, PackageView>; imports: Set<string>; unseenOwnCode: boolean } {
  const visited = new Map<string, PackageView>();
  const queue: PackageView[] = [];
  for (const dir of starts) {
    const view = packageView(dir, snapshot, targets);
    if (view && !visited.has(dir)) {
      visited.set(dir, view);
      queue.push(view);
    }
  }
  let unseenOwnCode = false;
  const imports = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const pkg = queue[i];
    // A file we could not read, or whose constraint the go command rejects, may import anything.
    if (hasSkippedFiles(pkg.dir, snapshot)) unseenOwnCode = true;
    for (const file of pkg.files) {
      for (const imp of file.imports) {
        const own = ownPackageDir(imp, snapshot.modulePath);
        if (own === undefined) {
          imports.add(imp);
          continue;
        }
        if (visited.has(own)) continue;
        const view = packageView(own, snapshot, targets);
        if (!view) {
          // A package we could not read (walk limits, unreadable files) may import anything.
          if (snapshot.truncated || !snapshot.dirs.has(own) || hasSkippedFiles(own, snapshot)) unseenOwnCode = true;
          continue;
        }
        visited.set(own, view);
        queue.push(view);
      }
    }
  }
  return { visited, imports, unseenOwnCode };
}

/** Facts of the main packages `query` builds; undefined when none is a main package of this module. */
export function programFacts(snapshot: ModuleSnapshot, query: ProgramQuery): ProgramFacts | undefined {
  const dirs = packageDirsOf(query.pkg, query.dir ?? '.', snapshot);
  if (!dirs) return undefined;
  const targets = targetsOf(query, query.cgo);
  const mains = dirs.map((d) => packageView(d, snapshot, targets)).filter((p): p is PackageView => p?.packageName === 'main');
  if (mains.length === 0) return undefined;
  const tags = new Set(query.tags);
  const netIsPure = tags.has('netgo');
  const userIsPure = tags.has('osusergo');
  const modulePath = snapshot.modulePath;

  const { visited, imports, unseenOwnCode } = reach(mains.map((m) => m.dir), snapshot, targets);
  const packages = [...visited.keys()].sort(compareDirs);
  const files = [...visited.values()].flatMap((p) => p.files);
  // cgo files: compiled with cgo on; with cgo off, those of packages with no cgo-free fallback.
  // What a cgo=false build leaves out is found among the packages it would compile with cgo on.
  const cgoPackages = query.cgo ? packages : [...reach(mains.map((m) => m.dir), snapshot, targetsOf(query, true)).visited.keys()];
  const cgoFiles = cgoPackages.flatMap((dir) => cgoFilesOf(snapshot, dir, query)).sort();

  const thirdParty = [...imports].filter((imp) => !isStdImport(imp) || isRequired(imp, snapshot));
  const std = [...imports].filter((imp) => isStdImport(imp) && !isRequired(imp, snapshot));
  const modules = [...new Set(thirdParty.map((imp) => moduleOf(imp, snapshot)))].sort();
  const cgoModules = modules.filter((m) => matchingPrefix(m, KNOWN_CGO_MODULES) !== undefined || thirdParty.some((imp) => moduleOf(imp, snapshot) === m && matchingPrefix(imp, KNOWN_CGO_MODULES)));
  const opaqueModules = modules.filter((m) => matchingPrefix(m, KNOWN_PURE_MODULES) === undefined);
  const unseen: Certainty = opaqueModules.length > 0 || unseenOwnCode ? 'unknown' : 'no';

  const linksDynamically = std.some(
    (imp) => (!netIsPure && STD_LINKING_NET.has(imp)) || (!userIsPure && STD_LINKING_OS_USER.has(imp)) || STD_NEEDING_DLOPEN.has(imp),
  );
  const dynamicWithCgo: Certainty = linksDynamically || cgoFiles.length > 0 || cgoModules.length > 0 ? 'yes' : unseen;

  const tlsByImport = [...imports].some((imp) => imp !== 'net/http' && matchingPrefix(imp, TLS_IMPORTS) !== undefined);
  const usesTLS: Certainty = tlsByImport || files.some((f) => f.httpClient) ? 'yes' : unseen;
  const loadsTimezones: Certainty = files.some((f) => f.loadsTimezone) ? 'yes' : unseen;

  const mainDir = mains.length === 1 ? mains[0].dir : undefined;
  return {
    dir: mainDir !== undefined ? dotDir(mainDir) : query.pkg,
    binaryName: mainDir !== undefined ? binaryNameFor(mainDir, modulePath, snapshot.moduleDir) : '',
    packages: packages.map(dotDir),
    dynamicWithCgo,
    cgoFiles,
    modules,
    cgoModules,
    usesTLS,
    embedsRootCAs: [...imports].some((imp) => ROOT_CA_EMBEDDING.includes(imp)),
    loadsTimezones,
    embedsTzdata: imports.has('time/tzdata') || tags.has('timetzdata'),
    embeds: files.flatMap((f) => f.embeds.map((pattern) => ({ dir: dotDir(f.dir), pattern }))),
    ports: [...new Set(files.flatMap((f) => f.ports))].sort((a, b) => a - b),
  };
}

/**
 * The files with `import "C"` of one package: with cgo on, those the build compiles; with cgo off,
 * those it would compile with cgo on, unless the package has a pure-Go fallback (a file built only
 * without cgo), i.e. what a CGO_ENABLED=0 build of it is missing.
 */
export function cgoFilesOf(snapshot: ModuleSnapshot, dir: string, query: Pick<ProgramQuery, 'goarch' | 'tags' | 'cgo'>): string[] {
  const withCgo = targetsOf({ ...query, pkg: '' }, true);
  const withoutCgo = targetsOf({ ...query, pkg: '' }, false);
  const all = (snapshot.dirs.get(dir) ?? []).map((rel) => snapshot.files.get(rel)!);
  const cgo = all.filter((f) => f.importsC && fileBuilds(f, withCgo));
  if (cgo.length === 0) return [];
  if (!query.cgo && all.some((f) => !f.importsC && fileBuilds(f, withoutCgo) && !fileBuilds(f, withCgo))) return [];
  return cgo.map((f) => (f.dir === '.' ? f.name : `${f.dir}/${f.name}`));
}

function hasSkippedFiles(dir: string, snapshot: ModuleSnapshot): boolean {
  const prefix = dir === '.' ? '' : `${dir}/`;
  for (const rel of snapshot.skipped.keys()) {
    if (rel.startsWith(prefix) && !rel.slice(prefix.length).includes('/')) return true;
  }
  return false;
}

/** '.' first, then by path. */
export function compareDirs(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '.') return -1;
  if (b === '.') return 1;
  return a < b ? -1 : 1;
}

/** Base name for a binary built from `dir`: the folder name, or for the root the module path's last element minus /vN or .vN. */
export function binaryNameFor(dir: string, modulePath: string, moduleDir: string): string {
  if (dir !== '.') return dir.replace(/^\.\//, '').split('/').filter(Boolean).pop() ?? 'app';
  const elements = modulePath.split('/').filter(Boolean);
  if (elements.length > 1 && /^v\d+$/.test(elements[elements.length - 1])) elements.pop();
  const last = (elements.pop() ?? '').replace(/\.v\d+$/, '');
  return last || moduleDir.replace(/\/+$/, '').split('/').pop() || 'app';
}

/** A ProgramFacts answerer over one snapshot, with a small per-query cache. */
export function programAnswerer(snapshot: ModuleSnapshot): (query: ProgramQuery) => ProgramFacts | undefined {
  const cache = new Map<string, ProgramFacts | undefined>();
  return (query) => {
    const key = JSON.stringify([query.pkg, query.dir ?? '.', query.goarch ?? '', [...query.tags].sort(), query.cgo]);
    if (cache.has(key)) return cache.get(key);
    const facts = programFacts(snapshot, query);
    if (cache.size > 256) cache.clear();
    cache.set(key, facts);
    return facts;
  };
}
