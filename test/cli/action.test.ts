// The GitHub Action, run the way the Actions runner runs it: `node dist/action.js` in the workspace,
// inputs as INPUT_* variables (hyphens kept), outputs appended to the $GITHUB_OUTPUT file, the step's
// result from the exit code, annotations as workflow commands on stdout.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ACTION_INPUTS, ACTION_OUTPUTS } from '../../server/src/cli/action.ts';
import { copyModuleFixture, ensureBuilt, makeTempDir, removeDir, REPO_ROOT, runCli } from './helpers.ts';

const ACTION = path.join(REPO_ROOT, 'dist', 'action.js');

interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs an action entry as the runner does, in `workspace`, with only the variables the runner sets. */
function runAction(workspace: string, inputs: Record<string, string>, entry = ACTION): ActionRun {
  const runnerTemp = makeTempDir('go-dockerfile-runner-');
  const outputFile = path.join(runnerTemp, 'github_output');
  const summaryFile = path.join(runnerTemp, 'step_summary');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: runnerTemp,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  try {
    const result = spawnSync(process.execPath, [entry], { cwd: workspace, env, encoding: 'utf8' });
    const outputs: Record<string, string> = {};
    for (const line of fs.readFileSync(outputFile, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs, summary: fs.readFileSync(summaryFile, 'utf8') };
  } finally {
    removeDir(runnerTemp);
  }
}

function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')));
}

before(ensureBuilt);

describe('action.yml', () => {
  const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    runs: { using: string; main: string };
    inputs: Record<string, { default?: string; required?: boolean }>;
    outputs: Record<string, { description: string }>;
  };

  test('is a node20 JavaScript action whose entry is the bundle the build makes', () => {
    assert.deepEqual(action.runs, { using: 'node20', main: 'dist/action.js' });
    assert.ok(fs.existsSync(path.join(REPO_ROOT, action.runs.main)));
  });

  test('declares exactly the inputs and outputs the entry reads and writes', () => {
    assert.deepEqual(Object.keys(action.inputs), [...ACTION_INPUTS]);
    assert.deepEqual(Object.keys(action.outputs), [...ACTION_OUTPUTS]);
    assert.equal(action.inputs.paths.default, '.');
    assert.equal(action.inputs.format.default, 'github');
    assert.equal(action.inputs['failure-threshold'].default, 'warning');
  });
});

