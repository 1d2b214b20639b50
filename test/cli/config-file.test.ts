// .go-dockerfile.json as the CLI reads it (issue 7, parts 2 and 8): only a regular file inside the
// project, size-capped, never a FIFO, never through a symlink leading out, never above the project
// root, and its content never echoed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, ensureBuilt, makeTempDir, MODULE_FIXTURE, parseJsonFindings, removeDir, ruleIds, runCli, writeTree, type CliResult } from './helpers.ts';

before(ensureBuilt);

const SECRET = 'GITHUB_TOKEN=ghp_0123456789abcdefghij\n';
const OUTSIDE_ROOT = 'outside the workspace or repository (a symlink leading out of it is not followed)';

/**
 * Runs the CLI with its address space capped at 3 GB and a time limit, so that a regression (reading
 * /dev/zero to the end, blocking on a FIFO) fails this test instead of exhausting the machine.
 */
function runCliGuarded(args: readonly string[], cwd: string): CliResult {
  const result = spawnSync('/bin/sh', ['-c', 'ulimit -v 3000000 && exec "$@"', 'sh', process.execPath, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    killSignal: 'SIGKILL',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a .go-dockerfile.json that is not a config file', { skip: process.platform === 'win32' }, () => {
  let outer: string;
  let repo: string;
  let config: string;
  before(() => {
    outer = makeTempDir();
    repo = path.join(outer, 'repo');
    fs.cpSync(MODULE_FIXTURE, repo, { recursive: true });
    fs.mkdirSync(path.join(repo, '.git'));
    fs.writeFileSync(path.join(outer, 'secret.txt'), SECRET);
    config = path.join(repo, '.go-dockerfile.json');
  });
  after(() => removeDir(outer));

  function lintWith(make: () => void): CliResult {
    make();
    try {
      return runCliGuarded(['lint', '-f', 'json', 'Dockerfile.bad'], repo);
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  }

  test('a symlink to a file outside the repository is refused, and nothing of it is printed', () => {
    const result = lintWith(() => fs.symlinkSync(path.join(outer, 'secret.txt'), config));
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, `go-dockerfile: .go-dockerfile.json: ${OUTSIDE_ROOT}\n`);
    assert.ok(!result.stdout.includes('GITHUB') && !result.stderr.includes('GITHUB'));
  });

  test('a symlink to /dev/zero is refused at once', () => {
    const result = lintWith(() => fs.symlinkSync('/dev/zero', config));
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, `go-dockerfile: .go-dockerfile.json: ${OUTSIDE_ROOT}\n`);
  });

  test('a FIFO is refused without blocking', () => {
    const result = lintWith(() => execFileSync('mkfifo', [config]));
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'go-dockerfile: .go-dockerfile.json: not a regular file\n');
  });

  test('a file over 64 KiB is refused unread', () => {
    const result = lintWith(() => fs.writeFileSync(config, `{"rules": {}, "x": "${'a'.repeat(70_000)}"}`));
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'go-dockerfile: .go-dockerfile.json: file too large (the limit is 65536 bytes)\n');
  });

  test('invalid JSON is located by line and column, not quoted', () => {
    const result = lintWith(() => fs.writeFileSync(config, `{\n  "rules": {}\n}\n${SECRET}`));
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'go-dockerfile: .go-dockerfile.json: invalid JSON at line 4, column 1: expected the end of the file after the value\n');
  });

  test('a wrong value is named by its key, never quoted', () => {
    const result = lintWith(() => fs.writeFileSync(config, JSON.stringify({ maxFileSize: SECRET, rules: { 'single-stage': SECRET } })));
    assert.equal(result.status, 2, result.stderr);
    assert.ok(!result.stderr.includes('GITHUB'), result.stderr);
    assert.match(result.stderr, /"maxFileSize" must be a number of at least 1000; rule "single-stage": the severity must be one of/);
  });

  test('a symlink to a config file inside the repository is followed', () => {
    fs.writeFileSync(path.join(repo, 'shared.json'), JSON.stringify({ rules: { 'single-stage': 'off' } }));
    try {
      const result = lintWith(() => fs.symlinkSync('shared.json', config));
      assert.ok(result.status === 0 || result.status === 1, result.stderr);
      assert.ok(!parseJsonFindings(result.stdout).some((finding) => finding.ruleId === 'single-stage'));
    } finally {
      fs.rmSync(path.join(repo, 'shared.json'));
    }
  });
});

describe('the config search stops at the project root', () => {
  const CGO = ['FROM golang:1.22 AS build', 'COPY . .', 'RUN go build -trimpath -ldflags="-s -w" -o /app .', 'FROM scratch', 'COPY --from=build /app /app', ''].join('\n');

  test('a {"enable": false} two levels above the Dockerfile, with no repository, changes nothing', () => {
    const outer = makeTempDir();
    try {
      writeTree(outer, {
        '.go-dockerfile.json': JSON.stringify({ enable: false, rules: { 'cgo-not-disabled': 'off' } }),
        'a/b/go.mod': 'module example.com/b\n\ngo 1.22\n',
        'a/b/main.go': 'package main\n\nfunc main() {}\n',
        'a/b/Dockerfile': CGO,
        'a/b/.dockerignore': '.git\n',
      });
      const project = path.join(outer, 'a', 'b');
      assert.deepEqual(ruleIds(runCli(['lint', '-f', 'json', 'Dockerfile'], { cwd: project }).stdout), ['cgo-not-disabled']);
      assert.deepEqual(ruleIds(runCli(['lint', '-f', 'json', path.join(project, 'Dockerfile')], { cwd: path.join(outer, 'a') }).stdout), ['cgo-not-disabled']);
    } finally {
      removeDir(outer);
    }
  });
});
