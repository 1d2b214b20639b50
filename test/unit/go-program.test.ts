// Per-program facts: GoFacts.program(query) over a module index read through FileAccess.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFileAccess } from '../../server/src/files/node-access.ts';
import { ModuleIndex } from '../../server/src/go/module-index.ts';
import { programFacts } from '../../server/src/go/program.ts';
import { readModule } from '../../server/src/go/workspace.ts';
import type { ProgramQuery } from '../../server/src/engine/types.ts';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function writeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-program-'));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

async function indexOf(files: Record<string, string>, log?: (m: string) => void): Promise<{ root: string; index: ModuleIndex }> {
  const root = writeTree(files);
  return { root, index: await ModuleIndex.read(new NodeFileAccess(root), root, log ? { log } : {}) };
}

const q = (pkg: string, extra: Partial<ProgramQuery> = {}): ProgramQuery => ({ pkg, tags: [], cgo: true, ...extra });
const GO_MOD = 'module example.com/app\n\ngo 1.22\n';

test('a program that imports only fmt is settled as static: dynamicWithCgo no', async () => {
  const { index } = await indexOf({ 'go.mod': GO_MOD, 'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n' });
  const facts = programFacts(index.snapshot, q('.'))!;
  assert.equal(facts.dynamicWithCgo, 'no');
  assert.equal(facts.usesTLS, 'no');
  assert.equal(facts.loadsTimezones, 'no');
  assert.deepEqual(facts.packages, ['.']);
  assert.deepEqual(facts.modules, []);
  assert.equal(facts.binaryName, 'app');
  assert.equal(facts.dir, '.');
});

test('net (directly or through net/http, crypto/tls…) makes it dynamic with cgo', async () => {
  for (const imp of ['net', 'net/http', 'crypto/x509', 'os/user', 'plugin', 'archive/tar']) {
    const { index } = await indexOf({ 'go.mod': GO_MOD, 'main.go': `package main\n\nimport _ "${imp}"\n\nfunc main() {}\n` });
    assert.equal(programFacts(index.snapshot, q('.'))!.dynamicWithCgo, 'yes', imp);
  }
});

test('-tags netgo,osusergo make net and os/user pure Go; plugin stays dynamic', async () => {
  const { index } = await indexOf({ 'go.mod': GO_MOD, 'main.go': 'package main\n\nimport (\n\t_ "net"\n\t_ "os/user"\n)\n\nfunc main() {}\n' });
  assert.equal(programFacts(index.snapshot, q('.', { tags: ['netgo'] }))!.dynamicWithCgo, 'yes');
  assert.equal(programFacts(index.snapshot, q('.', { tags: ['netgo', 'osusergo'] }))!.dynamicWithCgo, 'no');
});

test('follows the module\'s own imports transitively, and only those the main package reaches', async () => {
  const { index } = await indexOf({
    'go.mod': GO_MOD,
    'cmd/api/main.go': 'package main\n\nimport "example.com/app/internal/server"\n\nfunc main() { server.Run() }\n',
    'cmd/tool/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n',
    'internal/server/server.go': 'package server\n\nimport "example.com/app/internal/store"\n\nfunc Run() { store.Open() }\n',
    'internal/store/store.go': 'package store\n\nimport _ "os/user"\n\nfunc Open() {}\n',
    'internal/unused/unused.go': 'package unused\n\nimport _ "plugin"\n',
  });
  const api = programFacts(index.snapshot, q('./cmd/api'))!;
  assert.deepEqual(api.packages, ['./cmd/api', './internal/server', './internal/store']);
  assert.equal(api.dynamicWithCgo, 'yes');
  assert.equal(api.binaryName, 'api');
  const tool = programFacts(index.snapshot, q('./cmd/tool'))!;
  assert.equal(tool.dynamicWithCgo, 'no');
  // The package argument is relative to where the command runs; an import path works too.
  assert.equal(programFacts(index.snapshot, q('./api', { dir: 'cmd' }))?.dir, './cmd/api');
  assert.equal(programFacts(index.snapshot, q('example.com/app/cmd/tool'))?.dir, './cmd/tool');
  // Not a main package, another module, or a tool at a version: no program facts.
  assert.equal(programFacts(index.snapshot, q('./internal/store')), undefined);
  assert.equal(programFacts(index.snapshot, q('github.com/other/tool')), undefined);
  assert.equal(programFacts(index.snapshot, q('example.com/app/cmd/tool@latest')), undefined);
  // ./... stands for every main package below: the union.
  const all = programFacts(index.snapshot, q('./...'))!;
  assert.equal(all.dynamicWithCgo, 'yes');
  assert.ok(all.packages.includes('./cmd/tool') && all.packages.includes('./internal/store'));
  assert.equal(all.binaryName, '');
});

