import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  GoFactsCache,
  KNOWN_CGO_MODULES,
  WALK_LIMITS,
  binaryNameFor,
  findGoWork,
  findModuleDir,
  readGoWorkspace as readWorkspaceWith,
} from '../../server/src/go/index.ts';
import { NodeFileAccess } from '../../server/src/files/node-access.ts';

// Tests run from the repository root (npm test, .ci/run); this stays correct for CJS and ESM alike.
const fixtures = path.resolve('test', 'fixtures');
const fixture = (name: string): string => path.join(fixtures, 'go-workspaces', name);
const sampleModule = path.join(fixtures, 'sample-module');

const tempRoots: string[] = [];

/** The project root a test reads within: the fixtures folder, or the temp module's own folder. */
function rootOf(dir: string): string {
  if (dir.startsWith(fixtures)) return fixtures;
  return tempRoots.find((root) => dir === root || dir.startsWith(root + path.sep)) ?? dir;
}

function readGoWorkspace(dir: string) {
  return readWorkspaceWith(new NodeFileAccess(rootOf(dir)), dir);
}

function findModuleDirIn(dir: string) {
  return findModuleDir(new NodeFileAccess(rootOf(dir)), dir);
}

function findGoWorkIn(dir: string) {
  return findGoWork(new NodeFileAccess(rootOf(dir)), dir);
}

