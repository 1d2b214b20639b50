// --format gitlab: GitLab Code Quality (Code Climate JSON) with fingerprints that survive unrelated edits.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeQualityIssue } from '../../server/src/cli/format-gitlab.ts';
import { copyModuleFixture, ensureBuilt, parseJsonFindings, removeDir, runCli } from './helpers.ts';

before(ensureBuilt);

function gitlab(cwd: string, ...args: string[]): CodeQualityIssue[] {
  const result = runCli(['lint', '-f', 'gitlab', ...args], { cwd });
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout) as CodeQualityIssue[];
}

/** Two identical go builds in two stages: the same rule on the same line text twice. */
const TWICE = [
  'FROM golang:1.22 AS a',
  'WORKDIR /src',
  'COPY . .',
  'RUN go build -o /out/a ./cmd/a',
  'FROM golang:1.22 AS b',
  'WORKDIR /src',
  'COPY . .',
  'RUN go build -o /out/a ./cmd/a',
  'FROM scratch',
  'COPY --from=a /out/a /a',
  'COPY --from=b /out/a /b',
  'ENTRYPOINT ["/a"]',
  '',
].join('\n');

describe('gitlab format', () => {
  let dir: string;
  before(() => {
    dir = copyModuleFixture();
    fs.writeFileSync(path.join(dir, 'twice.Dockerfile'), TWICE);
  });
  after(() => removeDir(dir));

  test('one Code Quality issue per finding, with the fields GitLab requires', () => {
    const issues = gitlab(dir, 'Dockerfile.bad', 'cgo.Dockerfile');
    const findings = parseJsonFindings(runCli(['lint', '-f', 'json', 'Dockerfile.bad', 'cgo.Dockerfile'], { cwd: dir }).stdout);
    assert.equal(issues.length, findings.length);
    const severities: Record<string, string> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };
    issues.forEach((issue, i) => {
      assert.equal(issue.type, 'issue');
      assert.equal(issue.check_name, findings[i].ruleId);
      assert.equal(issue.description, `${findings[i].ruleId}: ${findings[i].message}`);
      assert.equal(issue.severity, severities[findings[i].severity]);
      assert.deepEqual(issue.location, { path: findings[i].file, lines: { begin: findings[i].line, end: findings[i].endLine } });
      assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
      assert.deepEqual(issue.categories, ['Bug Risk']);
    });
    assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, issues.length, 'fingerprints are unique');
  });

  test('a clean file gives an empty array', () => {
    assert.deepEqual(gitlab(dir, 'Dockerfile'), []);
  });

  test('fingerprints are the same on every run', () => {
    assert.deepEqual(gitlab(dir, '-r', '.'), gitlab(dir, '-r', '.'));
  });

  test('inserting lines above a finding, or re-indenting it, keeps its fingerprint; the line numbers move', () => {
    const before = gitlab(dir, 'cgo.Dockerfile');
    const file = path.join(dir, 'cgo.Dockerfile');
    const original = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, '# a new comment\n# and another\n' + original.replace('RUN go build', 'RUN    go build'));
      const after = gitlab(dir, 'cgo.Dockerfile');
      assert.deepEqual(
        after.map((issue) => issue.fingerprint),
        before.map((issue) => issue.fingerprint),
      );
      assert.deepEqual(
        after.map((issue) => issue.location.lines.begin),
        before.map((issue) => issue.location.lines.begin + 2),
      );
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  test('the same finding on two identical lines gets two fingerprints, by occurrence', () => {
    const issues = gitlab(dir, 'twice.Dockerfile').filter((issue) => issue.location.lines.begin === 4 || issue.location.lines.begin === 8);
    const byRule = new Map<string, CodeQualityIssue[]>();
    for (const issue of issues) byRule.set(issue.check_name, [...(byRule.get(issue.check_name) ?? []), issue]);
    const pairs = [...byRule.values()].filter((group) => group.length === 2);
    assert.ok(pairs.length > 0, JSON.stringify(issues));
    for (const [first, second] of pairs) assert.notEqual(first.fingerprint, second.fingerprint);
  });

  test('a different file path or a changed line gives a new fingerprint', () => {
    const original = gitlab(dir, 'cgo.Dockerfile');
    fs.copyFileSync(path.join(dir, 'cgo.Dockerfile'), path.join(dir, 'copy.Dockerfile'));
    try {
      const copied = gitlab(dir, 'copy.Dockerfile');
      assert.equal(copied.length, original.length);
      copied.forEach((issue, i) => assert.notEqual(issue.fingerprint, original[i].fingerprint));
    } finally {
      fs.rmSync(path.join(dir, 'copy.Dockerfile'));
    }
    const file = path.join(dir, 'cgo.Dockerfile');
    const text = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, text.replace('RUN go build -trimpath -ldflags="-s -w" -o /out/app .', 'RUN go build -trimpath -ldflags="-s -w" -o /out/server .').replace('/out/app /usr', '/out/server /usr'));
      const changed = gitlab(dir, 'cgo.Dockerfile').find((issue) => issue.check_name === 'cgo-not-disabled');
      assert.ok(changed);
      assert.notEqual(changed.fingerprint, original.find((issue) => issue.check_name === 'cgo-not-disabled')!.fingerprint);
    } finally {
      fs.writeFileSync(file, text);
    }
  });

  test('paths are relative to the working folder with forward slashes', () => {
    const issues = gitlab(path.dirname(dir), '-r', path.basename(dir));
    assert.ok(issues.length > 0);
    for (const issue of issues) assert.ok(issue.location.path.startsWith(`${path.basename(dir)}/`), issue.location.path);
  });
});
