// Run by write-file.test.ts in a child process: writes a file with writeFileAtomic and dies with
// SIGKILL at a chosen step, as a crash, an OOM kill or a power cut would stop it.
// Usage: node --import tsx crash-writer.ts <file> <root> <step>
import { NODE_WRITE_FS, writeFileAtomic, type WriteFs } from '../../../server/src/cli/write-file.ts';

const [file, root, step] = process.argv.slice(2);
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

let writes = 0;
const io: WriteFs = {
  ...NODE_WRITE_FS,
  writeSync(fd, buffer, offset, length, position) {
    writes++;
    // Half of the first chunk reaches the disk, then the process is gone.
    if (step === 'mid-write' && writes === 1) {
      NODE_WRITE_FS.writeSync(fd, buffer, offset, Math.max(1, Math.floor(length / 2)), position);
      die();
    }
    return NODE_WRITE_FS.writeSync(fd, buffer, offset, length, position);
  },
  fsyncSync(fd) {
    NODE_WRITE_FS.fsyncSync(fd);
    if (step === 'after-sync') die();
  },
  renameSync(from, to) {
    if (step === 'before-rename') die();
    NODE_WRITE_FS.renameSync(from, to);
  },
};

writeFileAtomic(file, Buffer.from('FROM scratch\nCOPY app /app\n'.repeat(2000)), 'Dockerfile', { root, fs: io });
process.stdout.write('finished\n');
