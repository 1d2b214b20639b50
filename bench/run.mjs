#!/usr/bin/env node
// npm run bench [-- <lsp-bench options>]
// Measures our language server against the anchor (dockerfile-language-server-nodejs) in one run
// with the black-box harness in ../shared/tools/lsp-bench. shared/ is read-only and absent from
// some checkouts, so the harness is copied into bench/.harness/ (gitignored) and its one
// dependency installed there once. Results: bench/results/latest.json and latest.md.
//
// Options handled here (everything else goes to lsp-bench, e.g. `--runs 5 --sizes 10,100`):
//   --only <label>   measure one server (go-dockerfile or anchor), or only the Go facts (go-facts)
//   --no-build       never build; use dist/server.js as it is
//   --no-go-facts    skip the Go facts section (bench/go-facts.ts: a 5,000-file module, first read and one-file update)
//   --no-web-size    skip the web bundle size section (bench/web-size.mjs: dist/web/*.js, plain, minified, gzip)
//   --no-extra       skip what lsp-bench does not measure (bench/lsp-extra.mjs: first and settled publishes,
//                    typing CPU, code actions and fix-all, memory across open/change/close cycles, growth),
//                    the CLI (bench/cli.mjs) and activation (bench/activation.mjs) figures and the targets table
//   --vsix           also package the extension (npm run package) and report the VSIX size
//   --extra-runs N   runs per figure in the extra section (default 5)
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webSizeReport } from './web-size.mjs';
import { targetsReport } from './targets.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const harnessSource = path.resolve(repoRoot, '../shared/tools/lsp-bench');
const harnessDir = path.join(repoRoot, 'bench/.harness');
const resultsDir = path.join(repoRoot, 'bench/results');
const ourServer = path.join(repoRoot, 'dist/server.js');
const anchorServer = path.join(repoRoot, 'node_modules/dockerfile-language-server-nodejs/bin/docker-langserver');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function parseOwnArgs(argv) {
  const passThrough = [];
  let only;
  let build = true;
  let goFacts = true;
  let webSize = true;
  let extra = true;
  let vsix = false;
  let extraRuns = 5;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') only = argv[++i];
    else if (argv[i].startsWith('--only=')) only = argv[i].slice('--only='.length);
    else if (argv[i] === '--no-build') build = false;
    else if (argv[i] === '--no-go-facts') goFacts = false;
    else if (argv[i] === '--no-web-size') webSize = false;
    else if (argv[i] === '--no-extra') extra = false;
    else if (argv[i] === '--vsix') vsix = true;
    else if (argv[i] === '--extra-runs') extraRuns = Number(argv[++i]);
    else passThrough.push(argv[i]);
  }
  if (only !== undefined && only !== 'go-dockerfile' && only !== 'anchor' && only !== 'go-facts' && only !== 'web-size') fail(`--only takes go-dockerfile, anchor, go-facts or web-size, not "${only}"`);
  return { only, build, goFacts: goFacts && only !== 'anchor' && only !== 'web-size', webSize: webSize && (only === undefined || only === 'web-size'), extra: extra && only === undefined, vsix, extraRuns, passThrough };
}

/** Copies the harness (without node_modules) and runs `npm ci` when its lock file changed. */
function prepareHarness() {
  if (!existsSync(path.join(harnessSource, 'lsp-bench.mjs'))) {
    fail(`the lsp-bench harness was not found at ${harnessSource}.\n` +
      '       It lives in shared/tools/lsp-bench beside this repository (../shared from the repo root).');
  }
  mkdirSync(harnessDir, { recursive: true });
  // Fresh copy of the harness files each run, so an updated harness is picked up; node_modules stays.
  for (const entry of readdirSync(harnessDir)) {
    if (entry !== 'node_modules' && entry !== '.lock-hash') rmSync(path.join(harnessDir, entry), { recursive: true, force: true });
  }
  for (const entry of readdirSync(harnessSource)) {
    if (entry === 'node_modules') continue;
    cpSync(path.join(harnessSource, entry), path.join(harnessDir, entry), { recursive: true });
  }
  // The shared copy is read-only; make ours writable so the next run can replace it.
  spawnSync('chmod', ['-R', 'u+w', harnessDir]);

  const lockHash = createHash('sha256').update(readFileSync(path.join(harnessDir, 'package-lock.json'))).digest('hex');
  const stamp = path.join(harnessDir, '.lock-hash');
  const installed = existsSync(path.join(harnessDir, 'node_modules')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash;
  if (!installed) {
    console.error('bench: installing the harness dependencies (npm ci in bench/.harness)');
    const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: harnessDir, stdio: 'inherit' });
    if (r.status !== 0) fail('npm ci in bench/.harness failed');
    writeFileSync(stamp, lockHash);
  }
}

