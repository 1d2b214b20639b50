// What `fix` and `init --force` may write, and what one unreadable folder does to `lint -r`
// (issue 7, parts 6 and 7). Permission checks run the CLI as `nobody` when the tests run as root.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ensureBuilt,
  makeSharedTempDir,
  makeTempDir,
  MODULE_FIXTURE,
  NOBODY,
  parseJsonFindings,
  removeDir,
  runCli,
  runCliUnprivileged,
  RUNNING_AS_ROOT,
  unprivilegedSkipReason,
} from './helpers.ts';

before(ensureBuilt);

const BAD = fs.readFileSync(path.join(MODULE_FIXTURE, 'Dockerfile.bad'), 'utf8');

/** What `fix` makes of Dockerfile.bad. */
function fixedBad(): string {
  const dir = makeTempDir();
  try {
    fs.cpSync(MODULE_FIXTURE, dir, { recursive: true });
    runCli(['fix', 'Dockerfile.bad'], { cwd: dir });
    return fs.readFileSync(path.join(dir, 'Dockerfile.bad'), 'utf8');
  } finally {
    removeDir(dir);
  }
}

function tempFilesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'));
}

describe('writes through a symlink stay inside the project', { skip: process.platform === 'win32' }, () => {
  let outer: string;
  let repo: string;
  let fixed: string;
  before(() => {
    fixed = fixedBad();
    outer = makeTempDir();
    repo = path.join(outer, 'repo');
    fs.cpSync(MODULE_FIXTURE, repo, { recursive: true });
    fs.mkdirSync(path.join(repo, '.git'));
    fs.mkdirSync(path.join(outer, 'elsewhere'));
    fs.mkdirSync(path.join(repo, 'svc'));
  });
  after(() => removeDir(outer));

  test('fix -r . refuses a Dockerfile symlinked out of the repository, and fixes the rest', () => {
    const outside = path.join(outer, 'elsewhere', 'Dockerfile');
    fs.writeFileSync(outside, BAD);
    fs.symlinkSync('../../elsewhere/Dockerfile', path.join(repo, 'svc', 'Dockerfile'));
    fs.writeFileSync(path.join(repo, 'Dockerfile.bad'), BAD);
    try {
      const result = runCli(['fix', '-r', '.'], { cwd: repo });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`^go-dockerfile: svc/Dockerfile: a symlink leads outside the project \\(\\.\\) to ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; not reading it$`, 'm'));
      assert.equal(fs.readFileSync(outside, 'utf8'), BAD);
      assert.equal(fs.readFileSync(path.join(repo, 'Dockerfile.bad'), 'utf8'), fixed);
      assert.ok(fs.lstatSync(path.join(repo, 'svc', 'Dockerfile')).isSymbolicLink());
      assert.deepEqual(tempFilesIn(path.join(outer, 'elsewhere')), []);
    } finally {
      fs.rmSync(path.join(repo, 'svc', 'Dockerfile'));
    }
  });

  test('the same without a repository: the working folder is the project', () => {
    const plain = path.join(outer, 'plain');
    fs.cpSync(MODULE_FIXTURE, plain, { recursive: true });
    const outside = path.join(outer, 'elsewhere', 'Dockerfile.plain');
    fs.writeFileSync(outside, BAD);
    fs.symlinkSync(outside, path.join(plain, 'linked.Dockerfile'));
    const result = runCli(['fix', 'linked.Dockerfile'], { cwd: plain });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /linked\.Dockerfile: a symlink leads outside the project \(\.\) to .*; not reading it/);
    assert.equal(fs.readFileSync(outside, 'utf8'), BAD);
  });

  test('a symlinked folder leading out is refused too', () => {
    fs.writeFileSync(path.join(outer, 'elsewhere', 'Dockerfile'), BAD);
    fs.symlinkSync('../elsewhere', path.join(repo, 'linked'));
    try {
      const result = runCli(['fix', 'linked/Dockerfile'], { cwd: repo });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /linked\/Dockerfile: a symlink leads outside the project/);
      assert.equal(fs.readFileSync(path.join(outer, 'elsewhere', 'Dockerfile'), 'utf8'), BAD);
    } finally {
      fs.rmSync(path.join(repo, 'linked'));
    }
  });

  test('lint and graph do not read a Dockerfile symlinked out of the repository either; the rest is linted', () => {
    const outside = path.join(outer, 'elsewhere', 'Dockerfile.secret');
    fs.writeFileSync(outside, 'FROM golang:1.22\nRUN go build -o /app .\n');
    fs.symlinkSync(outside, path.join(repo, 'svc', 'Dockerfile'));
    fs.writeFileSync(path.join(repo, 'Dockerfile.bad'), BAD);
    try {
      const lint = runCli(['lint', '-r', '-f', 'json', '.'], { cwd: repo });
      assert.equal(lint.status, 2, lint.stderr);
      assert.match(lint.stderr, /svc\/Dockerfile: a symlink leads outside the project \(\.\) to .*Dockerfile\.secret; not reading it/);
      const files = new Set(parseJsonFindings(lint.stdout).map((f) => f.file));
      assert.ok(files.has('Dockerfile.bad') && !files.has('svc/Dockerfile'), JSON.stringify([...files]));
      const named = runCli(['lint', 'svc/Dockerfile'], { cwd: repo });
      assert.equal(named.status, 2);
      assert.equal(named.stdout, '', 'nothing of the outside file is printed');
      const graph = runCli(['graph', 'svc/Dockerfile'], { cwd: repo });
      assert.equal(graph.status, 2);
      assert.match(graph.stderr, /not reading it/);
    } finally {
      fs.rmSync(path.join(repo, 'svc', 'Dockerfile'));
    }
  });

  test('a symlink inside the repository is still written through', () => {
    fs.writeFileSync(path.join(repo, 'svc', 'real.Dockerfile'), BAD);
    fs.symlinkSync('svc/real.Dockerfile', path.join(repo, 'linked.Dockerfile'));
    try {
      const result = runCli(['fix', 'linked.Dockerfile'], { cwd: repo });
      assert.notEqual(result.status, 2, result.stderr);
      assert.equal(fs.readFileSync(path.join(repo, 'svc', 'real.Dockerfile'), 'utf8'), fixed);
      assert.ok(fs.lstatSync(path.join(repo, 'linked.Dockerfile')).isSymbolicLink());
    } finally {
      fs.rmSync(path.join(repo, 'linked.Dockerfile'));
      fs.rmSync(path.join(repo, 'svc', 'real.Dockerfile'));
    }
  });

  test('init --force does not overwrite a Dockerfile symlinked out of the repository', () => {
    const victim = path.join(outer, 'victim');
    fs.mkdirSync(victim);
    fs.writeFileSync(path.join(victim, 'Dockerfile'), 'FROM scratch\n');
    const module = path.join(repo, 'app');
    fs.cpSync(MODULE_FIXTURE, module, { recursive: true });
    fs.rmSync(path.join(module, 'Dockerfile'));
    fs.symlinkSync('../../victim/Dockerfile', path.join(module, 'Dockerfile'));
    const result = runCli(['init', '--force', 'app'], { cwd: repo });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /app\/Dockerfile: a symlink leads outside the project \(\.\) to .*victim\/Dockerfile; not writing through it/);
    assert.equal(fs.readFileSync(path.join(victim, 'Dockerfile'), 'utf8'), 'FROM scratch\n');
  });

  test('init does not write through a dangling symlink', () => {
    const module = path.join(repo, 'dangling');
    fs.cpSync(MODULE_FIXTURE, module, { recursive: true });
    fs.rmSync(path.join(module, 'Dockerfile'));
    fs.symlinkSync('../../nowhere/Dockerfile', path.join(module, 'Dockerfile'));
    const result = runCli(['init', 'dangling'], { cwd: repo });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /dangling\/Dockerfile: a symlink to a missing file; not writing through it/);
    assert.equal(fs.existsSync(path.join(outer, 'nowhere')), false);
  });
});

