import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConstraintHolds, fileNameExcludedOnLinux, readGoSource, stripGoComments } from '../../server/src/go/source.ts';
import { findListenPorts, portOfAddress } from '../../server/src/go/ports.ts';

const paths = (text: string): string[] => readGoSource(text).imports.map((i) => i.path);

test('reads the package clause after header comments and build constraints', () => {
  const file = readGoSource('// Copyright\n\n//go:build linux\n\n/* doc */\npackage main\n');
  assert.equal(file.packageName, 'main');
  assert.equal(file.buildConstraint, 'linux');
});

test('reads single, grouped, aliased, blank and dot imports', () => {
  const file = readGoSource(
    'package x\nimport "fmt"\nimport (\n\tstdlog "log"\n\t_ "embed"\n\t. "strings"\n\t"net/http" // server\n)\nimport `os`\n',
  );
  assert.deepEqual(file.imports, [
    { path: 'fmt' },
    { path: 'log', name: 'stdlog' },
    { path: 'embed', name: '_' },
    { path: 'strings', name: '.' },
    { path: 'net/http' },
    { path: 'os' },
  ]);
});

test('finds import "C" after a cgo preamble, alone or inside an import block', () => {
  assert.ok(paths('package p\n/*\n#include <stdio.h>\n*/\nimport "C"\nimport "unsafe"\n').includes('C'));
  assert.ok(paths('package p\nimport (\n\t"unsafe"\n\n\t// #include <stdlib.h>\n\t"C"\n)\n').includes('C'));
});

test('does not see imports inside comments or after the first declaration', () => {
  assert.deepEqual(paths('package p\n// import "C"\n/* import "os" */\nimport "fmt"\nfunc f() {}\nvar s = `\nimport "C"`\n'), ['fmt']);
});

test('a file without a package clause has no package name', () => {
  assert.equal(readGoSource('import "fmt"').packageName, undefined);
  assert.equal(readGoSource('').packageName, undefined);
});

test('keeps strings but blanks comments, preserving line structure', () => {
  const code = stripGoComments('a := "// not a comment" // gone\n/* x\ny */ b := \'/\'\n');
  assert.ok(code.includes('"// not a comment"'));
  assert.ok(!code.includes('gone'));
  assert.equal(code.split('\n').length, 4);
  assert.ok(code.includes("b := '/'"));
});

test('converts legacy +build lines into an expression', () => {
  const file = readGoSource('// +build linux,amd64 darwin\n// +build !windows\n\npackage p\n');
  assert.equal(file.buildConstraint, '((linux && amd64) || (darwin)) && ((!windows))');
  assert.equal(buildConstraintHolds(file.buildConstraint!), true);
});

test('evaluates build constraints for a Linux amd64/arm64 container build', () => {
  assert.equal(buildConstraintHolds('linux'), true);
  assert.equal(buildConstraintHolds('ignore'), false);
  assert.equal(buildConstraintHolds('windows || darwin'), false);
  assert.equal(buildConstraintHolds('!windows'), true);
  assert.equal(buildConstraintHolds('linux && !cgo'), false);
  assert.equal(buildConstraintHolds('linux && !cgo', false), true);
  assert.equal(buildConstraintHolds('(linux || darwin) && (amd64 || arm64)'), true);
  assert.equal(buildConstraintHolds('go1.21 && unix'), true);
  assert.equal(buildConstraintHolds('integration'), false);
  assert.equal(buildConstraintHolds('386'), false);
});

test('malformed constraints keep the file', () => {
  assert.equal(buildConstraintHolds('linux &&'), true);
  assert.equal(buildConstraintHolds('(windows'), true);
  assert.equal(buildConstraintHolds(''), true);
});

test('file name suffixes exclude other operating systems and architectures', () => {
  assert.equal(fileNameExcludedOnLinux('main_windows.go'), true);
  assert.equal(fileNameExcludedOnLinux('sys_darwin_arm64.go'), true);
  assert.equal(fileNameExcludedOnLinux('sys_linux_386.go'), true);
  assert.equal(fileNameExcludedOnLinux('sys_linux_arm64.go'), false);
  assert.equal(fileNameExcludedOnLinux('asm_amd64.go'), false);
  assert.equal(fileNameExcludedOnLinux('main.go'), false);
  assert.equal(fileNameExcludedOnLinux('windows.go'), false); // a bare GOOS name is not a suffix
  assert.equal(fileNameExcludedOnLinux('my_handler.go'), false);
});

test('reads ports from listen addresses', () => {
  assert.equal(portOfAddress(':8080'), 8080);
  assert.equal(portOfAddress('0.0.0.0:9000'), 9000);
  assert.equal(portOfAddress('[::]:443'), 443);
  assert.equal(portOfAddress('localhost:3000'), 3000);
  assert.equal(portOfAddress(':0'), undefined);
  assert.equal(portOfAddress(':99999'), undefined);
  assert.equal(portOfAddress('8080'), undefined);
  assert.equal(portOfAddress('unix:/tmp/sock'), undefined);
});

test('finds ports in listen calls of net/http, net, gin, echo and fiber', () => {
  assert.deepEqual(findListenPorts('http.ListenAndServe(":8080", nil)'), [8080]);
  assert.deepEqual(findListenPorts('srv.ListenAndServeTLS(":8443", "c", "k")'), [8443]);
  assert.deepEqual(findListenPorts('net.Listen("tcp", ":50051")'), [50051]);
  assert.deepEqual(findListenPorts('r.Run(":8081")\ne.Start("0.0.0.0:1323")\napp.Listen(":3000")'), [1323, 3000, 8081]);
});

test('finds ports in http.Server literals, listen flags and PORT defaults', () => {
  assert.deepEqual(findListenPorts('srv := &http.Server{\n\tAddr: ":9000",\n\tHandler: mux,\n}'), [9000]);
  assert.deepEqual(findListenPorts('addr := flag.String("addr", ":7000", "listen address")'), [7000]);
  assert.deepEqual(findListenPorts('flag.IntVar(&port, "port", 7100, "port")'), [7100]);
  assert.deepEqual(findListenPorts('port := os.Getenv("PORT")\nif port == "" {\n\tport = "5000"\n}'), [5000]);
  assert.deepEqual(findListenPorts('port := cmp.Or(os.Getenv("PORT"), "5001")'), [5001]);
  assert.deepEqual(findListenPorts('p := os.Getenv("PORT")\nport := getEnv("PORT", "5002")'), [5002]);
});

test('ignores addresses that are not listen addresses', () => {
  assert.deepEqual(findListenPorts('rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})'), []);
  assert.deepEqual(findListenPorts('http.ListenAndServe(":"+port, nil)'), []);
  assert.deepEqual(findListenPorts('cmd.Run("make")'), []);
  assert.deepEqual(findListenPorts('conn, _ := net.Dial("tcp", "db:5432")'), []);
  // A default without a PORT lookup in the file is just an empty-string check.
  assert.deepEqual(findListenPorts('if port == "" {\n\tport = "5000"\n}'), []);
});
