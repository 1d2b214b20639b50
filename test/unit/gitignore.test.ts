// The CLI walk's .gitignore chain: layering and cost. (test/cli/walk.test.ts compares whole walks with git.)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ignore from 'ignore';
import { GitignoreChain, gitignoreBase, GITIGNORE_MAX_BYTES } from '../../server/src/cli/gitignore.ts';

describe('GitignoreChain', () => {
  let root: string;
  const warnings: string[] = [];
  const warn = (file: string, message: string) => warnings.push(`${path.relative(root, file)}: ${message}`);
  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-gitignore-')));
    const files: Record<string, string> = {
      '.gitignore': '*.local\nout/\n',
      'a/.gitignore': '!keep.local\n',
      'a/b/.gitignore': 'keep.local\n',
      'big/.gitignore': '#'.repeat(GITIGNORE_MAX_BYTES + 1),
    };
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), content);
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a deeper .gitignore overrides a shallower one, both ways', () => {
    const top = GitignoreChain.forFolder(root, root, warn);
    assert.equal(top.ignores(path.join(root, 'x.local'), false), true);
    const a = GitignoreChain.forFolder(root, path.join(root, 'a'), warn);
    assert.equal(a.ignores(path.join(root, 'a', 'keep.local'), false), false);
    assert.equal(a.ignores(path.join(root, 'a', 'other.local'), false), true);
    const b = a.enter(path.join(root, 'a', 'b'));
    assert.equal(b.ignores(path.join(root, 'a', 'b', 'keep.local'), false), true);
  });

  test('a `dir/` pattern matches folders only', () => {
    const top = GitignoreChain.forFolder(root, root, warn);
    assert.equal(top.ignores(path.join(root, 'out'), true), true);
    assert.equal(top.ignores(path.join(root, 'out'), false), false);
  });

  test('an oversized .gitignore is not used, with one warning', () => {
    const big = GitignoreChain.forFolder(root, path.join(root, 'big'), warn);
    assert.equal(big.ignores(path.join(root, 'big', 'x.local'), false), true, 'the root rules still apply');
    assert.deepEqual(warnings, [`big/.gitignore: larger than ${GITIGNORE_MAX_BYTES} bytes; not used`]);
  });

  test('the base is the nearest repository root inside the project, else the project root', () => {
    const hasGit = (dir: string) => dir === '/p/repo';
    assert.equal(gitignoreBase('/p/repo/a/b', '/p', hasGit), '/p/repo');
    assert.equal(gitignoreBase('/p/other/a', '/p', hasGit), '/p');
  });
});

describe('matching cost', () => {
  // `ignore` compiles each line to a regular expression. A line with many wildcards must not make
  // it backtrack on a long name that does not match (a*a*a*…b against aaaa…): the time per test
  // stays within a small factor of a one-wildcard line.
  function timePerTest(pattern: string, names: string[]): number {
    const rules = ignore().add(pattern);
    const start = process.hrtime.bigint();
    for (const name of names) rules.test(name);
    return Number(process.hrtime.bigint() - start) / names.length;
  }

  test('sixteen wildcards cost about what one does', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `${'a'.repeat(240)}${i}.Dockerfile`);
    // Warm up both paths so the JIT does not decide the ratio.
    timePerTest('*a*b', names.slice(0, 200));
    timePerTest(`${'*a'.repeat(16)}*b`, names.slice(0, 200));
    const one = timePerTest('*a*b', names);
    const many = timePerTest(`${'*a'.repeat(16)}*b`, names.map((n) => `x${n}`));
    assert.ok(many < one * 40, `16 wildcards: ${many.toFixed(0)} ns per test, 1 wildcard: ${one.toFixed(0)} ns`);
  });
});
