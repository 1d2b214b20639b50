// `go-dockerfile init`: the generated files, and that existing work is never clobbered.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, makeTempDir, MODULE_FIXTURE, removeDir, runCli, writeTree } from './helpers.ts';

const MAIN_GO = fs.readFileSync(path.join(MODULE_FIXTURE, 'main.go'), 'utf8');
const GO_MOD = 'module example.com/shop\n\ngo 1.22\n';

before(ensureBuilt);

function singleMainModule(): string {
  const dir = makeTempDir();
  writeTree(dir, { 'go.mod': GO_MOD, 'go.sum': '', 'main.go': MAIN_GO });
  return dir;
}

function twoMainModule(): string {
  const dir = makeTempDir();
  writeTree(dir, {
    'go.mod': GO_MOD,
    'go.sum': '',
    'cmd/api/main.go': MAIN_GO,
    'cmd/worker/main.go': 'package main\n\nfunc main() {}\n',
    'internal/store/store.go': 'package store\n',
  });
  return dir;
}

describe('init --stdout', () => {
  let dir: string;
  before(() => {
    dir = singleMainModule();
  });
  after(() => removeDir(dir));

  test('prints the Dockerfile and writes nothing', () => {
    const result = runCli(['init', '--stdout'], { cwd: dir });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^# syntax=docker\/dockerfile:1\n/);
    assert.match(result.stdout, /^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['go.mod', 'go.sum', 'main.go']);
  });

  test('takes the folder as an argument', () => {
    const result = runCli(['init', '--stdout', path.basename(dir)], { cwd: path.dirname(dir) });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^# syntax=docker\/dockerfile:1\n/);
  });

  test('--final scratch and --final alpine pick the final image', () => {
    assert.match(runCli(['init', '--stdout', '--final', 'scratch'], { cwd: dir }).stdout, /^FROM scratch$/m);
    assert.match(runCli(['init', '--stdout', '--final', 'alpine'], { cwd: dir }).stdout, /^FROM alpine:/m);
  });

  test('an unknown --final is a usage error', () => {
    const result = runCli(['init', '--stdout', '--final', 'ubuntu'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--final must be one of distroless, scratch, alpine \(got 'ubuntu'\)/);
  });
});

describe('init writing files', () => {
  test('writes a Dockerfile and a .dockerignore that lint clean', () => {
    const dir = singleMainModule();
    try {
      const result = runCli(['init'], { cwd: dir });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, 'wrote Dockerfile (main package .)\nwrote .dockerignore\n');
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), runCli(['init', '--stdout'], { cwd: dir }).stdout);
      assert.match(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), /\.git/);
      const lint = runCli(['lint', '--failure-threshold', 'hint', '-f', 'json', 'Dockerfile'], { cwd: dir });
      assert.deepEqual(JSON.parse(lint.stdout), []);
      assert.equal(lint.status, 0);
    } finally {
      removeDir(dir);
    }
  });

  test('refuses to overwrite an existing Dockerfile', () => {
    const dir = singleMainModule();
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      const result = runCli(['init'], { cwd: dir });
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'go-dockerfile: Dockerfile already exists; use --force to overwrite it, or --stdout to print\n');
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM scratch\n');
      assert.ok(!fs.existsSync(path.join(dir, '.dockerignore')), 'nothing is written when init refuses');
    } finally {
      removeDir(dir);
    }
  });

  test('--force overwrites the Dockerfile but never an existing .dockerignore', () => {
    const dir = singleMainModule();
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'secrets/\n');
      const result = runCli(['init', '--force'], { cwd: dir });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, 'wrote Dockerfile (main package .)\nkept existing .dockerignore\n');
      assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^# syntax=docker\/dockerfile:1\n/);
      assert.equal(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), 'secrets/\n');
    } finally {
      removeDir(dir);
    }
  });

  test('without a go.mod, says where the nearest module is', () => {
    const dir = singleMainModule();
    try {
      fs.mkdirSync(path.join(dir, 'deploy'));
      const result = runCli(['init', 'deploy'], { cwd: dir });
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'go-dockerfile: deploy: no go.mod in this folder (the nearest module is in .)\n');
      assert.deepEqual(fs.readdirSync(path.join(dir, 'deploy')), []);
    } finally {
      removeDir(dir);
    }
  });
});

describe('init with several main packages', () => {
  let dir: string;
  before(() => {
    dir = twoMainModule();
  });
  after(() => removeDir(dir));

  test('without --main, lists them and exits 2', () => {
    const result = runCli(['init', '--stdout'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'go-dockerfile: several main packages in .; choose one with --main: ./cmd/api, ./cmd/worker\n');
    assert.equal(result.stdout, '');
  });

  test('--main picks one, with or without ./ and a trailing slash', () => {
    for (const spec of ['./cmd/worker', 'cmd/worker', 'cmd/worker/']) {
      const result = runCli(['init', '--stdout', '--main', spec], { cwd: dir });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /go build .* \.\/cmd\/worker\b/s);
      assert.doesNotMatch(result.stdout, /cmd\/api/);
    }
  });

  test('an unknown --main lists the real ones', () => {
    const result = runCli(['init', '--stdout', '--main', './cmd/web'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, "go-dockerfile: no main package './cmd/web' in .; the main packages are: ./cmd/api, ./cmd/worker\n");
  });
});

describe('a file the facts cannot parse (issue 7, part 5)', () => {
  let dir: string;
  before(() => {
    dir = singleMainModule();
    // 6,000 parentheses in a build constraint once overflowed the stack: init exited 2.
    writeTree(dir, { 'deep.go': '//go:build ' + '('.repeat(6000) + 'linux\n\npackage main\n' });
  });
  after(() => removeDir(dir));

  test('init skips it with one warning and still generates for the module', () => {
    const result = runCli(['init', '--stdout'], { cwd: dir });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /go build/);
    assert.match(result.stderr, /deep\.go: cannot parse its \/\/go:build line \(expression too large\)/);
    assert.doesNotMatch(result.stderr, /Maximum call stack/);
  });

  test('lint still finds the module (and its findings)', () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download && go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n');
    const result = runCli(['lint', '-f', 'json', 'Dockerfile'], { cwd: dir });
    assert.ok(result.status === 1, result.stderr);
    const ids = (JSON.parse(result.stdout) as Array<{ ruleId: string }>).map((f) => f.ruleId);
    assert.ok(ids.includes('module-cache-order'), ids.join(','));
  });
});

