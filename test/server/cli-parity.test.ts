// The CLI and the language server give the same findings on the same tree: same rules, severities,
// messages and ranges, with the same .go-dockerfile.json (severities and `contexts`), the same Go
// facts, inline suppressions, CRLF files and the file names of the CLI's folder walk.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { JsonFinding } from '../../server/src/cli/format-json.ts';
import { isDockerfileName } from '../../server/src/cli/dockerfile-names.ts';
import { ensureBuilt, fileUri, REPO_ROOT, TestClient } from './helpers.ts';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol.ts';
import { dockerfileText, garbageText } from '../fuzz/generators.ts';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'parity-tree');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

/** One finding as both shells can express it: 1-based positions, as the CLI prints them. */
type Comparable = Pick<JsonFinding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'ruleId' | 'severity' | 'message'>;

function fromCli(finding: JsonFinding): Comparable {
  const { file, line, column, endLine, endColumn, ruleId, severity, message } = finding;
  return { file, line, column, endLine, endColumn, ruleId, severity, message };
}

function fromServer(file: string, diagnostic: Diagnostic): Comparable {
  const { start, end } = diagnostic.range;
  return {
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    ruleId: String(diagnostic.code),
    severity: SEVERITY[diagnostic.severity ?? 0],
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  };
}

const order = (a: Comparable, b: Comparable) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);


/**
 * The server's findings for each file of `tree`, opened one by one. The server publishes before its
 * Go facts are read and again when they land; the status notifications say when it is done (idle),
 * and the last publish is the one with the facts.
 */
async function findingsOfServer(root: string, files: readonly string[]): Promise<Comparable[]> {
  const client = await TestClient.start({ root, settings: {}, initializationOptions: { statusNotifications: true } });
  const idles: number[] = [];
  let idleWaiter: (() => void) | undefined;
  client.connection.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
    if (params.state !== 'idle') return;
    idles.push(client.diagnostics.items.length);
    idleWaiter?.();
  });
  const idleAfter = (published: number): Promise<void> =>
    idles.some((seen) => seen >= published) ? Promise.resolve() : new Promise((resolve) => (idleWaiter = () => idles.some((seen) => seen >= published) && resolve()));
  const serverFindings: Comparable[] = [];
  try {
    for (const file of files) {
      const uri = fileUri(path.join(root, file));
      const since = client.diagnostics.items.length;
      await client.open(uri, fs.readFileSync(path.join(root, file), 'utf8'));
      await client.diagnosticsFor(uri, 1);
      await idleAfter(client.diagnostics.items.length);
      const diagnostics = client.diagnostics.items.slice(since).filter((p) => p.uri === uri && p.version === 1).at(-1)!.diagnostics;
      serverFindings.push(...diagnostics.filter((d) => d.source === 'go-dockerfile').map((d) => fromServer(file, d)));
    }
  } finally {
    await client.stop();
  }
  return serverFindings;
}

let tree: string;
before(() => {
  ensureBuilt();
  // A repository of its own, so both shells take the tree as the project root.
  tree = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-parity-')));
  fs.cpSync(FIXTURE, tree, { recursive: true });
  fs.mkdirSync(path.join(tree, '.git'));
  fs.writeFileSync(path.join(tree, '.git', 'HEAD'), 'ref: refs/heads/main\n');
});
after(() => fs.rmSync(tree, { recursive: true, force: true }));

test('lint -r . and the server opening each Dockerfile report the same findings', async () => {
  const cli = spawnSync(process.execPath, [CLI, 'lint', '-r', '-f', 'json', '.'], { cwd: tree, encoding: 'utf8' });
  assert.equal(cli.stderr, '');
  const cliFindings = (JSON.parse(cli.stdout) as JsonFinding[]).map(fromCli).sort(order);

  // The Dockerfiles of the tree, less the one in the git-ignored generated/ that the walk skips.
  const dockerfiles = (fs.readdirSync(tree, { recursive: true }) as string[])
    .map((entry) => entry.split(path.sep).join('/'))
    .filter((entry) => isDockerfileName(path.posix.basename(entry)) && !entry.startsWith('generated/'))
    .sort();
  assert.deepEqual(dockerfiles, ['docker/api.Dockerfile', 'dockerfiles/Dockerfile_clean', 'services/api/Dockerfile', 'services/worker/Dockerfile-for-worker', 'tools/Containerfile.crlf']);

  const serverFindings = (await findingsOfServer(tree, dockerfiles)).sort(order);

  // The tree exercises what could make the shells differ: the config's severity and contexts, Go facts, suppressions, CRLF.
  const ids = cliFindings.map((f) => `${f.file} ${f.ruleId} ${f.severity}`);
  for (const expected of [
    'docker/api.Dockerfile single-stage error',
    'docker/api.Dockerfile module-cache-order warning',
    'services/api/Dockerfile cgo-not-disabled error',
    'services/worker/Dockerfile-for-worker alpine-cgo error',
    'tools/Containerfile.crlf cgo-not-disabled error',
  ]) {
    assert.ok(ids.includes(expected), `${expected} in ${ids.join('; ')}`);
  }
  assert.ok(!ids.some((id) => id.startsWith('services/worker/Dockerfile-for-worker module-cache-order')), 'the global ignore comment holds');
  assert.deepEqual(serverFindings, cliFindings);
});

test('on generated Dockerfiles (fixed seed), the CLI and the server report the same findings', async () => {
  // A Go module of its own, with Dockerfile-shaped and garbage inputs from the fuzz generators.
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-parity-gen-')));
  try {
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.22.3\n');
    fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n');
    const texts = [
      ...fc.sample(dockerfileText, { seed: 1129, numRuns: 120 }),
      ...fc.sample(garbageText.filter((t) => t.length < 20_000), { seed: 1129, numRuns: 30 }),
    ];
    const files = texts.map((_, i) => `gen${String(i).padStart(2, '0')}.Dockerfile`);
    // Written as UTF-8, as an editor saves them; both shells then read the same bytes.
    texts.forEach((text, i) => fs.writeFileSync(path.join(dir, files[i]), text));
    const cli = spawnSync(process.execPath, [CLI, 'lint', '-f', 'json', '--failure-threshold', 'none', ...files], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    // Files the CLI cannot lint (binary-looking garbage) are named on stderr; the server skips them too.
    const skipped = new Set(files.filter((f) => cli.stderr.includes(f)));
    const cliFindings = (JSON.parse(cli.stdout) as JsonFinding[]).map(fromCli).sort(order);
    const serverFindings = (await findingsOfServer(dir, files)).sort(order);
    assert.ok(cliFindings.length > 20, `the generated files give findings to compare (${cliFindings.length})`);
    assert.ok(skipped.size < files.length / 2, cli.stderr);
    assert.deepEqual(serverFindings, cliFindings);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
