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
  readGoWorkspace,
} from '../../server/src/go/index.ts';

// Tests run from the repository root (npm test, .ci/run); this stays correct for CJS and ESM alike.
const fixtures = path.resolve('test', 'fixtures');
const fixture = (name: string): string => path.join(fixtures, 'go-workspaces', name);
const sampleModule = path.join(fixtures, 'sample-module');

const tempRoots: string[] = [];
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

test('reads the sample module: path, version, go.sum, one main package on :8080', () => {
  const ws = readGoWorkspace(sampleModule);
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
  assert.equal(ws.hasDockerignore, false);
});

// --- main package discovery --------------------------------------------------------------------

test('finds every main package of a cmd/* layout, and only those', () => {
  const ws = readGoWorkspace(fixture('cmd-layout'));
  // Not: the root (package tools), internal/store (its package main file is //go:build ignore),
  // tools (custom build tag), cmd/winsvc (Windows only), testdata, .hidden, _examples,
  // examples/demo (its own go.mod).
  assert.deepEqual(ws.mainPackages.map((m) => m.dir), ['./cmd/api', './cmd/worker']);
  assert.deepEqual(ws.mainPackages.map((m) => m.binaryName), ['api', 'worker']);
});

test('reads toolchain and a three-part go line from a cmd/* layout', () => {
  const ws = readGoWorkspace(fixture('cmd-layout'));
  assert.equal(ws.modulePath, 'github.com/acme/tools/v2');
  assert.equal(ws.goVersion, '1.22.1');
  assert.equal(ws.toolchainVersion, '1.23.4');
  assert.equal(ws.hasGoSum, false);
});

test('attributes ports to the program that listens, following in-module imports', () => {
  const ws = readGoWorkspace(fixture('cmd-layout'));
  const byDir = new Map(ws.mainPackages.map((m) => [m.dir, m]));
  assert.deepEqual(byDir.get('./cmd/api')?.ports, [9090]);
  assert.deepEqual(byDir.get('./cmd/worker')?.ports, []);
  assert.deepEqual(ws.ports, [9090]); // ":1234" is only in a comment
});

test('sees time zone use in a package the program imports', () => {
  assert.equal(readGoWorkspace(fixture('cmd-layout')).usesTimezones, true);
  assert.equal(readGoWorkspace(fixture('no-gosum')).usesTimezones, true);
});

test('embedding time/tzdata means the image needs no zone database', () => {
  const dir = tempModule({
    'go.mod': 'module example.com/tz\ngo 1.22\n',
    'main.go': 'package main\nimport (\n\t"time"\n\t_ "time/tzdata"\n)\nfunc main() { time.LoadLocation("Asia/Tokyo") }\n',
  });
  assert.equal(readGoWorkspace(dir).usesTimezones, false);
});

test('loading only UTC or Local needs no zone database', () => {
  const dir = tempModule({
    'go.mod': 'module example.com/tz\ngo 1.22\n',
    'main.go': 'package main\nimport t "time"\nfunc main() { t.LoadLocation("UTC"); t.LoadLocation("Local") }\n',
  });
  assert.equal(readGoWorkspace(dir).usesTimezones, false);
  fs.writeFileSync(path.join(dir, 'main.go'), 'package main\nimport t "time"\nfunc main() { t.LoadLocation(os.Getenv("TZ")) }\n');
  assert.equal(readGoWorkspace(dir).usesTimezones, true);
});

test('a program without net/http or TLS imports does not use TLS', () => {
  assert.equal(readGoWorkspace(fixture('cgo-module')).usesTLS, false);
  const grpc = tempModule({
    'go.mod': 'module example.com/g\ngo 1.22\n',
    'main.go': 'package main\nimport "google.golang.org/grpc"\nfunc main() { _ = grpc.NewServer }\n',
  });
  assert.equal(readGoWorkspace(grpc).usesTLS, true);
});

test('ignores vendor/ when looking for main packages', () => {
  const ws = readGoWorkspace(fixture('vendored-module'));
  assert.deepEqual(ws.mainPackages.map((m) => m.dir), ['.']);
  assert.equal(ws.vendored, true);
});

test('skips node_modules', () => {
  const dir = tempModule({ 'go.mod': 'module example.com/n\n', 'node_modules/pkg/main.go': MAIN, 'cmd/real/main.go': MAIN });
  assert.deepEqual(readGoWorkspace(dir).mainPackages.map((m) => m.dir), ['./cmd/real']);
});