test('a cgo file behind a build tag counts only with that tag', async () => {
  const { index } = await indexOf({
    'go.mod': GO_MOD,
    'main.go': 'package main\n\nfunc main() {}\n',
    'sqlite.go': '//go:build sqlite\n\npackage main\n\n// #include <stdio.h>\nimport "C"\n',
  });
  const plain = programFacts(index.snapshot, q('.'))!;
  assert.deepEqual(plain.cgoFiles, []);
  assert.equal(plain.dynamicWithCgo, 'no');
  const tagged = programFacts(index.snapshot, q('.', { tags: ['sqlite'] }))!;
  assert.deepEqual(tagged.cgoFiles, ['sqlite.go']);
  assert.equal(tagged.dynamicWithCgo, 'yes');
});

test('with cgo off, a cgo file is what the build lacks, unless a !cgo fallback exists', async () => {
  const { index } = await indexOf({
    'go.mod': GO_MOD,
    'main.go': 'package main\n\nimport "example.com/app/sum"\n\nfunc main() { sum.Of() }\n',
    'sum/sum.go': 'package sum\n\nimport "C"\n\nfunc Of() {}\n',
  });
  assert.deepEqual(programFacts(index.snapshot, q('.', { cgo: false }))!.cgoFiles, ['sum/sum.go']);
  fs.writeFileSync(path.join(index.snapshot.moduleDir, 'sum', 'sum_pure.go'), '//go:build !cgo\n\npackage sum\n\nfunc Of() {}\n');
  await index.update(path.join(index.snapshot.moduleDir, 'sum', 'sum_pure.go'));
  assert.deepEqual(programFacts(index.snapshot, q('.', { cgo: false }))!.cgoFiles, []);
  // With cgo on, the cgo file is compiled all the same.
  assert.deepEqual(programFacts(index.snapshot, q('.', { cgo: true }))!.cgoFiles, ['sum/sum.go']);
});

test('_test.go files are not part of the program', async () => {
  const { index } = await indexOf({
    'go.mod': GO_MOD,
    'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n',
    'main_test.go': 'package main\n\nimport (\n\t"net/http/httptest"\n\t"testing"\n)\n\nfunc TestX(t *testing.T) { _ = httptest.NewServer }\n',
  });
  assert.equal(programFacts(index.snapshot, q('.'))!.dynamicWithCgo, 'no');
});

test('GOARCH-specific files: by name suffix and by constraint; unknown GOARCH takes the union of amd64 and arm64', async () => {
  const { index } = await indexOf({
    'go.mod': GO_MOD,
    'main.go': 'package main\n\nfunc main() {}\n',
    'net_arm64.go': 'package main\n\nimport _ "net"\n',
    'user.go': '//go:build amd64\n\npackage main\n\nimport _ "os/user"\n',
    'plugin_386.go': 'package main\n\nimport _ "plugin"\n',
    'win_windows.go': 'package main\n\nimport "C"\n',
  });
  const arm = programFacts(index.snapshot, q('.', { goarch: 'arm64' }))!;
  assert.equal(arm.dynamicWithCgo, 'yes');
  const amd = programFacts(index.snapshot, q('.', { goarch: 'amd64', tags: ['osusergo'] }))!;
  assert.equal(amd.dynamicWithCgo, 'no', 'net_arm64.go is left out on amd64, os/user is pure with osusergo');
  assert.equal(programFacts(index.snapshot, q('.', { goarch: '386' }))!.dynamicWithCgo, 'yes');
  const any = programFacts(index.snapshot, q('.', { tags: ['osusergo'] }))!;
  assert.equal(any.dynamicWithCgo, 'yes', 'the union includes arm64');
  assert.deepEqual(any.cgoFiles, []);
});

test('third-party code makes the answer unknown, unless the module is known pure or known cgo', async () => {
  const mod = `${GO_MOD}\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n\tgithub.com/pkg/errors v0.9.1\n\tgithub.com/mattn/go-sqlite3 v1.14.22\n)\n`;
  const pure = await indexOf({ 'go.mod': mod, 'main.go': 'package main\n\nimport "github.com/pkg/errors"\n\nfunc main() { _ = errors.New }\n' });
  const pureFacts = programFacts(pure.index.snapshot, q('.'))!;
  assert.equal(pureFacts.dynamicWithCgo, 'no');
  assert.deepEqual(pureFacts.modules, ['github.com/pkg/errors']);
  const opaque = await indexOf({ 'go.mod': mod, 'main.go': 'package main\n\nimport "github.com/spf13/cobra"\n\nfunc main() { _ = cobra.Command{} }\n' });
  const opaqueFacts = programFacts(opaque.index.snapshot, q('.'))!;
  assert.equal(opaqueFacts.dynamicWithCgo, 'unknown');
  assert.equal(opaqueFacts.usesTLS, 'unknown');
  assert.equal(opaqueFacts.loadsTimezones, 'unknown');
  const cgo = await indexOf({ 'go.mod': mod, 'main.go': 'package main\n\nimport _ "github.com/mattn/go-sqlite3"\n\nfunc main() {}\n' });
  const cgoFacts = programFacts(cgo.index.snapshot, q('.'))!;
  assert.equal(cgoFacts.dynamicWithCgo, 'yes');
  assert.deepEqual(cgoFacts.cgoModules, ['github.com/mattn/go-sqlite3']);
});

