// `init --force` and `fix` under faults, end to end through the bundled CLI (issue 12): a full disk,
// a failed rename, or a crash in the middle of the write each leave the Dockerfile byte for byte,
// with its mode; a symlinked Dockerfile is written through to its target; a read-only one is refused.
// (test/cli/write-file.test.ts fails writeFileAtomic at each step; this runs the commands themselves.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { CLI, ensureBuilt, makeTempDir, removeDir, runCli, writeTree } from './helpers.ts';

before(() => ensureBuilt());

const PRELOAD = path.join(__dirname, 'support', 'fs-fault-preload.cjs');
const ORIGINAL = '\uFEFF# hand-written, CRLF\r\nFROM golang:1.22\r\nCOPY . .\r\nRUN go build -o /app .\r\nCMD ["/app"]\r\n';
const MODULE = { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'go.sum': '', 'main.go': 'package main\n\nfunc main() {}\n', '.dockerignore': '.git\n' };

function project(): { dir: string; dockerfile: string } {
  const dir = fs.realpathSync(makeTempDir());
  fs.mkdirSync(path.join(dir, '.git'));
  writeTree(dir, { ...MODULE, Dockerfile: ORIGINAL });
  fs.chmodSync(path.join(dir, 'Dockerfile'), 0o640);
  return { dir, dockerfile: path.join(dir, 'Dockerfile') };
}

function runWithFault(fault: string, args: string[], cwd: string, target: string) {
  return spawnSync(process.execPath, ['--require', PRELOAD, CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GDF_FS_FAULT: fault, GDF_FS_FAULT_TARGET: target } });
}

const commands: Array<[string, string[]]> = [
  ['init --force', ['init', '--force', '.']],
  ['fix', ['fix', 'Dockerfile']],
];

for (const [name, args] of commands) {
  describe(`${name} under faults`, () => {
    for (const fault of ['enospc', 'rename', 'kill']) {
      test(`${fault}: the Dockerfile stays byte for byte, with its mode`, () => {
        const { dir, dockerfile } = project();
        try {
          const result = runWithFault(fault, args, dir, dockerfile);
          if (fault === 'kill') assert.equal(result.signal, 'SIGKILL', `${result.stdout}${result.stderr}`);
          else {
            assert.equal(result.status, 2, `${result.stdout}${result.stderr}`);
            assert.match(result.stderr, fault === 'enospc' ? /no space left on device/ : /EIO/);
          }
          assert.equal(fs.readFileSync(dockerfile, 'utf8'), ORIGINAL);
          assert.equal(fs.statSync(dockerfile).mode & 0o777, 0o640);
          if (fault !== 'kill') assert.deepEqual(fs.readdirSync(dir).sort(), ['.dockerignore', '.git', 'Dockerfile', 'go.mod', 'go.sum', 'main.go'], 'no staging file left behind');
        } finally {
          removeDir(dir);
        }
      });
    }

    test('without a fault it writes, keeping the mode; a symlinked Dockerfile is written through; read-only is refused', () => {
      const { dir, dockerfile } = project();
      try {
        assert.ok([0, 1].includes(runCli(args, { cwd: dir }).status ?? -1));
        assert.notEqual(fs.readFileSync(dockerfile, 'utf8'), ORIGINAL);
        assert.equal(fs.statSync(dockerfile).mode & 0o777, 0o640);
        // Through a symlink inside the project: the link stays a link, its target gets the bytes.
        fs.mkdirSync(path.join(dir, 'real'));
        fs.writeFileSync(path.join(dir, 'real', 'Dockerfile'), ORIGINAL);
        fs.rmSync(dockerfile);
        fs.symlinkSync(path.join('real', 'Dockerfile'), dockerfile);
        const linked = runCli(args, { cwd: dir });
        assert.ok([0, 1].includes(linked.status ?? -1), linked.stderr);
        assert.ok(fs.lstatSync(dockerfile).isSymbolicLink());
        assert.notEqual(fs.readFileSync(path.join(dir, 'real', 'Dockerfile'), 'utf8'), ORIGINAL);
        // Read-only: a clear error, exit 2, untouched (root included).
        fs.writeFileSync(path.join(dir, 'real', 'Dockerfile'), ORIGINAL);
        fs.chmodSync(path.join(dir, 'real', 'Dockerfile'), 0o444);
        const readOnly = runCli(args, { cwd: dir });
        assert.equal(readOnly.status, 2);
        assert.match(readOnly.stderr, /read-only/);
        assert.equal(fs.readFileSync(path.join(dir, 'real', 'Dockerfile'), 'utf8'), ORIGINAL);
      } finally {
        removeDir(dir);
      }
    });
  });
}
