// `go-dockerfile fix` and `lint --fix`: what is written, byte for byte, and that nothing is lost on failure.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertGolden,
  copyModuleFixture,
  ensureBuilt,
  FIXTURES,
  makeSharedTempDir,
  MODULE_FIXTURE,
  parseJsonFindings,
  removeDir,
  ruleIds,
  runCli,
  runCliUnprivileged,
  unprivilegedSkipReason,
} from './helpers.ts';

const BAD = fs.readFileSync(path.join(MODULE_FIXTURE, 'Dockerfile.bad'), 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

before(ensureBuilt);

/** What `fix` makes of Dockerfile.bad with LF endings and no BOM: the reference for the other shapes. */
function fixedReference(): string {
  const dir = copyModuleFixture();
  try {
    const result = runCli(['fix', 'Dockerfile.bad'], { cwd: dir });
    assert.notEqual(result.status, 2, result.stderr);
    return fs.readFileSync(path.join(dir, 'Dockerfile.bad'), 'utf8');
  } finally {
    removeDir(dir);
  }
}

describe('fix', () => {
  let dir: string;
  let reference: string;
  before(() => {
    dir = copyModuleFixture();
    reference = fixedReference();
  });
  after(() => removeDir(dir));

  test('rewrites the file so the fixable findings are gone', () => {
    const before = parseJsonFindings(runCli(['lint', '-f', 'json', 'Dockerfile.bad'], { cwd: dir }).stdout);
    assert.ok(before.some((finding) => finding.fixable), 'the fixture must have fixable findings');
    const result = runCli(['fix', '-f', 'json', 'Dockerfile.bad'], { cwd: dir });
    assert.notEqual(fs.readFileSync(path.join(dir, 'Dockerfile.bad'), 'utf8'), BAD);
    const remaining = parseJsonFindings(result.stdout);
    assert.ok(remaining.every((finding) => !finding.fixable), JSON.stringify(remaining));
    assert.match(result.stderr, /^Dockerfile\.bad: fixed \d+ problems?\n$/);
    // What fix reports as left is what a new lint finds.
    assert.deepEqual(parseJsonFindings(runCli(['lint', '-f', 'json', 'Dockerfile.bad'], { cwd: dir }).stdout), remaining);
  });

  test('fixing again changes nothing', () => {
    const once = fs.readFileSync(path.join(dir, 'Dockerfile.bad'));
    const result = runCli(['fix', 'Dockerfile.bad'], { cwd: dir });
    assert.equal(result.stderr, '');
    assert.deepEqual(fs.readFileSync(path.join(dir, 'Dockerfile.bad')), once);
  });

  test('lint --fix does the same as fix', () => {
    const other = copyModuleFixture();
    try {
      runCli(['lint', '--fix', 'Dockerfile.bad'], { cwd: other });
      assert.equal(fs.readFileSync(path.join(other, 'Dockerfile.bad'), 'utf8'), reference);
    } finally {
      removeDir(other);
    }
  });

  test('the exit code reflects the findings left after fixing', () => {
    const other = copyModuleFixture();
    try {
      const result = runCli(['fix', '-f', 'json', 'Dockerfile.bad'], { cwd: other });
      const remaining = parseJsonFindings(result.stdout);
      const failing = remaining.some((finding) => finding.severity === 'error' || finding.severity === 'warning');
      assert.equal(result.status, failing ? 1 : 0);
    } finally {
      removeDir(other);
    }
  });

  test('leaves a clean file untouched, including its modification time', () => {
    const file = path.join(dir, 'Dockerfile');
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, past, past);
    const result = runCli(['fix', 'Dockerfile'], { cwd: dir });
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
    assert.equal(fs.statSync(file).mtimeMs, past.getTime());
  });
});

