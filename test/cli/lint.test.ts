// `go-dockerfile lint`: which files, which rules and severities, and the exit code.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyModuleFixture, ensureBuilt, FIXTURES, makeTempDir, MODULE_FIXTURE, parseJsonFindings, removeDir, ruleIds, runCli, writeTree } from './helpers.ts';

const BAD = fs.readFileSync(path.join(MODULE_FIXTURE, 'Dockerfile.bad'), 'utf8');

before(ensureBuilt);

describe('exit codes and --failure-threshold', () => {
  test('exits 1 when a warning is found (the default threshold)', () => {
    const result = runCli(['lint', '-f', 'json', 'module/Dockerfile.bad'], { cwd: FIXTURES });
    assert.equal(result.status, 1);
    assert.ok(parseJsonFindings(result.stdout).some((finding) => finding.severity === 'warning'));
    assert.ok(parseJsonFindings(result.stdout).every((finding) => finding.severity !== 'error'));
  });

  test('exits 0 for a clean file', () => {
    assert.equal(runCli(['lint', 'module/Dockerfile'], { cwd: FIXTURES }).status, 0);
  });

  test('threshold error: warnings are printed but do not fail', () => {
    const result = runCli(['lint', '--failure-threshold', 'error', 'module/Dockerfile.bad'], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /warning/);
  });

  test('threshold error: an error fails', () => {
    const result = runCli(['lint', '-f', 'json', '--failure-threshold', 'error', 'module/cgo.Dockerfile'], { cwd: FIXTURES });
    assert.ok(parseJsonFindings(result.stdout).some((finding) => finding.severity === 'error'));
    assert.equal(result.status, 1);
  });

  test('a hint alone does not fail by default, but does at threshold hint', () => {
    const json = parseJsonFindings(runCli(['lint', '-f', 'json', 'module/deploy/Dockerfile'], { cwd: FIXTURES }).stdout);
    assert.ok(json.length > 0 && json.every((finding) => finding.severity === 'hint'), JSON.stringify(json));
    assert.equal(runCli(['lint', 'module/deploy/Dockerfile'], { cwd: FIXTURES }).status, 0);
    assert.equal(runCli(['lint', '--failure-threshold', 'info', 'module/deploy/Dockerfile'], { cwd: FIXTURES }).status, 0);
    assert.equal(runCli(['lint', '--failure-threshold', 'hint', 'module/deploy/Dockerfile'], { cwd: FIXTURES }).status, 1);
  });

  test('threshold none never fails on findings', () => {
    const result = runCli(['lint', '--failure-threshold', 'none', 'module/cgo.Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /error cgo-not-disabled/);
  });

  test('an unknown threshold is a usage error', () => {
    const result = runCli(['lint', '--failure-threshold', 'fatal', 'module/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--failure-threshold must be one of error, warning, info, hint, none \(got 'fatal'\)/);
  });
});

describe('--rule overrides', () => {
  test('off removes a rule', () => {
    assert.ok(ruleIds(runCli(['lint', '-f', 'json', 'module/Dockerfile.bad'], { cwd: FIXTURES }).stdout).includes('single-stage'));
    const ids = ruleIds(runCli(['lint', '-f', 'json', '--rule', 'single-stage=off', 'module/Dockerfile.bad'], { cwd: FIXTURES }).stdout);
    assert.ok(!ids.includes('single-stage'));
    assert.ok(ids.length > 0);
  });

  test('a severity changes what is reported and the exit code', () => {
    const args = ['lint', '-f', 'json', '--failure-threshold', 'error', '--rule', 'module-cache-order=error', 'module/Dockerfile.bad'];
    const result = runCli(args, { cwd: FIXTURES });
    const finding = parseJsonFindings(result.stdout).find((f) => f.ruleId === 'module-cache-order');
    assert.equal(finding?.severity, 'error');
    assert.equal(result.status, 1);
  });

  test('is repeatable', () => {
    const args = ['lint', '-f', 'json', '--rule', 'single-stage=off', '--rule', 'module-cache-order=off', 'module/Dockerfile.bad'];
    const ids = ruleIds(runCli(args, { cwd: FIXTURES }).stdout);
    assert.ok(!ids.includes('single-stage') && !ids.includes('module-cache-order'), ids.join());
  });

  test('an unknown rule id is a usage error that lists the known ones', () => {
    const result = runCli(['lint', '--rule', 'single-stages=off', 'module/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown rule 'single-stages'\. Known rules: .*single-stage/);
  });

  test('a bad severity or a missing = is a usage error', () => {
    const badSeverity = runCli(['lint', '--rule', 'single-stage=loud', 'module/Dockerfile'], { cwd: FIXTURES });
    assert.equal(badSeverity.status, 2);
    assert.match(badSeverity.stderr, /severity must be one of off, hint, info, warning, error \(got 'loud'\)/);
    const noEquals = runCli(['lint', '--rule', 'single-stage', 'module/Dockerfile'], { cwd: FIXTURES });
    assert.equal(noEquals.status, 2);
    assert.match(noEquals.stderr, /--rule expects <id>=<severity>/);
  });
});

describe('.go-dockerfile.json', () => {
  let dir: string;
  before(() => {
    dir = copyModuleFixture();
  });
  after(() => removeDir(dir));

  function lintJson(cwd: string, ...args: string[]) {
    return runCli(['lint', '-f', 'json', ...args], { cwd });
  }

  test('in the module folder: turns a rule off and changes a severity', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify({ rules: { 'single-stage': 'off', 'module-cache-order': 'error' } }));
    try {
      const findings = parseJsonFindings(lintJson(dir, 'Dockerfile.bad').stdout);
      assert.ok(!findings.some((f) => f.ruleId === 'single-stage'));
      assert.equal(findings.find((f) => f.ruleId === 'module-cache-order')?.severity, 'error');
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });

  test('--rule wins over the config file', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify({ rules: { 'single-stage': 'off' } }));
    try {
      const findings = parseJsonFindings(lintJson(dir, '--rule', 'single-stage=info', 'Dockerfile.bad').stdout);
      assert.equal(findings.find((f) => f.ruleId === 'single-stage')?.severity, 'info');
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });

  test('the nearest config applies to a Dockerfile in a subfolder', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify({ rules: { 'cgo-not-disabled': 'off' } }));
    try {
      assert.deepEqual(ruleIds(lintJson(dir, 'deploy/Dockerfile').stdout), []);
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });

  test('invalid JSON is an error naming the file', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), '{"rules": {"single-stage": "off",}}');
    try {
      const result = lintJson(dir, 'Dockerfile.bad');
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'go-dockerfile: .go-dockerfile.json: invalid JSON at line 1, column 34: expected a property name in double quotes (after a trailing comma?)\n');
      assert.deepEqual(JSON.parse(result.stdout), []);
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });

  test('a broken config is reported once, however many Dockerfiles it covers', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), '{');
    try {
      const result = runCli(['lint', '--recursive', '.'], { cwd: dir });
      assert.equal(result.status, 2);
      assert.equal(result.stderr.split('\n').filter((line) => line.includes('.go-dockerfile.json')).length, 1, result.stderr);
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });

  test('a severity outside the enum is an error naming the rule', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify({ rules: { 'single-stage': 'warn' } }));
    try {
      const result = lintJson(dir, 'Dockerfile.bad');
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'go-dockerfile: .go-dockerfile.json: rule "single-stage": the severity must be one of off|hint|info|warning|error\n');
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });

  test('"rules" must be an object', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify({ rules: ['single-stage'] }));
    try {
      const result = lintJson(dir, 'Dockerfile.bad');
      assert.equal(result.status, 2);
      assert.match(result.stderr, /"rules" must be an object/);
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });

  test('editor-only settings are accepted without a warning', () => {
    const config = { rules: {}, enable: true, languageFeatures: 'auto', imageTagCompletion: { network: false }, maxFileSize: 100000 };
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify(config));
    try {
      const result = runCli(['lint', 'Dockerfile'], { cwd: dir });
      assert.equal(result.status, 0);
      assert.equal(result.stderr, '');
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });

  test('an unknown rule id or setting is a warning, not an error', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify({ rules: { 'no-such-rule': 'off' }, colour: true }));
    try {
      const result = runCli(['lint', 'Dockerfile'], { cwd: dir });
      assert.equal(result.status, 0);
      assert.match(result.stderr, /warning: \.go-dockerfile\.json: unknown rule "no-such-rule" \(ignored\)/);
      assert.match(result.stderr, /warning: \.go-dockerfile\.json: unknown setting "colour" \(ignored\)/);
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });
});