test('a module path without a dot is the module\'s own code, not the standard library', async () => {
  const { index } = await indexOf({
    'go.mod': 'module myapp\n\ngo 1.22\n',
    'main.go': 'package main\n\nimport "myapp/db"\n\nfunc main() { db.Open() }\n',
    'db/db.go': 'package db\n\nimport _ "net"\n\nfunc Open() {}\n',
  });
  const facts = programFacts(index.snapshot, q('.'))!;
  assert.deepEqual(facts.packages, ['.', './db']);
  assert.equal(facts.dynamicWithCgo, 'yes');
});

test('TLS: an HTTP client or crypto/tls says yes; a server alone does not', async () => {
  const client = await indexOf({ 'go.mod': GO_MOD, 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.Get("https://example.com") }\n' });
  assert.equal(programFacts(client.index.snapshot, q('.'))!.usesTLS, 'yes');
  const server = await indexOf({ 'go.mod': GO_MOD, 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n' });
  const facts = programFacts(server.index.snapshot, q('.'))!;
  assert.equal(facts.usesTLS, 'no');
  assert.deepEqual(facts.ports, [8080]);
  const roots = await indexOf({ 'go.mod': `${GO_MOD}\nrequire golang.org/x/crypto v0.30.0\n`, 'main.go': 'package main\n\nimport _ "golang.org/x/crypto/x509roots/fallback"\n\nfunc main() {}\n' });
  assert.equal(programFacts(roots.index.snapshot, q('.'))!.embedsRootCAs, true);
});

test('time zones and time/tzdata, and //go:embed patterns with their package', async () => {
  const { index } = await indexOf({
    'go.mod': GO_MOD,
    'main.go': 'package main\n\nimport (\n\t"time"\n\t"example.com/app/web"\n)\n\nfunc main() { time.LoadLocation("Europe/Paris"); web.Serve() }\n',
    'web/web.go': 'package web\n\nimport "embed"\n\n//go:embed static templates/*.html\nvar files embed.FS\n\nfunc Serve() {}\n',
  });
  const facts = programFacts(index.snapshot, q('.'))!;
  assert.equal(facts.loadsTimezones, 'yes');
  assert.equal(facts.embedsTzdata, false);
  assert.equal(programFacts(index.snapshot, q('.', { tags: ['timetzdata'] }))!.embedsTzdata, true);
  assert.deepEqual(facts.embeds, [
    { dir: './web', pattern: 'static' },
    { dir: './web', pattern: 'templates/*.html' },
  ]);
});

test('a file that cannot be parsed is skipped and logged; the module and the program still count', async () => {
  const logged: string[] = [];
  const { index, root } = await indexOf(
    {
      'go.mod': GO_MOD,
      'main.go': 'package main\n\nfunc main() {}\n',
      'deep.go': '//go:build ' + '('.repeat(6000) + 'linux\n\npackage main\n\nimport _ "net"\n',
    },
    (m) => logged.push(m),
  );
  assert.equal(logged.length, 1);
  assert.match(logged[0], /deep\.go.*cannot parse its \/\/go:build line \(expression too large\)/);
  const facts = programFacts(index.snapshot, q('.'))!;
  assert.equal(facts.dynamicWithCgo, 'unknown', 'a skipped file may import anything');
  const { facts: moduleFacts } = await readModule(new NodeFileAccess(root), root);
  assert.deepEqual(moduleFacts.facts.mainPackages, ['.']);
});

test('one changed file is re-read alone, and the answer follows it', async () => {
  const { index } = await indexOf({
    'go.mod': GO_MOD,
    'main.go': 'package main\n\nimport "example.com/app/lib"\n\nfunc main() { lib.F() }\n',
    'lib/lib.go': 'package lib\n\nfunc F() {}\n',
  });
  const before = index.snapshot;
  assert.equal(programFacts(before, q('.'))!.dynamicWithCgo, 'no');
  const lib = path.join(before.moduleDir, 'lib', 'lib.go');
  fs.writeFileSync(lib, 'package lib\n\nimport _ "net"\n\nfunc F() {}\n');
  await index.update(lib);
  assert.notEqual(index.snapshot, before, 'a new snapshot');
  assert.equal(programFacts(before, q('.'))!.dynamicWithCgo, 'no', 'the old snapshot does not change under its readers');
  assert.equal(programFacts(index.snapshot, q('.'))!.dynamicWithCgo, 'yes');
  // main.go's entry is the same object: it was not read again.
  assert.equal(index.snapshot.files.get('main.go'), before.files.get('main.go'));
  fs.rmSync(lib);
  await index.update(lib);
  assert.equal(index.snapshot.dirs.has('lib'), false);
  assert.equal(programFacts(index.snapshot, q('.'))!.dynamicWithCgo, 'unknown', 'an own import that is gone is unknown code');
});
