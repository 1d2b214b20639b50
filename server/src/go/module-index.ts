// An in-memory index of one Go module, read once through the confined FileAccess: go.mod, and per
// .go file what the facts need (package, imports, constraint, embeds…), never the text itself.
// A change to one file re-reads that file only; every change yields a new immutable snapshot, so
// GoFacts handed to the engine never change under it.

import type { DirEntry, FileAccess } from '../files/index.ts';
import { describeReadFailure, joinPath, relativePath } from '../files/index.ts';
import { fileNameConstraint, type Constraint } from './constraints.ts';
import { parseGoMod, type GoMod } from './gomod.ts';
import { readGoSource } from './source.ts';

/** Bounds for the module walk: a monorepo or a stray node_modules must not stall the editor. */
export const WALK_LIMITS = {
  maxDirs: 5000,
  maxGoFiles: 20000,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  /** go.mod, go.work and go.sum are small; anything bigger is not one. */
  maxGoModBytes: 512 * 1024,
};

export interface IndexedFile {
  /** Module-relative directory with forward slashes, '.' for the module root. */
  dir: string;
  name: string;
  packageName?: string;
  /** Import paths, without "C". */
  imports: string[];
  importsC: boolean;
  constraint?: Constraint;
  /** Set when the build constraint is malformed or too large: the go command rejects the file, the facts skip it. */
  constraintError?: string;
  fileGoos?: string;
  fileGoarch?: string;
  isTest: boolean;
  embeds: string[];
  loadsTimezone: boolean;
  httpClient: boolean;
  ports: number[];
}

export interface SkippedFile {
  /** Module-relative path. */
  path: string;
  reason: string;
}

export interface ModuleSnapshot {
  /** Absolute module folder, forward slashes. */
  readonly moduleDir: string;
  readonly goMod: GoMod;
  readonly modulePath: string;
  /** Module-relative file path → what it says. */
  readonly files: ReadonlyMap<string, IndexedFile>;
  /** Module-relative dir → its indexed files' paths, sorted. */
  readonly dirs: ReadonlyMap<string, readonly string[]>;
  /** Files that could not be read or whose constraint could not be parsed; they count as absent. */
  readonly skipped: ReadonlyMap<string, string>;
  readonly hasGoSum: boolean;
  readonly vendored: boolean;
  /** True when a walk limit cut the index short: absent packages are then unknown, not missing. */
  readonly truncated: boolean;
  /** Bumped on every change. */
  readonly version: number;
  /**
   * Per-folder memo of derived values (program.ts keeps package views here), carried over to the
   * next snapshot for every folder the change did not touch: what makes an update cheap.
   */
  readonly memo: Map<string, Map<string, unknown>>;
}

/** Directories the go command never looks into for packages of this module. */
function skipDirName(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name === 'node_modules' || name.startsWith('.') || name.startsWith('_');
}

function dirOf(relPath: string): string {
  const slash = relPath.lastIndexOf('/');
  return slash < 0 ? '.' : relPath.slice(0, slash);
}

