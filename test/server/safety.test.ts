// Safety (issue 12): the language server executes nothing from a Dockerfile or the workspace, opens
// no connection, and reads nothing outside the workspace, however the Dockerfile, a Makefile, a
// script or .go-dockerfile.json point out of it. Every server test runs under guard-preload.cjs
// (child_process, sockets and DNS throw; TestClient.stop() fails on any attempt); this file also
// proves the guard works, and records every file the server reads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUILD_GRAPH_METHOD, SCAFFOLD_METHOD, WORKSPACE_INFO_METHOD } from '../../server/src/lsp/protocol.ts';
import { codes, ensureBuilt, fileUri, GO_MOD, GUARD_PRELOAD, MAIN_GO, makeDir, removeDir, REPO_ROOT, TestClient } from './helpers.ts';

before(() => ensureBuilt());

/** Files (not folders of the server's own code) that the fs log says were opened or listed. */
function readsIn(log: string, since = 0): string[] {
  return fs
    .readFileSync(log, 'utf8')
    .slice(since)
    .split('\n')
    .filter((line) => line.startsWith('read '))
    .map((line) => line.slice('read '.length))
    .filter((file) => !file.startsWith(REPO_ROOT + path.sep) && !file.startsWith('/proc/') && !file.startsWith('/dev/'));
}

describe('the guard itself', () => {
  test('a process under guard-preload.cjs cannot spawn, exec, fork or connect, and each attempt is recorded', () => {
    const dir = makeDir({});
    try {
      const log = path.join(dir, 'guard.log');
      const attempts = [
        "require('node:child_process').execSync('touch /tmp/never')",
        "require('node:child_process').spawn('make', ['build'])",
        "require('node:child_process').fork('x.js')",
        "require('node:net').connect(80, 'example.com')",
        "require('node:https').get('https://registry-1.docker.io/v2/')",
      ];
      for (const code of attempts) {
        const result = spawnSync(process.execPath, ['--require', GUARD_PRELOAD, '-e', code], { env: { ...process.env, GDF_GUARD_LOG: log }, encoding: 'utf8' });
        assert.notEqual(result.status, 0, `${code} must fail`);
        assert.match(result.stderr, /forbidden in the language server/, code);
      }
      assert.equal(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length, attempts.length);
    } finally {
      removeDir(dir);
    }
  });
});

