// go-dockerfile-language-server --stdio driven by a real Neovim (headless, Debian's package, installed
// by scripts/e2e-setup.sh): diagnostics arrive, settings from workspace/configuration and
// initializationOptions apply, and the preferred code action applies and clears its diagnostic.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt } from '../ensure-built.ts';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const INIT = path.join(__dirname, 'neovim', 'init.lua');
const NVIM = '/usr/bin/nvim';

/** Same Dockerfile as the server tests' cgo case, plus an early COPY . . (module-cache-order) and a single stage turned off by settings. */
const DOCKERFILE = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go mod download', 'RUN go build -trimpath -ldflags="-s -w" -o /out/app .', '', 'FROM scratch', 'COPY --from=build /out/app /app', 'USER 65534:65534', 'ENTRYPOINT ["/app"]', ''].join('\n');

interface NeovimRun {
  nvim: string;
  steps: string[];
  error?: string;
  started: boolean;
  diagnostics: string[];
  nvimDiagnosticCount: number;
  hoverAdvertised: boolean;
  codeActionAdvertised: boolean;
  actions: string[];
  applied: string;
  fixedLine: string;
  diagnosticsAfterFix: string[];
}

let dir: string;
before(() => {
  ensureBuilt();
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gdf-nvim-')));
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/nvim\n\ngo 1.22\n');
  fs.writeFileSync(path.join(dir, 'go.sum'), '');
  fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\n');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('headless Neovim: diagnostics, settings, and a code action that clears its diagnostic', { timeout: 90_000 }, () => {
  assert.ok(fs.existsSync(NVIM), `${NVIM} is missing: run bash scripts/e2e-setup.sh (it installs Debian's neovim)`);
  const resultFile = path.join(dir, 'result.json');
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  const run = spawnSync(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', INIT], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 80_000,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local/share'),
      XDG_STATE_HOME: path.join(home, '.local/state'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      GDF_NODE: process.execPath,
      GDF_SERVER: path.join(REPO_ROOT, 'dist', 'server.js'),
      GDF_ROOT: dir,
      GDF_DOCKERFILE: path.join(dir, 'Dockerfile'),
      GDF_RESULT: resultFile,
    },
  });
  assert.ok(fs.existsSync(resultFile), `Neovim wrote no result (status ${run.status}, signal ${run.signal}): ${run.stderr}${run.stdout}`);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as NeovimRun;
  assert.equal(result.error, undefined, `failed after steps ${result.steps.join(', ')}: ${result.error}`);
  assert.equal(run.status, 0);

  assert.equal(result.started, true);
  // single-stage is off through workspace/configuration; the others arrive.
  assert.deepEqual(result.diagnostics, ['cgo-not-disabled', 'module-cache-order']);
  assert.ok(result.nvimDiagnosticCount >= 2, 'Neovim shows them');
  // languageFeatures 'off' through initializationOptions: the general features are gone, but the
  // Go hover and the code actions stay.
  assert.equal(result.hoverAdvertised, true);
  assert.equal(result.codeActionAdvertised, true);

  assert.ok(result.actions.includes('Set CGO_ENABLED=0 for this go build'), result.actions.join(' | '));
  assert.ok(result.actions.includes('Disable cgo-not-disabled for this line'), result.actions.join(' | '));
  assert.equal(result.applied, 'Set CGO_ENABLED=0 for this go build');
  assert.equal(result.fixedLine, 'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .');
  assert.deepEqual(result.diagnosticsAfterFix, ['module-cache-order']);
  // The file on disk is untouched: the edit is in the buffer, as in any editor.
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), DOCKERFILE);
  console.log(`# Neovim ${result.nvim}`);
});
