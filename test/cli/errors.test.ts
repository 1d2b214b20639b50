// Files that cannot be linted are reported by name, one line each, with exit 2 at the end; the
// others' results are still printed in the requested format; no stack trace ever reaches the user.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, makeSharedTempDir, MODULE_FIXTURE, NOBODY, parseJsonFindings, removeDir, RUNNING_AS_ROOT, runCli, runCliUnprivileged, unprivilegedSkipReason, writeTree } from './helpers.ts';

const BAD = fs.readFileSync(path.join(MODULE_FIXTURE, 'Dockerfile.bad'), 'utf8');

before(ensureBuilt);

describe('unreadable, binary and oversized files in one run', () => {
  let dir: string;
  before(() => {
    dir = makeSharedTempDir();
    writeTree(dir, {
      'ok/Dockerfile': BAD,
      'binary/Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]),
      'big/Dockerfile': 'FROM scratch\n' + '#'.repeat(2_100_000),
      'secret/Dockerfile': BAD,
      'last/Dockerfile': BAD,
    });
    if (RUNNING_AS_ROOT) for (const entry of fs.readdirSync(dir, { recursive: true })) fs.chownSync(path.join(dir, String(entry)), NOBODY.uid, NOBODY.gid);
    fs.chmodSync(path.join(dir, 'secret', 'Dockerfile'), 0o000);
  });
  after(() => removeDir(dir));

  for (const format of ['json', 'sarif', 'gitlab', 'github', 'text']) {
    test(`-f ${format}: each failure named on stderr, the readable files reported on stdout, exit 2`, (t) => {
      const skip = unprivilegedSkipReason();
      if (skip) return t.skip(skip);
      const result = runCliUnprivileged(['lint', '-r', '-f', format, '.'], { cwd: dir });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(
        result.stderr,
        [
          'go-dockerfile: big/Dockerfile: file too large (2.1 MB; the limit is 2.0 MB)',
          'go-dockerfile: binary/Dockerfile: binary file (contains NUL bytes), not a Dockerfile',
          'go-dockerfile: secret/Dockerfile: permission denied',
          '',
        ].join('\n'),
      );
      assert.doesNotMatch(result.stderr + result.stdout, /\n\s+at /, 'no stack trace');
      for (const linted of ['ok/Dockerfile', 'last/Dockerfile']) assert.ok(result.stdout.includes(linted), `${linted} reported in ${format}`);
      if (format === 'json') assert.deepEqual([...new Set(parseJsonFindings(result.stdout).map((f) => f.file))], ['last/Dockerfile', 'ok/Dockerfile']);
      if (format !== 'text' && format !== 'github') JSON.parse(result.stdout);
    });
  }
});

test('a path that cannot exist is one line naming it; the other files still print', () => {
  const dir = makeSharedTempDir();
  try {
    writeTree(dir, { 'a/Dockerfile': BAD });
    const result = runCli(['lint', 'a/Dockerfile', '/dev/null/x'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^go-dockerfile: \/dev\/null\/x: [^\n]+\n$/);
    assert.match(result.stdout, /^a\/Dockerfile:/m);
  } finally {
    removeDir(dir);
  }
});
