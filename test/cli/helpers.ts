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

export const RUNNING_AS_ROOT = process.getuid?.() === 0;
/** The unprivileged user the tests switch to when running as root, which ignores permission bits. */
export const NOBODY = { uid: 65534, gid: 65534 };

/** Whether users other than the owner can get to `file`: every folder above it searchable by others, the file readable (and executable). */
function othersCanReach(file: string, execute = false): boolean {
  try {
    const wanted = fs.constants.S_IROTH | (execute ? fs.constants.S_IXOTH : 0);
    if ((fs.statSync(file).mode & wanted) !== wanted) return false;
    for (let dir = path.dirname(fs.realpathSync(file)); ; dir = path.dirname(dir)) {
      if ((fs.statSync(dir).mode & fs.constants.S_IXOTH) === 0) return false;
      if (path.dirname(dir) === dir) return true;
    }
  } catch {
    return false;
  }
}

/**
 * Why the tests cannot run the CLI as an unprivileged user here, or undefined when they can. The
 * checkout's location does not matter (see runCliUnprivileged); only the Node binary must be
 * reachable by `nobody`.
 */
export function unprivilegedSkipReason(): string | undefined {
  if (process.platform === 'win32') return 'no POSIX permissions on Windows';
  if (RUNNING_AS_ROOT && !othersCanReach(process.execPath, true)) return `nobody cannot run ${process.execPath}`;
  return undefined;
}

/** A temporary folder that an unprivileged user can enter (when the system temp folder allows it). */
export function makeSharedTempDir(prefix = 'go-dockerfile-cli-'): string {
  const base = othersCanReach(os.tmpdir()) ? os.tmpdir() : '/tmp';
  const dir = fs.mkdtempSync(path.join(base, prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

let unprivilegedCopy: string | undefined;

/**
 * Runs the CLI as an unprivileged user, so that permission bits apply. As root that is `nobody`,
 * running a copy of dist/cli.js (and package.json, for --version) in a folder nobody can reach: the
 * checkout itself may sit in a folder only root can enter, e.g. /root/src. As anyone else, the
 * CLI runs as that user.
 */
export function runCliUnprivileged(args: readonly string[], options: { cwd: string } & Omit<SpawnSyncOptions, 'cwd' | 'encoding'>): CliResult {
  if (!RUNNING_AS_ROOT) return runCli(args, options);
  if (unprivilegedCopy === undefined) {
    const dir = makeSharedTempDir('go-dockerfile-cli-copy-');
    fs.mkdirSync(path.join(dir, 'dist'), { mode: 0o755 });
    fs.copyFileSync(CLI, path.join(dir, 'dist', 'cli.js'));
    // The engine it requires, and the YAML parser it requires on first use (esbuild.mjs).
    for (const bundle of ['engine.js', 'yaml.js']) fs.copyFileSync(path.join(REPO_ROOT, 'dist', bundle), path.join(dir, 'dist', bundle));
    fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json'));
    for (const file of ['dist/cli.js', 'dist/engine.js', 'dist/yaml.js', 'package.json']) fs.chmodSync(path.join(dir, file), 0o644);
    fs.chmodSync(path.join(dir, 'dist'), 0o755);
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    unprivilegedCopy = path.join(dir, 'dist', 'cli.js');
  }
  const result = spawnSync(process.execPath, [unprivilegedCopy, ...args], { ...options, ...NOBODY, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
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