describe('config search boundaries', () => {
  test('a config at the repository root applies to a module below it', () => {
    const root = makeTempDir();
    try {
      writeTree(root, {
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.go-dockerfile.json': JSON.stringify({ rules: { 'single-stage': 'off' } }),
        'services/api/go.mod': 'module example.com/api\n\ngo 1.22\n',
        'services/api/go.sum': '',
        'services/api/Dockerfile': BAD,
      });
      const ids = ruleIds(runCli(['lint', '-f', 'json', 'services/api/Dockerfile'], { cwd: root }).stdout);
      assert.ok(ids.length > 0 && !ids.includes('single-stage'), ids.join());
    } finally {
      removeDir(root);
    }
  });

  test('a config above the repository root is not used', () => {
    const outer = makeTempDir();
    try {
      writeTree(outer, {
        '.go-dockerfile.json': JSON.stringify({ rules: { 'single-stage': 'off' } }),
        'repo/.git/HEAD': 'ref: refs/heads/main\n',
        'repo/go.mod': 'module example.com/repo\n\ngo 1.22\n',
        'repo/Dockerfile': BAD,
      });
      assert.ok(ruleIds(runCli(['lint', '-f', 'json', 'repo/Dockerfile'], { cwd: outer }).stdout).includes('single-stage'));
    } finally {
      removeDir(outer);
    }
  });

  test('outside a repository, a config above the working folder is not used', () => {
    const outer = makeTempDir();
    try {
      writeTree(outer, {
        '.go-dockerfile.json': JSON.stringify({ rules: { 'single-stage': 'off' } }),
        'mod/go.mod': 'module example.com/mod\n\ngo 1.22\n',
        'mod/Dockerfile': BAD,
      });
      assert.ok(ruleIds(runCli(['lint', '-f', 'json', 'Dockerfile'], { cwd: path.join(outer, 'mod') }).stdout).includes('single-stage'));
      // Nor for a Dockerfile outside the working folder: then only its own folder counts.
      assert.ok(ruleIds(runCli(['lint', '-f', 'json', path.join(outer, 'mod', 'Dockerfile')], { cwd: FIXTURES }).stdout).includes('single-stage'));
    } finally {
      removeDir(outer);
    }
  });

  test('outside a repository, the working folder is the project: its config applies below it', () => {
    const outer = makeTempDir();
    try {
      writeTree(outer, {
        '.go-dockerfile.json': JSON.stringify({ rules: { 'single-stage': 'off' } }),
        'mod/go.mod': 'module example.com/mod\n\ngo 1.22\n',
        'mod/Dockerfile': BAD,
      });
      assert.ok(!ruleIds(runCli(['lint', '-f', 'json', 'mod/Dockerfile'], { cwd: outer }).stdout).includes('single-stage'));
    } finally {
      removeDir(outer);
    }
  });
});