describe('fix keeps what makes the file the same file', { skip: process.platform === 'win32' }, () => {
  let dir: string;
  let fixed: string;
  before(() => {
    fixed = fixedBad();
    dir = makeTempDir();
    fs.cpSync(MODULE_FIXTURE, dir, { recursive: true });
  });
  after(() => removeDir(dir));

  test('owner and group stay when root fixes another user’s file', (t) => {
    if (!RUNNING_AS_ROOT) return t.skip('only root can give a file to another user');
    const file = path.join(dir, 'owned.Dockerfile');
    fs.writeFileSync(file, BAD);
    fs.chownSync(file, NOBODY.uid, NOBODY.gid);
    fs.chmodSync(file, 0o640);
    const result = runCli(['fix', 'owned.Dockerfile'], { cwd: dir });
    assert.notEqual(result.status, 2, result.stderr);
    const stat = fs.statSync(file);
    assert.deepEqual([stat.uid, stat.gid, stat.mode & 0o7777], [NOBODY.uid, NOBODY.gid, 0o640]);
    assert.equal(fs.readFileSync(file, 'utf8'), fixed);
  });

  test('a hard-linked file is fixed in place: every name sees the fix', () => {
    const file = path.join(dir, 'linked.Dockerfile');
    const other = path.join(dir, 'Containerfile.linked');
    fs.writeFileSync(file, BAD);
    fs.linkSync(file, other);
    const inode = fs.statSync(file).ino;
    const result = runCli(['fix', 'linked.Dockerfile'], { cwd: dir });
    assert.notEqual(result.status, 2, result.stderr);
    assert.equal(fs.statSync(file).ino, inode);
    assert.equal(fs.statSync(file).nlink, 2);
    assert.equal(fs.readFileSync(other, 'utf8'), fixed);
    assert.equal(fs.readFileSync(file, 'utf8'), fixed);
    assert.deepEqual(tempFilesIn(dir), []);
  });

  test('a read-only file is reported, exits 2 and stays untouched, even for root', () => {
    const file = path.join(dir, 'readonly.Dockerfile');
    fs.writeFileSync(file, BAD);
    fs.chmodSync(file, 0o444);
    const result = runCli(['fix', 'readonly.Dockerfile'], { cwd: dir });
    assert.equal(result.status, 2, result.stderr);
    const reason = RUNNING_AS_ROOT ? 'mode 0444' : 'permission denied';
    assert.equal(result.stderr, `go-dockerfile: readonly.Dockerfile: read-only file (${reason}); not changing it\n`);
    assert.equal(fs.readFileSync(file, 'utf8'), BAD);
    assert.deepEqual(tempFilesIn(dir), []);
  });

  test('--dry-run still shows the diff for a read-only file', () => {
    const file = path.join(dir, 'readonly2.Dockerfile');
    fs.writeFileSync(file, BAD);
    fs.chmodSync(file, 0o444);
    const result = runCli(['fix', '--dry-run', 'readonly2.Dockerfile'], { cwd: dir });
    assert.notEqual(result.status, 2, result.stderr);
    assert.match(result.stdout, /^--- a\/readonly2\.Dockerfile/);
    assert.equal(fs.readFileSync(file, 'utf8'), BAD);
  });
});