describe('fix keeps the shape of the file', () => {
  let reference: string;
  let dir: string;
  before(() => {
    reference = fixedReference();
    dir = copyModuleFixture();
  });
  after(() => removeDir(dir));

  test('CRLF line endings stay CRLF, byte for byte', () => {
    const file = path.join(dir, 'Dockerfile.bad');
    fs.writeFileSync(file, BAD.replace(/\n/g, '\r\n'));
    runCli(['fix', 'Dockerfile.bad'], { cwd: dir });
    assert.deepEqual(fs.readFileSync(file), Buffer.from(reference.replace(/\n/g, '\r\n')));
  });

  test('a UTF-8 BOM stays, byte for byte', () => {
    const file = path.join(dir, 'Dockerfile.bad');
    fs.writeFileSync(file, Buffer.concat([BOM, Buffer.from(BAD)]));
    runCli(['fix', 'Dockerfile.bad'], { cwd: dir });
    assert.deepEqual(fs.readFileSync(file), Buffer.concat([BOM, Buffer.from(reference)]));
  });

  test('a BOM and CRLF together both stay', () => {
    const file = path.join(dir, 'Dockerfile.bad');
    fs.writeFileSync(file, Buffer.concat([BOM, Buffer.from(BAD.replace(/\n/g, '\r\n'))]));
    runCli(['fix', 'Dockerfile.bad'], { cwd: dir });
    assert.deepEqual(fs.readFileSync(file), Buffer.concat([BOM, Buffer.from(reference.replace(/\n/g, '\r\n'))]));
  });

  test('a BOM does not shift the reported columns of the first line', () => {
    // The engine counts a BOM as a character; editors do not show it, so the CLI strips it first.
    const file = path.join(dir, 'Dockerfile.bad');
    const startsWithFrom = BAD.slice(BAD.indexOf('FROM '));
    fs.writeFileSync(file, Buffer.concat([BOM, Buffer.from(startsWithFrom)]));
    const findings = parseJsonFindings(runCli(['lint', '-f', 'json', 'Dockerfile.bad'], { cwd: dir }).stdout);
    const singleStage = findings.find((finding) => finding.ruleId === 'single-stage');
    assert.deepEqual([singleStage?.line, singleStage?.column], [1, 'FROM '.length + 1]);
  });

  test('the file mode stays', () => {
    const file = path.join(dir, 'Dockerfile.bad');
    fs.writeFileSync(file, BAD);
    fs.chmodSync(file, 0o640);
    runCli(['fix', 'Dockerfile.bad'], { cwd: dir });
    assert.equal(fs.readFileSync(file, 'utf8'), reference);
    assert.equal(fs.statSync(file).mode & 0o7777, 0o640);
  });

  test('a symlinked Dockerfile stays a symlink and its target is fixed', () => {
    const target = path.join(dir, 'Dockerfile.bad');
    const link = path.join(dir, 'Dockerfile.link');
    fs.writeFileSync(target, BAD);
    fs.symlinkSync('Dockerfile.bad', link);
    try {
      runCli(['fix', 'Dockerfile.link'], { cwd: dir });
      assert.ok(fs.lstatSync(link).isSymbolicLink());
      assert.equal(fs.readFileSync(target, 'utf8'), reference);
    } finally {
      fs.rmSync(link);
    }
  });

  test('the atomic write leaves no temporary files behind', () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile.bad'), BAD);
    const before = fs.readdirSync(dir).sort();
    runCli(['fix', 'Dockerfile.bad'], { cwd: dir });
    assert.deepEqual(fs.readdirSync(dir).sort(), before);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile.bad'), 'utf8'), reference);
  });
});

describe('fix in a folder it cannot write to', () => {
  let dir: string;
  before(() => {
    dir = makeSharedTempDir();
    fs.cpSync(MODULE_FIXTURE, dir, { recursive: true });
    // The file may be written; the folder, where the temporary file goes, may not. Readable and
    // searchable by everyone, since the CLI runs as nobody when the tests run as root.
    fs.chmodSync(path.join(dir, 'Dockerfile.bad'), 0o666);
    fs.chmodSync(dir, 0o555);
  });
  after(() => removeDir(dir));

  test('reports the error, exits 2 and keeps the original file', (t) => {
    const skip = unprivilegedSkipReason();
    if (skip) return t.skip(skip);
    const before = fs.readdirSync(dir).sort();
    const result = runCliUnprivileged(['fix', 'Dockerfile.bad'], { cwd: dir });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'go-dockerfile: Dockerfile.bad: cannot write: permission denied\n');
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile.bad'), 'utf8'), BAD);
    assert.deepEqual(fs.readdirSync(dir).sort(), before);
  });
});

describe('fix --dry-run', () => {
  test('prints a unified diff and writes nothing', () => {
    const file = path.join(MODULE_FIXTURE, 'Dockerfile.bad');
    const before = fs.readFileSync(file);
    const result = runCli(['fix', '--dry-run', 'module/Dockerfile.bad'], { cwd: FIXTURES });
    assert.deepEqual(fs.readFileSync(file), before);
    assert.match(result.stdout, /^--- a\/module\/Dockerfile\.bad\n\+\+\+ b\/module\/Dockerfile\.bad\n@@ /);
    assertGolden('fix-dry-run.diff', result.stdout);
  });

  test('the diff turns the file into what fix writes', () => {
    const dir = copyModuleFixture();
    try {
      const diff = runCli(['fix', '--dry-run', 'Dockerfile.bad'], { cwd: dir }).stdout;
      runCli(['fix', 'Dockerfile.bad'], { cwd: dir });
      const fixed = fs.readFileSync(path.join(dir, 'Dockerfile.bad'), 'utf8');
      const added = diff.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).map((line) => line.slice(1));
      for (const line of added) assert.ok(fixed.split('\n').includes(line), `missing from the fixed file: ${line}`);
    } finally {
      removeDir(dir);
    }
  });

  test('prints nothing for a file with nothing to fix', () => {
    const result = runCli(['fix', '--dry-run', 'module/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.stdout, '');
    assert.equal(result.status, 0);
  });

  test('lint --dry-run without --fix is a usage error', () => {
    const result = runCli(['lint', '--dry-run', 'module/Dockerfile.bad'], { cwd: FIXTURES });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--dry-run only makes sense with --fix/);
  });

  test('--dry-run with --format is a usage error', () => {
    const result = runCli(['fix', '--dry-run', '--format', 'json', 'module/Dockerfile.bad'], { cwd: FIXTURES });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--dry-run prints a diff; it cannot be combined with --format/);
  });
});

test('fix reports the fixable rules of the fixture as gone', () => {
  const dir = copyModuleFixture();
  try {
    const fixable = parseJsonFindings(runCli(['lint', '-f', 'json', 'Dockerfile.bad'], { cwd: dir }).stdout)
      .filter((finding) => finding.fixable)
      .map((finding) => finding.ruleId);
    assert.ok(fixable.includes('single-stage') && fixable.includes('module-cache-order'), fixable.join());
    const left = ruleIds(runCli(['fix', '-f', 'json', 'Dockerfile.bad'], { cwd: dir }).stdout);
    for (const id of fixable) assert.ok(!left.includes(id), `${id} is still reported after fix`);
  } finally {
    removeDir(dir);
  }
});
