// The browser build's own parts, without a browser: URI paths, the workspace over client requests
// (confinement, symlinks, malformed answers, cached config reads), inline syntax validation within
// its budget, and the targeted, bounded module walk.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DirEntry, FileAccess, FileInfo, ReadResult } from '../../server/src/files/index.ts';
import { ClientFileAccess, type WorkspaceFileRequests } from '../../server/src/files/client-access.ts';
import { parseUri, siblingUri } from '../../server/src/files/uri.ts';
import { focusDirOf, ModuleIndex, walkFocusOf, WALK_LIMITS } from '../../server/src/go/index.ts';
import { BROWSER_WALK_LIMITS, browserWorkspace } from '../../server/src/lsp/browser-platform.ts';
import { InlineSyntaxValidation } from '../../server/src/lsp/inlineValidation.ts';

/** A folder tree in memory, answered as the browser client answers (relative paths, symlinks flagged). */
class FakeClient implements WorkspaceFileRequests {
  readonly calls: Array<{ method: string; folder: string; path: string }> = [];

  constructor(
    private readonly folder: string,
    private readonly files: Record<string, string>,
    private readonly symlinks: ReadonlySet<string> = new Set(),
  ) {}

  private dirs(): Set<string> {
    const out = new Set<string>(['.']);
    for (const file of Object.keys(this.files)) {
      const parts = file.split('/');
      for (let i = 1; i < parts.length; i++) out.add(parts.slice(0, i).join('/'));
    }
    return out;
  }

  async stat(folder: string, path: string): Promise<unknown> {
    this.calls.push({ method: 'stat', folder, path });
    if (folder !== this.folder) return null;
    if (path in this.files) return { kind: 'file', size: this.files[path].length, symlink: this.symlinks.has(path) };
    return this.dirs().has(path) ? { kind: 'directory', size: 0, symlink: this.symlinks.has(path) } : null;
  }

  async listDir(folder: string, path: string): Promise<unknown> {
    this.calls.push({ method: 'listDir', folder, path });
    if (folder !== this.folder || !this.dirs().has(path)) return null;
    const prefix = path === '.' ? '' : `${path}/`;
    const names = new Map<string, string>();
    for (const entry of [...Object.keys(this.files), ...this.dirs()]) {
      if (!entry.startsWith(prefix) || entry === path) continue;
      const rest = entry.slice(prefix.length);
      const name = rest.split('/')[0];
      names.set(name, rest.includes('/') || !(entry in this.files) ? 'directory' : 'file');
    }
    return [...names].map(([name, kind]) => ({ name, kind, symlink: this.symlinks.has(prefix + name) }));
  }

  async readFile(folder: string, path: string, maxBytes: number): Promise<unknown> {
    this.calls.push({ method: 'readFile', folder, path });
    if (folder !== this.folder || !(path in this.files)) return { ok: false, reason: 'missing' };
    if (this.files[path].length > maxBytes) return { ok: false, reason: 'too-large' };
    return { ok: true, text: this.files[path] };
  }
}

describe('URIs to paths', () => {
  test('scheme, authority and the decoded path', () => {
    assert.deepEqual(parseUri('vscode-vfs://github/acme/app/cmd%20x/Dockerfile'), { scheme: 'vscode-vfs', authority: 'github', path: '/acme/app/cmd x/Dockerfile' });
    assert.deepEqual(parseUri('file:///home/me/app'), { scheme: 'file', authority: '', path: '/home/me/app' });
    assert.deepEqual(parseUri('untitled:Untitled-1'), { scheme: 'untitled', authority: '', path: '/Untitled-1' });
    assert.deepEqual(parseUri('VSCODE-REMOTE://host:8080/srv/x?query#frag'), { scheme: 'vscode-remote', authority: 'host:8080', path: '/srv/x' });
    assert.equal(parseUri('not a uri'), undefined);
    assert.equal(parseUri('file:///bad%E0%A4%A'), undefined);
  });

  test('a file beside a document keeps its scheme and authority (file-creating quick fixes)', () => {
    assert.equal(siblingUri('file:///work/app/Dockerfile', '.dockerignore'), 'file:///work/app/.dockerignore');
    assert.equal(siblingUri('vscode-vfs://github/acme/app/deploy/Dockerfile', '../.dockerignore'), 'vscode-vfs://github/acme/app/.dockerignore');
    assert.equal(siblingUri('vscode-vfs://github/acme/my%20app/Dockerfile', 'x #1.txt'), 'vscode-vfs://github/acme/my%20app/x%20%231.txt');
    assert.equal(siblingUri('file:///Dockerfile', '../../etc/x'), undefined);
    // An absolute target is a path in the same space (the server's paths are URI paths).
    assert.equal(siblingUri('vscode-vfs://github/acme/app/deploy/Dockerfile', '/acme/app/.dockerignore'), 'vscode-vfs://github/acme/app/.dockerignore');
    assert.equal(siblingUri('file:///c%3A/work/Dockerfile', 'C:/work/.dockerignore'), 'file:///C%3A/work/.dockerignore');
    assert.equal(siblingUri('untitled:Untitled-1', '.dockerignore'), undefined);
    assert.equal(siblingUri('not a uri', '.dockerignore'), undefined);
  });
});