describe('finding the files', () => {
  let dir: string;
  before(() => {
    dir = makeTempDir();
    writeTree(dir, {
      'go.mod': 'module example.com/discover\n\ngo 1.22\n',
      Dockerfile: BAD,
      Containerfile: BAD,
      'api.Dockerfile': BAD,
      'Dockerfile.prod': BAD,
      'Dockerfile.dockerignore': 'node_modules\n',
      'README.md': '# not a Dockerfile\n',
      'deploy/Dockerfile': BAD,
      'node_modules/pkg/Dockerfile': BAD,
      'vendor/example.com/dep/Dockerfile': BAD,
      '.git/Dockerfile': BAD,
      'docs/notes.txt': 'nothing here\n',
    });
  });
  after(() => removeDir(dir));

  function filesLinted(cwd: string, ...args: string[]): string[] {
    const result = runCli(['lint', '-f', 'json', ...args], { cwd });
    return [...new Set(parseJsonFindings(result.stdout).map((f) => f.file))].sort();
  }

  test('with no arguments, lints ./Dockerfile', () => {
    assert.deepEqual(filesLinted(dir), ['Dockerfile']);
  });

  test('with no arguments and no ./Dockerfile, says so and exits 2', () => {
    const result = runCli(['lint'], { cwd: path.join(dir, 'docs') });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^go-dockerfile: Dockerfile: no such file or directory/);
  });

  test('a folder stands for its Dockerfiles, not its subfolders', () => {
    assert.deepEqual(filesLinted(dir, '.'), ['Containerfile', 'Dockerfile', 'Dockerfile.prod', 'api.Dockerfile']);
  });

  test('--recursive adds subfolders but skips node_modules, vendor and .git', () => {
    assert.deepEqual(filesLinted(dir, '--recursive', '.'), [
      'Containerfile',
      'Dockerfile',
      'Dockerfile.prod',
      'api.Dockerfile',
      'deploy/Dockerfile',
    ]);
    assert.deepEqual(filesLinted(dir, '-r', '.'), filesLinted(dir, '--recursive', '.'));
  });

  test('a file argument is linted whatever its name, and only once', () => {
    fs.writeFileSync(path.join(dir, 'docs', 'build.txt'), BAD);
    try {
      const result = runCli(['lint', '-f', 'json', 'docs/build.txt', 'docs/build.txt', './docs/build.txt'], { cwd: dir });
      const findings = parseJsonFindings(result.stdout);
      assert.ok(findings.length > 0);
      assert.ok(findings.every((f) => f.file === 'docs/build.txt'));
      const single = parseJsonFindings(runCli(['lint', '-f', 'json', 'docs/build.txt'], { cwd: dir }).stdout);
      assert.equal(findings.length, single.length);
    } finally {
      fs.rmSync(path.join(dir, 'docs', 'build.txt'));
    }
  });

  test('a folder without Dockerfiles is an error', () => {
    const result = runCli(['lint', 'docs'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /go-dockerfile: docs: no Dockerfiles found \(use --recursive to search subfolders\)/);
  });

  test('a missing path is an error', () => {
    const result = runCli(['lint', 'nope/Dockerfile'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'go-dockerfile: nope/Dockerfile: no such file or directory\n');
  });
});

describe('files that are not Dockerfiles', () => {
  let dir: string;
  before(() => {
    dir = makeTempDir();
    writeTree(dir, {
      'go.mod': 'module example.com/odd\n\ngo 1.22\n',
      'big/Dockerfile': 'FROM scratch\n' + '# padding\n'.repeat(250_000),
      'binary/Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 1, 2, 3]),
      'empty/Dockerfile': '',
      'ok/Dockerfile': BAD,
    });
  });
  after(() => removeDir(dir));

  test('a file over 2 MB is refused with one line and exit code 2', () => {
    const result = runCli(['lint', 'big/Dockerfile'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'go-dockerfile: big/Dockerfile: file too large (2.5 MB; the limit is 2.0 MB)\n');
  });

  test('a binary file is refused with one line and exit code 2', () => {
    const result = runCli(['lint', 'binary/Dockerfile'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'go-dockerfile: binary/Dockerfile: binary file (contains NUL bytes), not a Dockerfile\n');
  });

  test('the other files are still linted and reported', () => {
    const result = runCli(['lint', '-f', 'json', 'binary/Dockerfile', 'ok/Dockerfile', 'big/Dockerfile'], { cwd: dir });
    assert.equal(result.status, 2);
    const files = new Set(parseJsonFindings(result.stdout).map((f) => f.file));
    assert.deepEqual([...files], ['ok/Dockerfile']);
  });

  test('an empty file is linted without complaint', () => {
    const result = runCli(['lint', 'empty/Dockerfile'], { cwd: dir });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });
});
