// Go-facts scans under hostile workspaces (issue 12): unreadable folders and files, symlink loops,
// files that vanish mid-scan, a 50,000-file workspace (bounded in time and memory), and a scan
// superseded by a go.mod change (stopped, not read to the end). Unreadable entries are injected
// through the FileAccess seam, since the tests may run as root (for whom modes do not deny reads).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { DirEntry, FileAccess, ReadResult } from '../../server/src/files/index.ts';
import { NodeFileAccess } from '../../server/src/files/node-access.ts';
import { GoFactsCache, readGoWorkspace, WALK_LIMITS } from '../../server/src/go/index.ts';
import type { ProgramFacts } from '../../server/src/engine/index.ts';

const MAIN = 'package main\n\nimport (\n\t"net/http"\n\t"example.com/app/internal/lib"\n)\n\nfunc main() { lib.Run(); _ = http.ListenAndServe(":8080", nil) }\n';
const LIB = 'package lib\n\nfunc Run() {}\n';
const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function tempModule(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-scan-')));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

/** NodeFileAccess with faults: listings and reads that fail, and a hook run after each listing. */
class FaultyAccess implements FileAccess {
  readonly inner: NodeFileAccess;
  reads = 0;
  lists = 0;
  constructor(
    readonly root: string,
    private readonly faults: { unlistable?: (dir: string) => 'undefined' | 'throw' | undefined; unreadable?: (file: string) => boolean; afterList?: (dir: string, entries: DirEntry[]) => void } = {},
  ) {
    this.inner = new NodeFileAccess(root);
  }
  async readText(p: string, maxBytes: number): Promise<ReadResult> {
    this.reads++;
    if (this.faults.unreadable?.(p)) return { ok: false, reason: 'unreadable' };
    return this.inner.readText(p, maxBytes);
  }
  stat(p: string) {
    return this.inner.stat(p);
  }
  async list(dir: string): Promise<DirEntry[] | undefined> {
    this.lists++;
    const fault = this.faults.unlistable?.(dir);
    if (fault === 'undefined') return undefined;
    if (fault === 'throw') throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
    const entries = await this.inner.list(dir);
    if (entries) this.faults.afterList?.(dir, entries);
    return entries;
  }
}

const programOf = (facts: { program?: (q: { pkg: string; tags: string[]; cgo: boolean }) => ProgramFacts | undefined }) => facts.program?.({ pkg: '.', tags: [], cgo: true });

describe('Go facts scans survive hostile workspaces', () => {
  test('an unreadable folder and unreadable files: the rest of the module is still read', async () => {
    const files: Record<string, string> = { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': MAIN, 'internal/lib/lib.go': LIB, 'locked/x.go': 'package locked\n', 'cmd/tool/main.go': 'package main\nfunc main() {}\n', 'cmd/other/main.go': 'package main\nfunc main() {}\n' };
    const dir = tempModule(files);
    // What both FileAccess adapters answer for a folder they cannot list (EACCES) is undefined.
    for (const mode of ['undefined'] as const) {
      const logs: string[] = [];
      const access = new FaultyAccess(dir, {
        unlistable: (d) => (d.endsWith('/locked') || d.endsWith('/cmd/tool') ? mode : undefined),
        unreadable: (f) => f.endsWith('/cmd/other/main.go'),
      });
      const ws = await readGoWorkspace(access, dir, { log: (m) => logs.push(m) });
      assert.equal(ws.goVersion, '1.22', mode);
      assert.deepEqual(ws.mainPackages.map((m) => m.dir), ['.'], `${mode}: the readable main package is found, the unreadable ones are not guessed`);
      assert.ok(logs.some((l) => l.includes('cmd/other/main.go')), `${mode}: the unreadable file is logged: ${logs.join('; ')}`);
      // The same through the cache the server and the CLI use.
      const cache = new GoFactsCache({ projectRoot: () => dir, access: () => new FaultyAccess(dir, { unlistable: (d) => (d.endsWith('/locked') ? mode : undefined) }) });
      const facts = await cache.factsFor(path.join(dir, 'Dockerfile'));
      assert.equal(facts.goVersion, '1.22', `${mode}: facts through the cache`);
      assert.equal(programOf(facts as never)?.usesTLS, 'no');
    }
  });

  test('symlink loops (a folder linking to its parent, to itself, two links to each other) end the walk, not the process', async () => {
    const dir = tempModule({ 'go.mod': 'module example.com/app\n', 'main.go': MAIN, 'internal/lib/lib.go': LIB });
    fs.symlinkSync(dir, path.join(dir, 'internal', 'up'));
    fs.symlinkSync(path.join(dir, 'self'), path.join(dir, 'self'));
    fs.symlinkSync(path.join(dir, 'ping'), path.join(dir, 'pong'));
    fs.symlinkSync(path.join(dir, 'pong'), path.join(dir, 'ping'));
    fs.symlinkSync(path.join(dir, 'internal'), path.join(dir, 'internal', 'lib', 'back'));
    const access = new FaultyAccess(dir);
    const ws = await readGoWorkspace(access, dir);
    assert.deepEqual(ws.mainPackages.map((m) => m.dir), ['.']);
    assert.ok(access.lists < 20, `each folder is listed once (${access.lists} listings)`);
  });

  test('files and folders that vanish between the listing and the read: skipped with a log line, the scan goes on', async () => {
    const files: Record<string, string> = { 'go.mod': 'module example.com/app\n', 'main.go': MAIN, 'internal/lib/lib.go': LIB };
    for (let i = 0; i < 10; i++) for (let f = 0; f < 4; f++) files[`pkg/p${i}/f${f}.go`] = `package p${i}\n`;
    const dir = tempModule(files);
    const logs: string[] = [];
    const access = new FaultyAccess(dir, {
      afterList: (listed, entries) => {
        // Right after each listing below pkg/, half of what it named disappears (files, and whole folders).
        if (!listed.includes('/pkg')) return;
        entries.forEach((entry, i) => {
          if (i % 2 === 1) fs.rmSync(path.join(listed, entry.name), { recursive: true, force: true });
        });
      },
    });
    const ws = await readGoWorkspace(access, dir, { log: (m) => logs.push(m) });
    assert.equal(ws.modulePath, 'example.com/app');
    assert.deepEqual(ws.mainPackages.map((m) => m.dir), ['.']);
    assert.ok(logs.some((l) => /skipped .*pkg\/p\d\/f\d\.go: no such file/.test(l)), logs.join('\n'));
  });

  test('a 50,000-file workspace: the walk stops at its limits, in bounded time and memory', { timeout: 240_000 }, async (t) => {
    const dir = tempModule({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': MAIN, 'internal/lib/lib.go': LIB });
    // 500 folders of 100 Go files: 50,000 files (and 2,000 more folders of non-Go noise).
    const body = 'package big\n\nimport "fmt"\n\nfunc F() { fmt.Println("x") }\n';
    for (let d = 0; d < 500; d++) {
      const folder = path.join(dir, 'gen', `p${d}`);
      fs.mkdirSync(folder, { recursive: true });
      for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(folder, `f${f}.go`), body);
    }
    for (let d = 0; d < 2000; d++) fs.mkdirSync(path.join(dir, 'assets', `a${Math.floor(d / 50)}`, `b${d}`), { recursive: true });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const access = new FaultyAccess(dir);
    const cache = new GoFactsCache({ projectRoot: () => dir, access: () => access });
    const facts = await cache.factsFor(path.join(dir, 'Dockerfile'));
    const ms = performance.now() - started;
    const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    t.diagnostic(`50,000-file scan: ${Math.round(ms)} ms, ${access.reads} files read, ${access.lists} folders listed, heap +${heapMiB.toFixed(1)} MiB`);
    assert.equal(facts.goVersion, '1.22');
    assert.ok(access.reads <= WALK_LIMITS.maxGoFiles + 10, `reads stop at the file limit (${access.reads})`);
    assert.ok(access.lists <= WALK_LIMITS.maxDirs + 10, `listings stop at the folder limit (${access.lists})`);
    // Generous sanity bounds: the point is that nothing grows with the workspace beyond the limits.
    assert.ok(ms < 120_000, `${Math.round(ms)} ms`);
    assert.ok(heapMiB < 400, `heap grew by ${heapMiB.toFixed(1)} MiB`);
    // The walk stopped before internal/lib: what it could not see is unknown, never a guess.
    assert.notEqual(programOf(facts as never)?.usesTLS, 'yes');
  });

  test('a scan superseded by a go.mod change stops, and the next request gets the new module', async () => {
    const files: Record<string, string> = { 'go.mod': 'module example.com/app\n\ngo 1.21\n', 'main.go': MAIN, 'internal/lib/lib.go': LIB };
    for (let d = 0; d < 60; d++) for (let f = 0; f < 50; f++) files[`gen/p${d}/f${f}.go`] = 'package big\n';
    const dir = tempModule(files);
    let invalidated: Promise<void> | undefined;
    let readsAtChange = 0;
    const access = new FaultyAccess(dir, {
      afterList: () => {
        if (!invalidated && access.reads > 200) {
          readsAtChange = access.reads;
          fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.23\n');
          invalidated = cache.invalidate(path.join(dir, 'go.mod'));
        }
      },
    });
    const cache = new GoFactsCache({ projectRoot: () => dir, access: () => access });
    const first = cache.factsFor(path.join(dir, 'Dockerfile'));
    const facts = await first;
    await invalidated;
    assert.ok(invalidated, 'the change came mid-scan');
    // The superseded walk stopped within a chunk or two; the caller waiting on it got the new module.
    assert.equal(facts.goVersion, '1.23', 'a caller of the superseded scan gets the module as it is now');
    const total = access.reads;
    const fresh = await cache.factsFor(path.join(dir, 'Dockerfile'));
    assert.equal(fresh.goVersion, '1.23');
    assert.ok(access.reads - total < 10, `the module is not walked again (${access.reads - total} reads)`);
    // Without the stop, the old walk would have read all 3,002 files on top of the new one's 3,002.
    assert.ok(total < readsAtChange + 3002 + 50, `reads: ${readsAtChange} before the change, ${total} in all`);
  });
});