describe('nothing from the workspace is run, nothing outside it is read', { timeout: 90_000 }, () => {
  let outside: string;
  let workspace: string;
  let fsLog: string;
  let client: TestClient;
  const marker = () => path.join(outside, 'PWNED');

  before(async () => {
    // A folder outside the workspace that looks like a Go module with a Makefile: if anything
    // followed a path out of the workspace, it would find something worth reading there.
    outside = makeDir({
      'go.mod': 'module example.com/secret\n\ngo 1.99\n',
      'main.go': MAIN_GO,
      'Makefile': 'build:\n\tCGO_ENABLED=1 go build -o /secret .\n',
      'passwd': 'root:x:0:0:root:/root:/bin/bash\n',
      '.go-dockerfile.json': '{ "rules": { "cgo-not-disabled": "off" } }\n',
    });
    const touch = `touch ${marker()}`;
    workspace = makeDir({
      'go.mod': GO_MOD,
      'main.go': MAIN_GO,
      // make would run $(shell …) while reading the Makefile; the server only reads it.
      'Makefile': `VERSION := $(shell ${touch})\nbuild:\n\t${touch}\n\tgo build -o /out/app .\n`,
      'build.sh': `#!/bin/sh\n${touch}\ngo build -o /out/app .\n`,
      'tools/go.mod': 'module example.com/tools\n\ngo 1.22\n',
      // Plain JSON: a value that would run if it were evaluated, and a context through a symlink out.
      '.go-dockerfile.json': JSON.stringify({ rules: { 'root-user': 'off' }, contexts: { 'linked.Dockerfile': 'out', 'evil.Dockerfile': 'require("child_process").execSync("' + touch + '")' } }),
      'Dockerfile': [
        'FROM golang:1.22 AS build',
        'WORKDIR /src',
        'COPY ../../etc/passwd /etc/passwd',
        `COPY ../${path.basename(outside)}/go.mod ./`,
        'COPY out/ ./',
        'COPY . .',
        'RUN make build',
        'RUN ./build.sh',
        'RUN sh scripts/../../build.sh',
        `RUN --mount=type=bind,source=out,target=/x make -C /x build`,
        'FROM scratch',
        'COPY --from=build /out/app /app',
        'ENTRYPOINT ["/app"]',
        '',
      ].join('\n'),
      'linked.Dockerfile': 'FROM golang:1.22 AS build\nCOPY . .\nRUN make build\nFROM scratch\nCOPY --from=build /secret /app\n',
      'evil.Dockerfile': 'FROM golang:1.22\nRUN go build -o /app .\n',
    });
    // Symlinks that lead out of the workspace: a folder and a file.
    fs.symlinkSync(outside, path.join(workspace, 'out'));
    fs.symlinkSync(path.join(outside, 'passwd'), path.join(workspace, 'passwd-link'));
    fs.symlinkSync(path.join(outside, 'Makefile'), path.join(workspace, 'tools', 'Makefile'));
    fsLog = path.join(os.tmpdir(), `gdf-fs-${process.pid}.log`);
    fs.writeFileSync(fsLog, '');
    client = await TestClient.start({ root: workspace, settings: {}, fsLog, initializationOptions: { statusNotifications: true } });
  });
  after(async () => {
    await client.stop();
    removeDir(workspace);
    removeDir(outside);
    fs.rmSync(fsLog, { force: true });
  });

  test('linting, hover, completion, fixes, the build graph and Generate read only inside the workspace and run nothing', async () => {
    for (const name of ['Dockerfile', 'linked.Dockerfile', 'evil.Dockerfile']) {
      const uri = fileUri(path.join(workspace, name));
      const text = fs.readFileSync(path.join(workspace, name), 'utf8');
      await client.open(uri, text);
      const first = await client.diagnosticsFor(uri, 1);
      // Let the Go facts land and the second publish (with them) arrive.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const latest = client.diagnostics.items.filter((p) => p.uri === uri).at(-1)!.diagnostics;
      assert.ok(Array.isArray(first) && Array.isArray(latest));
      if (name === 'linked.Dockerfile') {
        // The context symlinked out of the workspace is not followed: the outside config (cgo-not-disabled off) does not apply.
        assert.ok(!latest.some((d) => JSON.stringify(d.message).includes('1.99')), 'the go 1.99 of the outside module is never seen');
      }
      for (let line = 0; line < text.split('\n').length; line++) {
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 6 } });
      }
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 12 } });
      await client.codeActions(uri, latest, ['source.fixAll']);
      await client.codeActions(uri, latest);
      await client.request(BUILD_GRAPH_METHOD, { uri });
    }
    const info = await client.request<{ moduleDir: string; mainPackages: Array<{ path: string }> } | null>(WORKSPACE_INFO_METHOD, { dir: workspace });
    if (info) await client.request(SCAFFOLD_METHOD, { moduleDir: info.moduleDir, mainPackage: info.mainPackages[0]?.path ?? '.' });
    // Generate, asked about a folder of the workspace that is a symlink leading out, reads nothing there.
    // (A folder the client names outside any workspace is the user's own choice, like opening a file there.)
    for (const dir of [path.join(workspace, 'out'), path.join(workspace, 'out', 'go.mod')]) {
      const answer = await client.request<{ goVersion?: string; error?: string }>(WORKSPACE_INFO_METHOD, { dir });
      assert.ok(answer.goVersion !== '1.99', `workspaceInfo(${dir}) read the outside module: ${JSON.stringify(answer)}`);
      const generated = await client.request<{ dockerfile?: string; error?: string }>(SCAFFOLD_METHOD, { moduleDir: path.join(workspace, 'out'), mainPackage: '.' });
      assert.ok(!generated.dockerfile?.includes('1.99'), 'scaffold read the outside module');
    }

    assert.equal(fs.existsSync(marker()), false, 'nothing from the workspace ran');
    const reads = readsIn(fsLog);
    assert.ok(reads.some((file) => file.startsWith(workspace)), 'the fs log works: the workspace was read');
    const escaped = reads.filter((file) => !file.startsWith(workspace + path.sep) && file !== workspace);
    assert.deepEqual(escaped, [], 'files read outside the workspace');
    assert.deepEqual(client.forbiddenCalls(), []);
  });
});

describe('untitled and non-file documents', { timeout: 60_000 }, () => {
  test('are linted from their text alone: Dockerfile findings, no Go facts, no file-system reads', async () => {
    const workspace = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO, '.go-dockerfile.json': '{ "rules": { "single-stage": "off" } }' });
    const fsLog = path.join(workspace, '..', `gdf-fs-untitled-${process.pid}.log`);
    fs.writeFileSync(fsLog, '');
    const client = await TestClient.start({ root: workspace, settings: {}, fsLog });
    try {
      // Let start-up reads (its own files, the workspace folder) settle before measuring.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const since = fs.readFileSync(fsLog, 'utf8').length;
      const text = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n';
      for (const uri of ['untitled:Untitled-1', 'vscode-vfs://github/owner/repo/Dockerfile', `vscode-remote://ssh-remote+host${workspace}/Dockerfile`, 'git:/x/Dockerfile?%7B%7D']) {
        await client.open(uri, text);
        const diagnostics = await client.diagnosticsFor(uri, 1);
        // Dockerfile-only rules still speak (single-stage: the workspace config does not apply to them).
        assert.ok(codes(diagnostics).includes('single-stage'), `${uri}: ${JSON.stringify(codes(diagnostics))}`);
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
        await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 12 } });
        await client.codeActions(uri, diagnostics, ['source.fixAll']);
        await client.close(uri);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const log = fs.readFileSync(fsLog, 'utf8').slice(since);
      const touched = log
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(/^(read|stat) /, ''))
        .filter((file) => !file.startsWith(REPO_ROOT + path.sep));
      assert.deepEqual(touched, [], 'no file-system access for documents that are not files');
    } finally {
      await client.stop();
      removeDir(workspace);
      fs.rmSync(fsLog, { force: true });
    }
  });
});
