// One idea of "a Dockerfile's name" everywhere: the CLI's walk, the VS Code language association,
// the client's document selector and the pre-commit hooks' `files:` regex.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { DOCKERFILE_FILENAME_PATTERNS, DOCKERFILE_FILENAMES, DOCKERFILE_GLOB, isDockerfileName } from '../../server/src/cli/dockerfile-names.ts';

const ROOT = path.resolve(__dirname, '..', '..');

/** Names a Dockerfile goes by in real repositories, and names that only look like one. */
const DOCKERFILES = [
  'Dockerfile',
  'Containerfile',
  'Dockerfile.prod',
  'Dockerfile.alpine.arm64',
  'Dockerfile-for-server',
  'Dockerfile-for-client',
  'Dockerfile_dev',
  'Containerfile.arm64',
  'api.Dockerfile',
  'web.dockerfile',
  'build.release.Dockerfile',
];
const NOT_DOCKERFILES = [
  'Dockerfile.dockerignore',
  'api.Dockerfile.dockerignore',
  '.dockerignore',
  '.Dockerfile',
  'Dockerfiles',
  'MyDockerfile',
  'Containerfiles',
  'Containerfile-dev',
  'docker-compose.yml',
  'README.md',
  'Dockerfile.',
  'Dockerfile-',
];
/**
 * VS Code's globs also take Dockerfile.dockerignore (by Dockerfile.*) and a bare `Dockerfile.`: the
 * editor then lints them, which is harmless. The CLI and pre-commit skip them.
 */
const NOT_IN_EDITOR_EITHER = NOT_DOCKERFILES.filter((name) => !name.endsWith('.dockerignore') && !/[._-]$/.test(name));
/** The CLI and pre-commit ignore case, as Docker users write both; VS Code's patterns are the canonical spellings. */
const LOWERCASE_SPELLINGS = ['dockerfile', 'dockerfile.prod', 'containerfile'];

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { languages: Array<{ id: string; filenames: string[]; filenamePatterns: string[] }> };
};
const language = manifest.contributes.languages.find((l) => l.id === 'dockerfile')!;

describe('Dockerfile names', () => {
  test('the CLI walk accepts exactly the Dockerfile names', () => {
    for (const name of [...DOCKERFILES, ...LOWERCASE_SPELLINGS]) assert.ok(isDockerfileName(name), name);
    for (const name of NOT_DOCKERFILES) assert.ok(!isDockerfileName(name), name);
  });

  test('package.json associates the same names with the dockerfile language', () => {
    assert.deepEqual(language.filenames, [...DOCKERFILE_FILENAMES]);
    assert.deepEqual(language.filenamePatterns, [...DOCKERFILE_FILENAME_PATTERNS]);
    const associated = (name: string) => language.filenames.includes(name) || language.filenamePatterns.some((pattern) => path.matchesGlob(name, pattern));
    for (const name of DOCKERFILES) assert.ok(associated(name), name);
    for (const name of NOT_IN_EDITOR_EITHER) assert.ok(!associated(name), name);
  });

  test('the client document selector covers the same names in any folder', () => {
    for (const name of DOCKERFILES) assert.ok(path.matchesGlob(`deploy/${name}`, DOCKERFILE_GLOB), name);
    for (const name of NOT_IN_EDITOR_EITHER) assert.ok(!path.matchesGlob(`deploy/${name}`, DOCKERFILE_GLOB), name);
    const client = fs.readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
    assert.match(client, /pattern: DOCKERFILE_GLOB/);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, string>>;

  test('declares the lint and fix hooks on the CLI bin, installed as a node package', () => {
    assert.deepEqual(
      hooks.map((hook) => [hook.id, hook.entry, hook.language]),
      [
        ['go-dockerfile', 'go-dockerfile lint', 'node'],
        ['go-dockerfile-fix', 'go-dockerfile fix', 'node'],
      ],
    );
    const bins = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
    assert.equal(bins['go-dockerfile'], './dist/cli.js');
  });

  /** pre-commit selects a file when `files` matches its path (re.search) and `exclude` does not. */
  function selectedByPython(files: string, exclude: string, paths: string[]): boolean[] {
    const script = 'import json, re, sys\nf, e, paths = json.load(sys.stdin)\nprint(json.dumps([bool(re.search(f, p)) and not re.search(e, p) for p in paths]))';
    return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify([files, exclude, paths]), encoding: 'utf8' })) as boolean[];
  }

  /** The same with JavaScript regexes, for machines without Python: only the (?i) prefix differs. */
  function selectedByJs(files: string, exclude: string, paths: string[]): boolean[] {
    const compile = (source: string) => (source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source));
    const [f, e] = [compile(files), compile(exclude)];
    return paths.map((p) => f.test(p) && !e.test(p));
  }

  const hasPython = (() => {
    try {
      execFileSync('python3', ['-c', 'import re, json'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  for (const hook of hooks) {
    test(`${hook.id}: files/exclude select exactly the Dockerfile names, in the root and in folders`, () => {
      const names = [...DOCKERFILES, ...LOWERCASE_SPELLINGS, ...NOT_DOCKERFILES];
      const paths = names.flatMap((name) => [name, `deploy/docker/${name}`]);
      const expected = paths.map((p) => isDockerfileName(path.posix.basename(p)));
      assert.deepEqual(selectedByJs(hook.files, hook.exclude, paths), expected);
      if (hasPython) assert.deepEqual(selectedByPython(hook.files, hook.exclude, paths), expected, 'with Python re, as pre-commit runs it');
      // A folder named like a Dockerfile does not make the files in it Dockerfiles.
      assert.deepEqual(selectedByJs(hook.files, hook.exclude, ['Dockerfile.d/README.md', 'api.Dockerfile/x']), [false, false]);
    });
  }
});
