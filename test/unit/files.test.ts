// The confined file-access seam: nothing outside the root is read, nothing blocks, nothing is unbounded.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findProjectRoot, foldersUpTo, normalizePath, relativePath } from '../../server/src/files/index.ts';
import { NodeFileAccess, nodeHasGitEntry } from '../../server/src/files/node-access.ts';

describe('NodeFileAccess', () => {
  let outer: string;
  let root: string;
  let access: NodeFileAccess;
  before(() => {
    outer = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-files-'));
    root = path.join(outer, 'ws');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/x\n');
    fs.writeFileSync(path.join(outer, 'secret.txt'), 'GITHUB_TOKEN=abc\n');
    fs.symlinkSync(path.join(outer, 'secret.txt'), path.join(root, 'leak.json'));
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.json'));
    fs.symlinkSync(path.join(root, 'go.mod'), path.join(root, 'sub', 'inside-link'));
    fs.symlinkSync(outer, path.join(root, 'up'));
    fs.symlinkSync('loop-b', path.join(root, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(root, 'loop-b'));
    execFileSync('mkfifo', [path.join(root, 'fifo.json')]);
    access = new NodeFileAccess(root);
  });
  after(() => fs.rmSync(outer, { recursive: true, force: true }));

  test('reads a regular file inside the root', async () => {
    assert.deepEqual(await access.readText(path.join(root, 'go.mod'), 1000), { ok: true, text: 'module example.com/x\n' });
  });

  test('follows a symlink that stays inside the root', async () => {
    assert.deepEqual(await access.readText(path.join(root, 'sub', 'inside-link'), 1000), { ok: true, text: 'module example.com/x\n' });
  });

  test('refuses symlinks leading out of the root, /dev/zero included', async () => {
    assert.deepEqual(await access.readText(path.join(root, 'leak.json'), 1000), { ok: false, reason: 'outside-root' });
    assert.deepEqual(await access.readText(path.join(root, 'zero.json'), 1000), { ok: false, reason: 'outside-root' });
    assert.deepEqual(await access.readText(path.join(root, 'up', 'secret.txt'), 1000), { ok: false, reason: 'outside-root' });
  });

  test('refuses a path outside the root, even through ..', async () => {
    assert.deepEqual(await access.readText(path.join(outer, 'secret.txt'), 1000), { ok: false, reason: 'outside-root' });
    assert.deepEqual(await access.readText(`${root}/../secret.txt`, 1000), { ok: false, reason: 'outside-root' });
  });

  test('never opens a FIFO (it would block)', async () => {
    assert.deepEqual(await access.readText(path.join(root, 'fifo.json'), 1000), { ok: false, reason: 'not-a-file' });
  });

  test('caps the size', async () => {
    assert.deepEqual(await access.readText(path.join(root, 'go.mod'), 5), { ok: false, reason: 'too-large' });
  });

  test('a symlink loop or a missing file is missing', async () => {
    assert.deepEqual(await access.readText(path.join(root, 'loop-a'), 1000), { ok: false, reason: 'missing' });
    assert.deepEqual(await access.readText(path.join(root, 'nope'), 1000), { ok: false, reason: 'missing' });
  });

  test('lists a directory without the symlinks that lead out', async () => {
    const names = (await access.list(root))!.map((e) => `${e.name}:${e.kind}${e.symlink ? '@' : ''}`);
    assert.deepEqual(names, ['fifo.json:other', 'go.mod:file', 'sub:directory']);
    assert.deepEqual((await access.list(path.join(root, 'sub')))!.map((e) => `${e.name}:${e.kind}${e.symlink ? '@' : ''}`), ['inside-link:file@']);
    assert.equal(await access.list(outer), undefined);
  });

  test('stat stays inside the root', async () => {
    assert.deepEqual(await access.stat(path.join(root, 'go.mod')), { kind: 'file', size: 21, symlink: false });
    assert.equal(await access.stat(path.join(root, 'leak.json')), undefined);
    assert.equal(await access.stat(path.join(outer, 'secret.txt')), undefined);
  });
});

describe('findProjectRoot', () => {
  const git = (...dirs: string[]) => (dir: string) => dirs.includes(dir);

  test('the repository root when no workspace folder contains the file', () => {
    assert.equal(findProjectRoot('/outer/ws/Dockerfile', { hasGitEntry: git('/outer/ws', '/outer') }), '/outer/ws');
  });

  test('the nearer of the workspace folder and the repository', () => {
    assert.equal(findProjectRoot('/repo/svc/api/Dockerfile', { workspaceFolders: ['/repo/svc'], hasGitEntry: git('/repo') }), '/repo/svc');
    assert.equal(findProjectRoot('/ws/repo/Dockerfile', { workspaceFolders: ['/ws'], hasGitEntry: git('/ws/repo') }), '/ws/repo');
  });

  test('without either: the fallback when it contains the file, else the file\'s folder', () => {
    assert.equal(findProjectRoot('/work/app/deploy/Dockerfile', { fallback: '/work/app', hasGitEntry: git() }), '/work/app');
    assert.equal(findProjectRoot('/elsewhere/Dockerfile', { fallback: '/work/app', hasGitEntry: git() }), '/elsewhere');
  });

  test('a real checkout', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-root-'));
    try {
      fs.mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'repo', 'deploy'));
      const root = findProjectRoot(path.join(dir, 'repo', 'deploy', 'Dockerfile'), { hasGitEntry: nodeHasGitEntry });
      assert.equal(root, normalizePath(path.join(dir, 'repo')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('foldersUpTo stops at the root', () => {
    assert.deepEqual(foldersUpTo('/r/a/b', '/r'), ['/r/a/b', '/r/a', '/r']);
    assert.deepEqual(foldersUpTo('/x', '/r'), []);
  });

  test('relativePath', () => {
    assert.equal(relativePath('/r', '/r/a/b'), 'a/b');
    assert.equal(relativePath('/r', '/r'), '.');
    assert.equal(relativePath('/r', '/rx/a'), undefined);
    assert.equal(normalizePath('C:\\repo\\a\\..\\b'), 'C:/repo/b');
  });

  test('normalizePath returns a normal path as it is, and normalises everything else (its fast path agrees)', () => {
    const cases: Record<string, string> = {
      '/': '/', '': '.', '.': '.', '..': '..', 'a': 'a', '...': '...', '/a/..b/c.': '/a/..b/c.', 'C:': 'C:', 'c:/x': 'c:/x', 'C:/': 'C:/',
      'a/': 'a', '/a//b': '/a/b', './a': 'a', 'a/.': 'a', '/a/../b': '/b', '../a': '../a', 'a\\b': 'a/b', '/..': '/', 'C:/a/../..': 'C:/',
    };
    for (const [input, expected] of Object.entries(cases)) assert.equal(normalizePath(input), expected, JSON.stringify(input));
    // Normal form is a fixed point.
    for (const expected of Object.values(cases)) assert.equal(normalizePath(expected), expected, JSON.stringify(expected));
  });
});
