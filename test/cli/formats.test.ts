// Output formats, compared byte for byte with golden files (UPDATE_GOLDEN=1 rewrites them).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { rules } from '../../server/src/engine/index.ts';
import { buildInputs } from '../../server/src/engine/build-inputs.ts';
import { buildModel } from '../../server/src/engine/model/index.ts';
import { nodeProject } from '../../server/src/files/node-access.ts';
import { analyze } from '../strict-engine.ts';
import { GoFactsCache } from '../../server/src/go/index.ts';
import { assertGolden, ensureBuilt, FIXTURES, makeTempDir, MODULE_FIXTURE, parseJsonFindings, removeDir, runCli, writeTree } from './helpers.ts';

// The SARIF 2.1.0 (rtm.5) schema as published with Microsoft's SARIF SDK, from the
// @microsoft/jest-sarif devDependency. It is a draft-04 schema, hence ajv-draft-04.
const SARIF_SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function sarifValidator() {
  // The schema's language-tag pattern is not a valid Unicode-mode regular expression.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
  return {
    isValid: (log: unknown): boolean => validate(log) === true,
    assertValid(log: unknown): void {
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    },
  };
}

// Every format runs on the same input: the module fixture's Dockerfiles, subfolders included.
const LINT_ALL = ['lint', '--recursive', 'module'];

before(ensureBuilt);