describe('the workspace over client requests', () => {
  const folderUri = 'vscode-vfs://github/acme/app';
  const files = { 'go.mod': 'module example.com/app\n', 'cmd/api/main.go': 'package main\n', 'big.txt': 'x'.repeat(100), 'link.json': '{}' };

  test('a document maps to its path only inside a workspace folder of the same scheme and authority', () => {
    const ws = browserWorkspace(() => [folderUri], new FakeClient(folderUri, files));
    assert.equal(ws.pathOf('vscode-vfs://github/acme/app/cmd/api/Dockerfile'), '/acme/app/cmd/api/Dockerfile');
    assert.equal(ws.pathOf('vscode-vfs://github/acme/other/Dockerfile'), undefined);
    assert.equal(ws.pathOf('vscode-vfs://gitlab/acme/app/Dockerfile'), undefined);
    assert.equal(ws.pathOf('file:///acme/app/Dockerfile'), undefined);
    assert.equal(ws.pathOf('untitled:Untitled-1'), undefined);
    // `..` cannot climb out of the folder.
    assert.equal(ws.pathOf('vscode-vfs://github/acme/app/../secret/Dockerfile'), undefined);
    assert.equal(ws.projectRoot('/acme/app/cmd/api/Dockerfile'), '/acme/app');
  });

  test('nested folders: the innermost holds the file', () => {
    const ws = browserWorkspace(() => [folderUri, `${folderUri}/svc`], new FakeClient(folderUri, files));
    assert.equal(ws.projectRoot('/acme/app/svc/Dockerfile'), '/acme/app/svc');
    assert.equal(ws.projectRoot('/acme/app/Dockerfile'), '/acme/app');
  });

  test('reads go to the client as folder + relative path; nothing outside the root is asked for', async () => {
    const client = new FakeClient(folderUri, files);
    const access = browserWorkspace(() => [folderUri], client).access('/acme/app');
    assert.deepEqual(await access.readText('/acme/app/go.mod', 1000), { ok: true, text: 'module example.com/app\n' });
    assert.deepEqual(await access.readText('/acme/app/big.txt', 10), { ok: false, reason: 'too-large' });
    assert.deepEqual(await access.readText('/acme/other/go.mod', 1000), { ok: false, reason: 'outside-root' });
    assert.deepEqual(await access.readText('/acme/app/../other/go.mod', 1000), { ok: false, reason: 'outside-root' });
    assert.equal(await access.stat('/etc/passwd'), undefined);
    assert.deepEqual(await access.stat('/acme/app/cmd'), { kind: 'directory', size: 0, symlink: false });
    assert.deepEqual((await access.list('/acme/app'))?.map((e) => e.name), ['big.txt', 'cmd', 'go.mod', 'link.json']);
    assert.deepEqual(client.calls.map((c) => `${c.method} ${c.path}`), ['readFile go.mod', 'readFile big.txt', 'stat cmd', 'listDir .']);
    assert.ok(client.calls.every((c) => c.folder === folderUri));
  });

  test('a root no folder holds reads nothing', async () => {
    const client = new FakeClient(folderUri, files);
    const access = browserWorkspace(() => [folderUri], client).access('/elsewhere');
    assert.deepEqual(await access.readText('/elsewhere/go.mod', 1000), { ok: false, reason: 'outside-root' });
    assert.equal(await access.list('/elsewhere'), undefined);
    assert.deepEqual(client.calls, []);
  });

  test('symbolic links are not followed: where they lead cannot be known', async () => {
    const client = new FakeClient(folderUri, files, new Set(['link.json', 'cmd']));
    const access = new ClientFileAccess('/acme/app', '/acme/app', folderUri, client);
    assert.equal(await access.stat('/acme/app/link.json'), undefined);
    assert.equal(await access.stat('/acme/app/cmd'), undefined);
    assert.deepEqual((await access.list('/acme/app'))?.map((e) => e.name), ['big.txt', 'go.mod']);
  });

  test('malformed or failed answers read as nothing, never as content', async () => {
    const answers: unknown[] = [42, { ok: true }, { ok: true, text: 'x'.repeat(11) }, { ok: false, reason: 'weird' }];
    const listing = [{ name: '../up', kind: 'file' }, { name: 'a/b', kind: 'file' }, { name: 'ok', kind: 'strange' }, { name: '..', kind: 'directory' }, { name: 'fine', kind: 'file' }];
    const requests: WorkspaceFileRequests = {
      stat: async () => ({ kind: 'file', size: -5, symlink: false }),
      listDir: async () => listing,
      readFile: async () => answers.shift(),
    };
    const access = new ClientFileAccess('/r', '/r', 'x://y/r', requests);
    assert.deepEqual(await access.readText('/r/a', 10), { ok: false, reason: 'unreadable' });
    assert.deepEqual(await access.readText('/r/a', 10), { ok: false, reason: 'unreadable' });
    assert.deepEqual(await access.readText('/r/a', 10), { ok: false, reason: 'too-large' });
    assert.deepEqual(await access.readText('/r/a', 10), { ok: false, reason: 'unreadable' });
    assert.deepEqual((await access.list('/r'))?.map((e) => e.name), ['fine']);
    assert.deepEqual(await access.stat('/r/a'), { kind: 'file', size: 0, symlink: false });
    const failing = new ClientFileAccess('/r', '/r', 'x://y/r', {
      stat: () => Promise.reject(new Error('gone')),
      listDir: () => Promise.reject(new Error('gone')),
      readFile: () => Promise.reject(new Error('gone')),
    });
    assert.deepEqual(await failing.readText('/r/a', 10), { ok: false, reason: 'unreadable' });
    assert.equal(await failing.stat('/r/a'), undefined);
    assert.equal(await failing.list('/r'), undefined);
  });

  test('.go-dockerfile.json reads are kept once the client watches, until it reports a change', async () => {
    const client = new FakeClient(folderUri, { '.go-dockerfile.json': '{}', 'go.mod': 'module m\n' });
    const ws = browserWorkspace(() => [folderUri], client);
    const access = ws.access('/acme/app');
    const configReads = () => client.calls.filter((c) => c.path === '.go-dockerfile.json').length;
    await access.readText('/acme/app/.go-dockerfile.json', 100);
    await access.readText('/acme/app/.go-dockerfile.json', 100);
    assert.equal(configReads(), 2, 'not kept before the client watches');
    ws.watched!();
    await access.readText('/acme/app/.go-dockerfile.json', 100);
    await ws.access('/acme/app').readText('/acme/app/.go-dockerfile.json', 100);
    assert.equal(configReads(), 3);
    // Other files are not kept.
    await access.readText('/acme/app/go.mod', 100);
    await access.readText('/acme/app/go.mod', 100);
    assert.equal(client.calls.filter((c) => c.path === 'go.mod').length, 2);
    ws.changed!('/acme/app/.go-dockerfile.json');
    await access.readText('/acme/app/.go-dockerfile.json', 100);
    assert.equal(configReads(), 4);
    // A folder change drops what is inside it.
    ws.changed!('/acme/app');
    await access.readText('/acme/app/.go-dockerfile.json', 100);
    assert.equal(configReads(), 5);
  });
});

