// Shared by the server, CLI and E2E tests: they run the bundles in dist/, as users do. Rebuilds
// dist/ when a bundle is missing or older than the sources. Test files run in parallel processes,
// so one lock folder makes sure only one of them runs esbuild while the others wait.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
const BUNDLES = ['client.js', 'server.js', 'engine.js', 'cli.js', 'validate-worker.js', 'dockerfile.js', 'language-service.js', 'yaml.js', 'action.js', 'build-graph-view.js', 'build-graph-view.css', 'web/client.js', 'web/server.js'].map((f) => path.join(REPO_ROOT, 'dist', f));
const SOURCES = ['server/src', 'client/src', 'esbuild.mjs'].map((f) => path.join(REPO_ROOT, f));

function newestMtime(file: string): number {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

function isBuildStale(): boolean {
  if (!BUNDLES.every((b) => fs.existsSync(b))) return true;
  const sources = Math.max(...SOURCES.map(newestMtime));
  return BUNDLES.some((b) => fs.statSync(b).mtimeMs < sources);
}

export function ensureBuilt(): void {
  if (!isBuildStale()) return;
  const lock = path.join(REPO_ROOT, 'dist', '.test-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 1200; attempt++) {
    try {
      fs.mkdirSync(lock);
    } catch {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      continue;
    }
    try {
      if (isBuildStale()) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
    } finally {
      fs.rmdirSync(lock);
    }
    return;
  }
  throw new Error(`could not take the build lock ${lock}; remove it if no test run is building`);
}
