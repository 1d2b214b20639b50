import * as fs from 'node:fs';
import { isWithinPath, normalizePath } from '../files/index.ts';
import { CliError } from './errors.ts';

/** Same limit as the goDockerfile.maxFileSize default: nobody writes a 2 MB Dockerfile by hand. */
export const MAX_FILE_BYTES = 2_000_000;

const BOM = '\uFEFF';

/**
 * A Dockerfile as read from disk. The engine sees `text` with the BOM removed and, when the file
 * used CRLF on every line, with LF endings; `encodeDockerfile` puts both back so a fix changes
 * nothing but what the fix edits.
 */
export interface DockerfileText {
  text: string;
  bom: boolean;
  crlf: boolean;
  /** False when the bytes are not valid UTF-8: fine to lint, unsafe to rewrite. */
  validUtf8: boolean;
}

/** A short reason for common I/O errors, instead of Node's "EACCES: permission denied, open '…'". */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** One decoder for every file (a decode without `stream` starts afresh); made on first use. */
let strictUtf8: InstanceType<typeof TextDecoder> | undefined;

/** Splits text into its BOM, line-ending style and the text the engine sees. */
export function decodeDockerfile(bytes: Buffer): DockerfileText {
  let validUtf8 = true;
  let raw: string;
  try {
    raw = (strictUtf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })).decode(bytes);
  } catch {
    validUtf8 = false;
    raw = bytes.toString('utf8');
  }
  const bom = raw.startsWith(BOM);
  if (bom) raw = raw.slice(1);
  // CRLF when every line feed follows a carriage return: checked in place, not by splitting the text into lines.
  let crlf = false;
  for (let nl = raw.indexOf('\n'); nl >= 0; nl = raw.indexOf('\n', nl + 1)) {
    crlf = nl > 0 && raw.charCodeAt(nl - 1) === 13;
    if (!crlf) break;
  }
  return { text: crlf ? raw.replace(/\r\n/g, '\n') : raw, bom, crlf, validUtf8 };
}

/** The bytes to write for `text`, in the shape (BOM, line endings) of the file it came from. */
export function encodeDockerfile(text: string, shape: Pick<DockerfileText, 'bom' | 'crlf'>): Buffer {
  const withEndings = shape.crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  return Buffer.from((shape.bom ? BOM : '') + withEndings, 'utf8');
}

/**
 * Refuses a Dockerfile whose real path (symlinks resolved) lies outside the project root: a
 * repository's `Dockerfile -> /etc/shadow` must not print another file's lines into CI logs.
 * `rootLabel` is asked for only when the file is refused.
 */
export function assertInsideRoot(filePath: string, label: string, root: string, rootLabel: () => string): void {
  let real: string;
  let realRoot: string;
  try {
    real = fs.realpathSync.native(filePath);
    realRoot = fs.realpathSync.native(root);
  } catch (error) {
    throw new CliError(`${label}: ${describeIoError(error)}`);
  }
  if (!isWithinPath(normalizePath(real), normalizePath(realRoot))) {
    throw new CliError(`${label}: a symlink leads outside the project (${rootLabel()}) to ${real}; not reading it`);
  }
}

/** Reads a Dockerfile, refusing what cannot be one: huge files, binaries, directories. */
export function readDockerfile(filePath: string, label: string): DockerfileText {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch (error) {
    throw new CliError(`${label}: ${describeIoError(error)}`);
  }
  if (!stat.isFile()) throw new CliError(`${label}: not a regular file`);
  if (stat.size > MAX_FILE_BYTES) {
    throw new CliError(`${label}: file too large (${formatMegabytes(stat.size)}; the limit is ${formatMegabytes(MAX_FILE_BYTES)})`);
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    throw new CliError(`${label}: ${describeIoError(error)}`);
  }
  return checkedDockerfile(bytes, label);
}

/** The Dockerfile in `bytes` (from a file or standard input), refusing oversized and binary input. */
export function checkedDockerfile(bytes: Buffer, label: string): DockerfileText {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new CliError(`${label}: file too large (${formatMegabytes(bytes.length)}; the limit is ${formatMegabytes(MAX_FILE_BYTES)})`);
  }
  if (bytes.includes(0)) throw new CliError(`${label}: binary file (contains NUL bytes), not a Dockerfile`);
  return decodeDockerfile(bytes);
}


/**
 * Creates a new file, never replacing one: fails with 'exists' when the path is taken (even by a
 * file created a moment ago by someone else), so a fix cannot overwrite hand-written content.
 */
export function createFileExclusive(filePath: string, data: string, label: string): 'created' | 'exists' {
  let fd: number | undefined;
  try {
    fd = fs.openSync(filePath, 'wx', 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw new CliError(`${label}: cannot create: ${describeIoError(error)}`);
  }
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (error) {
    throw new CliError(`${label}: cannot write: ${describeIoError(error)}`);
  } finally {
    fs.closeSync(fd);
  }
  return 'created';
}