/** A facts cache confined like the server's, with each test's root. */
function newCache(): GoFactsCache {
  return new GoFactsCache({ projectRoot: (file) => rootOf(path.dirname(file)), access: (root) => new NodeFileAccess(root) });
}
after(() => {
  for (const dir of tempRoots) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a throwaway module tree: { 'go.mod': '…', 'cmd/x/main.go': '…' }. */
function tempModule(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'go-dockerfile-ws-'));
  tempRoots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

const MAIN = 'package main\n\nfunc main() {}\n';

// --- the sample module -------------------------------------------------------------------------

test('reads the sample module: path, version, go.sum, one main package on :8080', async () => {
  const ws = (await readGoWorkspace(sampleModule));
  assert.equal(ws.moduleDir, sampleModule);
  assert.equal(ws.modulePath, 'example.com/hello');
  assert.equal(ws.goVersion, '1.22');
  assert.equal(ws.toolchainVersion, undefined);
  assert.equal(ws.hasGoSum, true);
  assert.equal(ws.vendored, false);
  assert.equal(ws.hasGoWork, false);
  assert.equal(ws.needsCgo, false);
  assert.equal(ws.cgoReason, undefined);
  assert.deepEqual(ws.mainPackages.map((m) => [m.dir, m.binaryName, m.needsCgo]), [['.', 'hello', false]]);
  assert.equal(ws.usesTLS, true);
  assert.equal(ws.usesTimezones, false);
  assert.deepEqual(ws.ports, [8080]);
  assert.equal(ws.hasDockerfile, true);
  assert.equal(ws.hasDockerignore, true, 'the sample module carries the .dockerignore the generator writes');
});

// --- main package discovery --------------------------------------------------------------------

test('finds every main package of a cmd/* layout, and only those', async () => {
  const ws = (await readGoWorkspace(fixture('cmd-layout')));
  // Not: the root (package tools), internal/store (its package main file is //go:build ignore),
  // tools (custom build tag), cmd/winsvc (Windows only), testdata, .hidden, _examples,
  // examples/demo (its own go.mod).
  assert.deepEqual(ws.mainPackages.map((m) => m.dir), ['./cmd/api', './cmd/worker']);
  assert.deepEqual(ws.mainPackages.map((m) => m.binaryName), ['api', 'worker']);
});

test('reads toolchain and a three-part go line from a cmd/* layout', async () => {
  const ws = (await readGoWorkspace(fixture('cmd-layout')));
  assert.equal(ws.modulePath, 'github.com/acme/tools/v2');
  assert.equal(ws.goVersion, '1.22.1');
  assert.equal(ws.toolchainVersion, '1.23.4');
  assert.equal(ws.hasGoSum, false);
});

test('attributes ports to the program that listens, following in-module imports', async () => {
  const ws = (await readGoWorkspace(fixture('cmd-layout')));
  const byDir = new Map(ws.mainPackages.map((m) => [m.dir, m]));
  assert.deepEqual(byDir.get('./cmd/api')?.ports, [9090]);
  assert.deepEqual(byDir.get('./cmd/worker')?.ports, []);
  assert.deepEqual(ws.ports, [9090]); // ":1234" is only in a comment
});

test('sees time zone use in a package the program imports', async () => {
  assert.equal((await readGoWorkspace(fixture('cmd-layout'))).usesTimezones, true);
  assert.equal((await readGoWorkspace(fixture('no-gosum'))).usesTimezones, true);
});

test('embedding time/tzdata means the image needs no zone database', async () => {
  const dir = tempModule({
    'go.mod': 'module example.com/tz\ngo 1.22\n',
    'main.go': 'package main\nimport (\n\t"time"\n\t_ "time/tzdata"\n)\nfunc main() { time.LoadLocation("Asia/Tokyo") }\n',
  });
  assert.equal((await readGoWorkspace(dir)).usesTimezones, false);
});

test('loading only UTC or Local needs no zone database', async () => {
  const dir = tempModule({
    'go.mod': 'module example.com/tz\ngo 1.22\n',
    'main.go': 'package main\nimport t "time"\nfunc main() { t.LoadLocation("UTC"); t.LoadLocation("Local") }\n',
  });
  assert.equal((await readGoWorkspace(dir)).usesTimezones, false);
  fs.writeFileSync(path.join(dir, 'main.go'), 'package main\nimport t "time"\nfunc main() { t.LoadLocation(os.Getenv("TZ")) }\n');
  assert.equal((await readGoWorkspace(dir)).usesTimezones, true);
});

test('a program without net/http or TLS imports does not use TLS', async () => {
  assert.equal((await readGoWorkspace(fixture('cgo-module'))).usesTLS, false);
  const grpc = tempModule({
    'go.mod': 'module example.com/g\ngo 1.22\n',
    'main.go': 'package main\nimport "google.golang.org/grpc"\nfunc main() { _ = grpc.NewServer }\n',
  });
  assert.equal((await readGoWorkspace(grpc)).usesTLS, true);
});

test('ignores vendor/ when looking for main packages', async () => {
  const ws = (await readGoWorkspace(fixture('vendored-module')));
  assert.deepEqual(ws.mainPackages.map((m) => m.dir), ['.']);
  assert.equal(ws.vendored, true);
});

test('skips node_modules', async () => {
  const dir = tempModule({ 'go.mod': 'module example.com/n\n', 'node_modules/pkg/main.go': MAIN, 'cmd/real/main.go': MAIN });
  assert.deepEqual((await readGoWorkspace(dir)).mainPackages.map((m) => m.dir), ['./cmd/real']);
});

test('skips _test.go files: a test-only package main is not a program', async () => {
  const dir = tempModule({ 'go.mod': 'module example.com/t\n', 'e2e/main_test.go': MAIN, 'lib/lib.go': 'package lib\n' });
  assert.deepEqual((await readGoWorkspace(dir)).mainPackages, []);
});

test('a directory mixing package main with another package is not a main package', async () => {
  const dir = tempModule({ 'go.mod': 'module example.com/mix\n', 'main.go': MAIN, 'other.go': 'package other\n' });
  assert.deepEqual((await readGoWorkspace(dir)).mainPackages, []);
});

test('skips Go files over the size limit', async () => {
  const saved = WALK_LIMITS.maxFileBytes;
  WALK_LIMITS.maxFileBytes = 100;
  try {
    const dir = tempModule({ 'go.mod': 'module example.com/big\n', 'main.go': MAIN + '// ' + 'x'.repeat(200) + '\n', 'cmd/small/main.go': MAIN });
    assert.deepEqual((await readGoWorkspace(dir)).mainPackages.map((m) => m.dir), ['./cmd/small']);
  } finally {
    WALK_LIMITS.maxFileBytes = saved;
  }
});

test('stops walking after the directory limit', async () => {
  const files: Record<string, string> = { 'go.mod': 'module example.com/wide\n' };
  for (let i = 0; i < 10; i++) files[`cmd/p${i}/main.go`] = MAIN;
  const dir = tempModule(files);
  assert.equal((await readGoWorkspace(dir)).mainPackages.length, 10);
  const saved = WALK_LIMITS.maxDirs;
  WALK_LIMITS.maxDirs = 4; // the root, cmd/, then two packages
  try {
    assert.deepEqual((await readGoWorkspace(dir)).mainPackages.map((m) => m.dir), ['./cmd/p0', './cmd/p1']);
  } finally {
    WALK_LIMITS.maxDirs = saved;
  }
});

test('stops reading after the file budget', async () => {
  const files: Record<string, string> = { 'go.mod': 'module example.com/many\n' };
  for (let i = 0; i < 5; i++) files[`cmd/p${i}/main.go`] = MAIN;
  const dir = tempModule(files);
  const saved = WALK_LIMITS.maxGoFiles;
  WALK_LIMITS.maxGoFiles = 2;
  try {
    assert.deepEqual((await readGoWorkspace(dir)).mainPackages.map((m) => m.dir), ['./cmd/p0', './cmd/p1']);
  } finally {
    WALK_LIMITS.maxGoFiles = saved;
  }
});

test('does not follow symlinked directories (no cycles)', async (t) => {
  const dir = tempModule({ 'go.mod': 'module example.com/loop\n', 'cmd/a/main.go': MAIN });
  try {
    fs.symlinkSync(dir, path.join(dir, 'cmd', 'loop'), 'dir');
  } catch {
    t.skip('symlinks not permitted here');
    return;
  }
  assert.deepEqual((await readGoWorkspace(dir)).mainPackages.map((m) => m.dir), ['./cmd/a']);
});

test('names the root binary after the module path without a major version suffix', async () => {
  assert.equal(binaryNameFor('.', 'github.com/acme/server/v3', '/x/checkout'), 'server');
  assert.equal(binaryNameFor('.', 'gopkg.in/yaml.v3', '/x/checkout'), 'yaml');
  assert.equal(binaryNameFor('.', 'example.com/hello', '/x/checkout'), 'hello');
  assert.equal(binaryNameFor('.', 'v2', '/x/checkout'), 'v2');
  assert.equal(binaryNameFor('.', '', '/x/checkout'), 'checkout');
  assert.equal(binaryNameFor('cmd/api', 'example.com/hello', '/x/checkout'), 'api');
});

test('a root main package of a /vN module is named without the suffix', async () => {
  const dir = tempModule({ 'go.mod': 'module github.com/acme/cli/v2\ngo 1.22\n', 'main.go': MAIN });
  assert.deepEqual((await readGoWorkspace(dir)).mainPackages, [{ dir: '.', binaryName: 'cli', needsCgo: false, ports: [] }]);
});

// --- cgo ---------------------------------------------------------------------------------------

test('a package with import "C" makes the program need cgo, and says which file', async () => {
  const ws = (await readGoWorkspace(fixture('cgo-module')));
  assert.equal(ws.needsCgo, true);
  assert.equal(ws.cgoReason, 'internal/checksum/checksum.go');
  assert.deepEqual(ws.mainPackages.map((m) => [m.dir, m.needsCgo]), [['.', true]]);
});

test('requiring mattn/go-sqlite3 makes the module need cgo', async () => {
  const ws = (await readGoWorkspace(fixture('sqlite-module')));
  assert.equal(ws.needsCgo, true);
  assert.equal(ws.cgoReason, 'github.com/mattn/go-sqlite3');
  assert.equal(ws.mainPackages[0].needsCgo, true);
  assert.deepEqual(ws.ports, [3000]);
});

test('only the program importing a cgo package needs cgo', async () => {
  const dir = tempModule({
    'go.mod': 'module example.com/two\ngo 1.22\nrequire github.com/mattn/go-sqlite3 v1.14.22\n',
    'cmd/db/main.go': 'package main\nimport (\n\t"database/sql"\n\t_ "github.com/mattn/go-sqlite3"\n)\nfunc main() { sql.Open("sqlite3", "x") }\n',
    'cmd/web/main.go': MAIN,
  });
  const ws = (await readGoWorkspace(dir));
  assert.equal(ws.needsCgo, true);
  assert.deepEqual(ws.mainPackages.map((m) => [m.dir, m.needsCgo]), [['./cmd/db', true], ['./cmd/web', false]]);
});

test('an indirect cgo module that no package imports counts for every program', async () => {
  const dir = tempModule({
    'go.mod': 'module example.com/orm\ngo 1.22\nrequire (\n\tgorm.io/driver/sqlite v1.5.6\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n',
    'main.go': 'package main\nimport _ "gorm.io/driver/sqlite"\nfunc main() {}\n',
  });
  const ws = (await readGoWorkspace(dir));
  assert.equal(ws.needsCgo, true);
  assert.equal(ws.cgoReason, 'github.com/mattn/go-sqlite3');
  assert.equal(ws.mainPackages[0].needsCgo, true);
});

test('a cgo module used only by tests does not make the program need cgo', async () => {
  const dir = tempModule({
    'go.mod': 'module example.com/tst\ngo 1.22\nrequire github.com/mattn/go-sqlite3 v1.14.22\n',
    'main.go': MAIN,
    'main_test.go': 'package main\nimport _ "github.com/mattn/go-sqlite3"\n',
  });
  const ws = (await readGoWorkspace(dir));
  assert.equal(ws.needsCgo, false);
  assert.equal(ws.mainPackages[0].needsCgo, false);
});

test('recognises versioned and gopkg.in spellings of known cgo modules', async () => {
  for (const req of ['github.com/confluentinc/confluent-kafka-go/v2 v2.4.0', 'gopkg.in/gographics/imagick.v3 v3.5.1', 'github.com/go-gl/glfw/v3.3/glfw v0.0.0-20240506104042-037f3cc74f2a']) {
    const dir = tempModule({ 'go.mod': `module example.com/k\ngo 1.22\nrequire ${req} // indirect\n`, 'main.go': MAIN });
    assert.equal((await readGoWorkspace(dir)).needsCgo, true, req);
  }
  assert.ok(KNOWN_CGO_MODULES.includes('github.com/mattn/go-sqlite3'));
});

test('a look-alike module path is not a known cgo module', async () => {
  const dir = tempModule({ 'go.mod': 'module example.com/k\ngo 1.22\nrequire github.com/mattn/go-sqlite3-fake v1.0.0 // indirect\n', 'main.go': MAIN });
  assert.equal((await readGoWorkspace(dir)).needsCgo, false);
});

test('import "C" in a Windows-only or custom-tagged file does not count', async () => {
  const dir = tempModule({
    'go.mod': 'module example.com/win\ngo 1.22\n',
    'main.go': MAIN,
    'svc_windows.go': 'package main\nimport "C"\n',
    'extra.go': '//go:build withc\n\npackage main\nimport "C"\n',
  });
  const ws = (await readGoWorkspace(dir));
  assert.equal(ws.needsCgo, false);
  assert.equal(ws.cgoReason, undefined);
});

test('import "C" with a !cgo fallback in the same package does not require cgo', async () => {
  const dir = tempModule({
    'go.mod': 'module example.com/fallback\ngo 1.22\n',
    'main.go': MAIN,
    'fast.go': '//go:build cgo\n\npackage main\nimport "C"\n',
    'slow.go': '//go:build !cgo\n\npackage main\n',
  });
  assert.equal((await readGoWorkspace(dir)).needsCgo, false);
});

test('a pure-Go module does not need cgo', async () => {
  const ws = (await readGoWorkspace(fixture('cmd-layout')));
  assert.equal(ws.needsCgo, false);
  assert.ok(ws.mainPackages.every((m) => !m.needsCgo));
});

// --- go.work, go.sum, errors -------------------------------------------------------------------

test('a go.work above the module governs it', async () => {
  const app = fixture('workspace/app');
  assert.equal((await findGoWorkIn(app)), path.join(fixture('workspace'), 'go.work'));
  assert.equal((await readGoWorkspace(app)).hasGoWork, true);
  assert.equal((await readGoWorkspace(sampleModule)).hasGoWork, false);
});

test('a module without go.sum says so', async () => {
  const ws = (await readGoWorkspace(fixture('no-gosum')));
  assert.equal(ws.hasGoSum, false);
  assert.equal(ws.goVersion, '1.23');
});

test('a garbage go.mod still yields facts instead of an exception', async () => {
  const dir = tempModule({ 'go.mod': '\0\u0001 not a go.mod (((\nrequire (\n', 'main.go': MAIN });
  const ws = (await readGoWorkspace(dir));
  assert.equal(ws.modulePath, '');
  assert.equal(ws.goVersion, undefined);
  assert.deepEqual(ws.mainPackages.map((m) => [m.dir, m.binaryName]), [['.', path.basename(dir)]]);
});

test('garbage Go files do not break the walk', async () => {
  const dir = tempModule({
    'go.mod': 'module example.com/junk\n',
    'junk.go': '\0\0\0 }{ "unterminated',
    'broken/x.go': 'package',
    'cmd/ok/main.go': MAIN,
  });
  assert.deepEqual((await readGoWorkspace(dir)).mainPackages.map((m) => m.dir), ['./cmd/ok']);
});

test('a missing go.mod is a clear error', async () => {
  const dir = tempModule({ 'main.go': MAIN });
  await assert.rejects(() => readGoWorkspace(dir), /No go\.mod in /);
});

test('an unreadable go.mod is a clear error', async () => {
  const dir = tempModule({ 'go.mod/placeholder': '' }); // go.mod is a directory
  await assert.rejects(() => readGoWorkspace(dir), /Cannot read .*go\.mod/);
});

test('findModuleDir walks up to the nearest go.mod', async () => {
  assert.equal((await findModuleDirIn(path.join(fixture('cmd-layout'), 'cmd', 'api'))), fixture('cmd-layout'));
  assert.equal((await findModuleDirIn(path.join(fixture('cmd-layout'), 'examples', 'demo'))), path.join(fixture('cmd-layout'), 'examples', 'demo'));
  assert.equal((await findModuleDirIn(fs.mkdtempSync(path.join(os.tmpdir(), 'go-dockerfile-none-')))), undefined);
});

// --- GoFactsCache ------------------------------------------------------------------------------

test('factsFor returns the plain facts of the module above the Dockerfile', async () => {
  const cache = newCache();
  const facts = (await cache.factsFor(path.join(fixture('cmd-layout'), 'cmd', 'api', 'Dockerfile')));
  assert.equal(typeof facts.program, 'function');
  const { program: _program, ...plain } = facts;
  assert.deepEqual(plain, {
    // Nothing in the Dockerfile says otherwise: it is built from its module's root.
    contextDir: fixture('cmd-layout'),
    dockerignoreChecked: true,
    moduleDirInContext: '.',
    moduleDir: fixture('cmd-layout'),
    modulePath: 'github.com/acme/tools/v2',
    goVersion: '1.22.1',
    toolchainVersion: '1.23.4',
    hasGoSum: false,
    vendored: false,
    hasGoWork: false,
    needsCgo: false,
    mainPackages: ['./cmd/api', './cmd/worker'],
  });
});

test('factsFor uses a go.mod in the Dockerfile\'s own directory', async () => {
  const facts = (await newCache().factsFor(path.join(fixture('sqlite-module'), 'Dockerfile')));
  assert.equal(facts?.modulePath, 'example.com/notes');
  assert.equal(facts?.needsCgo, true);
  assert.equal(facts?.cgoReason, 'github.com/mattn/go-sqlite3');
});

test('factsFor says "no module" outside any module', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-dockerfile-none-'));
  tempRoots.push(dir);
  assert.deepEqual((await newCache().factsFor(path.join(dir, 'Dockerfile'))), {});
});

