// The Go tokenizer, build constraints, and what one file tells the facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goTokens, unquoteGoString } from '../../server/src/go/lexer.ts';
import { evalConstraint, fileNameConstraint, parseConstraint, tagHolds, MAX_CONSTRAINT_TOKENS } from '../../server/src/go/constraints.ts';
import { embedPatterns, readGoSource } from '../../server/src/go/source.ts';

const kinds = (text: string) => [...goTokens(text)].map((t) => `${t.kind}:${t.value}`);

test('tokenizes identifiers, literals, operators and comments', () => {
  assert.deepEqual(kinds('x := "a\\tb" // c\n/* d */ y...z `r\\n` \'q\' 1.5e+3'), [
    'ident:x', 'op::', 'op:=', 'string:a\tb', 'comment:// c', 'comment:/* d */', 'ident:y', 'op:...', 'ident:z', 'string:r\\n', "rune:q", 'number:1.5e+3',
  ]);
});

test('a comment marker inside a string is not a comment, and a quote inside a comment is not a string', () => {
  assert.deepEqual(kinds('"// no" /* "no" */ x'), ['string:// no', 'comment:/* "no" */', 'ident:x']);
  assert.deepEqual(kinds('`/* raw */` y'), ['string:/* raw */', 'ident:y']);
});

test('unterminated literals and comments end at the line or the file, never throw', () => {
  assert.deepEqual(kinds('"abc\nx'), ['string:abc', 'ident:x']);
  assert.deepEqual(kinds('/* open'), ['comment:/* open']);
  assert.deepEqual(kinds('`open'), ['string:open']);
});

test('unquotes Go escapes', () => {
  assert.equal(unquoteGoString('a\\x2fb\\u00e9\\101\\n'), 'a/bé\x41\n');
  assert.equal(unquoteGoString('bad\\q'), 'bad\\q');
});

test('build constraints: ||, &&, ! and parentheses, with Go precedence', () => {
  const holds = (expr: string, tags: string[] = [], goarch = 'amd64', cgo = true): boolean => {
    const parsed = parseConstraint(expr);
    assert.ok(parsed.ok, expr);
    return evalConstraint(parsed.constraint, (tag) => tagHolds(tag, { goos: 'linux', goarch, cgo, tags: new Set(tags) }));
  };
  assert.equal(holds('linux && amd64'), true);
  assert.equal(holds('linux && arm64'), false);
  assert.equal(holds('linux && arm64', [], 'arm64'), true);
  assert.equal(holds('windows || linux && !cgo'), false);
  assert.equal(holds('windows || linux && !cgo', [], 'amd64', false), true);
  assert.equal(holds('(windows || linux) && !integration'), true);
  assert.equal(holds('(windows || linux) && !integration', ['integration']), false);
  assert.equal(holds('unix && gc && go1.21'), true);
  assert.equal(holds('!!linux'), true);
});

test('malformed constraints are errors, not guesses', () => {
  for (const expr of ['linux &&', '(linux', 'linux)', '&& linux', 'linux linux', '', 'a | b', '!']) {
    assert.equal(parseConstraint(expr).ok, false, expr);
  }
});

test('6,000 nested parentheses: an error, no stack overflow', () => {
  const parsed = parseConstraint('('.repeat(6000) + 'linux' + ')'.repeat(6000));
  assert.deepEqual(parsed, { ok: false, error: 'expression too large' });
  // Just under Go's limit, deep nesting still parses and evaluates without recursion.
  const depth = Math.floor((MAX_CONSTRAINT_TOKENS - 1) / 2);
  const deep = parseConstraint('('.repeat(depth) + 'linux' + ')'.repeat(depth));
  assert.ok(deep.ok);
  assert.equal(evalConstraint(deep.constraint, (t) => t === 'linux'), true);
  const file = readGoSource('//go:build ' + '('.repeat(6000) + 'linux\n\npackage main\n');
  assert.deepEqual(file.constraint, { error: 'expression too large' });
  assert.equal(file.packageName, 'main');
});

test('file-name constraints: _GOOS, _GOARCH, _GOOS_GOARCH, and _test', () => {
  assert.deepEqual(fileNameConstraint('sys_linux_arm64.go'), { goos: 'linux', goarch: 'arm64' });
  assert.deepEqual(fileNameConstraint('x_windows.go'), { goos: 'windows' });
  assert.deepEqual(fileNameConstraint('asm_amd64_test.go'), { goarch: 'amd64' });
  assert.deepEqual(fileNameConstraint('linux.go'), {});
  assert.deepEqual(fileNameConstraint('my_handler.go'), {});
});

test('reads imports with a real tokenizer: never from comments or strings', () => {
  const file = readGoSource(
    '// import "os/user"\npackage main\n\n/* import "net" */\nimport (\n\t"fmt" // "plugin"\n\tu `net/url`\n\t_ "embed"\n)\n\nvar s = "import \\"C\\""\n\nfunc main() { fmt.Println(s, u.URL{}) }\n',
  );
  assert.deepEqual(file.imports, [{ path: 'fmt' }, { path: 'net/url', name: 'u' }, { path: 'embed', name: '_' }]);
});

test('//go:embed patterns: plain, quoted and raw, only on directive lines', () => {
  const file = readGoSource('package web\n\nimport "embed"\n\n//go:embed static/* templates\n//go:embed "with space.txt" `raw.txt`\nvar fs embed.FS\n\n// see //go:embed docs\nvar x = "//go:embed not.txt"\n');
  assert.deepEqual(file.embeds, ['static/*', 'templates', 'with space.txt', 'raw.txt']);
  assert.deepEqual(embedPatterns(' all:assets "a\\"b"'), ['all:assets', 'a"b']);
});

test('time.LoadLocation with a zone name, an alias, a dot import, or $TZ', () => {
  assert.equal(readGoSource('package p\nimport "time"\nfunc f() { time.LoadLocation("Europe/Paris") }\n').loadsTimezone, true);
  assert.equal(readGoSource('package p\nimport t "time"\nfunc f() { t.LoadLocation(name) }\n').loadsTimezone, true);
  assert.equal(readGoSource('package p\nimport . "time"\nfunc f() { LoadLocation("Asia/Tokyo") }\n').loadsTimezone, true);
  assert.equal(readGoSource('package p\nimport "os"\nfunc f() string { return os.Getenv("TZ") }\n').loadsTimezone, true);
  assert.equal(readGoSource('package p\nimport "time"\nfunc f() { time.LoadLocation("UTC"); time.LoadLocation("Local") }\n').loadsTimezone, false);
  // Another package's LoadLocation, a comment, a string: no.
  assert.equal(readGoSource('package p\nimport ("time"; "x/tz")\nfunc f() { tz.LoadLocation("Europe/Paris"); _ = time.Now }\n// time.LoadLocation("Europe/Paris")\nvar s = "time.LoadLocation(\\"X\\")"\n').loadsTimezone, false);
});

test('net/http as a client, not only as a server', () => {
  assert.equal(readGoSource('package p\nimport "net/http"\nfunc f() { http.Get("https://x") }\n').httpClient, true);
  assert.equal(readGoSource('package p\nimport h "net/http"\nvar c = &h.Client{}\n').httpClient, true);
  assert.equal(readGoSource('package p\nimport "net/http"\nfunc f() { http.ListenAndServe(":80", nil) }\n').httpClient, false);
});

test('the body is read only as far as it matters, but listen ports are still found', () => {
  const file = readGoSource('package main\nimport "net/http"\nfunc main() { http.ListenAndServe(":8080", nil) } // :9999\n');
  assert.deepEqual(file.ports, [8080]);
});