describe('as an unprivileged user', () => {
  let dir: string;
  before(() => {
    dir = makeSharedTempDir();
  });
  after(() => removeDir(dir));

  /** A folder the unprivileged user owns, so only the modes set by the test stand in its way. */
  function ownedFolder(name: string): string {
    const folder = path.join(dir, name);
    fs.cpSync(MODULE_FIXTURE, folder, { recursive: true });
    if (RUNNING_AS_ROOT) {
      for (const entry of [folder, ...fs.readdirSync(folder, { recursive: true }).map((entry) => path.join(folder, String(entry)))]) {
        fs.chownSync(entry, NOBODY.uid, NOBODY.gid);
      }
    }
    return folder;
  }

  test('fix honours a read-only (0444) file: reported, exit 2, untouched', (t) => {
    const skip = unprivilegedSkipReason();
    if (skip) return t.skip(skip);
    const folder = ownedFolder('readonly');
    const file = path.join(folder, 'Dockerfile.bad');
    fs.chmodSync(file, 0o444);
    const result = runCliUnprivileged(['fix', 'Dockerfile.bad'], { cwd: folder });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'go-dockerfile: Dockerfile.bad: read-only file (permission denied); not changing it\n');
    assert.equal(fs.readFileSync(file, 'utf8'), BAD);
    assert.deepEqual(tempFilesIn(folder), []);
  });

  test('lint -r . reports an unreadable folder, lints the rest and exits 2', (t) => {
    const skip = unprivilegedSkipReason();
    if (skip) return t.skip(skip);
    const folder = ownedFolder('recursive');
    for (const name of ['a', 'b', 'c']) {
      fs.mkdirSync(path.join(folder, name));
      fs.writeFileSync(path.join(folder, name, 'Dockerfile'), BAD);
      if (RUNNING_AS_ROOT) fs.chownSync(path.join(folder, name), NOBODY.uid, NOBODY.gid);
    }
    fs.chmodSync(path.join(folder, 'b'), 0o000);
    const result = runCliUnprivileged(['lint', '-r', '-f', 'json', '.'], { cwd: folder });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'go-dockerfile: b: cannot read this folder: permission denied\n');
    const files = new Set(parseJsonFindings(result.stdout).map((finding) => finding.file));
    for (const linted of ['a/Dockerfile', 'c/Dockerfile', 'Dockerfile.bad']) assert.ok(files.has(linted), `${linted} not linted: ${[...files].join(', ')}`);
    assert.ok(![...files].some((file) => file.startsWith('b/')));
  });

  test('the text format too lists the findings of the readable folders', (t) => {
    const skip = unprivilegedSkipReason();
    if (skip) return t.skip(skip);
    const folder = ownedFolder('recursive-text');
    fs.mkdirSync(path.join(folder, 'secret'));
    if (RUNNING_AS_ROOT) fs.chownSync(path.join(folder, 'secret'), NOBODY.uid, NOBODY.gid);
    fs.chmodSync(path.join(folder, 'secret'), 0o000);
    const result = runCliUnprivileged(['lint', '-r', '.'], { cwd: folder });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stdout, /^Dockerfile\.bad:\d+:\d+: /m);
    assert.match(result.stderr, /^go-dockerfile: secret: cannot read this folder: permission denied$/m);
  });
});
