// FileAccess over the editor's file system, for the browser build of the language server: every
// read is a request to the client (goDockerfile/stat, listDir, readFile), which answers with
// vscode.workspace.fs. That works on virtual workspaces too (github.dev's vscode-vfs://), where
// nothing is a local file. Confinement is checked on both sides: here against the project root,
// and by the client, which serves only paths inside the workspace folder it is asked about.
//
// A symbolic link is never followed: the editor's file system says that an entry is a link, but not
// where it leads, so whether it stays inside the root cannot be known.

import type { DirEntry, FileAccess, FileInfo, FileKind, ReadResult } from './access.ts';
import { isWithinPath, normalizePath, relativePath } from './paths.ts';

/** The three requests, as the server's connection sends them. */
export interface WorkspaceFileRequests {
  stat(folder: string, path: string): Promise<unknown>;
  listDir(folder: string, path: string): Promise<unknown>;
  readFile(folder: string, path: string, maxBytes: number): Promise<unknown>;
}

const KINDS = new Set<FileKind>(['file', 'directory', 'other']);
const READ_FAILURES = new Set(['missing', 'not-a-file', 'too-large', 'outside-root', 'unreadable']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** An entry's name as the client sent it, when it is one: no separator, not `.` or `..`. */
function isPlainName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\\');
}

export class ClientFileAccess implements FileAccess {
  readonly root: string;
  private readonly folderPath: string;

  /**
   * @param root the project root every access is confined to (inside the folder)
   * @param folderPath the workspace folder's path, and `folderUri` its URI as the client knows it
   */
  constructor(
    root: string,
    folderPath: string,
    private readonly folderUri: string,
    private readonly requests: WorkspaceFileRequests,
  ) {
    this.root = normalizePath(root);
    this.folderPath = normalizePath(folderPath);
  }

  /** The folder-relative path of `p`, when it is inside the root. */
  private relative(p: string): string | undefined {
    const wanted = normalizePath(p);
    if (!isWithinPath(wanted, this.root) || !isWithinPath(wanted, this.folderPath)) return undefined;
    return relativePath(this.folderPath, wanted);
  }

  async readText(p: string, maxBytes: number): Promise<ReadResult> {
    const rel = this.relative(p);
    if (rel === undefined) return { ok: false, reason: 'outside-root' };
    let answer: unknown;
    try {
      answer = await this.requests.readFile(this.folderUri, rel, maxBytes);
    } catch {
      return { ok: false, reason: 'unreadable' };
    }
    if (!isRecord(answer)) return { ok: false, reason: 'unreadable' };
    if (answer.ok === true && typeof answer.text === 'string') {
      // Each UTF-8 byte decodes to at most one UTF-16 unit: more characters than bytes is a broken answer.
      if (answer.text.length > maxBytes) return { ok: false, reason: 'too-large' };
      return { ok: true, text: answer.text };
    }
    if (answer.ok === false && typeof answer.reason === 'string' && READ_FAILURES.has(answer.reason)) return { ok: false, reason: answer.reason as never };
    return { ok: false, reason: 'unreadable' };
  }

  async stat(p: string): Promise<FileInfo | undefined> {
    const rel = this.relative(p);
    if (rel === undefined) return undefined;
    let answer: unknown;
    try {
      answer = await this.requests.stat(this.folderUri, rel);
    } catch {
      return undefined;
    }
    if (!isRecord(answer) || !KINDS.has(answer.kind as FileKind)) return undefined;
    // Where a link leads cannot be known here: it is not followed.
    if (answer.symlink === true) return undefined;
    const size = typeof answer.size === 'number' && answer.size >= 0 ? answer.size : 0;
    return { kind: answer.kind as FileKind, size: answer.kind === 'file' ? size : 0, symlink: false };
  }

  async list(dir: string): Promise<DirEntry[] | undefined> {
    const rel = this.relative(dir);
    if (rel === undefined) return undefined;
    let answer: unknown;
    try {
      answer = await this.requests.listDir(this.folderUri, rel);
    } catch {
      return undefined;
    }
    if (!Array.isArray(answer)) return undefined;
    const out: DirEntry[] = [];
    for (const entry of answer) {
      if (!isRecord(entry) || !isPlainName(entry.name) || !KINDS.has(entry.kind as FileKind) || entry.symlink === true) continue;
      out.push({ name: entry.name, kind: entry.kind as FileKind, symlink: false });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** Access for a root no workspace folder holds: nothing can be read there. */
export class NoFileAccess implements FileAccess {
  constructor(readonly root: string) {}

  async readText(): Promise<ReadResult> {
    return { ok: false, reason: 'outside-root' };
  }

  async stat(): Promise<FileInfo | undefined> {
    return undefined;
  }

  async list(): Promise<DirEntry[] | undefined> {
    return undefined;
  }
}
