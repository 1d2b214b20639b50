import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareGoVersions, parseGoMod } from '../../server/src/go/index.ts';

test('reads module path, go line and toolchain line without its go prefix', () => {
  const mod = parseGoMod('module example.com/hello\n\ngo 1.22.3\n\ntoolchain go1.23.1\n');
  assert.equal(mod.modulePath, 'example.com/hello');
  assert.equal(mod.goVersion, '1.22.3');
  assert.equal(mod.toolchainVersion, '1.23.1');
  assert.deepEqual(mod.requires, []);
});

test('keeps a two-part go line as written', () => {
  assert.equal(parseGoMod('module m\ngo 1.22\n').goVersion, '1.22');
});

test('accepts release-candidate versions', () => {
  const mod = parseGoMod('module m\ngo 1.21rc2\ntoolchain go1.21rc3\n');
  assert.equal(mod.goVersion, '1.21rc2');
  assert.equal(mod.toolchainVersion, '1.21rc3');
});

test('reads a quoted module path', () => {
  assert.equal(parseGoMod('module "example.com/quoted"\n').modulePath, 'example.com/quoted');
  assert.equal(parseGoMod('module `example.com/raw`\n').modulePath, 'example.com/raw');
});

test('reads single-line requires with an indirect marker', () => {
  const mod = parseGoMod('module m\nrequire github.com/a/b v1.2.3\nrequire github.com/c/d v0.1.0 // indirect\n');
  assert.deepEqual(mod.requires, [
    { path: 'github.com/a/b', version: 'v1.2.3', indirect: false },
    { path: 'github.com/c/d', version: 'v0.1.0', indirect: true },
  ]);
});

test('reads require blocks with comments, blank lines and indirect markers', () => {
  const mod = parseGoMod(
    [
      'module m',
      '',
      'require (',
      '\t// the database driver',
      '\tgithub.com/mattn/go-sqlite3 v1.14.22',
      '',
      '\tgolang.org/x/sys v0.20.0 // indirect',
      '\tgithub.com/x/y v1.0.0 // indirect; needed by z',
      '\tgithub.com/p/q v2.0.0+incompatible // pinned: see issue 12',
      ')',
      '',
      'require github.com/late/one v1.0.0',
    ].join('\n'),
  );
  assert.deepEqual(mod.requires, [
    { path: 'github.com/mattn/go-sqlite3', version: 'v1.14.22', indirect: false },
    { path: 'golang.org/x/sys', version: 'v0.20.0', indirect: true },
    { path: 'github.com/x/y', version: 'v1.0.0', indirect: true },
    { path: 'github.com/p/q', version: 'v2.0.0+incompatible', indirect: false },
    { path: 'github.com/late/one', version: 'v1.0.0', indirect: false },
  ]);
});

test('does not mistake replace and exclude blocks for requirements', () => {
  const mod = parseGoMod(
    [
      'module m',
      'replace (',
      '\tgithub.com/a/b v1.0.0 => ../b',
      ')',
      'replace github.com/c/d => github.com/e/d v1.1.0',
      'exclude github.com/f/g v0.0.1',
      'retract [v1.0.0, v1.0.5]',
      'require github.com/h/i v1.0.0',
    ].join('\n'),
  );
  assert.deepEqual(mod.requires.map((r) => r.path), ['github.com/h/i']);
});

test('ignores comments that look like directives', () => {
  const mod = parseGoMod('// module example.com/wrong\nmodule example.com/right // trailing\n/* go 1.99 */\ngo 1.21\n');
  assert.equal(mod.modulePath, 'example.com/right');
  assert.equal(mod.goVersion, '1.21');
});

test('handles CRLF line endings and a BOM', () => {
  const mod = parseGoMod('\uFEFFmodule example.com/crlf\r\n\r\ngo 1.22\r\nrequire (\r\n\tgithub.com/a/b v1.0.0 // indirect\r\n)\r\n');
  assert.equal(mod.modulePath, 'example.com/crlf');
  assert.equal(mod.goVersion, '1.22');
  assert.deepEqual(mod.requires, [{ path: 'github.com/a/b', version: 'v1.0.0', indirect: true }]);
});

test('returns what it can from garbage and never throws', () => {
  const inputs = ['', '\0\0\0binary', 'require (', ')))(((', 'go', 'module', 'toolchain default', 'go banana\nmodule ok/m', '"unterminated', '`raw'];
  for (const input of inputs) {
    assert.doesNotThrow(() => parseGoMod(input), input);
  }
  const mod = parseGoMod('go banana\nmodule ok/m\ntoolchain local\n');
  assert.equal(mod.modulePath, 'ok/m');
  assert.equal(mod.goVersion, undefined);
  assert.equal(mod.toolchainVersion, undefined);
});

test('an unterminated require block keeps the requirements it has', () => {
  const mod = parseGoMod('module m\nrequire (\n\tgithub.com/a/b v1.0.0\n');
  assert.deepEqual(mod.requires.map((r) => r.path), ['github.com/a/b']);
});

test('the first module and go lines win over later duplicates', () => {
  const mod = parseGoMod('module first/m\nmodule second/m\ngo 1.20\ngo 1.23\n');
  assert.equal(mod.modulePath, 'first/m');
  assert.equal(mod.goVersion, '1.20');
});

test('compares Go versions numerically, a two-part version before its .0 release', () => {
  assert.ok(compareGoVersions('1.9', '1.10') < 0);
  assert.ok(compareGoVersions('1.22.10', '1.22.9') > 0);
  assert.ok(compareGoVersions('1.22', '1.22.0') < 0);
  assert.equal(compareGoVersions('1.21.3', '1.21.3'), 0);
});

test('syntax errors: the first one the go command would stop at, with its line; valid files have none', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['module m\ngo 1.22\nrequire (\n\tgithub.com/a/b v1.0.0\n', 3, /require block opened here is not closed/],
    ['module m\ngo one.two\n', 2, /invalid go version 'one.two'/],
    ['module m\ngo 1.22\nfrobnicate x\n', 3, /unknown directive: frobnicate/],
    ['module m\n)\n', 2, /unexpected "\)"/],
    ['module\ngo 1.22\n', 1, /usage: module/],
    ['module m\nrequire github.com/a/b\n', 2, /usage: require/],
    ['module m\nrequire (\n\tgithub.com/a/b v1 extra\n)\n', 3, /usage: require/],
    ['module m\nreplace github.com/a/b ../b\n', 2, /usage: replace/],
    ['module m\nnope (\n)\n', 2, /unknown block type: nope/],
  ];
  for (const [text, line, message] of cases) {
    const error = parseGoMod(text).syntaxError;
    assert.ok(error, JSON.stringify(text));
    assert.equal(error.line, line, JSON.stringify(text));
    assert.match(error.message, message);
  }
  for (const valid of [
    'module example.com/m // the module\n\ngo 1.22.3\n\ntoolchain go1.23.1\n',
    '\uFEFFmodule "example.com/m"\r\ngo 1.21rc2\r\n',
    'module m\ngo 1.22\ngodebug default=go1.21\nrequire (\n\tgithub.com/a/b v1.0.0 // indirect\n\n\t// note\n)\nexclude github.com/c/d v0.1.0\nreplace github.com/a/b v1.0.0 => ../b\nreplace (\n\tgithub.com/e/f => github.com/g/f v1.2.3\n)\nretract [v1.0.0, v1.0.5]\ntool golang.org/x/tools/cmd/stringer\n/* a block\ncomment */\n',
  ]) {
    assert.equal(parseGoMod(valid).syntaxError, undefined, valid);
  }
});