test('facts are cached per module until invalidated', async () => {
  const dir = tempModule({ 'go.mod': 'module example.com/c\ngo 1.21\n', 'main.go': MAIN });
  const cache = newCache();
  const first = (await cache.factsFor(path.join(dir, 'Dockerfile')));
  assert.equal(first?.goVersion, '1.21');
  // Dockerfiles in other directories of the same module share the module's index.
  assert.equal((await cache.factsFor(path.join(dir, 'deploy', 'Dockerfile'))).program, first.program);

  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/c\ngo 1.23\n');
  assert.equal((await cache.factsFor(path.join(dir, 'Dockerfile'))), first, 'still cached: nothing was invalidated');

  await cache.invalidate(path.join(dir, 'go.mod'));
  assert.equal((await cache.factsFor(path.join(dir, 'Dockerfile')))?.goVersion, '1.23');
});

test('a .go change refreshes main packages and cgo need', async () => {
  const dir = tempModule({ 'go.mod': 'module example.com/c\ngo 1.22\n', 'main.go': MAIN });
  const cache = newCache();
  assert.equal((await cache.factsFor(path.join(dir, 'Dockerfile')))?.needsCgo, false);
  const cgoFile = path.join(dir, 'cmd', 'tool', 'main.go');
  fs.mkdirSync(path.dirname(cgoFile), { recursive: true });
  fs.writeFileSync(cgoFile, 'package main\nimport "C"\nfunc main() {}\n');
  await cache.invalidate(cgoFile);
  const facts = (await cache.factsFor(path.join(dir, 'Dockerfile')));
  assert.equal(facts?.needsCgo, true);
  assert.deepEqual(facts?.mainPackages, ['.', './cmd/tool']);
});

