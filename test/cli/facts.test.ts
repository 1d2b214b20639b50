// The CLI's Go facts: the build context a `contexts` entry of .go-dockerfile.json names decides
// which module a Dockerfile builds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, makeTempDir, removeDir, ruleIds, runCli, writeTree } from './helpers.ts';

before(ensureBuilt);

describe('contexts in .go-dockerfile.json feed the Go facts', () => {
  let dir: string;
  before(() => {
    dir = makeTempDir();
    fs.mkdirSync(path.join(dir, '.git'));
    writeTree(dir, {
      'services/api/go.mod': 'module example.com/api\n\ngo 1.22\n',
      'services/api/go.sum': '',
      'services/api/main.go': 'package main\n\nfunc main() {}\n',
      // Sources before the download: module-cache-order, once the module (with its go.sum) is known.
      'deploy/api.Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o /out/api .\nFROM scratch\nCOPY --from=build /out/api /api\n',
    });
  });
  after(() => removeDir(dir));

  test('without a mapping, no module is found for deploy/api.Dockerfile', () => {
    const result = runCli(['lint', '-f', 'json', 'deploy/api.Dockerfile'], { cwd: dir });
    assert.ok(!ruleIds(result.stdout).includes('module-cache-order'), result.stdout + result.stderr);
  });

  test('with contexts mapping it to services/api, the facts are that module\'s', () => {
    fs.writeFileSync(path.join(dir, '.go-dockerfile.json'), JSON.stringify({ contexts: { 'deploy/api.Dockerfile': 'services/api' } }));
    try {
      const result = runCli(['lint', '-f', 'json', 'deploy/api.Dockerfile'], { cwd: dir });
      assert.ok(ruleIds(result.stdout).includes('module-cache-order'), result.stdout + result.stderr);
    } finally {
      fs.rmSync(path.join(dir, '.go-dockerfile.json'));
    }
  });
});