describe('inline syntax validation', () => {
  /** A queue the test runs by hand, in place of setTimeout, and a clock it sets. */
  function harness(costPerChar: number) {
    const queue: Array<() => void> = [];
    let clock = 0;
    const logs: string[] = [];
    const validated: number[] = [];
    const validation = new InlineSyntaxValidation(
      (text) => {
        validated.push(text.length);
        clock += text.length * costPerChar;
        return [];
      },
      (message) => logs.push(message),
      { budgetMs: 1000, initialMaxChars: 100_000, now: () => clock, defer: (task) => queue.push(task) },
    );
    const run = () => {
      while (queue.length > 0) queue.shift()!();
    };
    return { validation, logs, validated, run };
  }

  test('it runs after the current task, so the lint analyses the Go rules first', async () => {
    const h = harness(0.001);
    const order: string[] = [];
    const result = h.validation.validate('FROM x\n').then(() => order.push('syntax'));
    order.push('go analysis');
    h.run();
    await result;
    assert.deepEqual(order, ['go analysis', 'syntax']);
  });

  test('what it learns about the cost per character sets the largest text it validates, and skipping is said once', async () => {
    const h = harness(0.02); // 20 ms per 1,000 characters: the 1 s budget fits 50,000
    const validate = async (chars: number) => {
      const pending = h.validation.validate('x'.repeat(chars));
      h.run();
      return pending;
    };
    assert.deepEqual(await validate(80_000), []); // under the initial limit, before anything was measured
    assert.equal(h.validation.limitChars, 50_000);
    assert.equal(await validate(60_000), undefined);
    assert.equal(await validate(70_000), undefined);
    assert.deepEqual(await validate(40_000), []);
    assert.deepEqual(h.validated, [80_000, 40_000]);
    assert.equal(h.logs.length, 1);
    assert.match(h.logs[0], /skipped for Dockerfiles over 50000 characters/);
    // Small files are always validated.
    assert.deepEqual(await validate(10_000), []);
  });

  test('a failing validation answers undefined with one log line', async () => {
    const logs: string[] = [];
    const validation = new InlineSyntaxValidation(
      () => {
        throw new Error('parser broke');
      },
      (m) => logs.push(m),
      { defer: (task) => task() },
    );
    assert.equal(await validation.validate('FROM x'), undefined);
    assert.deepEqual(logs, ['go-dockerfile: syntax validation failed: parser broke']);
  });
});

