// Help, version and the messages for mistakes on the command line.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { ensureBuilt, FIXTURES, REPO_ROOT, runCli } from './helpers.ts';

before(ensureBuilt);

test('--version prints the version from package.json', () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const result = runCli([flag], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `${version}\n`);
  }
});

test('--help lists the commands and exits 0', () => {
  const result = runCli(['--help'], { cwd: FIXTURES });
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^Usage: go-dockerfile <command> \[options\]/);
  for (const command of ['lint', 'fix', 'init']) assert.match(result.stdout, new RegExp(`^  ${command} `, 'm'));
});

test('each command has its own --help', () => {
  for (const command of ['lint', 'fix', 'init']) {
    const result = runCli([command, '--help'], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assert.match(result.stdout, new RegExp(`^Usage: go-dockerfile ${command} `));
    assert.deepEqual(runCli(['help', command], { cwd: FIXTURES }).stdout, result.stdout);
  }
});

test('--help wins over other mistakes on the same line', () => {
  const result = runCli(['lint', '--format', 'xml', '--help'], { cwd: FIXTURES });
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^Usage: go-dockerfile lint /);
});

test('no command prints the usage on stderr and exits 2', () => {
  const result = runCli([], { cwd: FIXTURES });
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^go-dockerfile: missing command\.\n\nUsage: go-dockerfile/);
});

test('an unknown command is named in one line', () => {
  const result = runCli(['check', 'Dockerfile'], { cwd: FIXTURES });
  assert.equal(result.status, 2);
  assert.equal(result.stderr, "go-dockerfile: unknown command 'check'. Commands: lint, fix, init, graph, rules. Run 'go-dockerfile --help' for usage.\n");
});

test('an unknown option is named in one line', () => {
  const result = runCli(['lint', '--colour', 'module/Dockerfile'], { cwd: FIXTURES });
  assert.equal(result.status, 2);
  assert.equal(result.stderr, "go-dockerfile: lint: unknown option '--colour'. Run 'go-dockerfile lint --help' for usage.\n");
  const global = runCli(['--colour'], { cwd: FIXTURES });
  assert.equal(global.status, 2);
  assert.equal(global.stderr, "go-dockerfile: unknown option '--colour'. Run 'go-dockerfile --help' for usage.\n");
});

test('an option without its value is a usage error', () => {
  const result = runCli(['lint', 'module/Dockerfile', '--format'], { cwd: FIXTURES });
  assert.equal(result.status, 2);
  assert.equal(result.stderr, "go-dockerfile: lint: option '--format' needs a value. Run 'go-dockerfile lint --help' for usage.\n");
  const extra = runCli(['lint', '--fix=yes', 'module/Dockerfile'], { cwd: FIXTURES });
  assert.equal(extra.status, 2);
  assert.equal(extra.stderr, "go-dockerfile: lint: option '--fix' takes no value. Run 'go-dockerfile lint --help' for usage.\n");
});

test('an unknown format is a usage error', () => {
  const result = runCli(['lint', '--format', 'xml', 'module/Dockerfile'], { cwd: FIXTURES });
  assert.equal(result.status, 2);
  assert.equal(result.stderr, "go-dockerfile: lint: --format must be one of text, json, sarif, github, gitlab (got 'xml')\n");
});

test('init takes at most one folder', () => {
  const result = runCli(['init', 'a', 'b'], { cwd: FIXTURES });
  assert.equal(result.status, 2);
  assert.equal(result.stderr, 'go-dockerfile: init: expected at most one folder, got 2\n');
});
