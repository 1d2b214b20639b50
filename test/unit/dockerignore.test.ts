// .dockerignore with Docker's semantics: the examples of Docker's documentation ("Dockerfile
// reference" › ".dockerignore file"), moby/patternmatcher's classification, and the file lookup.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanPath, dockerignoreMatcher, excludedByDockerignore, parseDockerignore } from '../../server/src/engine/dockerignore.ts';
import { NodeFileAccess } from '../../server/src/files/node-access.ts';
import { readDockerignore } from '../../server/src/go/dockerignore.ts';

const excludes = (file: string, ...paths: string[]) => {
  const matcher = dockerignoreMatcher(parseDockerignore(file));
  return paths.map((p) => matcher.excludes(p));
};

describe('the examples of Docker\'s documentation', () => {
  const docsExample = '# comment\n*/temp*\n*/*/temp*\ntemp?\n';

  test('# comment is ignored', () => {
    assert.deepEqual(parseDockerignore(docsExample), ['*/temp*', '*/*/temp*', 'temp?']);
  });

  test('*/temp*: files and folders starting with temp in any immediate subfolder of the root', () => {
    assert.deepEqual(excludes(docsExample, 'somedir/temporary.txt', 'somedir/temp', 'somedir/temp/file'), [true, true, true]);
    assert.deepEqual(excludes('*/temp*', 'temporary.txt', 'a/b/temporary.txt'), [false, false]);
  });

  test('*/*/temp*: two levels below the root', () => {
    assert.deepEqual(excludes('*/*/temp*', 'somedir/subdir/temporary.txt', 'somedir/temporary.txt'), [true, false]);
  });

  test('temp?: one-character extensions of temp in the root', () => {
    assert.deepEqual(excludes('temp?', 'tempa', 'tempb', 'temp', 'tempab', 'dir/tempa'), [true, true, false, false, false]);
  });

  test('**/*.go excludes .go files anywhere, the root included', () => {
    assert.deepEqual(excludes('**/*.go', 'main.go', 'cmd/api/main.go', 'go.mod'), [true, true, false]);
  });

  test('! exceptions: *.md with !README.md', () => {
    assert.deepEqual(excludes('*.md\n!README.md\n', 'README.md', 'CHANGELOG.md'), [false, true]);
  });

  test('the last matching line wins: README-secret.md is excluded, then re-included', () => {
    assert.deepEqual(excludes('*.md\n!README*.md\nREADME-secret.md\n', 'README-secret.md', 'README-public.md', 'other.md'), [true, false, true]);
    assert.deepEqual(excludes('*.md\nREADME-secret.md\n!README*.md\n', 'README-secret.md'), [false]);
  });

  test('the pattern . is ignored; leading and trailing slashes do not matter', () => {
    assert.deepEqual(excludes('.\n', 'main.go', 'a/b'), [false, false]);
    assert.deepEqual(excludes('/foo/bar\n', 'foo/bar', 'foo/bar/baz.go'), [true, true]);
    assert.deepEqual(excludes('vendor/\n', 'vendor/modules.txt'), [true]);
  });
});