/** An in-memory FileAccess over a module, counting reads. */
class MemoryAccess implements FileAccess {
  readonly root = '/m';
  readonly reads: string[] = [];
  lists = 0;

  constructor(private readonly files: Record<string, string>) {}

  async readText(path: string, maxBytes: number): Promise<ReadResult> {
    const rel = path.slice('/m/'.length);
    this.reads.push(rel);
    if (!(rel in this.files)) return { ok: false, reason: 'missing' };
    return this.files[rel].length > maxBytes ? { ok: false, reason: 'too-large' } : { ok: true, text: this.files[rel] };
  }

  async stat(path: string): Promise<FileInfo | undefined> {
    const rel = path === '/m' ? '.' : path.slice('/m/'.length);
    if (rel in this.files) return { kind: 'file', size: this.files[rel].length, symlink: false };
    return Object.keys(this.files).some((f) => rel === '.' || f.startsWith(`${rel}/`)) ? { kind: 'directory', size: 0, symlink: false } : undefined;
  }

  async list(dir: string): Promise<DirEntry[] | undefined> {
    this.lists++;
    const prefix = dir === '/m' ? '' : `${dir.slice('/m/'.length)}/`;
    const names = new Map<string, DirEntry>();
    for (const file of Object.keys(this.files)) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const name = rest.split('/')[0];
      names.set(name, { name, kind: rest.includes('/') ? 'directory' : 'file', symlink: false });
    }
    return names.size > 0 ? [...names.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) : undefined;
  }
}