test('go.sum and vendor/modules.txt changes refresh their facts', async () => {
  const dir = tempModule({ 'go.mod': 'module example.com/c\ngo 1.22\n', 'main.go': MAIN });
  const cache = newCache();
  const dockerfile = path.join(dir, 'Dockerfile');
  assert.equal((await cache.factsFor(dockerfile))?.hasGoSum, false);
  fs.writeFileSync(path.join(dir, 'go.sum'), '');
  await cache.invalidate(path.join(dir, 'go.sum'));
  assert.equal((await cache.factsFor(dockerfile))?.hasGoSum, true);
  fs.mkdirSync(path.join(dir, 'vendor'));
  fs.writeFileSync(path.join(dir, 'vendor', 'modules.txt'), '');
  await cache.invalidate(path.join(dir, 'vendor', 'modules.txt'));
  assert.equal((await cache.factsFor(dockerfile))?.vendored, true);
});

test('invalidating one module keeps the others cached', async () => {
  const a = tempModule({ 'go.mod': 'module example.com/a\ngo 1.21\n' });
  const b = tempModule({ 'go.mod': 'module example.com/b\ngo 1.21\n' });
  const cache = newCache();
  const factsB = (await cache.factsFor(path.join(b, 'Dockerfile')));
  (await cache.factsFor(path.join(a, 'Dockerfile')));
  fs.writeFileSync(path.join(b, 'go.mod'), 'module example.com/b\ngo 1.23\n');
  await cache.invalidate(path.join(a, 'main.go'));
  const again = await cache.factsFor(path.join(b, 'Dockerfile'));
  assert.equal(again.program, factsB.program);
  assert.equal(again.goVersion, '1.21', 'module b was not read again');
});

