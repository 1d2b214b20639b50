// Writing a file that `fix` repaired or `init` generated, so that nothing is lost on the way:
// - the new bytes are staged in a temporary file next to the target and synced first, so a failure
//   (no space left, a crash, a kill) before the switch leaves the original byte for byte;
// - a symlink is followed only when it leads to a place inside the folder being processed;
// - a read-only file is refused, even for root, who ignores permission bits;
// - the owner, group and mode stay; a file with other names (hard links) keeps them all.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isWithinPath, normalizePath } from '../files/index.ts';
import { CliError } from './errors.ts';
import { describeIoError } from './files.ts';

/** The file-system calls a write makes. Tests pass one that fails, or dies, at a chosen step. */
export interface WriteFs {
  lstatSync(p: string): fs.Stats;
  statSync(p: string): fs.Stats;
  realpathSync(p: string): string;
  accessSync(p: string, mode: number): void;
  openSync(p: string, flags: string | number, mode?: number): number;
  fstatSync(fd: number): fs.Stats;
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number;
  fsyncSync(fd: number): void;
  fchmodSync(fd: number, mode: number): void;
  fchownSync(fd: number, uid: number, gid: number): void;
  ftruncateSync(fd: number, length: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(p: string): void;
}

export const NODE_WRITE_FS: WriteFs = {
  lstatSync: (p) => fs.lstatSync(p),
  statSync: (p) => fs.statSync(p),
  realpathSync: (p) => fs.realpathSync.native(p),
  accessSync: (p, mode) => fs.accessSync(p, mode),
  openSync: (p, flags, mode) => fs.openSync(p, flags, mode),
  fstatSync: (fd) => fs.fstatSync(fd),
  readSync: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  writeSync: (fd, buffer, offset, length, position) => fs.writeSync(fd, buffer, offset, length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  fchmodSync: (fd, mode) => fs.fchmodSync(fd, mode),
  fchownSync: (fd, uid, gid) => fs.fchownSync(fd, uid, gid),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
  unlinkSync: (p) => fs.unlinkSync(p),
};

export interface WriteOptions {
  /** The folder being processed (the project root): a write through a symlink must land inside it. */
  root: string;
  /** How the root is named in messages (default: its path). */
  rootLabel?: string;
  fs?: WriteFs;
  /** The effective user id; defaults to the process's. Root is judged by the permission bits. */
  euid?: number;
}

interface Target {
  /** The real path written: symlinks resolved. */
  path: string;
  /** The file being replaced, or undefined for a new file. */
  existing?: fs.Stats;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function cannotWrite(label: string, error: unknown): CliError {
  return error instanceof CliError ? error : new CliError(`${label}: cannot write: ${describeIoError(error)}`);
}

function closeQuietly(io: WriteFs, fd: number | undefined): void {
  if (fd === undefined) return;
  try {
    io.closeSync(fd);
  } catch {
    // Already reporting the first error.
  }
}

function unlinkQuietly(io: WriteFs, file: string): void {
  try {
    io.unlinkSync(file);
  } catch {
    // Never created, or already gone.
  }
}

function writeAll(io: WriteFs, fd: number, bytes: Buffer, position: number): void {
  let written = 0;
  while (written < bytes.length) {
    written += io.writeSync(fd, bytes, written, bytes.length - written, position + written);
  }
}

function readAll(io: WriteFs, fd: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const buffer = Buffer.alloc(Math.max(size - position, 64 * 1024));
    const n = io.readSync(fd, buffer, 0, buffer.length, position);
    if (n === 0) break;
    chunks.push(buffer.subarray(0, n));
    position += n;
  }
  return Buffer.concat(chunks);
}

function lstatIfPresent(io: WriteFs, file: string): fs.Stats | undefined {
  try {
    return io.lstatSync(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Where a write to `filePath` really lands, refused when a symlink leads it out of the root. */
function resolveTarget(io: WriteFs, filePath: string, label: string, options: WriteOptions): Target {
  let realRoot: string;
  let link: fs.Stats | undefined;
  try {
    realRoot = io.realpathSync(options.root);
    link = lstatIfPresent(io, filePath);
  } catch (error) {
    throw cannotWrite(label, error);
  }
  let real: string;
  if (link) {
    try {
      real = io.realpathSync(filePath);
    } catch {
      // A dangling link or a loop: writing would create a file wherever it points.
      throw new CliError(`${label}: a symlink to a missing file; not writing through it`);
    }
  } else {
    try {
      // A new file lands in the real folder of its path.
      real = path.join(io.realpathSync(path.dirname(filePath)), path.basename(filePath));
    } catch (error) {
      throw cannotWrite(label, error);
    }
  }
  if (!isWithinPath(normalizePath(real), normalizePath(realRoot))) {
    throw new CliError(`${label}: a symlink leads outside the project (${options.rootLabel ?? options.root}) to ${real}; not writing through it`);
  }
  if (!link) return { path: real };
  let existing: fs.Stats;
  try {
    existing = io.statSync(real);
  } catch (error) {
    throw cannotWrite(label, error);
  }
  if (!existing.isFile()) throw new CliError(`${label}: not a regular file; not writing it`);
  return { path: real, existing };
}

/** Refuses a file the user cannot write. Root may write anything, so for root the mode decides. */
function refuseReadOnly(io: WriteFs, target: Target, label: string, euid: number | undefined): void {
  const existing = target.existing;
  if (!existing) return;
  if (euid === 0) {
    if ((existing.mode & 0o222) === 0) {
      throw new CliError(`${label}: read-only file (mode ${(existing.mode & 0o777).toString(8).padStart(4, '0')}); not changing it`);
    }
    return;
  }
  try {
    io.accessSync(target.path, fs.constants.W_OK);
  } catch (error) {
    throw new CliError(`${label}: read-only file (${describeIoError(error)}); not changing it`);
  }
}

/** Random hex digits. node:crypto is loaded here, on the first write: a lint never needs it. */
function randomHex(bytes: number): string {
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  return randomBytes(bytes).toString('hex');
}

/**
 * Writes the new bytes to a temporary file beside the target, with the target's mode, owner and
 * group, and syncs it. `ownerKept` is false when the owner or group could not be set (not root).
 */
function stage(io: WriteFs, target: Target, bytes: Buffer, label: string): { temp: string; ownerKept: boolean } {
  const temp = path.join(path.dirname(target.path), `.${path.basename(target.path)}.${process.pid}.${randomHex(4)}.tmp`);
  const existing = target.existing;
  const mode = existing ? existing.mode & 0o7777 : 0o666;
  let fd: number | undefined;
  let created = false;
  try {
    // wx: never reuse or follow anything already at that name. A new file gets 0666 minus the umask.
    fd = io.openSync(temp, 'wx', mode);
    created = true;
    writeAll(io, fd, bytes, 0);
    let ownerKept = true;
    if (existing) {
      const staged = io.fstatSync(fd);
      if (staged.uid !== existing.uid || staged.gid !== existing.gid) {
        try {
          io.fchownSync(fd, existing.uid, existing.gid);
        } catch (error) {
          if (errorCode(error) !== 'EPERM' && errorCode(error) !== 'EINVAL') throw error;
          ownerKept = false;
        }
      }
      // After the chown, which clears setuid/setgid bits.
      io.fchmodSync(fd, mode);
    }
    io.fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    io.closeSync(closing);
    return { temp, ownerKept };
  } catch (error) {
    closeQuietly(io, fd);
    if (created) unlinkQuietly(io, temp);
    throw cannotWrite(label, error);
  }
}

/** Syncs a folder so a rename in it survives a power loss; best effort (not every system allows it). */
function syncFolder(io: WriteFs, dir: string): void {
  let fd: number | undefined;
  try {
    fd = io.openSync(dir, 'r');
    io.fsyncSync(fd);
  } catch {
    // The rename itself succeeded; durability of the folder entry is a bonus.
  } finally {
    closeQuietly(io, fd);
  }
}

/** The usual case: the staged file takes the target's name in one step. */
function replaceByRename(io: WriteFs, temp: string, target: Target, label: string): void {
  try {
    io.renameSync(temp, target.path);
  } catch (error) {
    unlinkQuietly(io, temp);
    throw cannotWrite(label, error);
  }
  syncFolder(io, path.dirname(target.path));
}

/**
 * For a file with other names (hard links), or whose owner only an in-place write can keep: the
 * new bytes go into the same inode. The file grows first, before any original byte is touched, so
 * running out of space leaves it as it was; any other failure puts the original bytes back.
 */
function copyInPlace(io: WriteFs, temp: string, target: Target, bytes: Buffer, label: string): void {
  const existing = target.existing!;
  let fd: number | undefined;
  let original: Buffer;
  try {
    fd = io.openSync(target.path, fs.constants.O_RDWR | (fs.constants.O_NOFOLLOW ?? 0));
    const now = io.fstatSync(fd);
    if (now.ino !== existing.ino || now.dev !== existing.dev) throw new CliError(`${label}: replaced while being fixed; not writing it`);
    original = readAll(io, fd, now.size);
  } catch (error) {
    closeQuietly(io, fd);
    unlinkQuietly(io, temp);
    throw cannotWrite(label, error);
  }
  try {
    if (bytes.length > original.length) writeAll(io, fd, bytes.subarray(original.length), original.length);
    writeAll(io, fd, bytes.subarray(0, Math.min(bytes.length, original.length)), 0);
    if (bytes.length < original.length) io.ftruncateSync(fd, bytes.length);
    io.fsyncSync(fd);
  } catch (error) {
    try {
      // Overwriting blocks the file already has needs no new space.
      writeAll(io, fd, original, 0);
      io.ftruncateSync(fd, original.length);
      io.fsyncSync(fd);
    } catch {
      closeQuietly(io, fd);
      throw new CliError(`${label}: cannot write: ${describeIoError(error)}; the file may be damaged, and its new content is in ${temp}`);
    }
    closeQuietly(io, fd);
    unlinkQuietly(io, temp);
    throw cannotWrite(label, error);
  }
  closeQuietly(io, fd);
  unlinkQuietly(io, temp);
}

/**
 * Replaces a file's content (or creates it), so that readers see the old or the new bytes, never
 * half: the new bytes are staged and synced beside the target, then renamed over it. Refused, with
 * a message, when a symlink leads out of `options.root`, when the file is read-only or not a
 * regular file. Mode, owner and group stay. A file with several hard links is written in place, so
 * every name sees the fix (as editors do).
 */
export function writeFileAtomic(filePath: string, data: Buffer | string, label: string, options: WriteOptions): void {
  const io = options.fs ?? NODE_WRITE_FS;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const target = resolveTarget(io, filePath, label, options);
  refuseReadOnly(io, target, label, options.euid ?? process.geteuid?.());
  const { temp, ownerKept } = stage(io, target, bytes, label);
  if (target.existing && (target.existing.nlink > 1 || !ownerKept)) copyInPlace(io, temp, target, bytes, label);
  else replaceByRename(io, temp, target, label);
}