describe('the targeted, bounded module walk', () => {
  test('focusDirOf: the module folder a go build argument names', () => {
    const m = 'example.com/m';
    assert.equal(focusDirOf({ pkg: './cmd/api', dir: '.' }, m), 'cmd/api');
    assert.equal(focusDirOf({ pkg: '.', dir: 'cmd/api' }, m), 'cmd/api');
    assert.equal(focusDirOf({ pkg: '', dir: '.' }, m), '.');
    assert.equal(focusDirOf({ pkg: '../lib', dir: 'cmd' }, m), 'lib');
    assert.equal(focusDirOf({ pkg: 'example.com/m/cmd/api', dir: '.' }, m), 'cmd/api');
    assert.equal(focusDirOf({ pkg: './cmd/...', dir: '.' }, m), 'cmd');
    assert.equal(focusDirOf({ pkg: './cmd/api/main.go', dir: '.' }, m), 'cmd/api');
    assert.equal(focusDirOf({ pkg: 'golang.org/x/tools/cmd/stringer@latest', dir: '.' }, m), undefined);
    assert.equal(focusDirOf({ pkg: 'github.com/other/mod', dir: '.' }, m), undefined);
    assert.equal(focusDirOf({ pkg: '../..', dir: 'cmd' }, m), undefined);
  });

  test('walkFocusOf: the builds of a Dockerfile, relative to the module inside the context', () => {
    const inputs = { contextSources: ['.'], goBuilds: [{ pkg: './cmd/api', dir: undefined, dirs: ['server'] }, { pkg: './cmd/api', dirs: ['server'] }, { pkg: '.', dirs: [] }], makeCalls: [], scripts: [] };
    const focus = walkFocusOf(inputs as never, { contextDir: '/r', moduleDir: '/r/server', moduleDirInContext: 'server', contextFrom: 'dockerfile-folder' });
    assert.deepEqual(focus, [
      { pkg: './cmd/api', dir: '.' },
      { pkg: '.', dir: '.' },
    ]);
  });

  const files: Record<string, string> = {
    'go.mod': 'module example.com/m\n\ngo 1.22\n',
    'zz/app/main.go': 'package main\n\nimport "example.com/m/zz/lib"\n\nfunc main() { lib.Run() }\n',
    'zz/lib/lib.go': 'package lib\n\nimport "net"\n\nvar _ = net.Dial\n',
    'zz/lib/lib_test.go': 'package lib\n\nimport "example.com/m/zz/testonly"\n',
    'zz/testonly/t.go': 'package testonly\n',
  };
  for (let i = 0; i < 30; i++) files[`a/p${String(i).padStart(2, '0')}/p.go`] = `package p${i}\n`;

  test('with a focus, the built program and its module imports are read first; test-only imports are not followed early', async () => {
    const access = new MemoryAccess(files);
    const index = await ModuleIndex.read(access, '/m', { limits: { maxDirs: 8 }, focus: [{ pkg: './zz/app', dir: '.' }] });
    const goReads = access.reads.filter((r) => r.endsWith('.go'));
    assert.deepEqual(goReads.slice(0, 3), ['zz/app/main.go', 'zz/lib/lib.go', 'zz/lib/lib_test.go']);
    assert.ok(!goReads.slice(0, 3).includes('zz/testonly/t.go'));
    assert.equal(index.snapshot.truncated, true);
    assert.ok(access.lists <= 8, `${access.lists} listings`);
    assert.ok(index.snapshot.dirs.has('zz/app') && index.snapshot.dirs.has('zz/lib'));
  });

  test('without a focus, the same limits leave the program unread (what the focus is for)', async () => {
    const access = new MemoryAccess(files);
    const index = await ModuleIndex.read(access, '/m', { limits: { maxDirs: 8 } });
    assert.equal(index.snapshot.truncated, true);
    assert.ok(!index.snapshot.dirs.has('zz/app'));
  });

  test('within the limits, a focus changes the order only: the same files are indexed', async () => {
    const focused = await ModuleIndex.read(new MemoryAccess(files), '/m', { focus: [{ pkg: './zz/app', dir: '.' }] });
    const plain = await ModuleIndex.read(new MemoryAccess(files), '/m');
    assert.equal(focused.snapshot.truncated, false);
    assert.deepEqual([...focused.snapshot.files.keys()].sort(), [...plain.snapshot.files.keys()].sort());
  });

  test('a focus never reaches into a nested module or a skipped folder', async () => {
    const access = new MemoryAccess({
      'go.mod': 'module example.com/m\n',
      'main.go': 'package main\n\nimport (\n\t"example.com/m/tools/gen"\n\t"example.com/m/vendor/x"\n\t"example.com/m/testdata/y"\n)\n',
      'tools/go.mod': 'module example.com/m/tools\n',
      'tools/gen/gen.go': 'package gen\n',
      'vendor/x/x.go': 'package x\n',
      'testdata/y/y.go': 'package y\n',
    });
    const index = await ModuleIndex.read(access, '/m', { focus: [{ pkg: '.', dir: '.' }] });
    assert.deepEqual([...index.snapshot.files.keys()], ['main.go']);
  });

  test('the browser limits are tighter than the desktop ones', () => {
    for (const key of Object.keys(WALK_LIMITS) as Array<keyof typeof WALK_LIMITS>) assert.ok(BROWSER_WALK_LIMITS[key] <= WALK_LIMITS[key], key);
    assert.ok(BROWSER_WALK_LIMITS.maxGoFiles < WALK_LIMITS.maxGoFiles);
  });
});