test('a new go.mod in a subdirectory moves the Dockerfile into the new module', async () => {
  const root = tempModule({ 'go.mod': 'module example.com/outer\ngo 1.21\n', 'svc/main.go': MAIN });
  const cache = newCache();
  const dockerfile = path.join(root, 'svc', 'Dockerfile');
  assert.equal((await cache.factsFor(dockerfile))?.modulePath, 'example.com/outer');
  fs.writeFileSync(path.join(root, 'svc', 'go.mod'), 'module example.com/inner\ngo 1.22\n');
  await cache.invalidate(path.join(root, 'svc', 'go.mod'));
  assert.equal((await cache.factsFor(dockerfile))?.modulePath, 'example.com/inner');
  // The outer module no longer contains the svc program.
  assert.deepEqual((await cache.factsFor(path.join(root, 'Dockerfile')))?.mainPackages, []);
});

test('a go.work change refreshes the modules below it', async () => {
  const root = tempModule({ 'app/go.mod': 'module example.com/app\ngo 1.22\n' });
  const cache = newCache();
  const dockerfile = path.join(root, 'app', 'Dockerfile');
  assert.equal((await cache.factsFor(dockerfile))?.hasGoWork, false);
  fs.writeFileSync(path.join(root, 'go.work'), 'go 1.22\nuse ./app\n');
  await cache.invalidate(path.join(root, 'go.work'));
  assert.equal((await cache.factsFor(dockerfile))?.hasGoWork, true);
});

test('an unreadable go.mod gives no facts and recovers after invalidation', async () => {
  const root = tempModule({ 'go.mod/placeholder': '' });
  const cache = newCache();
  const dockerfile = path.join(root, 'Dockerfile');
  // go.mod is a directory here, so findModuleDir does not treat it as a module at all.
  assert.deepEqual((await cache.factsFor(dockerfile)), {});
  fs.rmSync(path.join(root, 'go.mod'), { recursive: true });
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/fixed\n');
  await cache.invalidate(path.join(root, 'go.mod'));
  assert.equal((await cache.factsFor(dockerfile))?.modulePath, 'example.com/fixed');
});

test('workspaceFor returns the full workspace, cached with the facts', async () => {
  const cache = newCache();
  const ws = (await cache.workspaceFor(sampleModule));
  assert.deepEqual(ws?.mainPackages.map((m) => m.binaryName), ['hello']);
  assert.equal((await cache.workspaceFor(sampleModule)), ws);
});
