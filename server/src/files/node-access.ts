// The Node implementation of FileAccess: reads confined to a root directory. A symlink is followed
// only when it resolves inside the root; FIFOs and devices are never opened for reading; a file
// is read up to a byte cap, so /dev/zero or a 400 MB sparse file costs nothing.
import * as fs from 'node:fs';
import type { DirEntry, FileAccess, FileInfo, FileKind, ReadResult } from './access.ts';
import { isWithinPath, joinPath, normalizePath } from './paths.ts';
import { findProjectRoot } from './project-root.ts';

function kindOf(stat: fs.Stats): FileKind {
  return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
}

export class NodeFileAccess implements FileAccess {
  readonly root: string;
  /** The root with its own symlinks resolved, which every resolved path is checked against. */
  private readonly realRoot: string;

  constructor(root: string) {
    this.root = normalizePath(root);
    let real = this.root;
    try {
      real = normalizePath(fs.realpathSync.native(this.root));
    } catch {
      // A root that does not exist: nothing inside it can be read either.
    }
    this.realRoot = real;
  }

  /** The real path of `p` when it (and every symlink on the way) stays inside the root. */
  private confine(p: string): { real: string } | { failure: 'missing' | 'outside-root' } {
    const wanted = normalizePath(p);
    if (!isWithinPath(wanted, this.root) && !isWithinPath(wanted, this.realRoot)) return { failure: 'outside-root' };
    let real: string;
    try {
      // Most reads are of files that are not there (a config or go.mod looked for in each folder
      // up): say so without the cost of an exception from realpath.
      if (fs.lstatSync(wanted, { throwIfNoEntry: false }) === undefined) return { failure: 'missing' };
      real = normalizePath(fs.realpathSync.native(wanted));
    } catch {
      // Missing, a dangling link or a symlink loop.
      return { failure: 'missing' };
    }
    return isWithinPath(real, this.realRoot) ? { real } : { failure: 'outside-root' };
  }

  async readText(p: string, maxBytes: number): Promise<ReadResult> {
    return this.readTextSync(p, maxBytes);
  }

  /** Synchronous twin of readText, for callers that cannot await (the CLI's config lookup). */
  readTextSync(p: string, maxBytes: number): ReadResult {
    const confined = this.confine(p);
    if ('failure' in confined) return { ok: false, reason: confined.failure };
    let fd: number | undefined;
    try {
      // Check before opening: opening a FIFO for reading would block until a writer appears.
      const before = fs.statSync(confined.real);
      if (!before.isFile()) return { ok: false, reason: 'not-a-file' };
      if (before.size > maxBytes) return { ok: false, reason: 'too-large' };
      // O_NONBLOCK keeps a FIFO swapped in after the check from blocking; O_NOFOLLOW refuses a
      // symlink swapped in for the resolved path.
      fd = fs.openSync(confined.real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return { ok: false, reason: 'not-a-file' };
      // Read one byte past the cap, so a file that grew since the check is still refused.
      const buffer = Buffer.alloc(Math.min(maxBytes, Math.max(stat.size, 0)) + 1);
      let length = 0;
      while (length < buffer.length) {
        const n = fs.readSync(fd, buffer, length, buffer.length - length, length);
        if (n === 0) break;
        length += n;
      }
      if (length > maxBytes) return { ok: false, reason: 'too-large' };
      return { ok: true, text: buffer.subarray(0, length).toString('utf8') };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, reason: code === 'ENOENT' ? 'missing' : code === 'ELOOP' ? 'outside-root' : 'unreadable' };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  async stat(p: string): Promise<FileInfo | undefined> {
    return this.statSync(p);
  }

  statSync(p: string): FileInfo | undefined {
    const confined = this.confine(p);
    if ('failure' in confined) return undefined;
    try {
      const link = fs.lstatSync(normalizePath(p));
      const stat = fs.statSync(confined.real);
      return { kind: kindOf(stat), size: stat.isFile() ? stat.size : 0, symlink: link.isSymbolicLink() };
    } catch {
      return undefined;
    }
  }

  async list(dir: string): Promise<DirEntry[] | undefined> {
    return this.listSync(dir);
  }

  listSync(dir: string): DirEntry[] | undefined {
    const confined = this.confine(dir);
    if ('failure' in confined) return undefined;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(confined.real, { withFileTypes: true });
    } catch {
      return undefined;
    }
    const out: DirEntry[] = [];
    for (const entry of entries) {
      if (!entry.isSymbolicLink()) {
        out.push({ name: entry.name, kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other', symlink: false });
        continue;
      }
      const target = this.confine(joinPath(confined.real, entry.name));
      if ('failure' in target) continue;
      try {
        out.push({ name: entry.name, kind: kindOf(fs.statSync(target.real)), symlink: true });
      } catch {
        // Vanished since the listing.
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** nodeHasGitEntry's answers, kept for the life of a process that asked for it (rememberGitEntries). */
let knownGitEntries: Map<string, boolean> | undefined;

/**
 * For the CLI process, which runs one command: it asks for every folder above every Dockerfile,
 * several times per file. The language server does not call this: a repository may appear while it runs.
 */
export function rememberGitEntries(): void {
  knownGitEntries ??= new Map();
}

/** `hasGitEntry` for findProjectRoot on a real disk. */
export function nodeHasGitEntry(dir: string): boolean {
  const known = knownGitEntries?.get(dir);
  if (known !== undefined) return known;
  let found: boolean;
  try {
    // No exception for the usual answer (no .git here).
    found = fs.lstatSync(joinPath(dir, '.git'), { throwIfNoEntry: false }) !== undefined;
  } catch {
    found = false;
  }
  knownGitEntries?.set(dir, found);
  return found;
}

export interface NodeProjectOptions {
  /** Open workspace folders (the server); read at each call, so folder changes count. */
  workspaceFolders?: () => readonly string[];
  /** The CLI's working folder. */
  fallback?: string;
}

/** Project roots and confined access on a real disk, for the Go facts (GoFactsEnvironment). */
export function nodeProject(options: NodeProjectOptions = {}): { projectRoot(filePath: string): string; access(root: string): NodeFileAccess } {
  return {
    projectRoot: (filePath) =>
      findProjectRoot(filePath, {
        ...(options.workspaceFolders ? { workspaceFolders: options.workspaceFolders() } : {}),
        ...(options.fallback !== undefined ? { fallback: options.fallback } : {}),
        hasGitEntry: nodeHasGitEntry,
      }),
    access: (root) => new NodeFileAccess(root),
  };
}
