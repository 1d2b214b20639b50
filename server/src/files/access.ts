// The one seam through which everything outside the engine reads the user's files: Go facts,
// .go-dockerfile.json, .dockerignore, Makefiles. The Node implementation is in node-access.ts; a
// browser build supplies one backed by vscode.workspace.fs. No module outside an adapter imports
// node:fs to read workspace content.
//
// Paths are absolute and use forward slashes ("/repo/cmd/api", "C:/repo/cmd/api"). Every access is
// confined to a root: a path outside it, or a symlink leading out of it, reads as `outside-root`.

export type FileKind = 'file' | 'directory' | 'other';

export interface FileInfo {
  kind: FileKind;
  /** Size in bytes (0 for directories). */
  size: number;
  /** The path is itself a symbolic link (to something inside the root). */
  symlink: boolean;
}

export interface DirEntry {
  name: string;
  kind: FileKind;
  /** A symbolic link to something inside the root. Walkers skip symlinked directories, as `go ./...` does. */
  symlink: boolean;
}

/** Why a file was not read. `outside-root` covers paths, and symlinks, that lead out of the root. */
export type ReadFailure = 'missing' | 'not-a-file' | 'too-large' | 'outside-root' | 'unreadable';

export type ReadResult = { ok: true; text: string } | { ok: false; reason: ReadFailure };

export interface FileAccess {
  /** The root every access is confined to. */
  readonly root: string;
  /**
   * The UTF-8 text of a regular file, when it holds at most `maxBytes` bytes. FIFOs, devices and
   * directories are `not-a-file` (never opened in a way that could block).
   */
  readText(path: string, maxBytes: number): Promise<ReadResult>;
  /** What is at `path`, or undefined when nothing is, or it is outside the root. */
  stat(path: string): Promise<FileInfo | undefined>;
  /** The entries of a directory, sorted by name; symlinks leading out of the root are left out. */
  list(dir: string): Promise<DirEntry[] | undefined>;
}

/** A user-facing phrase for a read failure, never quoting the file's content. */
export function describeReadFailure(reason: ReadFailure, maxBytes?: number): string {
  switch (reason) {
    case 'missing':
      return 'no such file';
    case 'not-a-file':
      return 'not a regular file';
    case 'too-large':
      return maxBytes === undefined ? 'file too large' : `file too large (the limit is ${maxBytes} bytes)`;
    case 'outside-root':
      return 'outside the workspace or repository (a symlink leading out of it is not followed)';
    case 'unreadable':
      return 'cannot be read';
  }
}
