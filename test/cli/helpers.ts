// Shared by the CLI tests: they run the bundled CLI (dist/cli.js) as a subprocess, as users do.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from '../ensure-built.ts';

export { ensureBuilt };

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(__dirname, 'fixtures');
export const MODULE_FIXTURE = path.join(FIXTURES, 'module');
const GOLDEN_DIR = path.join(__dirname, 'golden');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js …` and captures everything. */
export function runCli(args: readonly string[], options: { cwd: string } & Omit<SpawnSyncOptions, 'cwd' | 'encoding'>): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { ...options, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Compares output with test/cli/golden/<name>. UPDATE_GOLDEN=1 rewrites the file instead;
 * read the rewritten files before committing them: they are the expected behaviour.
 */
export function assertGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing golden file ${file}; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from golden file ${name}`);
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function makeTempDir(prefix = 'go-dockerfile-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  // Make read-only folders writable again so they can be removed.
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) fs.chmodSync(path.join(entry.parentPath, entry.name), 0o755);
  }
  fs.chmodSync(dir, 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes files (relative path → content) below `root`, creating folders as needed. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

/** A copy of the module fixture (go.mod, go.sum, main.go and its Dockerfiles) in a temporary folder. */
export function copyModuleFixture(): string {
  const dir = makeTempDir();
  fs.cpSync(MODULE_FIXTURE, dir, { recursive: true });
  return dir;
}

export type { JsonFinding as JsonFindingRecord } from '../../server/src/cli/format-json.ts';
import type { JsonFinding } from '../../server/src/cli/format-json.ts';

export function parseJsonFindings(stdout: string): JsonFinding[] {
  return JSON.parse(stdout) as JsonFinding[];
}

export function ruleIds(stdout: string): string[] {
  return parseJsonFindings(stdout).map((finding) => finding.ruleId);
}
