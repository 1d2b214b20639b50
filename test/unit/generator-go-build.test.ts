// The generated Dockerfiles really build: every `go build` RUN of each fixture's Dockerfile runs
// here, with its environment and flags, in a copy of its build context, with Debian's Go
// (golang-go, installed by scripts/e2e-setup.sh), off the network. The -X version variables must be
// in the binary, and the binary says them when asked.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GENERATOR_CASES, writeCaseCopy } from './generator-cases.ts';

const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
const goMissing = goVersion.error !== undefined || goVersion.status !== 0;
// CI installs golang-go (scripts/e2e-setup.sh): there a missing go is a failure, not a skip.
if (goMissing && process.env.CI) throw new Error('go is not installed; scripts/e2e-setup.sh installs golang-go');
const skip = goMissing ? 'go is not installed (apt-get install golang-go, or run scripts/e2e-setup.sh)' : false;
const hostArch = goMissing ? 'amd64' : execFileSync('go', ['env', 'GOARCH'], { encoding: 'utf8' }).trim();

/** Logical lines: continuations joined, as Docker reads them. */
function logicalLines(dockerfile: string): string[] {
  return dockerfile.replace(/\\\n\s*/g, '').split('\n');
}

/** The shell command of each RUN that builds Go: RUN and its --mount flags dropped. */
function goBuildRuns(dockerfile: string): string[] {
  return logicalLines(dockerfile)
    .filter((line) => line.startsWith('RUN ') && / go build /.test(line))
    .map((line) => line.slice(4).replace(/--mount=\S+\s*/g, '').trim());
}

/** ARG NAME=default lines inside stages (build-args), by name. */
function buildArgs(dockerfile: string): string[] {
  const names: string[] = [];
  let inStage = false;
  for (const line of logicalLines(dockerfile)) {
    if (line.startsWith('FROM ')) inStage = true;
    const match = /^ARG ([A-Z_][A-Z0-9_]*)=/.exec(line);
    if (inStage && match && !names.includes(match[1])) names.push(match[1]);
  }
  return names;
}

/** A value a build-arg takes here, distinct enough to find in the binary. */
const testValue = (name: string) => (name === 'VERSION' ? 'v9.8.7-gdtest' : `${name.toLowerCase()}-gdtest`);

describe('the generated go build lines build with Debian\'s Go', { skip }, () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((cleanup) => cleanup()));

  test(`the toolchain: ${goMissing ? 'none' : goVersion.stdout.trim()}`, () => {
    assert.match(goVersion.stdout, /^go version go1\.\d+/);
  });

  for (const c of GENERATOR_CASES) {
    test(`${c.name}: every go build RUN runs; -X values reach the binary`, async () => {
      const copy = await writeCaseCopy(c);
      cleanups.push(copy.cleanup);
      const text = fs.readFileSync(copy.dockerfile, 'utf8');
      const runs = goBuildRuns(text);
      assert.ok(runs.length > 0, 'a go build RUN');
      for (const run of runs) {
        assert.doesNotMatch(run, /\s-a\s|-installsuffix/, 'no obsolete flags');
      }
      const args = buildArgs(text);
      const out = fs.mkdtempSync(path.join(os.tmpdir(), `gd-out-${c.name}-`));
      cleanups.push(() => fs.rmSync(out, { recursive: true, force: true }));
      const context = path.resolve(copy.moduleDir, copy.generated.scaffold.contextDir);
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME ?? os.homedir(),
        GOCACHE: process.env.GOCACHE ?? execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim(),
        GOMODCACHE: path.join(out, 'modcache'),
        // Off the network, with the toolchain installed here, and no flags from the machine.
        GOPROXY: 'off',
        GOFLAGS: '',
        GOTOOLCHAIN: 'local',
        GONOSUMDB: '*',
        TARGETOS: 'linux',
        TARGETARCH: hostArch,
      };
      for (const name of args) env[name] = testValue(name);
      for (const run of runs) {
        const command = run.replace(/-o \/out\//g, `-o ${out}/`);
        const result = spawnSync('sh', ['-c', command], { cwd: context, env, encoding: 'utf8' });
        assert.equal(result.status, 0, `${command}\n${result.stderr}`);
      }
      const binaries = fs.readdirSync(out).filter((name) => name !== 'modcache');
      assert.equal(binaries.length, runs.length, 'one binary per go build');
      const stamped = [...text.matchAll(/-X (\S+)=\$\{([A-Z_][A-Z0-9_]*)\}/g)];
      for (const name of binaries) {
        const binary = path.join(out, name);
        const bytes = fs.readFileSync(binary);
        for (const [, symbol, arg] of stamped) assert.ok(bytes.includes(testValue(arg)), `${name}: ${symbol} holds ${testValue(arg)}`);
        assert.match(execFileSync('go', ['version', '-m', binary], { encoding: 'utf8' }), /\bpath\s/, `${name}: go version -m reads its build info`);
      }
      // The program says its version: the variable really was set (not just a string somewhere).
      const entry = /ENTRYPOINT \["\/usr\/local\/bin\/([^"]+)"\]\s*$/.exec(text.trimEnd())?.[1];
      if (entry && stamped.length > 0) {
        const said = execFileSync(path.join(out, entry), ['-version'], { encoding: 'utf8' });
        for (const [, symbol, arg] of stamped) if (symbol.startsWith('main.') || symbol.includes('/version.')) assert.ok(said.includes(testValue(arg)), `${entry} -version says ${testValue(arg)}: ${said}`);
      }
    });
  }
});