describe('init on layouts like real repositories (test/fixtures/generator)', () => {
  const generatorFixtures = path.join(__dirname, '..', 'fixtures', 'generator');
  let dir: string;
  before(() => {
    dir = makeTempDir();
    fs.cpSync(generatorFixtures, dir, { recursive: true });
    // A repository, as the real ones are: its root bounds what init reads (the go.work above a module).
    fs.mkdirSync(path.join(dir, '.git'));
  });
  after(() => removeDir(dir));

  test('takes cmd/<module name> among many cmd/* and cmd/dev/* mains, says so and lists the others', () => {
    const result = runCli(['init', '--stdout'], { cwd: path.join(dir, 'syncd') });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stderr,
      'chose ./cmd/syncd (cmd/<last element of example.com/syncd>); the others, for --main: ./cmd/discosrv, ./cmd/infra/ursrv, ./cmd/relaysrv, ./cmd/dev/stevents, ./cmd/dev/stgenfiles, ./cmd/dev/stsigtool, ./cmd/dev/stvanity\n',
    );
    assert.match(result.stdout, /go build -trimpath -ldflags="-s -w" -o \/out\/syncd \.\/cmd\/syncd$/m);
  });

  test('takes the module root over examples/ and tools/', () => {
    const result = runCli(['init', '--stdout'], { cwd: path.join(dir, 'notify') });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^chose \. \(the module root\); the others, for --main: \.\/examples\/publish, \.\/examples\/subscribe, \.\/tools\/loadgen\n$/);
  });

  test('--main still picks any other one, and then says nothing about the choice', () => {
    const result = runCli(['init', '--stdout', '--main', 'cmd/dev/stvanity'], { cwd: path.join(dir, 'syncd') });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /-o \/out\/stvanity \.\/cmd\/dev\/stvanity$/m);
  });

  test('carries the goreleaser build over: -X as build-args, tags, CGO_ENABLED; never -a', () => {
    const result = runCli(['init', '--stdout'], { cwd: path.join(dir, 'relay') });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^ARG VERSION=dev$/m);
    assert.match(result.stdout, /^#   --build-arg VERSION=\$\(git describe --tags --always\)$/m);
    assert.match(result.stdout, /-tags netgo,osusergo/);
    assert.match(result.stdout, /-ldflags="-s -w -X main\.version=\$\{VERSION\} -X main\.commit=\$\{COMMIT\} -X main\.date=\$\{BUILD_DATE\}"/);
    assert.match(result.stdout, /-o \/out\/relayd \.\/cmd\/relay$/m);
    assert.doesNotMatch(result.stdout, /go build[^\n]* -a /);
    assert.match(result.stdout, /^# Left out: -a \(obsolete/m);
  });

  test('--all puts every shipped program in one image; --targets gives each its own target; not both', () => {
    const all = runCli(['init', '--stdout', '--all'], { cwd: path.join(dir, 'syncd') });
    assert.equal(all.status, 0, all.stderr);
    assert.equal((all.stdout.match(/^COPY --from=build \/out\//gm) ?? []).length, 4);
    assert.doesNotMatch(all.stdout, /stvanity/);
    const targets = runCli(['init', '--stdout', '--targets', '--main', './cmd/relaysrv'], { cwd: path.join(dir, 'syncd') });
    assert.equal(targets.status, 0, targets.stderr);
    assert.match(targets.stdout, /--target relaysrv -t relaysrv:latest \./);
    assert.match(targets.stdout.trimEnd(), /FROM gcr\.io\/distroless\/static-debian12:nonroot AS relaysrv\n[^]*ENTRYPOINT \["\/usr\/local\/bin\/relaysrv"\]$/);
    const both = runCli(['init', '--stdout', '--all', '--targets'], { cwd: path.join(dir, 'syncd') });
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--all and --targets exclude each other/);
  });

  test('a go.work module: the Dockerfile in the module, its ignore file beside it (the context is the go.work folder)', () => {
    const api = path.join(dir, 'shop', 'api');
    const result = runCli(['init'], { cwd: api });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'wrote Dockerfile (main package .)\nwrote Dockerfile.dockerignore\n');
    assert.match(fs.readFileSync(path.join(api, 'Dockerfile'), 'utf8'), /-f api\/Dockerfile -t api:latest \./);
    assert.ok(!fs.existsSync(path.join(api, '.dockerignore')));
    const lint = runCli(['lint', '--failure-threshold', 'hint', '-f', 'json', 'Dockerfile'], { cwd: api });
    assert.deepEqual(JSON.parse(lint.stdout), []);
    assert.equal(lint.status, 0, lint.stderr);
  });
});