test('skips _test.go files: a test-only package main is not a program', () => {
  const dir = tempModule({ 'go.mod': 'module example.com/t\n', 'e2e/main_test.go': MAIN, 'lib/lib.go': 'package lib\n' });
  assert.deepEqual(readGoWorkspace(dir).mainPackages, []);
});

test('a directory mixing package main with another package is not a main package', () => {
  const dir = tempModule({ 'go.mod': 'module example.com/mix\n', 'main.go': MAIN, 'other.go': 'package other\n' });
  assert.deepEqual(readGoWorkspace(dir).mainPackages, []);
});

test('skips Go files over the size limit', () => {
  const saved = WALK_LIMITS.maxFileBytes;
  WALK_LIMITS.maxFileBytes = 100;
  try {
    const dir = tempModule({ 'go.mod': 'module example.com/big\n', 'main.go': MAIN + '// ' + 'x'.repeat(200) + '\n', 'cmd/small/main.go': MAIN });
    assert.deepEqual(readGoWorkspace(dir).mainPackages.map((m) => m.dir), ['./cmd/small']);
  } finally {
    WALK_LIMITS.maxFileBytes = saved;
  }
});

test('stops walking after the directory limit', () => {
  const files: Record<string, string> = { 'go.mod': 'module example.com/wide\n' };
  for (let i = 0; i < 10; i++) files[`cmd/p${i}/main.go`] = MAIN;
  const dir = tempModule(files);
  assert.equal(readGoWorkspace(dir).mainPackages.length, 10);
  const saved = WALK_LIMITS.maxDirs;
  WALK_LIMITS.maxDirs = 4; // the root, cmd/, then two packages
  try {
    assert.deepEqual(readGoWorkspace(dir).mainPackages.map((m) => m.dir), ['./cmd/p0', './cmd/p1']);
  } finally {
    WALK_LIMITS.maxDirs = saved;
  }
});

test('stops reading after the file budget', () => {
  const files: Record<string, string> = { 'go.mod': 'module example.com/many\n' };
  for (let i = 0; i < 5; i++) files[`cmd/p${i}/main.go`] = MAIN;
  const dir = tempModule(files);
  const saved = WALK_LIMITS.maxGoFiles;
  WALK_LIMITS.maxGoFiles = 2;
  try {
    assert.deepEqual(readGoWorkspace(dir).mainPackages.map((m) => m.dir), ['./cmd/p0', './cmd/p1']);
  } finally {
    WALK_LIMITS.maxGoFiles = saved;
  }
});

test('does not follow symlinked directories (no cycles)', (t) => {
  const dir = tempModule({ 'go.mod': 'module example.com/loop\n', 'cmd/a/main.go': MAIN });
  try {
    fs.symlinkSync(dir, path.join(dir, 'cmd', 'loop'), 'dir');
  } catch {
    t.skip('symlinks not permitted here');
    return;
  }
  assert.deepEqual(readGoWorkspace(dir).mainPackages.map((m) => m.dir), ['./cmd/a']);
});

test('names the root binary after the module path without a major version suffix', () => {
  assert.equal(binaryNameFor('.', 'github.com/acme/server/v3', '/x/checkout'), 'server');
  assert.equal(binaryNameFor('.', 'gopkg.in/yaml.v3', '/x/checkout'), 'yaml');
  assert.equal(binaryNameFor('.', 'example.com/hello', '/x/checkout'), 'hello');
  assert.equal(binaryNameFor('.', 'v2', '/x/checkout'), 'v2');
  assert.equal(binaryNameFor('.', '', '/x/checkout'), 'checkout');
  assert.equal(binaryNameFor('cmd/api', 'example.com/hello', '/x/checkout'), 'api');
});

test('a root main package of a /vN module is named without the suffix', () => {
  const dir = tempModule({ 'go.mod': 'module github.com/acme/cli/v2\ngo 1.22\n', 'main.go': MAIN });
  assert.deepEqual(readGoWorkspace(dir).mainPackages, [{ dir: '.', binaryName: 'cli', needsCgo: false, ports: [] }]);
});

// --- cgo ---------------------------------------------------------------------------------------

test('a package with import "C" makes the program need cgo, and says which file', () => {
  const ws = readGoWorkspace(fixture('cgo-module'));
  assert.equal(ws.needsCgo, true);
  assert.equal(ws.cgoReason, 'internal/checksum/checksum.go');
  assert.deepEqual(ws.mainPackages.map((m) => [m.dir, m.needsCgo]), [['.', true]]);
});

