// `lint -r`: which Dockerfiles a folder walk finds. .gitignore is honoured with git's semantics,
// checked against git itself on the same tree.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isDockerfileName } from '../../server/src/cli/dockerfile-names.ts';
import { ensureBuilt, makeTempDir, MODULE_FIXTURE, parseJsonFindings, removeDir, runCli, writeTree } from './helpers.ts';

const BAD = fs.readFileSync(path.join(MODULE_FIXTURE, 'Dockerfile.bad'), 'utf8');

before(ensureBuilt);

/** Every file is Dockerfile.bad, so each linted file shows up in the JSON report. */
function filesLinted(cwd: string, ...args: string[]): string[] {
  const result = runCli(['lint', '-f', 'json', ...args], { cwd });
  return [...new Set(parseJsonFindings(result.stdout).map((f) => f.file))].sort();
}

const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
}

const hasGit = (() => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('.gitignore in a repository', { skip: hasGit ? false : 'git is not installed' }, () => {
  let dir: string;
  before(() => {
    dir = makeTempDir();
    git(dir, 'init', '-q');
    writeTree(dir, {
      '.gitignore': ['build/', '*.tmp.Dockerfile', '/root-only.Dockerfile', 'docs/**/Dockerfile', '!docs/keep/Dockerfile', 'logs/*', '!logs/Dockerfile', '# a comment', '\\#hash.Dockerfile', ''].join('\n'),
      '.git/info/exclude': 'excluded-by-info.Dockerfile\n',
      Dockerfile: BAD,
      'root-only.Dockerfile': BAD,
      'sub/root-only.Dockerfile': BAD,
      'a.tmp.Dockerfile': BAD,
      '#hash.Dockerfile': BAD,
      'excluded-by-info.Dockerfile': BAD,
      'build/Dockerfile': BAD,
      // A file inside an excluded folder cannot be re-included.
      'build/.gitignore': '!Dockerfile\n',
      'services/api/Dockerfile': BAD,
      'services/api/.gitignore': 'Dockerfile.local\n',
      'services/api/Dockerfile.local': BAD,
      'services/api/build/Dockerfile': BAD,
      'services/web/.gitignore': '*\n!*/\n!Dockerfile\n!.gitignore\n',
      'services/web/Dockerfile': BAD,
      'services/web/Dockerfile.dev': BAD,
      'services/web/sub/Dockerfile': BAD,
      'docs/a/Dockerfile': BAD,
      'docs/keep/Dockerfile': BAD,
      'logs/Dockerfile': BAD,
      'logs/Dockerfile.old': BAD,
      // A deeper .gitignore overrides a shallower one.
      'deep/.gitignore': '!a.tmp.Dockerfile\n',
      'deep/a.tmp.Dockerfile': BAD,
      'dockerfiles/Dockerfile-for-server': BAD,
      'dockerfiles/Dockerfile_client': BAD,
      'dockerfiles/web.dockerfile': BAD,
      'dockerfiles/Containerfile.arm64': BAD,
      'node_modules/pkg/Dockerfile': BAD,
      'vendor/example.com/dep/Dockerfile': BAD,
    });
  });
  after(() => removeDir(dir));

  test('lint -r . lints exactly the Dockerfiles git does not ignore (less node_modules and vendor)', () => {
    const notIgnored = git(dir, 'ls-files', '--others', '--exclude-standard')
      .split('\n')
      .filter((file) => file && isDockerfileName(path.basename(file)) && !/^(node_modules|vendor)\//.test(file))
      .sort();
    assert.ok(notIgnored.includes('logs/Dockerfile') && !notIgnored.includes('build/Dockerfile'), 'git sees the tree as intended');
    assert.deepEqual(filesLinted(dir, '-r', '.'), notIgnored);
  });

  test('the expected names, spelled out', () => {
    assert.deepEqual(filesLinted(dir, '-r', '.'), [
      'Dockerfile',
      'deep/a.tmp.Dockerfile',
      'dockerfiles/Containerfile.arm64',
      'dockerfiles/Dockerfile-for-server',
      'dockerfiles/Dockerfile_client',
      'dockerfiles/web.dockerfile',
      'docs/keep/Dockerfile',
      'logs/Dockerfile',
      'services/api/Dockerfile',
      'services/web/Dockerfile',
      'services/web/sub/Dockerfile',
      'sub/root-only.Dockerfile',
    ]);
  });

  test('a subfolder argument still honours the .gitignore files above it', () => {
    assert.deepEqual(filesLinted(dir, '-r', 'services'), ['services/api/Dockerfile', 'services/web/Dockerfile', 'services/web/sub/Dockerfile']);
    assert.deepEqual(filesLinted(path.join(dir, 'services'), '-r', '.'), ['api/Dockerfile', 'web/Dockerfile', 'web/sub/Dockerfile']);
  });

  test('a file named on the command line is linted even when ignored', () => {
    assert.deepEqual(filesLinted(dir, 'build/Dockerfile', 'a.tmp.Dockerfile', 'services/api/Dockerfile.local'), [
      'a.tmp.Dockerfile',
      'build/Dockerfile',
      'services/api/Dockerfile.local',
    ]);
  });

  test('an ignored folder named on the command line is searched', () => {
    assert.deepEqual(filesLinted(dir, '-r', 'build'), ['build/Dockerfile']);
  });
});

describe('.gitignore without a repository', () => {
  test('still applies from the working folder down (an exported tree keeps its intent)', () => {
    const dir = makeTempDir();
    try {
      writeTree(dir, {
        '.gitignore': 'testdata/\n',
        Dockerfile: BAD,
        'testdata/Dockerfile': BAD,
        'cmd/.gitignore': 'Dockerfile.local\n',
        'cmd/Dockerfile.local': BAD,
        'cmd/Dockerfile.prod': BAD,
      });
      assert.deepEqual(filesLinted(dir, '-r', '.'), ['Dockerfile', 'cmd/Dockerfile.prod']);
    } finally {
      removeDir(dir);
    }
  });
});

describe('the names real repositories use', () => {
  test('a repository whose only Dockerfiles are dockerfiles/Dockerfile-for-server and -for-client', () => {
    const dir = makeTempDir();
    try {
      writeTree(dir, { 'go.mod': 'module example.com/two\n\ngo 1.22\n', 'dockerfiles/Dockerfile-for-server': BAD, 'dockerfiles/Dockerfile-for-client': BAD, 'README.md': '# two\n' });
      assert.deepEqual(filesLinted(dir, '-r', '.'), ['dockerfiles/Dockerfile-for-client', 'dockerfiles/Dockerfile-for-server']);
    } finally {
      removeDir(dir);
    }
  });
});

describe('paths that cannot be linted', () => {
  test('a missing path is reported by name; the others are still linted and printed; exit 2', () => {
    const dir = makeTempDir();
    try {
      writeTree(dir, { Dockerfile: BAD, 'empty/README.md': 'no Dockerfile here\n' });
      const result = runCli(['lint', '-f', 'json', 'nope/Dockerfile', 'Dockerfile', 'empty'], { cwd: dir });
      assert.equal(result.status, 2);
      assert.equal(
        result.stderr,
        'go-dockerfile: nope/Dockerfile: no such file or directory\ngo-dockerfile: empty: no Dockerfiles found (use --recursive to search subfolders)\n',
      );
      assert.deepEqual([...new Set(parseJsonFindings(result.stdout).map((f) => f.file))], ['Dockerfile']);
    } finally {
      removeDir(dir);
    }
  });
});