describe('patternmatcher semantics', () => {
  test('a pattern matching a parent folder excludes what is inside; a later ! re-includes one file', () => {
    assert.deepEqual(excludes('vendor\n!vendor/modules.txt\n', 'vendor/modules.txt', 'vendor/a/b.go'), [false, true]);
  });

  test('** spans folders, and **foo (suffix) matches foo at the end of any name', () => {
    assert.deepEqual(excludes('docs/**\n', 'docs/a/b.md', 'docs'), [true, false]);
    assert.deepEqual(excludes('**/testdata/**\n', 'a/testdata/x', 'testdata/x', 'a/testdata'), [true, true, false]);
    assert.deepEqual(excludes('**foo\n', 'a/bfoo', 'foo', 'foox'), [true, true, false]);
  });

  test('lines are trimmed and cleaned like filepath.Clean; a BOM and CRLF are dropped', () => {
    assert.deepEqual(parseDockerignore('\uFEFF  a/./b/../c  \r\n! /d\r\n\r\n#x\r\n'), ['a/c', '!d']);
    assert.equal(cleanPath('a//b/./c/..'), 'a/b');
    assert.equal(cleanPath('../x'), '../x');
  });

  test('character classes and escapes', () => {
    assert.deepEqual(excludes('[a-c]x\n', 'bx', 'dx'), [true, false]);
    assert.deepEqual(excludes('[^.]*.txt\n', 'a.txt', '.a.txt'), [true, false]);
    assert.deepEqual(excludes('a\\*b\n', 'a*b', 'axb'), [true, false]);
  });

  test('matching is case-sensitive, as on Linux', () => {
    assert.deepEqual(excludes('README.md\n', 'readme.md'), [false]);
  });

  test('a malformed pattern makes Docker refuse the file: nothing is known', () => {
    const matcher = dockerignoreMatcher(parseDockerignore('x[\n'));
    assert.match(matcher.error ?? '', /syntax error/);
    assert.equal(matcher.excludes('x['), undefined);
    assert.equal(dockerignoreMatcher(['!']).excludes('a'), undefined);
  });

  test('what Go\'s regexp would read differently is unknown, not guessed', () => {
    assert.equal(dockerignoreMatcher(['a*[*]b']).excludes('axb'), undefined);
    // An unknown pattern that cannot decide the path (it is skipped) changes nothing.
    assert.equal(dockerignoreMatcher(['keep', '!a*[*]b']).excludes('other'), false);
  });

  test('no pattern makes matching backtrack: 30 stars against 60 characters (issue 7, part 1\'s shape)', () => {
    const evil = '*a'.repeat(30) + '*c';
    const matcher = dockerignoreMatcher([evil]);
    assert.equal(matcher.excludes('a'.repeat(60) + 'b'), false);
    assert.equal(matcher.excludes('a'.repeat(60) + 'c'), true);
  });

  test('excludedByDockerignore: no file excludes nothing', () => {
    assert.equal(excludedByDockerignore(undefined, 'main.go'), false);
    assert.equal(excludedByDockerignore({ file: '/x/.dockerignore', patterns: ['*.go'] }, 'main.go'), true);
  });
});

describe('which .dockerignore applies', () => {
  const roots: string[] = [];
  after(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });
  const tree = (files: Record<string, string>): string => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gd-ignore-')));
    roots.push(root);
    for (const [rel, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), content);
    }
    return root;
  };

  test('<Dockerfile>.dockerignore beside the Dockerfile wins over the context\'s .dockerignore', async () => {
    const root = tree({ '.dockerignore': 'a\n', 'build/app.Dockerfile': '', 'build/app.Dockerfile.dockerignore': 'b\n!c\n' });
    const found = await readDockerignore(new NodeFileAccess(root), path.join(root, 'build', 'app.Dockerfile'), root);
    assert.deepEqual(found, { facts: { file: `${root}/build/app.Dockerfile.dockerignore`, patterns: ['b', '!c'] }, checkedAbsent: false });
  });

  test('else the context root\'s .dockerignore; none: certainly absent', async () => {
    const root = tree({ '.dockerignore': '*.md\n', 'deploy/Dockerfile': '' });
    assert.deepEqual(await readDockerignore(new NodeFileAccess(root), path.join(root, 'deploy', 'Dockerfile'), root), { facts: { file: `${root}/.dockerignore`, patterns: ['*.md'] }, checkedAbsent: false });
    const bare = tree({ Dockerfile: '' });
    assert.deepEqual(await readDockerignore(new NodeFileAccess(bare), path.join(bare, 'Dockerfile'), bare), { checkedAbsent: true });
  });

  test('a context guessed away from a Dockerfile folder that has its own .dockerignore is not called absent', async () => {
    const root = tree({ 'deploy/Dockerfile': '', 'deploy/.dockerignore': '*\n' });
    assert.deepEqual(await readDockerignore(new NodeFileAccess(root), path.join(root, 'deploy', 'Dockerfile'), root), { checkedAbsent: false });
  });

  test('a .dockerignore symlinked out of the project is not read', async () => {
    const outside = tree({ secret: 'GITHUB_TOKEN\n' });
    const root = tree({ Dockerfile: '' });
    fs.symlinkSync(path.join(outside, 'secret'), path.join(root, '.dockerignore'));
    const logged: string[] = [];
    assert.deepEqual(await readDockerignore(new NodeFileAccess(root), path.join(root, 'Dockerfile'), root, (m) => logged.push(m)), { checkedAbsent: false });
    assert.ok(!logged.join('').includes('GITHUB_TOKEN'));
  });
});