/** Newest modification time of any file under `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds when dist/server.js is missing or older than the server sources, so we never time stale code. */
function ensureBuilt(allowBuild) {
  const stale = !existsSync(ourServer) || statSync(ourServer).mtimeMs < newestMtime(path.join(repoRoot, 'server/src'));
  if (!stale) return;
  if (!allowBuild) {
    if (!existsSync(ourServer)) fail('dist/server.js is missing and --no-build was given; run npm run build');
    console.error('bench: warning: dist/server.js is older than server/src (--no-build)');
    return;
  }
  console.error('bench: building (npm run build)');
  const r = spawnSync(npm, ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(ourServer)) fail('npm run build failed; dist/server.js is needed for the benchmark');
}

const quote = (p) => `"${p.replace(/(["\\$`])/g, '\\$1')}"`;

/** The Go facts section: timed in-process on a generated module (see bench/go-facts.ts). */
function goFactsSection() {
  console.error('bench: Go facts (bench/go-facts.ts)');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/go-facts.ts')], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) fail('bench/go-facts.ts failed');
  process.stdout.write(r.stdout);
  return r.stdout;
}

async function main() {
  const { only, build, goFacts, webSize, extra, vsix, extraRuns, passThrough } = parseOwnArgs(process.argv.slice(2));
  const sizeReport = webSize ? `${await webSizeReport()}\n` : '';
  if (sizeReport) process.stdout.write(sizeReport);
  if (only === 'web-size') {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'web-size.md'), sizeReport);
    console.error('bench: wrote bench/results/web-size.md');
    return;
  }
  const factsReport = `${sizeReport}${goFacts ? goFactsSection() : ''}`;
  if (only === 'go-facts') {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'go-facts.md'), factsReport);
    console.error('bench: wrote bench/results/go-facts.md');
    return;
  }
  prepareHarness();
  const servers = [];
  if (only !== 'anchor') {
    ensureBuilt(build);
    servers.push(['go-dockerfile', `${quote(process.execPath)} ${quote(ourServer)} --stdio`]);
  }
  if (only !== 'go-dockerfile') {
    if (!existsSync(anchorServer)) fail(`the anchor server is missing at ${anchorServer}; run npm ci`);
    servers.push(['anchor', `${quote(process.execPath)} ${quote(anchorServer)} --stdio`]);
  }
  mkdirSync(resultsDir, { recursive: true });

  const jsonOut = path.join(resultsDir, 'latest.json');
  const args = [path.join(harnessDir, 'lsp-bench.mjs')];
  for (const [label, command] of servers) args.push('--server', command, '--label', label);
  args.push('--markdown', '--json', jsonOut, ...passThrough);

  // stdout is the markdown report: shown as it comes and kept in latest.md. Progress goes to stderr.
  const child = spawn(process.execPath, args, { cwd: harnessDir, stdio: ['ignore', 'pipe', 'inherit'] });
  let report = '';
  child.stdout.on('data', (chunk) => {
    report += chunk;
    process.stdout.write(chunk);
  });
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  if (code !== 0) {
    if (report.trim() || factsReport) writeFileSync(path.join(resultsDir, 'latest.md'), `${factsReport}${factsReport ? '\n' : ''}${report}`);
    fail(`lsp-bench exited with ${code}`);
  }
  let targets = '';
  if (extra) {
    const extraJson = path.join(resultsDir, 'extra.json');
    console.error('bench: first/settled, typing CPU, code actions, memory, growth (bench/lsp-extra.mjs)');
    const args = [path.join(repoRoot, 'bench/lsp-extra.mjs'), '--runs', String(extraRuns), '--json', extraJson];
    for (const [label, command] of servers) args.push('--server', command, '--label', label);
    const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) fail('bench/lsp-extra.mjs failed');
    console.error('bench: CLI (bench/cli.mjs) and activation (bench/activation.mjs)');
    const { cliBench } = await import('./cli.mjs');
    const { activationBench } = await import('./activation.mjs');
    const cli = await cliBench(extraRuns);
    const activation = activationBench(Math.max(extraRuns, 5));
    let vsixBytes;
    if (vsix) {
      console.error('bench: npm run package');
      const p = spawnSync(npm, ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
      if (p.status !== 0) fail('npm run package failed');
      vsixBytes = statSync(path.join(repoRoot, 'go-dockerfile.vsix')).size;
    }
    targets = targetsReport({
      harness: JSON.parse(readFileSync(jsonOut, 'utf8')),
      extra: JSON.parse(readFileSync(extraJson, 'utf8')),
      cli,
      activation,
      goFactsMarkdown: factsReport,
      vsixBytes,
      packageJson: JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')),
    });
    process.stdout.write(`\n${targets}`);
  }
  writeFileSync(path.join(resultsDir, 'latest.md'), `${targets}${targets ? '\n' : ''}${factsReport}${factsReport ? '\n' : ''}${report}`);
  console.error(`bench: wrote ${path.relative(repoRoot, jsonOut)} and bench/results/latest.md`);
}

await main();