test('requiring mattn/go-sqlite3 makes the module need cgo', () => {
  const ws = readGoWorkspace(fixture('sqlite-module'));
  assert.equal(ws.needsCgo, true);
  assert.equal(ws.cgoReason, 'github.com/mattn/go-sqlite3');
  assert.equal(ws.mainPackages[0].needsCgo, true);
  assert.deepEqual(ws.ports, [3000]);
});

test('only the program importing a cgo package needs cgo', () => {
  const dir = tempModule({
    'go.mod': 'module example.com/two\ngo 1.22\nrequire github.com/mattn/go-sqlite3 v1.14.22\n',
    'cmd/db/main.go': 'package main\nimport (\n\t"database/sql"\n\t_ "github.com/mattn/go-sqlite3"\n)\nfunc main() { sql.Open("sqlite3", "x") }\n',
    'cmd/web/main.go': MAIN,
  });
  const ws = readGoWorkspace(dir);
  assert.equal(ws.needsCgo, true);
  assert.deepEqual(ws.mainPackages.map((m) => [m.dir, m.needsCgo]), [['./cmd/db', true], ['./cmd/web', false]]);
});

test('an indirect cgo module that no package imports counts for every program', () => {
  const dir = tempModule({
    'go.mod': 'module example.com/orm\ngo 1.22\nrequire (\n\tgorm.io/driver/sqlite v1.5.6\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n',
    'main.go': 'package main\nimport _ "gorm.io/driver/sqlite"\nfunc main() {}\n',
  });
  const ws = readGoWorkspace(dir);
  assert.equal(ws.needsCgo, true);
  assert.equal(ws.cgoReason, 'github.com/mattn/go-sqlite3');
  assert.equal(ws.mainPackages[0].needsCgo, true);
});

test('a cgo module used only by tests does not make the program need cgo', () => {
  const dir = tempModule({
    'go.mod': 'module example.com/tst\ngo 1.22\nrequire github.com/mattn/go-sqlite3 v1.14.22\n',
    'main.go': MAIN,
    'main_test.go': 'package main\nimport _ "github.com/mattn/go-sqlite3"\n',
  });
  const ws = readGoWorkspace(dir);
  assert.equal(ws.needsCgo, false);
  assert.equal(ws.mainPackages[0].needsCgo, false);
});

test('recognises versioned and gopkg.in spellings of known cgo modules', () => {
  for (const req of ['github.com/confluentinc/confluent-kafka-go/v2 v2.4.0', 'gopkg.in/gographics/imagick.v3 v3.5.1', 'github.com/go-gl/glfw/v3.3/glfw v0.0.0-20240506104042-037f3cc74f2a']) {
    const dir = tempModule({ 'go.mod': `module example.com/k\ngo 1.22\nrequire ${req} // indirect\n`, 'main.go': MAIN });
    assert.equal(readGoWorkspace(dir).needsCgo, true, req);
  }
  assert.ok(KNOWN_CGO_MODULES.includes('github.com/mattn/go-sqlite3'));
});

test('a look-alike module path is not a known cgo module', () => {
  const dir = tempModule({ 'go.mod': 'module example.com/k\ngo 1.22\nrequire github.com/mattn/go-sqlite3-fake v1.0.0 // indirect\n', 'main.go': MAIN });
  assert.equal(readGoWorkspace(dir).needsCgo, false);
});

test('import "C" in a Windows-only or custom-tagged file does not count', () => {
  const dir = tempModule({
    'go.mod': 'module example.com/win\ngo 1.22\n',
    'main.go': MAIN,
    'svc_windows.go': 'package main\nimport "C"\n',
    'extra.go': '//go:build withc\n\npackage main\nimport "C"\n',
  });
  const ws = readGoWorkspace(dir);
  assert.equal(ws.needsCgo, false);
  assert.equal(ws.cgoReason, undefined);
});

test('import "C" with a !cgo fallback in the same package does not require cgo', () => {
  const dir = tempModule({
    'go.mod': 'module example.com/fallback\ngo 1.22\n',
    'main.go': MAIN,
    'fast.go': '//go:build cgo\n\npackage main\nimport "C"\n',
    'slow.go': '//go:build !cgo\n\npackage main\n',
  });
  assert.equal(readGoWorkspace(dir).needsCgo, false);
});

test('a pure-Go module does not need cgo', () => {
  const ws = readGoWorkspace(fixture('cmd-layout'));
  assert.equal(ws.needsCgo, false);
  assert.ok(ws.mainPackages.every((m) => !m.needsCgo));
});

// --- go.work, go.sum, errors -------------------------------------------------------------------

