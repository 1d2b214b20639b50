// The CLI's pure helpers, tested directly: the diff, the file shape round trip and file discovery names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unifiedDiff } from '../../server/src/cli/diff.ts';
import { isDockerfileName } from '../../server/src/cli/discover.ts';
import { createFileExclusive, decodeDockerfile, encodeDockerfile } from '../../server/src/cli/files.ts';
import { createFiles } from '../../server/src/cli/lint.ts';
import type { Output } from '../../server/src/cli/output.ts';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

describe('unifiedDiff', () => {
  test('is empty for equal texts', () => {
    assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', 'a/x', 'b/x'), '');
  });

  test('shows a changed line with three lines of context', () => {
    const before = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\n';
    const after = 'l1\nl2\nl3\nL4\nl5\nl6\nl7\n';
    assert.equal(unifiedDiff(before, after, 'a/x', 'b/x'), '--- a/x\n+++ b/x\n@@ -1,7 +1,7 @@\n l1\n l2\n l3\n-l4\n+L4\n l5\n l6\n l7\n');
  });

  test('splits distant changes into separate hunks with correct line numbers', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const changed = [...lines];
    changed[1] = 'X2';
    changed.splice(15, 0, 'NEW');
    const diff = unifiedDiff(lines.join('\n') + '\n', changed.join('\n') + '\n', 'a', 'b');
    assert.deepEqual(diff.split('\n').filter((line) => line.startsWith('@@')), ['@@ -1,5 +1,5 @@', '@@ -13,6 +13,7 @@']);
  });

  test('uses the empty-range convention for insertions into an empty file', () => {
    assert.equal(unifiedDiff('', 'x\n', 'a', 'b'), '--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n');
  });

  test('marks a last line without a newline', () => {
    assert.equal(unifiedDiff('a\nb', 'a\nb\nc\n', 'a', 'b'), '--- a\n+++ b\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n');
  });

  test('ignores the line-ending style', () => {
    assert.equal(unifiedDiff('a\r\nb\r\n', 'a\nb\n', 'a', 'b'), '');
  });
});

describe('decodeDockerfile and encodeDockerfile', () => {
  const roundTrip = (bytes: Buffer) => {
    const decoded = decodeDockerfile(bytes);
    return { decoded, encoded: encodeDockerfile(decoded.text, decoded) };
  };

  test('give back the same bytes for LF, CRLF, BOM, mixed endings and no final newline', () => {
    for (const text of ['FROM a\nRUN b\n', 'FROM a\r\nRUN b\r\n', '\uFEFFFROM a\r\nRUN b', 'FROM a\r\nRUN b\n', 'FROM a', '']) {
      assert.deepEqual(roundTrip(Buffer.from(text)).encoded, Buffer.from(text), JSON.stringify(text));
    }
  });

  test('hand the engine LF text without a BOM when the file is CRLF throughout', () => {
    const { decoded } = roundTrip(Buffer.from('\uFEFFFROM a\r\nRUN b\r\n'));
    assert.deepEqual(decoded, { text: 'FROM a\nRUN b\n', bom: true, crlf: true, validUtf8: true });
  });

  test('leave mixed line endings alone', () => {
    assert.equal(decodeDockerfile(Buffer.from('FROM a\r\nRUN b\n')).text, 'FROM a\r\nRUN b\n');
  });

  test('give lines inserted into a CRLF file CRLF endings', () => {
    const shape = decodeDockerfile(Buffer.from('FROM a\r\nRUN b\r\n'));
    assert.deepEqual(encodeDockerfile('FROM a\nENV X=1\nRUN b\n', shape), Buffer.from('FROM a\r\nENV X=1\r\nRUN b\r\n'));
  });

  test('notice bytes that are not UTF-8', () => {
    assert.equal(decodeDockerfile(Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xe9, 0x0a])).validUtf8, false);
  });
});

describe('isDockerfileName', () => {
  test('accepts the names the extension registers', () => {
    for (const name of ['Dockerfile', 'dockerfile', 'Containerfile', 'api.Dockerfile', 'Dockerfile.prod', 'Containerfile.dev', 'x.dockerfile']) {
      assert.ok(isDockerfileName(name), name);
    }
  });

  test('rejects ignore files and other names', () => {
    for (const name of ['Dockerfile.dockerignore', 'api.Dockerfile.dockerignore', '.dockerignore', '.Dockerfile', 'README.md', 'Dockerfiles']) {
      assert.ok(!isDockerfileName(name), name);
    }
  });
});

describe('files created by fixes', () => {
  function output(): Output & { outs: string[]; infos: string[] } {
    const outs: string[] = [];
    const infos: string[] = [];
    return { toolVersion: 'test', outs, infos, out: (t) => outs.push(t), info: (m) => infos.push(m), warn: () => undefined, error: () => undefined };
  }

  test('a new file is written beside the Dockerfile, relative paths from its folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-create-'));
    try {
      const out = output();
      const handled = createFiles({ cwd: dir, output: out, args: { dryRun: false } }, path.join(dir, 'Dockerfile'), [{ path: '.dockerignore', text: '.git\n' }], dir);
      assert.deepEqual([...handled], ['.dockerignore']);
      assert.equal(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), '.git\n');
      assert.deepEqual(out.infos, ['created .dockerignore']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an existing file is never replaced', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-create-'));
    try {
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'mine\n');
      const handled = createFiles({ cwd: dir, output: output(), args: { dryRun: false } }, path.join(dir, 'Dockerfile'), [{ path: path.join(dir, '.dockerignore'), text: '.git\n' }], dir);
      assert.equal(handled.size, 0);
      assert.equal(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), 'mine\n');
      assert.equal(createFileExclusive(path.join(dir, '.dockerignore'), 'x', '.dockerignore'), 'exists');
      assert.equal(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), 'mine\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('nothing is created outside the project root', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-create-'));
    try {
      fs.mkdirSync(path.join(dir, 'project'));
      const out = output();
      const warnings: string[] = [];
      const handled = createFiles({ cwd: dir, output: { ...out, warn: (m) => warnings.push(m) }, args: { dryRun: false } }, path.join(dir, 'project', 'Dockerfile'), [{ path: '../.dockerignore', text: '.git\n' }], path.join(dir, 'project'));
      assert.equal(handled.size, 0);
      assert.ok(!fs.existsSync(path.join(dir, '.dockerignore')));
      assert.match(warnings.join('\n'), /outside the project root/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--dry-run prints the new file as a diff and writes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-create-'));
    try {
      const out = output();
      createFiles({ cwd: dir, output: out, args: { dryRun: true } }, path.join(dir, 'sub', 'Dockerfile'), [{ path: '../.dockerignore', text: '.git\n.env\n' }], dir);
      assert.equal(out.outs.join(''), '--- /dev/null\n+++ b/.dockerignore\n@@ -0,0 +1,2 @@\n+.git\n+.env\n');
      assert.ok(!fs.existsSync(path.join(dir, '.dockerignore')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
