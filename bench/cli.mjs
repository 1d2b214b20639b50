// The CLI figure of npm run bench: wall time of one `go-dockerfile lint` process over 100 typical
// Dockerfiles (20 to 120 lines, clean and with problems, from the lsp-bench generator) beside a Go
// module, against the dockerfile-utils CLI on one of them. Median of `runs` runs each, interleaved.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function timed(argv, cwd) {
  const t = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t;
  // Lint exits 1 when it finds problems; anything above that is a failure to run.
  if (r.status === null || r.status > 1) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function cliBench(runs = 5) {
  const { generateDockerfile } = await import(pathToFileURL(path.join(repoRoot, 'bench/.harness/lib/dockerfiles.mjs')).href);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-bench-'));
  try {
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/bench\n\ngo 1.22\n');
    const files = [];
    for (let i = 0; i < 100; i++) {
      const lines = 20 + ((i * 37) % 101);
      const { text } = generateDockerfile({ lines, variant: i % 3 === 0 ? 'problems' : 'clean', seed: i + 1 });
      const sub = path.join(dir, `svc${i}`);
      mkdirSync(sub);
      writeFileSync(path.join(sub, 'Dockerfile'), text);
      files.push(path.join(`svc${i}`, 'Dockerfile'));
    }
    const ours = [process.execPath, path.join(repoRoot, 'dist/cli.js'), 'lint', ...files];
    const theirs = [process.execPath, path.join(repoRoot, 'node_modules/dockerfile-utils/bin/dockerfile-utils'), 'lint', files[0]];
    const oursMs = [];
    const theirsMs = [];
    timed(ours, dir); // warm the file cache
    for (let r = 0; r < runs; r++) {
      oursMs.push(timed(ours, dir));
      theirsMs.push(timed(theirs, dir));
    }
    return { files: files.length, oursMs: median(oursMs), dockerfileUtilsOneFileMs: median(theirsMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await cliBench(Number(process.argv[2] ?? 5))));
}