test('a go.work above the module governs it', () => {
  const app = fixture('workspace/app');
  assert.equal(findGoWork(app), path.join(fixture('workspace'), 'go.work'));
  assert.equal(readGoWorkspace(app).hasGoWork, true);
  assert.equal(readGoWorkspace(sampleModule).hasGoWork, false);
});

test('a module without go.sum says so', () => {
  const ws = readGoWorkspace(fixture('no-gosum'));
  assert.equal(ws.hasGoSum, false);
  assert.equal(ws.goVersion, '1.23');
});

test('a garbage go.mod still yields facts instead of an exception', () => {
  const dir = tempModule({ 'go.mod': '\0\u0001 not a go.mod (((\nrequire (\n', 'main.go': MAIN });
  const ws = readGoWorkspace(dir);
  assert.equal(ws.modulePath, '');
  assert.equal(ws.goVersion, undefined);
  assert.deepEqual(ws.mainPackages.map((m) => [m.dir, m.binaryName]), [['.', path.basename(dir)]]);
});

test('garbage Go files do not break the walk', () => {
  const dir = tempModule({
    'go.mod': 'module example.com/junk\n',
    'junk.go': '\0\0\0 }{ "unterminated',
    'broken/x.go': 'package',
    'cmd/ok/main.go': MAIN,
  });
  assert.deepEqual(readGoWorkspace(dir).mainPackages.map((m) => m.dir), ['./cmd/ok']);
});

test('a missing go.mod is a clear error', () => {
  const dir = tempModule({ 'main.go': MAIN });
  assert.throws(() => readGoWorkspace(dir), /No go\.mod in /);
});

test('an unreadable go.mod is a clear error', () => {
  const dir = tempModule({ 'go.mod/placeholder': '' }); // go.mod is a directory
  assert.throws(() => readGoWorkspace(dir), /Cannot read .*go\.mod/);
});

test('findModuleDir walks up to the nearest go.mod', () => {
  assert.equal(findModuleDir(path.join(fixture('cmd-layout'), 'cmd', 'api')), fixture('cmd-layout'));
  assert.equal(findModuleDir(path.join(fixture('cmd-layout'), 'examples', 'demo')), path.join(fixture('cmd-layout'), 'examples', 'demo'));
  assert.equal(findModuleDir(fs.mkdtempSync(path.join(os.tmpdir(), 'go-dockerfile-none-'))), undefined);
});

// --- GoFactsCache ------------------------------------------------------------------------------

