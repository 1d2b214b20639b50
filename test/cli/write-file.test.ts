// writeFileAtomic under faults: a file system that fails (no space, I/O errors) or a process that
// dies at each step must leave the original byte for byte (issue 7, part 6).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { CliError } from '../../server/src/cli/errors.ts';
import { NODE_WRITE_FS, writeFileAtomic, type WriteFs } from '../../server/src/cli/write-file.ts';
import { makeTempDir, removeDir, REPO_ROOT } from './helpers.ts';

const ORIGINAL = Buffer.from('FROM golang:1.22\nRUN go build -o /app .\n');
const LONGER = Buffer.from('FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n');
const SHORTER = Buffer.from('FROM scratch\n');

function ioError(code: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: simulated`);
  error.code = code;
  return error;
}

/** Node's fs, except that `step` throws `code` (on its `nth` call). */
function failing(step: keyof WriteFs, code: string, nth = 1): WriteFs {
  let calls = 0;
  const io: WriteFs = { ...NODE_WRITE_FS };
  const real = NODE_WRITE_FS[step] as (...args: unknown[]) => unknown;
  (io as unknown as Record<string, unknown>)[step] = (...args: unknown[]) => {
    if (++calls === nth) throw ioError(code);
    return real(...args);
  };
  return io;
}

/**
 * A disk with `bytes` bytes free: writing past the end of a file uses them up, then ENOSPC.
 * Overwriting bytes a file already has needs no space, as on ext4 or xfs.
 */
function diskFullAfter(bytes: number): WriteFs {
  let free = bytes;
  return {
    ...NODE_WRITE_FS,
    writeSync(fd, buffer, offset, length, position) {
      const size = NODE_WRITE_FS.fstatSync(fd).size;
      const allowed = Math.min(length, Math.max(0, size - position) + free);
      if (allowed <= 0) throw ioError('ENOSPC');
      const n = NODE_WRITE_FS.writeSync(fd, buffer, offset, allowed, position);
      free -= Math.max(0, position + n - Math.max(size, position));
      return n;
    },
  };
}

function assertThrowsCli(fn: () => void, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof CliError && pattern.test(error.message));
}

describe('writeFileAtomic under faults', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, ORIGINAL);
  });
  afterEach(() => removeDir(dir));

  function assertUntouched(): void {
    assert.deepEqual(fs.readFileSync(file), ORIGINAL);
    assert.deepEqual(fs.readdirSync(dir).filter((name) => name !== 'Dockerfile' && name !== 'other-name'), [], 'no temporary file left behind');
  }

  const faults: Array<[string, WriteFs, RegExp]> = [
    ['the disk fills up while the new bytes are staged', diskFullAfter(10), /cannot write: no space left on device/],
    ['the staged file cannot be synced', failing('fsyncSync', 'EIO'), /cannot write: EIO/],
    ['the rename fails (after the write, before the switch)', failing('renameSync', 'EXDEV'), /cannot write: EXDEV/],
    ['the staged file cannot be created', failing('openSync', 'EACCES'), /cannot write: permission denied/],
    ['the mode cannot be set', failing('fchmodSync', 'EIO'), /cannot write: EIO/],
  ];

  for (const [what, io, message] of faults) {
    test(`${what}: the original stays byte for byte`, () => {
      assertThrowsCli(() => writeFileAtomic(file, LONGER, 'Dockerfile', { root: dir, fs: io }), message);
      assertUntouched();
    });
  }

  describe('in place, for a hard-linked file', () => {
    beforeEach(() => fs.linkSync(file, path.join(dir, 'other-name')));

    test('both names get the new bytes, longer or shorter, in the same inode', () => {
      const inode = fs.statSync(file).ino;
      for (const content of [LONGER, SHORTER, ORIGINAL]) {
        writeFileAtomic(file, content, 'Dockerfile', { root: dir });
        assert.deepEqual(fs.readFileSync(path.join(dir, 'other-name')), content);
        assert.equal(fs.statSync(file).ino, inode);
      }
      assertUntouched();
    });

    test('the disk filling up while the file grows leaves it as it was', () => {
      // The staged copy takes LONGER.length bytes; the in-place write then runs out halfway through its growth.
      const disk = diskFullAfter(LONGER.length + Math.floor((LONGER.length - ORIGINAL.length) / 2));
      const opened: string[] = [];
      const io: WriteFs = { ...disk, openSync: (p, flags, mode) => (opened.push(p), disk.openSync(p, flags, mode)) };
      assertThrowsCli(() => writeFileAtomic(file, LONGER, 'Dockerfile', { root: dir, fs: io }), /no space left on device/);
      assert.ok(opened.includes(fs.realpathSync(file)), 'the staging succeeded and the in-place write began');
      assertUntouched();
      assert.deepEqual(fs.readFileSync(path.join(dir, 'other-name')), ORIGINAL);
    });

    test('an I/O error while overwriting puts the original bytes back', () => {
      // Writes: staging (1), the grown tail (2), the head (3) fails; the restore must succeed.
      let writes = 0;
      const io: WriteFs = {
        ...NODE_WRITE_FS,
        writeSync(fd, buffer, offset, length, position) {
          writes++;
          if (writes === 3) {
            NODE_WRITE_FS.writeSync(fd, buffer, offset, Math.floor(length / 2), position);
            throw ioError('EIO');
          }
          return NODE_WRITE_FS.writeSync(fd, buffer, offset, length, position);
        },
      };
      assertThrowsCli(() => writeFileAtomic(file, LONGER, 'Dockerfile', { root: dir, fs: io }), /cannot write: EIO/);
      assertUntouched();
    });

    test('when even the restore fails, the message says where the new content is', () => {
      let failing = false;
      const io: WriteFs = {
        ...NODE_WRITE_FS,
        ftruncateSync(fd, length) {
          failing = true;
          void fd;
          void length;
          throw ioError('EIO');
        },
        writeSync(fd, buffer, offset, length, position) {
          if (failing) throw ioError('EIO');
          return NODE_WRITE_FS.writeSync(fd, buffer, offset, length, position);
        },
      };
      assertThrowsCli(() => writeFileAtomic(file, SHORTER, 'Dockerfile', { root: dir, fs: io }), /the file may be damaged, and its new content is in .*\.tmp$/);
    });
  });

  test('an owner that cannot be kept by chown (not root) is kept by writing in place', () => {
    const inode = fs.statSync(file).ino;
    const differentOwner: WriteFs = {
      ...NODE_WRITE_FS,
      // The staged file looks as if it belonged to someone else, and chown is not allowed.
      fstatSync: (fd) => Object.assign(NODE_WRITE_FS.fstatSync(fd), { uid: 4242 }),
      fchownSync: () => {
        throw ioError('EPERM');
      },
    };
    writeFileAtomic(file, LONGER, 'Dockerfile', { root: dir, fs: differentOwner });
    assert.deepEqual(fs.readFileSync(file), LONGER);
    assert.equal(fs.statSync(file).ino, inode);
    fs.writeFileSync(file, ORIGINAL);
    assertUntouched();
  });

  test('read-only: root is judged by the mode bits, others by access()', () => {
    fs.chmodSync(file, 0o444);
    assertThrowsCli(() => writeFileAtomic(file, LONGER, 'Dockerfile', { root: dir, euid: 0 }), /read-only file \(mode 0444\); not changing it/);
    const denied: WriteFs = {
      ...NODE_WRITE_FS,
      accessSync: () => {
        throw ioError('EACCES');
      },
    };
    fs.chmodSync(file, 0o644);
    assertThrowsCli(() => writeFileAtomic(file, LONGER, 'Dockerfile', { root: dir, euid: 1000, fs: denied }), /read-only file \(permission denied\); not changing it/);
    assertUntouched();
  });

  test('a new file through a folder symlinked out of the root is refused', () => {
    const outside = makeTempDir();
    try {
      fs.symlinkSync(outside, path.join(dir, 'out'));
      assertThrowsCli(() => writeFileAtomic(path.join(dir, 'out', 'Dockerfile'), LONGER, 'out/Dockerfile', { root: dir }), /a symlink leads outside the project/);
      assert.deepEqual(fs.readdirSync(outside), []);
      fs.rmSync(path.join(dir, 'out'));
    } finally {
      removeDir(outside);
    }
  });

  test('not a regular file: refused', () => {
    fs.mkdirSync(path.join(dir, 'folder'));
    assertThrowsCli(() => writeFileAtomic(path.join(dir, 'folder'), LONGER, 'folder', { root: dir }), /not a regular file; not writing it/);
    fs.rmdirSync(path.join(dir, 'folder'));
  });
});

describe('writeFileAtomic when the process dies', { skip: process.platform === 'win32' }, () => {
  let dir: string;
  before(() => {
    dir = makeTempDir();
  });
  after(() => removeDir(dir));

  function crashWhileWriting(step: string, hardLinked: boolean): { file: string; signal: NodeJS.Signals | null } {
    const folder = fs.mkdtempSync(path.join(dir, `${step}-`));
    const file = path.join(folder, 'Dockerfile');
    fs.writeFileSync(file, ORIGINAL);
    if (hardLinked) fs.linkSync(file, path.join(folder, 'other-name'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'crash-writer.ts'), file, folder, step], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.stdout, '', `the writer finished instead of dying at ${step}: ${result.stderr}`);
    return { file, signal: result.signal };
  }

  for (const hardLinked of [false, true]) {
    for (const step of ['mid-write', 'after-sync', 'before-rename']) {
      if (hardLinked && step === 'before-rename') continue; // an in-place write renames nothing
      test(`${hardLinked ? 'hard-linked file, ' : ''}killed at ${step}: the original stays byte for byte`, () => {
        const { file, signal } = crashWhileWriting(step, hardLinked);
        assert.equal(signal, 'SIGKILL');
        assert.deepEqual(fs.readFileSync(file), ORIGINAL);
      });
    }
  }
});
