// .go-dockerfile.json as the server reads it (issue 7, parts 2 and 8): confined to the project root,
// size-capped, never blocking, never echoed, and found by the same rule as the CLI's.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { CGO_DOCKERFILE, codes, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, REPO_ROOT, removeDir, TestClient } from './helpers.ts';

before(() => ensureBuilt());

const SECRET = 'GITHUB_TOKEN=ghp_0123456789abcdefghij';
const OUTSIDE_ROOT = 'outside the workspace or repository (a symlink leading out of it is not followed)';

/** Stops the server, or kills it when it no longer answers (a regression that blocks its main thread). */
async function stopOrKill(client: TestClient): Promise<void> {
  const { child } = client;
  if (child.exitCode !== null || child.signalCode !== null) {
    client.connection.dispose();
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  // A server killed while a request is pending never answers it: stop() would wait forever.
  await Promise.race([client.stop(), exited.then(() => client.connection.dispose())]);
  clearTimeout(timer);
}

/** A workspace whose config file is made by `make`, with a Dockerfile that has a cgo-not-disabled finding. */
async function lintWithConfig(make: (config: string, outer: string) => void): Promise<{ codes: string[]; logs: string[]; alive: boolean }> {
  const outer = makeDir({ 'secret.json': `{"enable": false, "token": "${SECRET}"}`, 'secret.txt': `${SECRET}\n` });
  const ws = path.join(outer, 'ws');
  fs.mkdirSync(ws);
  fs.writeFileSync(path.join(ws, 'go.mod'), GO_MOD);
  fs.writeFileSync(path.join(ws, 'main.go'), MAIN_GO);
  fs.writeFileSync(path.join(ws, '.dockerignore'), '.git\n');
  make(path.join(ws, '.go-dockerfile.json'), outer);
  // 3 GB of address space: a server that reads /dev/zero to the end dies instead of filling the machine.
  const client = await TestClient.start({ root: ws, settings: {}, addressSpaceMb: 3000 });
  try {
    const uri = fileUri(path.join(ws, 'Dockerfile'));
    await client.open(uri, CGO_DOCKERFILE);
    const exited = new Promise<undefined>((resolve) => client.child.once('exit', () => resolve(undefined)));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 20_000)));
    const diagnostics = await Promise.race([client.diagnosticsFor(uri, 1), exited, timeout]);
    clearTimeout(timer);
    return {
      codes: diagnostics ? codes(diagnostics) : ['<no diagnostics: the server died or stopped answering>'],
      logs: client.logs.items.filter((line) => line.includes('.go-dockerfile.json')),
      alive: client.child.exitCode === null && client.child.signalCode === null,
    };
  } finally {
    await stopOrKill(client);
    removeDir(outer);
  }
}

