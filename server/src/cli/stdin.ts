// `go-dockerfile lint -`: the Dockerfile comes from standard input. Read synchronously, up to one
// byte past the size limit, so an endless pipe (`yes | go-dockerfile lint -`) is refused, not buffered.
import * as fs from 'node:fs';
import { CliError } from './errors.ts';
import { describeIoError, MAX_FILE_BYTES } from './files.ts';

/** The argument that stands for standard input. */
export const STDIN_ARG = '-';

/** How a finding from standard input is labelled when no --stdin-filename names it. */
export const STDIN_LABEL = '<stdin>';

const CHUNK = 64 * 1024;

/** Reads `fd` to its end, or to one byte past `limit` (the caller then reports it as too large). */
export function readAllSync(fd: number, limit = MAX_FILE_BYTES): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (total <= limit) {
    const buffer = Buffer.alloc(Math.min(CHUNK, limit + 1 - total));
    let n: number;
    try {
      n = fs.readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A non-blocking pipe with nothing in it yet: wait a little and read again.
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      // A closed or absent standard input reads as empty.
      if (code === 'EOF' || code === 'EBADF') break;
      throw new CliError(`${STDIN_LABEL}: ${describeIoError(error)}`);
    }
    if (n === 0) break;
    chunks.push(buffer.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}