describe('running the action', () => {
  let workspace: string;
  before(() => {
    workspace = copyModuleFixture();
  });
  after(() => removeDir(workspace));

  test('default inputs: annotations for every Dockerfile below the workspace, outputs, exit 1 on warnings', () => {
    const run = runAction(workspace, { paths: '.', format: 'github', 'failure-threshold': 'warning', 'sarif-file': '' });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    const cli = runCli(['lint', '-r', '-f', 'github', '.'], { cwd: workspace });
    assert.equal(run.stdout, cli.stdout, 'the same annotations as the CLI');
    assert.match(run.stdout, /^::error file=cgo\.Dockerfile,line=7,col=5,endLine=7,endColumn=13,title=go-dockerfile\(cgo-not-disabled\)::/m);
    const annotations = run.stdout.split('\n').filter((line) => /^::(error|warning|notice) file=/.test(line));
    const errors = annotations.filter((line) => line.startsWith('::error ')).length;
    const warnings = annotations.filter((line) => line.startsWith('::warning ')).length;
    assert.deepEqual(run.outputs, { findings: String(annotations.length), errors: String(errors), warnings: String(warnings), 'sarif-file': '', 'exit-code': '1' });
    assert.match(run.summary, /^### go-dockerfile\n\n\d+ problems in 5 Dockerfiles\.\n/);
  });

  test('the runner passes unset inputs as their defaults; failure-threshold decides the exit code', () => {
    assert.equal(runAction(workspace, { 'failure-threshold': 'error' }).status, 1, 'cgo.Dockerfile has an error');
    const none = runAction(workspace, { 'failure-threshold': 'none' });
    assert.equal(none.status, 0);
    assert.equal(none.outputs['exit-code'], '0');
    assert.ok(Number(none.outputs.findings) > 0);
    const clean = runAction(workspace, { paths: 'Dockerfile' });
    assert.equal(clean.status, 0);
    assert.deepEqual(clean.outputs, { findings: '0', errors: '0', warnings: '0', 'sarif-file': '', 'exit-code': '0' });
    assert.equal(clean.stdout, '');
  });

  test('paths: one per line, files and folders', () => {
    const run = runAction(workspace, { paths: 'Dockerfile.bad\n\n  deploy  \n' });
    const files = new Set([...run.stdout.matchAll(/^::\w+ file=([^,]+),/gm)].map((m) => m[1]));
    assert.deepEqual([...files].sort(), ['Dockerfile.bad', 'deploy/Dockerfile']);
  });

  test('format sarif writes a valid SARIF file (default go-dockerfile.sarif) and a text report in the log', () => {
    const run = runAction(workspace, { format: 'sarif', 'failure-threshold': 'none' });
    assert.equal(run.status, 0);
    const file = path.join(workspace, 'go-dockerfile.sarif');
    try {
      const log = JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      const validate = sarifValidator();
      assert.ok(validate(log), JSON.stringify(validate.errors));
      assert.equal(log.runs[0].results.length, Number(run.outputs.findings));
      assert.equal(run.outputs['sarif-file'], 'go-dockerfile.sarif');
      // Relative URIs: upload-sarif resolves them against the checkout.
      assert.ok(log.runs[0].results.every((r) => !r.locations[0].physicalLocation.artifactLocation.uri.includes(':')));
      assert.match(run.stdout, /^cgo\.Dockerfile:7:5: error cgo-not-disabled /m);
      assert.match(run.stdout, /go-dockerfile: SARIF written to go-dockerfile\.sarif\n$/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('sarif-file with the github format: annotations and a SARIF file in a new folder', () => {
    const run = runAction(workspace, { 'sarif-file': 'reports/go-dockerfile.sarif' });
    assert.match(run.stdout, /^::error file=cgo\.Dockerfile/m);
    assert.ok(fs.existsSync(path.join(workspace, 'reports', 'go-dockerfile.sarif')));
    assert.equal(run.outputs['sarif-file'], 'reports/go-dockerfile.sarif');
    fs.rmSync(path.join(workspace, 'reports'), { recursive: true });
  });

  test('a bad input is an error annotation and exit 2', () => {
    const format = runAction(workspace, { format: 'checkstyle' });
    assert.equal(format.status, 2);
    assert.equal(format.stdout, "::error title=go-dockerfile::input 'format' must be one of text, json, sarif, github, gitlab (got 'checkstyle')\n");
    assert.equal(format.outputs['exit-code'], '2');
    const threshold = runAction(workspace, { 'failure-threshold': 'fatal' });
    assert.equal(threshold.status, 2);
    assert.match(threshold.stdout, /^::error title=go-dockerfile::lint: --failure-threshold must be one of error, warning, info, hint, none \(got 'fatal'\)\n$/);
  });

  test('a missing path is reported and fails the step with exit 2; the other paths are still annotated', () => {
    const run = runAction(workspace, { paths: 'nope\ncgo.Dockerfile', 'failure-threshold': 'none' });
    assert.equal(run.status, 2);
    assert.match(run.stdout, /^::error title=go-dockerfile::nope: no such file or directory$/m);
    assert.match(run.stdout, /^::error file=cgo\.Dockerfile/m);
    assert.match(run.summary, /1 path could not be linted/);
  });
});

describe('scripts/release-action.sh', () => {
  test('commits HEAD plus the bundles on a release branch that runs as an action with nothing else installed', () => {
    const clone = makeTempDir('go-dockerfile-release-');
    const checkout = makeTempDir('go-dockerfile-release-checkout-');
    const workspace = copyModuleFixture();
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    try {
      // A repository holding this checkout's files as they are now (committed or not): the script
      // and the build it runs are the ones under test.
      git(clone, 'init', '--quiet');
      const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0');
      for (const file of tracked.filter((f) => f && fs.existsSync(path.join(REPO_ROOT, f)))) {
        fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
        fs.copyFileSync(path.join(REPO_ROOT, file), path.join(clone, file));
      }
      git(clone, 'add', '-A');
      git(clone, 'commit', '--quiet', '-m', 'snapshot');
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(clone, 'node_modules'));
      fs.appendFileSync(path.join(clone, 'README.md'), 'an uncommitted change\n');
      const dirty = spawnSync('bash', ['scripts/release-action.sh'], { cwd: clone, encoding: 'utf8' });
      assert.equal(dirty.status, 1);
      assert.match(dirty.stderr, /uncommitted changes/);
      git(clone, 'checkout', '--quiet', 'README.md');
      const result = spawnSync('bash', ['scripts/release-action.sh'], { cwd: clone, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /action-release is now [0-9a-f]{40}/);
      const files = git(clone, 'ls-tree', '-r', '--name-only', 'action-release').split('\n');
      for (const file of ['action.yml', 'package.json', '.pre-commit-hooks.yaml', 'dist/action.js', 'dist/cli.js']) assert.ok(files.includes(file), file);
      assert.equal(git(clone, 'rev-parse', 'action-release^'), git(clone, 'rev-parse', 'HEAD'), 'the release commit sits on HEAD');
      assert.equal(git(clone, 'status', '--porcelain', '--untracked-files=no'), '', 'the working tree and index are untouched');
      assert.match(git(clone, 'ls-tree', 'action-release', 'dist/cli.js'), /^100755 /);

      // What `uses: owner/go-dockerfile@<tag>` gets: the release tree alone, no node_modules.
      execFileSync('bash', ['-c', `git archive action-release | tar -x -C '${checkout}'`], { cwd: clone });
      const run = runAction(workspace, { 'failure-threshold': 'error' }, path.join(checkout, 'dist', 'action.js'));
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /^::error file=cgo\.Dockerfile/m);
      assert.equal(run.outputs['exit-code'], '1');
    } finally {
      for (const dir of [clone, checkout, workspace]) removeDir(dir);
    }
  });
});