test('factsFor returns the plain facts of the module above the Dockerfile', () => {
  const cache = new GoFactsCache();
  const facts = cache.factsFor(path.join(fixture('cmd-layout'), 'cmd', 'api', 'Dockerfile'));
  assert.deepEqual(facts, {
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

test('factsFor uses a go.mod in the Dockerfile\'s own directory', () => {
  const facts = new GoFactsCache().factsFor(path.join(fixture('sqlite-module'), 'Dockerfile'));
  assert.equal(facts?.modulePath, 'example.com/notes');
  assert.equal(facts?.needsCgo, true);
  assert.equal(facts?.cgoReason, 'github.com/mattn/go-sqlite3');
});

test('factsFor says "no module" outside any module', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-dockerfile-none-'));
  tempRoots.push(dir);
  assert.deepEqual(new GoFactsCache().factsFor(path.join(dir, 'Dockerfile')), {});
});

test('facts are cached per module until invalidated', () => {
  const dir = tempModule({ 'go.mod': 'module example.com/c\ngo 1.21\n', 'main.go': MAIN });
  const cache = new GoFactsCache();
  const first = cache.factsFor(path.join(dir, 'Dockerfile'));
  assert.equal(first?.goVersion, '1.21');
  // Dockerfiles in other directories of the same module share the entry.
  assert.equal(cache.factsFor(path.join(dir, 'deploy', 'Dockerfile')), first);

  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/c\ngo 1.23\n');
  assert.equal(cache.factsFor(path.join(dir, 'Dockerfile')), first, 'still cached: nothing was invalidated');

  cache.invalidate(path.join(dir, 'go.mod'));
  assert.equal(cache.factsFor(path.join(dir, 'Dockerfile'))?.goVersion, '1.23');
});

test('a .go change refreshes main packages and cgo need', () => {
  const dir = tempModule({ 'go.mod': 'module example.com/c\ngo 1.22\n', 'main.go': MAIN });
  const cache = new GoFactsCache();
  assert.equal(cache.factsFor(path.join(dir, 'Dockerfile'))?.needsCgo, false);
  const cgoFile = path.join(dir, 'cmd', 'tool', 'main.go');
  fs.mkdirSync(path.dirname(cgoFile), { recursive: true });
  fs.writeFileSync(cgoFile, 'package main\nimport "C"\nfunc main() {}\n');
  cache.invalidate(cgoFile);
  const facts = cache.factsFor(path.join(dir, 'Dockerfile'));
  assert.equal(facts?.needsCgo, true);
  assert.deepEqual(facts?.mainPackages, ['.', './cmd/tool']);
});

test('go.sum and vendor/modules.txt changes refresh their facts', () => {
  const dir = tempModule({ 'go.mod': 'module example.com/c\ngo 1.22\n', 'main.go': MAIN });
  const cache = new GoFactsCache();
  const dockerfile = path.join(dir, 'Dockerfile');
  assert.equal(cache.factsFor(dockerfile)?.hasGoSum, false);
  fs.writeFileSync(path.join(dir, 'go.sum'), '');
  cache.invalidate(path.join(dir, 'go.sum'));
  assert.equal(cache.factsFor(dockerfile)?.hasGoSum, true);
  fs.mkdirSync(path.join(dir, 'vendor'));
  fs.writeFileSync(path.join(dir, 'vendor', 'modules.txt'), '');
  cache.invalidate(path.join(dir, 'vendor', 'modules.txt'));
  assert.equal(cache.factsFor(dockerfile)?.vendored, true);
});

test('invalidating one module keeps the others cached', () => {
  const a = tempModule({ 'go.mod': 'module example.com/a\ngo 1.21\n' });
  const b = tempModule({ 'go.mod': 'module example.com/b\ngo 1.21\n' });
  const cache = new GoFactsCache();
  const factsB = cache.factsFor(path.join(b, 'Dockerfile'));
  cache.factsFor(path.join(a, 'Dockerfile'));
  fs.writeFileSync(path.join(b, 'go.mod'), 'module example.com/b\ngo 1.23\n');
  cache.invalidate(path.join(a, 'main.go'));
  assert.equal(cache.factsFor(path.join(b, 'Dockerfile')), factsB);
});

test('a new go.mod in a subdirectory moves the Dockerfile into the new module', () => {
  const root = tempModule({ 'go.mod': 'module example.com/outer\ngo 1.21\n', 'svc/main.go': MAIN });
  const cache = new GoFactsCache();
  const dockerfile = path.join(root, 'svc', 'Dockerfile');
  assert.equal(cache.factsFor(dockerfile)?.modulePath, 'example.com/outer');
  fs.writeFileSync(path.join(root, 'svc', 'go.mod'), 'module example.com/inner\ngo 1.22\n');
  cache.invalidate(path.join(root, 'svc', 'go.mod'));
  assert.equal(cache.factsFor(dockerfile)?.modulePath, 'example.com/inner');
  // The outer module no longer contains the svc program.
  assert.deepEqual(cache.factsFor(path.join(root, 'Dockerfile'))?.mainPackages, []);
});

test('a go.work change refreshes the modules below it', () => {
  const root = tempModule({ 'app/go.mod': 'module example.com/app\ngo 1.22\n' });
  const cache = new GoFactsCache();
  const dockerfile = path.join(root, 'app', 'Dockerfile');
  assert.equal(cache.factsFor(dockerfile)?.hasGoWork, false);
  fs.writeFileSync(path.join(root, 'go.work'), 'go 1.22\nuse ./app\n');
  cache.invalidate(path.join(root, 'go.work'));
  assert.equal(cache.factsFor(dockerfile)?.hasGoWork, true);
});

test('an unreadable go.mod gives no facts and recovers after invalidation', () => {
  const root = tempModule({ 'go.mod/placeholder': '' });
  const cache = new GoFactsCache();
  const dockerfile = path.join(root, 'Dockerfile');
  // go.mod is a directory here, so findModuleDir does not treat it as a module at all.
  assert.deepEqual(cache.factsFor(dockerfile), {});
  fs.rmSync(path.join(root, 'go.mod'), { recursive: true });
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/fixed\n');
  cache.invalidate(path.join(root, 'go.mod'));
  assert.equal(cache.factsFor(dockerfile)?.modulePath, 'example.com/fixed');
});

test('workspaceFor returns the full workspace, cached with the facts', () => {
  const cache = new GoFactsCache();
  const ws = cache.workspaceFor(sampleModule);
  assert.deepEqual(ws?.mainPackages.map((m) => m.binaryName), ['hello']);
  assert.equal(cache.workspaceFor(sampleModule), ws);
});