function joinRel(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`;
}

/** Whether the go command would look at a file of this name at all. */
function isGoSourceName(name: string): boolean {
  return name.endsWith('.go') && !name.startsWith('.') && !name.startsWith('_');
}

function indexFile(dir: string, name: string, text: string): IndexedFile {
  const source = readGoSource(text);
  const file: IndexedFile = {
    dir,
    name,
    imports: [],
    importsC: false,
    isTest: name.endsWith('_test.go'),
    embeds: source.embeds,
    loadsTimezone: source.loadsTimezone,
    httpClient: source.httpClient,
    ports: source.ports,
  };
  if (source.packageName !== undefined) file.packageName = source.packageName;
  for (const imp of source.imports) {
    if (imp.path === 'C') file.importsC = true;
    else file.imports.push(imp.path);
  }
  if (source.constraint && 'error' in source.constraint) file.constraintError = source.constraint.error;
  else if (source.constraint) file.constraint = source.constraint;
  const byName = fileNameConstraint(name);
  if (byName.goos) file.fileGoos = byName.goos;
  if (byName.goarch) file.fileGoarch = byName.goarch;
  return file;
}

/** Lets the event loop run (LSP requests, timers) during a long walk. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export type WalkLimits = typeof WALK_LIMITS;

/** A package a Dockerfile builds: its `go build` argument and the module-relative folder the command runs in. */
export interface WalkFocus {
  pkg: string;
  dir: string;
}

export interface IndexOptions {
  /** One line per file that is skipped (unreadable, too large, unparseable constraint). */
  log?: (message: string) => void;
  /** Files read between two yields to the event loop (0: never yield). */
  yieldEvery?: number;
  /** Tighter bounds than WALK_LIMITS, where every read is slow (a browser reading over the network). */
  limits?: Partial<WalkLimits>;
  /**
   * Packages to read first, with the module's own packages they import (transitively), before the
   * breadth-first walk of the rest: when a limit cuts the walk short, the programs the Dockerfile
   * builds are still read in full.
   */
  focus?: readonly WalkFocus[];
  /**
   * Set when the read is superseded (go.mod changed, the module was dropped): the walk stops at the
   * next folder or chunk of files and the read rejects, instead of reading up to the limits for nothing.
   */
  signal?: { readonly aborted: boolean };
}

/** Files read at once: a remote file system answers several requests in the time of one. */
const READ_CHUNK = 8;

/**
 * The module-relative folders a `go build` argument names, for the targeted part of the walk: the
 * folder itself, or for a `dir/...` pattern the folder to start below. Undefined for what is not a
 * package of this module (another module, `pkg@version`, a path leaving the module).
 */
export function focusDirOf(focus: WalkFocus, modulePath: string): string | undefined {
  const pkg = focus.pkg;
  if (pkg.includes('@')) return undefined;
  let target = pkg === '' ? '.' : pkg.replace(/(^|\/)\.\.\.$/, '$1.');
  if (target.endsWith('.go')) target = target.includes('/') ? target.slice(0, target.lastIndexOf('/')) : '.';
  let parts: string[];
  if (target === '.' || target === '..' || target.startsWith('./') || target.startsWith('../')) {
    parts = [...(focus.dir === '.' ? [] : focus.dir.split('/')), ...target.split('/')];
  } else if (modulePath !== '' && (target === modulePath || target.startsWith(`${modulePath}/`))) {
    parts = target.slice(modulePath.length).split('/');
  } else {
    return undefined;
  }
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.length === 0 ? '.' : out.join('/');
}

/** Reads and keeps the index of one module. */
export class ModuleIndex {
  private current: ModuleSnapshot;

  private constructor(
    private readonly access: FileAccess,
    snapshot: ModuleSnapshot,
    private readonly options: IndexOptions,
  ) {
    this.current = snapshot;
  }

  get snapshot(): ModuleSnapshot {
    return this.current;
  }

  /**
   * Reads the module whose go.mod is in `moduleDir`. Throws a clear Error when go.mod is missing or
   * unreadable; a go.mod with garbage inside still yields an index (with an empty module path).
   */
  static async read(access: FileAccess, moduleDir: string, options: IndexOptions = {}): Promise<ModuleIndex> {
    const limits: WalkLimits = { ...WALK_LIMITS, ...options.limits };
    const goModPath = joinPath(moduleDir, 'go.mod');
    const goModText = await access.readText(goModPath, limits.maxGoModBytes);
    if (!goModText.ok) {
      if (goModText.reason === 'missing') throw new Error(`No go.mod in ${moduleDir}`);
      throw new Error(`Cannot read ${goModPath}: ${describeReadFailure(goModText.reason, limits.maxGoModBytes)}`);
    }
    const goMod = parseGoMod(goModText.text);
    const modulePath = goMod.modulePath ?? '';
    const files = new Map<string, IndexedFile>();
    const skipped = new Map<string, string>();
    const log = options.log;
    const yieldEvery = options.yieldEvery ?? 256;
    let truncated = false;
    let filesLeft = limits.maxGoFiles;
    let bytesLeft = limits.maxTotalBytes;
    let sinceYield = 0;
    const exhausted = () => filesLeft <= 0 || bytesLeft <= 0;
    const stopIfSuperseded = () => {
      if (options.signal?.aborted) throw new Error(`The read of ${moduleDir} was superseded.`);
    };

    // Every folder is listed at most once, and each listing counts against maxDirs.
    const listings = new Map<string, Promise<DirEntry[] | undefined>>();
    const listing = (relDir: string): Promise<DirEntry[] | undefined> | 'limit' => {
      let entries = listings.get(relDir);
      stopIfSuperseded();
      if (!entries) {
        if (listings.size >= limits.maxDirs) return 'limit';
        entries = access.list(relDir === '.' ? moduleDir : joinPath(moduleDir, relDir));
        listings.set(relDir, entries);
      }
      return entries;
    };
    /** Folders whose files were read. */
    const readDirs = new Set<string>();

    /** Reads the Go files of one folder into `files`; `complete` is false when a budget ran out first. */
    const readFilesOf = async (relDir: string, entries: DirEntry[]): Promise<{ complete: boolean; read: IndexedFile[] }> => {
      const indexed: IndexedFile[] = [];
      readDirs.add(relDir);
      const absDir = relDir === '.' ? moduleDir : joinPath(moduleDir, relDir);
      const names = entries.filter((e) => e.kind === 'file' && isGoSourceName(e.name)).map((e) => e.name);
      for (let start = 0; start < names.length; start += READ_CHUNK) {
        stopIfSuperseded();
        if (exhausted()) return { complete: false, read: indexed };
        const chunk = names.slice(start, start + Math.min(READ_CHUNK, filesLeft));
        const reads = await Promise.all(chunk.map((name) => access.readText(joinPath(absDir, name), limits.maxFileBytes)));
        for (let i = 0; i < chunk.length; i++) {
          const rel = joinRel(relDir, chunk[i]);
          const read = reads[i];
          if (!read.ok) {
            const reason = describeReadFailure(read.reason, limits.maxFileBytes);
            skipped.set(rel, reason);
            log?.(`go-dockerfile: skipped ${joinPath(moduleDir, rel)}: ${reason}`);
            continue;
          }
          filesLeft--;
          bytesLeft -= read.text.length;
          const file = indexFile(relDir, chunk[i], read.text);
          if (file.constraintError !== undefined) {
            const reason = `cannot parse its //go:build line (${file.constraintError})`;
            skipped.set(rel, reason);
            log?.(`go-dockerfile: skipped ${joinPath(moduleDir, rel)}: ${reason}`);
          }
          files.set(rel, file);
          indexed.push(file);
          sinceYield++;
        }
        if (yieldEvery > 0 && sinceYield >= yieldEvery) {
          sinceYield = 0;
          await yieldToEventLoop();
        }
        if (chunk.length < Math.min(READ_CHUNK, names.length - start)) return { complete: false, read: indexed };
      }
      return { complete: true, read: indexed };
    };

    /**
     * Whether a folder is a package folder of this module, as the walk below would find it: no
     * skipped name, symlinked folder or nested go.mod on the way down. 'limit' when maxDirs is reached.
     */
    const belongs = async (relDir: string): Promise<boolean | 'limit'> => {
      let parent = '.';
      for (const part of relDir === '.' ? [] : relDir.split('/')) {
        if (skipDirName(part)) return false;
        const listed = listing(parent);
        if (listed === 'limit') return 'limit';
        const entry = (await listed)?.find((e) => e.name === part);
        if (!entry || entry.kind !== 'directory' || entry.symlink) return false;
        parent = joinRel(parent, part);
        const own = listing(parent);
        if (own === 'limit') return 'limit';
        if ((await own)?.some((e) => e.name === 'go.mod' && e.kind === 'file')) return false;
      }
      return true;
    };

    // 1. Targeted: the packages the Dockerfile builds, then what they import from this module.
    const focusQueue: string[] = [];
    const queued = new Set<string>();
    const enqueue = (dir: string) => {
      if (!queued.has(dir)) {
        queued.add(dir);
        focusQueue.push(dir);
      }
    };
    for (const focus of options.focus ?? []) {
      const dir = focusDirOf(focus, modulePath);
      if (dir !== undefined) enqueue(dir);
    }
    for (let next = 0; next < focusQueue.length; next++) {
      if (exhausted()) {
        truncated = true;
        break;
      }
      const relDir = focusQueue[next];
      const inModule = await belongs(relDir);
      if (inModule === 'limit') {
        truncated = true;
        break;
      }
      if (!inModule) continue;
      const listed = listing(relDir);
      if (listed === 'limit') {
        truncated = true;
        break;
      }
      const entries = await listed;
      if (!entries) continue;
      const { complete, read } = await readFilesOf(relDir, entries);
      if (!complete) {
        truncated = true;
        break;
      }
      for (const file of read) {
        if (file.isTest) continue;
        for (const imp of file.imports) {
          const own = imp === modulePath ? '.' : modulePath !== '' && imp.startsWith(`${modulePath}/`) ? imp.slice(modulePath.length + 1) : undefined;
          if (own !== undefined) enqueue(own);
        }
      }
    }

    // 2. Breadth-first, the rest of the module, until a limit is reached.
    const pending: string[] = ['.'];
    for (let next = 0; next < pending.length && !truncated; next++) {
      if (exhausted()) {
        truncated = true;
        break;
      }
      const relDir = pending[next];
      const listed = listing(relDir);
      if (listed === 'limit') {
        truncated = true;
        break;
      }
      const entries = await listed;
      if (!entries) continue;
      // A nested go.mod starts another module, which is not part of this one.
      if (relDir !== '.' && entries.some((e) => e.name === 'go.mod' && e.kind === 'file')) continue;
      if (!readDirs.has(relDir) && !(await readFilesOf(relDir, entries)).complete) {
        truncated = true;
        break;
      }
      // Symlinked directories are not followed, as `go ./...` does not: no cycles.
      for (const entry of entries) {
        if (entry.kind === 'directory' && !entry.symlink && !skipDirName(entry.name)) pending.push(joinRel(relDir, entry.name));
      }
    }
    const hasGoSum = (await access.stat(joinPath(moduleDir, 'go.sum')))?.kind === 'file';
    const vendored = (await access.stat(joinPath(moduleDir, 'vendor', 'modules.txt')))?.kind === 'file';
    const snapshot = makeSnapshot({ moduleDir, goMod, files, skipped, hasGoSum, vendored, truncated, version: 0 });
    return new ModuleIndex(access, snapshot, options);
  }

  /**
   * Brings the index up to date after `absPath` changed (created, edited or deleted). Returns false
   * when the change needs a full re-read instead (go.mod itself, a nested go.mod).
   */
  async update(absPath: string): Promise<boolean> {
    const snap = this.current;
    const rel = relativePath(snap.moduleDir, absPath);
    if (rel === undefined) return true; // not in this module
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (rel === 'go.mod' || name === 'go.mod' || name === 'go.work') return false;
    if (rel === 'go.sum' || rel === 'vendor/modules.txt') {
      const kind = (await this.access.stat(absPath))?.kind;
      this.replace({ [rel === 'go.sum' ? 'hasGoSum' : 'vendored']: kind === 'file' });
      return true;
    }
    const dir = dirOf(rel);
    if (rel !== '.' && dir.split('/').some((part) => part !== '.' && skipDirName(part))) return true;
    const info = await this.access.stat(absPath);
    if (info?.kind === 'directory' || (info === undefined && !rel.endsWith('.go'))) {
      // A directory appeared or vanished: a new one needs its files walked, so start over;
      // a deleted one just takes its files along.
      if (info !== undefined) return false;
      const prefix = `${rel}/`;
      const files = new Map(snap.files);
      const skipped = new Map(snap.skipped);
      let changed = false;
      const touched: string[] = [];
      for (const key of snap.files.keys()) {
        if (key.startsWith(prefix)) {
          touched.push(dirOf(key));
          changed = files.delete(key) || changed;
        }
      }
      for (const key of snap.skipped.keys()) if (key.startsWith(prefix)) changed = skipped.delete(key) || changed;
      if (changed) this.replace({ files, skipped }, touched, true);
      return true;
    }
    if (!isGoSourceName(name)) return true;
    // A file below a nested go.mod belongs to that other module.
    for (let d = dir; d !== '.'; d = dirOf(d)) {
      if ((await this.access.stat(joinPath(snap.moduleDir, d, 'go.mod')))?.kind === 'file') return true;
    }
    const files = new Map(snap.files);
    const skipped = new Map(snap.skipped);
    const existed = files.delete(rel);
    skipped.delete(rel);
    if (info?.kind === 'file') {
      const maxFileBytes = this.options.limits?.maxFileBytes ?? WALK_LIMITS.maxFileBytes;
      const read = await this.access.readText(absPath, maxFileBytes);
      if (read.ok) {
        const file = indexFile(dir, name, read.text);
        files.set(rel, file);
        if (file.constraintError !== undefined) {
          const reason = `cannot parse its //go:build line (${file.constraintError})`;
          skipped.set(rel, reason);
          this.options.log?.(`go-dockerfile: skipped ${absPath}: ${reason}`);
        }
      } else {
        const reason = describeReadFailure(read.reason, maxFileBytes);
        skipped.set(rel, reason);
        this.options.log?.(`go-dockerfile: skipped ${absPath}: ${reason}`);
      }
    }
    this.replace({ files, skipped }, [dir], existed !== files.has(rel));
    return true;
  }

  /**
   * Installs a new snapshot. `touchedDirs` lose their memo; the folder map is rebuilt only when a
   * file appeared or vanished (`membershipChanged`), and then only for the touched folders.
   */
  private replace(changes: Partial<Pick<ModuleSnapshot, 'files' | 'skipped' | 'hasGoSum' | 'vendored'>>, touchedDirs: readonly string[] = [], membershipChanged = false): void {
    const snap = this.current;
    const memo = new Map(snap.memo);
    for (const d of touchedDirs) memo.delete(d);
    let dirs: ReadonlyMap<string, readonly string[]> = snap.dirs;
    if (membershipChanged && changes.files) {
      const next = new Map(snap.dirs);
      for (const d of new Set(touchedDirs)) {
        const list: string[] = [];
        const prefix = d === '.' ? '' : `${d}/`;
        const candidates = new Set([...(snap.dirs.get(d) ?? [])]);
        for (const rel of changes.files.keys()) if (rel.startsWith(prefix) && dirOf(rel) === d) candidates.add(rel);
        for (const rel of candidates) if (changes.files.has(rel)) list.push(rel);
        list.sort();
        if (list.length > 0) next.set(d, list);
        else next.delete(d);
      }
      dirs = next;
    }
    this.current = makeSnapshot({
      moduleDir: snap.moduleDir,
      goMod: snap.goMod,
      files: changes.files ?? snap.files,
      skipped: changes.skipped ?? snap.skipped,
      hasGoSum: changes.hasGoSum ?? snap.hasGoSum,
      vendored: changes.vendored ?? snap.vendored,
      truncated: snap.truncated,
      version: snap.version + 1,
      dirs,
      memo,
    });
  }
}

function makeSnapshot(parts: {
  moduleDir: string;
  goMod: GoMod;
  files: ReadonlyMap<string, IndexedFile>;
  skipped: ReadonlyMap<string, string>;
  hasGoSum: boolean;
  vendored: boolean;
  truncated: boolean;
  version: number;
  dirs?: ReadonlyMap<string, readonly string[]>;
  memo?: Map<string, Map<string, unknown>>;
}): ModuleSnapshot {
  let dirs = parts.dirs;
  if (!dirs) {
    const byDir = new Map<string, string[]>();
    for (const [rel, file] of parts.files) {
      let list = byDir.get(file.dir);
      if (!list) byDir.set(file.dir, (list = []));
      list.push(rel);
    }
    for (const list of byDir.values()) list.sort();
    dirs = byDir;
  }
  return {
    moduleDir: parts.moduleDir,
    goMod: parts.goMod,
    modulePath: parts.goMod.modulePath ?? '',
    files: parts.files,
    dirs,
    skipped: parts.skipped,
    hasGoSum: parts.hasGoSum,
    vendored: parts.vendored,
    truncated: parts.truncated,
    version: parts.version,
    memo: parts.memo ?? new Map(),
  };
}
