// Test-only preload (node --require) for the bundled CLI: GDF_FS_FAULT makes the write of a file
// whose path contains GDF_FS_FAULT_TARGET fail at one step, as a full disk, a failing rename or a
// crash would, so the tests can check that `init` and `fix` leave the original byte for byte.
//   enospc: every write to such a file's staging copy after the first 8 bytes fails with ENOSPC
//   rename: renaming the staging copy over the file fails with EIO
//   kill:   the process is SIGKILLed in the middle of writing the staging copy
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const fault = process.env.GDF_FS_FAULT;
const target = process.env.GDF_FS_FAULT_TARGET;
if (fault && target) {
  const watched = new Set();
  const openSync = fs.openSync;
  fs.openSync = function (p, flags, mode) {
    const fd = openSync.apply(this, arguments);
    // The staging copy lives beside the file it replaces.
    if (typeof p === 'string' && path.dirname(p) === path.dirname(target) && p !== target && (typeof flags === 'string' ? flags.includes('w') : (flags & fs.constants.O_CREAT) !== 0)) watched.add(fd);
    return fd;
  };
  const writeSync = fs.writeSync;
  fs.writeSync = function (fd, buffer, offset, length, position) {
    if (watched.has(fd) && typeof buffer !== 'string') {
      if (fault === 'kill') {
        writeSync.call(fs, fd, buffer, offset, Math.max(1, Math.floor(length / 2)), position);
        process.kill(process.pid, 'SIGKILL');
      }
      if (fault === 'enospc' && (position ?? 0) + length > 8) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      }
    }
    return writeSync.apply(this, arguments);
  };
  const renameSync = fs.renameSync;
  fs.renameSync = function (from, to) {
    if (fault === 'rename' && to === target) throw Object.assign(new Error(`EIO: i/o error, rename '${from}' -> '${to}'`), { code: 'EIO', syscall: 'rename' });
    return renameSync.apply(this, arguments);
  };
}
