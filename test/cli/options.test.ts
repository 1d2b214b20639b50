// --ignore, --config and --context: the options that make the CLI agree with the editor's settings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, makeTempDir, MODULE_FIXTURE, removeDir, ruleIds, runCli, writeTree } from './helpers.ts';

const BAD = fs.readFileSync(path.join(MODULE_FIXTURE, 'Dockerfile.bad'), 'utf8');

before(ensureBuilt);

describe('--ignore', () => {
  test('turns a rule off, is repeatable, and wins over --rule', () => {
    const all = ruleIds(runCli(['lint', '-f', 'json', 'Dockerfile.bad'], { cwd: MODULE_FIXTURE }).stdout);
    assert.ok(all.includes('single-stage') && all.includes('module-cache-order'), all.join());
    const one = ruleIds(runCli(['lint', '-f', 'json', '--ignore', 'single-stage', 'Dockerfile.bad'], { cwd: MODULE_FIXTURE }).stdout);
    assert.deepEqual(one, all.filter((id) => id !== 'single-stage'));
    const both = runCli(['lint', '-f', 'json', '--ignore', 'single-stage', '--ignore', 'module-cache-order', '--rule', 'single-stage=error', 'Dockerfile.bad'], { cwd: MODULE_FIXTURE });
    assert.deepEqual(ruleIds(both.stdout), all.filter((id) => id !== 'single-stage' && id !== 'module-cache-order'));
  });

  test('an unknown rule id is a usage error', () => {
    const result = runCli(['lint', '--ignore', 'DL3006', 'Dockerfile.bad'], { cwd: MODULE_FIXTURE });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^go-dockerfile: lint: --ignore: unknown rule 'DL3006'\. Known rules: /);
  });
});

describe('--config', () => {
  let dir: string;
  before(() => {
    dir = makeTempDir();
    writeTree(dir, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'go.mod': 'module example.com/cfg\n\ngo 1.22\n',
      'go.sum': '',
      '.dockerignore': '.git\n',
      Dockerfile: BAD,
      '.go-dockerfile.json': JSON.stringify({ rules: { 'module-cache-order': 'off' } }),
      'ci/lint.json': JSON.stringify({ rules: { 'single-stage': 'off' } }),
      'ci/broken.json': '{"rules": ',
    });
  });
  after(() => removeDir(dir));

  test('uses the named file instead of the nearest .go-dockerfile.json', () => {
    assert.deepEqual(ruleIds(runCli(['lint', '-f', 'json', 'Dockerfile'], { cwd: dir }).stdout), ['single-stage']);
    assert.deepEqual(ruleIds(runCli(['lint', '-f', 'json', '--config', 'ci/lint.json', 'Dockerfile'], { cwd: dir }).stdout), ['module-cache-order']);
    assert.deepEqual(ruleIds(runCli(['lint', '-f', 'json', '-c', 'lint.json', '../Dockerfile'], { cwd: path.join(dir, 'ci') }).stdout), ['module-cache-order']);
  });

  test('a file outside the repository can be named (a shared CI config)', () => {
    const elsewhere = makeTempDir();
    try {
      fs.writeFileSync(path.join(elsewhere, 'shared.json'), JSON.stringify({ rules: { 'single-stage': 'off', 'module-cache-order': 'error' } }));
      const result = runCli(['lint', '-f', 'json', '--config', path.join(elsewhere, 'shared.json'), 'Dockerfile'], { cwd: dir });
      assert.deepEqual(ruleIds(result.stdout), ['module-cache-order']);
    } finally {
      removeDir(elsewhere);
    }
  });

  test('a missing or broken file is an error naming it, exit 2', () => {
    const missing = runCli(['lint', '--config', 'ci/nope.json', 'Dockerfile'], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'go-dockerfile: --config ci/nope.json: no such file or directory\n');
    const broken = runCli(['lint', '--config', 'ci/broken.json', 'Dockerfile'], { cwd: dir });
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /^go-dockerfile: ci\/broken\.json: invalid JSON at line 1, column 11/);
  });
});

describe('--context and the contexts mapping', () => {
  let dir: string;
  before(() => {
    dir = makeTempDir();
    // The module lives in app/; the Dockerfile in docker/ is built with app/ as its context
    // (docker build -f docker/Dockerfile app). Without the context, no go.mod is in sight.
    writeTree(dir, {
      'app/go.mod': 'module example.com/ctx\n\ngo 1.22\n',
      'app/go.sum': '',
      'app/main.go': 'package main\n\nfunc main() {}\n',
      'docker/Dockerfile': BAD,
    });
  });
  after(() => removeDir(dir));

  // module-cache-order needs the Go facts (a go.mod with a go.sum): it shows which module was read.
  const seesModule = (args: string[], options: { cwd: string; input?: string } = { cwd: dir }) =>
    ruleIds(runCli(['lint', '-f', 'json', ...args], options).stdout).includes('module-cache-order');

  test('without a context, the Dockerfile folder has no module: the Go-aware check stays quiet', () => {
    assert.equal(seesModule(['docker/Dockerfile']), false);
  });

  test('--context DIR reads the Go facts from the build context', () => {
    assert.equal(seesModule(['--context', 'app', 'docker/Dockerfile']), true);
    assert.equal(seesModule(['--context', path.join(dir, 'app'), '-', '--stdin-filename', 'docker/Dockerfile'], { cwd: dir, input: BAD }), true);
  });

  test('a contexts entry in .go-dockerfile.json does the same, for files and for standard input', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify({ contexts: { 'docker/*': 'app' } }));
    try {
      assert.equal(seesModule(['docker/Dockerfile']), true);
      assert.equal(seesModule(['-', '--stdin-filename', 'docker/Dockerfile'], { cwd: dir, input: BAD }), true);
      assert.equal(seesModule(['-r', '.']), true);
      // --context wins over the mapping.
      assert.equal(seesModule(['--context', 'docker', 'docker/Dockerfile']), false);
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });

  test('a --context that is not a folder is an error', () => {
    const missing = runCli(['lint', '--context', 'nope', 'docker/Dockerfile'], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'go-dockerfile: --context nope: no such folder\n');
    const file = runCli(['lint', '--context', 'app/go.mod', 'docker/Dockerfile'], { cwd: dir });
    assert.equal(file.stderr, 'go-dockerfile: --context app/go.mod: not a folder\n');
  });
});
