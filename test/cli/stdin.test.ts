// `go-dockerfile lint -`: a Dockerfile from standard input, named by --stdin-filename.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { MAX_FILE_BYTES } from '../../server/src/cli/files.ts';
import { CLI, copyModuleFixture, ensureBuilt, MODULE_FIXTURE, parseJsonFindings, removeDir, ruleIds, runCli, writeTree } from './helpers.ts';

const BAD = fs.readFileSync(path.join(MODULE_FIXTURE, 'Dockerfile.bad'), 'utf8');

before(ensureBuilt);

describe('lint -', () => {
  let dir: string;
  before(() => {
    dir = copyModuleFixture();
  });
  after(() => removeDir(dir));

  test('finds the same problems as linting the file, labelled <stdin>', () => {
    const fromFile = parseJsonFindings(runCli(['lint', '-f', 'json', 'Dockerfile.bad'], { cwd: dir }).stdout);
    const fromStdin = runCli(['lint', '-f', 'json', '-'], { cwd: dir, input: BAD });
    assert.equal(fromStdin.status, 1);
    const findings = parseJsonFindings(fromStdin.stdout);
    assert.deepEqual(
      findings.map(({ file, ...rest }) => rest),
      fromFile.map(({ file, ...rest }) => rest),
    );
    assert.ok(findings.every((finding) => finding.file === '<stdin>'));
    // The Go module of the working folder applies (module-cache-order needs its go.sum).
    assert.ok(findings.some((finding) => finding.ruleId === 'module-cache-order'));
  });

  test('--stdin-filename names the findings and picks the config and the Go module', () => {
    const outside = copyModuleFixture();
    try {
      writeTree(dir, { 'deploy/.go-dockerfile.json': JSON.stringify({ rules: { 'single-stage': 'error' } }) });
      // Run from a folder without a module: only the named path can lead to the module and the config.
      // The module is the repository's: Go facts never look above a Dockerfile's project root.
      fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
      const result = runCli(['lint', '-f', 'json', '-', '--stdin-filename', path.join(dir, 'deploy', 'Dockerfile.ci')], { cwd: path.join(outside, 'deploy'), input: BAD });
      const findings = parseJsonFindings(result.stdout);
      assert.ok(findings.length > 0);
      assert.ok(findings.every((finding) => finding.file === path.join(dir, 'deploy', 'Dockerfile.ci')), result.stdout);
      assert.equal(findings.find((finding) => finding.ruleId === 'single-stage')?.severity, 'error');
      assert.ok(findings.some((finding) => finding.ruleId === 'module-cache-order'));
      // A relative --stdin-filename is printed as given.
      const text = runCli(['lint', '-', '--stdin-filename', 'deploy/Dockerfile.ci'], { cwd: dir, input: BAD });
      assert.match(text.stdout, /^deploy\/Dockerfile\.ci:2:6: error single-stage /m);
    } finally {
      fs.rmSync(path.join(dir, 'deploy', '.go-dockerfile.json'));
      removeDir(outside);
    }
  });

  test('without a Go module around the named path, the Go-aware checks stay quiet', () => {
    const bare = copyModuleFixture();
    try {
      for (const file of ['go.mod', 'go.sum', 'main.go']) fs.rmSync(path.join(bare, file));
      const ids = ruleIds(runCli(['lint', '-f', 'json', '-', '--stdin-filename', 'Dockerfile'], { cwd: bare, input: BAD }).stdout);
      assert.ok(!ids.includes('module-cache-order'), ids.join());
    } finally {
      removeDir(bare);
    }
  });

  test('can be combined with files; each keeps its own label', () => {
    const result = runCli(['lint', '-f', 'json', 'cgo.Dockerfile', '-'], { cwd: dir, input: BAD });
    const files = new Set(parseJsonFindings(result.stdout).map((finding) => finding.file));
    assert.deepEqual([...files].sort(), ['<stdin>', 'cgo.Dockerfile']);
  });

  test('empty input is a clean Dockerfile', () => {
    const result = runCli(['lint', '-'], { cwd: dir, input: '' });
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '');
  });

  test('binary or oversized input is refused by name with exit 2', () => {
    const binary = runCli(['lint', '-', '--stdin-filename', 'Dockerfile'], { cwd: dir, input: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]) });
    assert.equal(binary.status, 2);
    assert.equal(binary.stderr, 'go-dockerfile: Dockerfile: binary file (contains NUL bytes), not a Dockerfile\n');
    // One byte over the limit: the CLI reads exactly that much, then refuses.
    const overByOne = 'FROM scratch\n' + '#'.repeat(MAX_FILE_BYTES + 1 - 'FROM scratch\n'.length);
    const big = runCli(['lint', '-'], { cwd: dir, input: overByOne });
    assert.equal(big.status, 2);
    assert.equal(big.stderr, 'go-dockerfile: <stdin>: input too large (the limit is 2 MB)\n');
    const atLimit = runCli(['lint', '-'], { cwd: dir, input: overByOne.slice(1) });
    assert.equal(atLimit.status, 0, atLimit.stderr);
  });

  test('an endless pipe is refused once the limit is read, not buffered', async () => {
    const child = spawn(process.execPath, [CLI, 'lint', '-'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The writer sees EPIPE once the CLI stops reading, as `yes | go-dockerfile lint -` would.
    child.stdin.on('error', () => undefined);
    const line = Buffer.from('# an endless comment line\n'.repeat(4096));
    let written = 0;
    const pump = () => {
      while (child.exitCode === null && written < 50 * MAX_FILE_BYTES) {
        written += line.length;
        if (!child.stdin.write(line)) return void child.stdin.once('drain', pump);
      }
    };
    pump();
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(status, 2);
    assert.equal(stderr, 'go-dockerfile: <stdin>: input too large (the limit is 2 MB)\n');
    assert.ok(written < 50 * MAX_FILE_BYTES, 'the CLI stopped before the writer did');
  });

  test('usage errors: --stdin-filename without -, and - twice', () => {
    const noDash = runCli(['lint', '--stdin-filename', 'Dockerfile', 'Dockerfile'], { cwd: dir });
    assert.equal(noDash.status, 2);
    assert.match(noDash.stderr, /--stdin-filename names the Dockerfile read from standard input; pass '-' to read it/);
    const twice = runCli(['lint', '-', '-'], { cwd: dir, input: BAD });
    assert.equal(twice.status, 2);
    assert.match(twice.stderr, /standard input \('-'\) can be given only once/);
  });
});