describe('text format', () => {
  test('prints path:line:col: severity rule-id message and a summary', () => {
    const result = runCli(LINT_ALL, { cwd: FIXTURES });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 1);
    assertGolden('lint-module.text.txt', result.stdout);
  });

  test('prints nothing for a clean file', () => {
    const result = runCli(['lint', 'module/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '');
  });

  test('every finding line matches the documented shape', () => {
    const lines = runCli(LINT_ALL, { cwd: FIXTURES }).stdout.trimEnd().split('\n');
    const summary = lines.pop() as string;
    assert.match(summary, /^\d+ problems? \((\d+ (errors?|warnings?|info|hints?)(, )?)+\)$/);
    assert.ok(lines.length > 0);
    for (const line of lines) assert.match(line, /^module\/[^:]+:\d+:\d+: (error|warning|info|hint) [a-z0-9-]+ \S.*$/);
  });
});

describe('json format', () => {
  test('matches the golden file', () => {
    const result = runCli([...LINT_ALL, '--format', 'json'], { cwd: FIXTURES });
    assert.equal(result.status, 1);
    assertGolden('lint-module.json', result.stdout);
  });

  test('positions are the engine ranges plus one', async () => {
    const file = path.join(MODULE_FIXTURE, 'Dockerfile.bad');
    const text = fs.readFileSync(file, 'utf8');
    const goFacts = await new GoFactsCache(nodeProject({ fallback: FIXTURES })).factsFor(file, buildInputs(buildModel(text)));
    const engineFindings = analyze(fs.readFileSync(file, 'utf8'), { goFacts });
    const records = parseJsonFindings(runCli(['lint', '-f', 'json', 'module/Dockerfile.bad'], { cwd: FIXTURES }).stdout);
    assert.ok(engineFindings.length > 0, 'the fixture should have findings');
    assert.equal(records.length, engineFindings.length);
    for (const finding of engineFindings) {
      const record = records.find((r) => r.ruleId === finding.ruleId && r.line === finding.range.start.line + 1);
      assert.ok(record, `no record for ${finding.ruleId}`);
      assert.equal(record.file, 'module/Dockerfile.bad');
      assert.equal(record.column, finding.range.start.character + 1);
      assert.equal(record.endLine, finding.range.end.line + 1);
      assert.equal(record.endColumn, finding.range.end.character + 1);
      assert.equal(record.severity, finding.severity);
      assert.equal(record.message, finding.message);
      assert.equal(record.fixable, finding.fix !== undefined);
    }
  });

  test('is an empty array for a clean file', () => {
    const result = runCli(['lint', '--format=json', 'module/Dockerfile'], { cwd: FIXTURES });
    assert.equal(result.status, 0);
    assert.deepEqual(JSON.parse(result.stdout), []);
  });
});

describe('github format', () => {
  test('matches the golden file', () => {
    const result = runCli([...LINT_ALL, '--format', 'github'], { cwd: FIXTURES });
    assert.equal(result.status, 1);
    assertGolden('lint-module.github.txt', result.stdout);
  });

  test('writes one workflow command per finding with 1-based positions', () => {
    const records = parseJsonFindings(runCli([...LINT_ALL, '--format', 'json'], { cwd: FIXTURES }).stdout);
    const lines = runCli([...LINT_ALL, '--format', 'github'], { cwd: FIXTURES }).stdout.trimEnd().split('\n');
    assert.equal(lines.length, records.length);
    records.forEach((record, index) => {
      const command = record.severity === 'error' ? 'error' : record.severity === 'warning' ? 'warning' : 'notice';
      assert.ok(
        lines[index].startsWith(
          `::${command} file=${record.file},line=${record.line},col=${record.column},endLine=${record.endLine},` +
            `endColumn=${record.endColumn},title=go-dockerfile(${record.ruleId})::`,
        ),
        lines[index],
      );
    });
  });

  test('escapes commas and colons in the file property', () => {
    const dir = makeTempDir();
    try {
      writeTree(dir, { 'a,b:c/Dockerfile': fs.readFileSync(path.join(MODULE_FIXTURE, 'Dockerfile.bad')) });
      const output = runCli(['lint', '--format', 'github', 'a,b:c/Dockerfile'], { cwd: dir }).stdout;
      assert.ok(output.length > 0);
      for (const line of output.trimEnd().split('\n')) assert.match(line, /^::\w+ file=a%2Cb%3Ac\/Dockerfile,line=/);
    } finally {
      removeDir(dir);
    }
  });
});

describe('sarif format', () => {
  const sarif = sarifValidator();

  test('matches the golden file', () => {
    const result = runCli([...LINT_ALL, '--format', 'sarif'], { cwd: FIXTURES });
    assert.equal(result.status, 1);
    assertGolden('lint-module.sarif.json', result.stdout);
  });

  test('is valid against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(runCli([...LINT_ALL, '--format', 'sarif'], { cwd: FIXTURES }).stdout);
    sarif.assertValid(log);
    assert.ok(log.runs[0].results.length > 0);
  });

  test('the schema check rejects a broken log, so the check above is meaningful', () => {
    const log = JSON.parse(runCli([...LINT_ALL, '--format', 'sarif'], { cwd: FIXTURES }).stdout);
    log.runs[0].results[0].level = 'fatal';
    assert.equal(sarif.isValid(log), false);
  });

  test('is valid for a clean file, with no results', () => {
    const log = JSON.parse(runCli(['lint', '--format', 'sarif', 'module/Dockerfile'], { cwd: FIXTURES }).stdout);
    sarif.assertValid(log);
    assert.deepEqual(log.runs[0].results, []);
  });

  test('describes every registered rule and links results to them', () => {
    const log = JSON.parse(runCli([...LINT_ALL, '--format', 'sarif'], { cwd: FIXTURES }).stdout);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'go-dockerfile');
    assert.deepEqual(
      driver.rules.map((rule: { id: string }) => rule.id),
      rules.map((rule) => rule.meta.id),
    );
    for (const rule of driver.rules) assert.ok(rule.help.text.includes(`docs/rules/${rule.id}.md`));
    for (const result of log.runs[0].results) assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
  });

  test('results use 1-based regions and file paths relative to the working directory', () => {
    const records = parseJsonFindings(runCli([...LINT_ALL, '--format', 'json'], { cwd: FIXTURES }).stdout);
    const log = JSON.parse(runCli([...LINT_ALL, '--format', 'sarif'], { cwd: FIXTURES }).stdout);
    const results = log.runs[0].results;
    assert.equal(results.length, records.length);
    records.forEach((record, index) => {
      const location = results[index].locations[0].physicalLocation;
      assert.equal(location.artifactLocation.uri, record.file);
      assert.deepEqual(location.region, {
        startLine: record.line,
        startColumn: record.column,
        endLine: record.endLine,
        endColumn: record.endColumn,
      });
      const level = { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[record.severity];
      assert.equal(results[index].level, level);
    });
  });

  test('percent-encodes paths with spaces and stays valid', () => {
    const dir = makeTempDir();
    try {
      writeTree(dir, { 'my app/Dockerfile': fs.readFileSync(path.join(MODULE_FIXTURE, 'Dockerfile.bad')) });
      const log = JSON.parse(runCli(['lint', '--format', 'sarif', 'my app'], { cwd: dir }).stdout);
      sarif.assertValid(log);
      assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'my%20app/Dockerfile');
    } finally {
      removeDir(dir);
    }
  });

  test('uses a relative URI below the working directory and a file URI outside it', () => {
    const log = JSON.parse(runCli(['lint', '--format', 'sarif', path.join(MODULE_FIXTURE, 'Dockerfile.bad')], { cwd: path.join(FIXTURES, '..') }).stdout);
    sarif.assertValid(log);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'fixtures/module/Dockerfile.bad');
    const outside = JSON.parse(runCli(['lint', '--format', 'sarif', path.join(MODULE_FIXTURE, 'Dockerfile.bad')], { cwd: path.join(MODULE_FIXTURE, 'deploy') }).stdout);
    sarif.assertValid(outside);
    assert.equal(outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, pathToFileURL(path.join(MODULE_FIXTURE, 'Dockerfile.bad')).href);
  });
});