describe('a .go-dockerfile.json that is not a config file', { timeout: 120_000, skip: process.platform === 'win32' }, () => {
  test('a symlink to /dev/zero is refused at once', async () => {
    const result = await lintWithConfig((config) => fs.symlinkSync('/dev/zero', config));
    assert.ok(result.alive);
    assert.deepEqual(result.codes, ['cgo-not-disabled']);
    assert.equal(result.logs.length, 1, result.logs.join('\n'));
    assert.ok(result.logs[0].endsWith(`.go-dockerfile.json: ${OUTSIDE_ROOT} (the file is ignored until it is fixed)`), result.logs[0]);
  });

  test('a FIFO does not block the server', async () => {
    const result = await lintWithConfig((config) => execFileSync('mkfifo', [config]));
    assert.ok(result.alive);
    assert.deepEqual(result.codes, ['cgo-not-disabled']);
    assert.match(result.logs.join('\n'), /\.go-dockerfile\.json: not a regular file/);
  });

  test('a symlink to a config outside the repository is not applied, nor quoted', async () => {
    const result = await lintWithConfig((config, outer) => fs.symlinkSync(path.join(outer, 'secret.json'), config));
    assert.deepEqual(result.codes, ['cgo-not-disabled']);
    assert.ok(!result.logs.join('\n').includes('GITHUB'), result.logs.join('\n'));
  });

  test('invalid JSON is located, not quoted', async () => {
    const result = await lintWithConfig((config) => fs.writeFileSync(config, `${SECRET}\n`));
    assert.deepEqual(result.codes, ['cgo-not-disabled']);
    assert.equal(result.logs.length, 1, result.logs.join('\n'));
    assert.match(result.logs[0], /\.go-dockerfile\.json: invalid JSON at line 1, column 1: expected a value \(the file is ignored until it is fixed\)$/);
  });

  test('a file over 64 KiB is not read', async () => {
    const result = await lintWithConfig((config) => fs.writeFileSync(config, `{"enable": false, "x": "${'a'.repeat(70_000)}"}`));
    assert.deepEqual(result.codes, ['cgo-not-disabled']);
    assert.match(result.logs.join('\n'), /file too large \(the limit is 65536 bytes\)/);
  });

  test('the valid parts of a file with a mistake still apply, and the mistake is logged', async () => {
    const result = await lintWithConfig((config) => fs.writeFileSync(config, JSON.stringify({ rules: { 'cgo-not-disabled': 'off', 'single-stage': SECRET } })));
    assert.deepEqual(result.codes, []);
    assert.equal(result.logs.length, 1, result.logs.join('\n'));
    assert.match(result.logs[0], /rule "single-stage": the severity must be one of off\|hint\|info\|warning\|error$/);
  });
});

describe('the server finds the config by the same rule as the CLI', { timeout: 120_000 }, () => {
  /** outer/.go-dockerfile.json turns everything off; the Go module and its Dockerfile are two levels below, with no .git anywhere. */
  function layout(): { outer: string; project: string; dockerfile: string } {
    const outer = makeDir({
      '.go-dockerfile.json': JSON.stringify({ enable: false, rules: { 'cgo-not-disabled': 'off' } }),
      'a/b/go.mod': GO_MOD,
      'a/b/main.go': MAIN_GO,
      'a/b/.dockerignore': '.git\n',
      'a/b/Dockerfile': CGO_DOCKERFILE,
    });
    const project = path.join(outer, 'a', 'b');
    return { outer, project, dockerfile: path.join(project, 'Dockerfile') };
  }

  function cliRuleIds(args: string[], cwd: string): string[] {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'lint', '-f', 'json', ...args], { cwd, encoding: 'utf8' });
    return (JSON.parse(result.stdout) as Array<{ ruleId: string }>).map((finding) => finding.ruleId);
  }

  for (const withFolder of [false, true]) {
    test(`a config two levels above the document is not used (${withFolder ? 'workspace folder at the module' : 'no workspace folder'})`, async () => {
      const { outer, project, dockerfile } = layout();
      const client = await TestClient.start({ settings: {}, ...(withFolder ? { root: project } : {}) });
      try {
        const uri = fileUri(dockerfile);
        await client.open(uri, fs.readFileSync(dockerfile, 'utf8'));
        const fromServer = codes(await client.diagnosticsFor(uri, 1));
        assert.deepEqual(fromServer, ['cgo-not-disabled']);
        // The CLI run from the same project folder agrees.
        assert.deepEqual(cliRuleIds(['Dockerfile'], project), fromServer);
      } finally {
        await stopOrKill(client);
        removeDir(outer);
      }
    });
  }

  test('a workspace folder that holds the config applies it, as the CLI run from there does', async () => {
    const { outer, dockerfile } = layout();
    const client = await TestClient.start({ settings: {}, root: outer });
    try {
      const uri = fileUri(dockerfile);
      await client.open(uri, fs.readFileSync(dockerfile, 'utf8'));
      assert.deepEqual(codes(await client.diagnosticsFor(uri, 1)), []);
      assert.deepEqual(cliRuleIds(['a/b/Dockerfile'], outer), []);
    } finally {
      await stopOrKill(client);
      removeDir(outer);
    }
  });
});