describe('fix -', () => {
  let dir: string;
  before(() => {
    dir = copyModuleFixture();
  });
  after(() => removeDir(dir));

  test('prints the fixed Dockerfile on stdout and what is left on stderr; writes no file', () => {
    const before = fs.readdirSync(dir).sort();
    const result = runCli(['fix', '-', '--stdin-filename', 'Dockerfile.bad'], { cwd: dir, input: BAD });
    assert.deepEqual(fs.readdirSync(dir).sort(), before);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile.bad'), 'utf8'), BAD);
    assert.match(result.stdout, /^COPY go\.mod go\.sum \.\/\nRUN go mod download\nCOPY \. \.$/m);
    assert.ok(!result.stdout.includes('problem'));
    // Linting the printed text finds nothing fixable left.
    const again = parseJsonFindings(runCli(['lint', '-f', 'json', '-', '--stdin-filename', 'Dockerfile.bad'], { cwd: dir, input: result.stdout }).stdout);
    assert.ok(again.every((finding) => !finding.fixable), JSON.stringify(again));
    assert.equal(result.status, again.length > 0 ? 1 : 0);
  });

  test('keeps CRLF line endings and a BOM', () => {
    const crlf = '\uFEFF' + BAD.replace(/\n/g, '\r\n');
    const result = runCli(['fix', '-', '--stdin-filename', 'Dockerfile.bad'], { cwd: dir, input: crlf });
    assert.ok(result.stdout.startsWith('\uFEFF'));
    assert.ok(!/[^\r]\n/.test(result.stdout), 'every line ends in CRLF');
    assert.match(result.stdout, /RUN go mod download\r\n/);
  });

  test('cannot be mixed with files, and --dry-run prints a diff instead', () => {
    const mixed = runCli(['fix', '-', 'Dockerfile.bad'], { cwd: dir, input: BAD });
    assert.equal(mixed.status, 2);
    assert.match(mixed.stderr, /'-' cannot be combined with other paths/);
    const diff = runCli(['fix', '--dry-run', '-', '--stdin-filename', 'Dockerfile.bad'], { cwd: dir, input: BAD });
    assert.match(diff.stdout, /^--- a\/Dockerfile\.bad\n\+\+\+ b\/Dockerfile\.bad\n/);
  });
});
