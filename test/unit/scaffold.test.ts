import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { readGoWorkspace as readWorkspaceWith, toGoFacts, type GoWorkspace } from '../../server/src/go/index.ts';
import { NodeFileAccess } from '../../server/src/files/node-access.ts';
import { patternExcludes } from '../../server/src/scaffold/dockerignore.ts';
import { programFacts } from '../fake-facts.ts';

/** Reads a module confined to its own folder, as the generator does. */
function readGoWorkspace(dir: string): Promise<GoWorkspace> {
  return readWorkspaceWith(new NodeFileAccess(dir), dir);
}
import {
  builderGoVersion,
  generateDockerfile,
  generateDockerignore,
  normalizePackageDir,
  type ScaffoldOptions,
} from '../../server/src/scaffold/index.ts';

// Tests run from the repository root (npm test, .ci/run); this stays correct for CJS and ESM alike.
const fixtures = path.resolve('test', 'fixtures');
const sampleModule = path.join(fixtures, 'sample-module');
const fixtureModules = ['sample-module', 'go-workspaces/cmd-layout', 'go-workspaces/cgo-module', 'go-workspaces/sqlite-module', 'go-workspaces/vendored-module', 'go-workspaces/no-gosum', 'go-workspaces/workspace/app'];

/** A hand-made workspace: the generator is pure, so most cases need no files at all. */
function workspace(overrides: Partial<GoWorkspace> = {}): GoWorkspace {
  return {
    moduleDir: '/src/hello',
    modulePath: 'example.com/hello',
    goVersion: '1.22',
    hasGoSum: true,
    vendored: false,
    hasGoWork: false,
    needsCgo: false,
    mainPackages: [{ dir: '.', binaryName: 'hello', needsCgo: false }],
    usesTLS: false,
    usesTimezones: false,
    ports: [],
    hasDockerfile: false,
    hasDockerignore: false,
    ...overrides,
  };
}

const linesOf = (text: string): string[] => text.split('\n');
/** Instructions with continuations joined, comments dropped: what docker sees. */
function instructions(text: string): string[] {
  return text
    .replace(/ \\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

// --- the fixture stays in sync -----------------------------------------------------------------

test('the sample module Dockerfile is exactly the generator output', async () => {
  const expected = generateDockerfile((await readGoWorkspace(sampleModule)), { mainPackage: '.' });
  assert.equal(fs.readFileSync(path.join(sampleModule, 'Dockerfile'), 'utf8'), expected);
});

test('Dockerfile.bad is valid syntax with the classic mistakes: one golang stage, sources before the download, cgo left on', async () => {
  const text = fs.readFileSync(path.join(sampleModule, 'Dockerfile.bad'), 'utf8');
  assert.deepEqual(validate(text), []);
  const dockerfile = DockerfileParser.parse(text);
  assert.equal(dockerfile.getFROMs().length, 1);
  assert.match(dockerfile.getFROMs()[0].getImage() ?? '', /^golang:/);
  const ins = instructions(text);
  assert.ok(ins.indexOf('COPY . .') < ins.indexOf('RUN go mod download'));
  assert.ok(ins.some((l) => l.includes('go build')) && !text.includes('CGO_ENABLED'));
});

test('Dockerfile.bad trips the single-stage and module-cache-order rules', async () => {
  const engine = (await import('../strict-engine.ts')) as typeof import('../strict-engine.ts');
  const text = fs.readFileSync(path.join(sampleModule, 'Dockerfile.bad'), 'utf8');
  const ids = new Set(engine.analyze(text, { goFacts: toGoFacts((await readGoWorkspace(sampleModule))) }).map((f) => f.ruleId));
  assert.ok(ids.has('single-stage'), [...ids].join(', '));
  assert.ok(ids.has('module-cache-order'), [...ids].join(', '));
});

// --- shape of the plain module output ----------------------------------------------------------

test('a plain module gets the recommended multi-stage Dockerfile', async () => {
  const text = generateDockerfile(workspace({ ports: [8080] }), { mainPackage: '.' });
  assert.equal(linesOf(text)[0], '# syntax=docker/dockerfile:1');
  assert.ok(text.includes('#   docker buildx build --platform linux/amd64,linux/arm64 -t hello:latest .\n'));
  assert.deepEqual(instructions(text), [
    'ARG GO_VERSION=1.22',
    'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build',
    'WORKDIR /src',
    'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=bind,source=go.mod,target=go.mod --mount=type=bind,source=go.sum,target=go.sum go mod download',
    'COPY . .',
    'ARG TARGETOS TARGETARCH',
    'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/hello .',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/hello /usr/local/bin/hello',
    'USER nonroot:nonroot',
    'EXPOSE 8080',
    'ENTRYPOINT ["/usr/local/bin/hello"]',
  ]);
});

test('every line ends with a newline and long RUN lines use readable continuations', async () => {
  const text = generateDockerfile(workspace(), { mainPackage: '.' });
  assert.ok(text.endsWith('\n'));
  assert.ok(!text.includes('\r'));
  for (const line of linesOf(text)) assert.ok(line.length <= 100, `line too long: ${line}`);
  assert.ok(text.includes('RUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=bind,source=go.mod,target=go.mod \\\n'));
});

test('the module download comes before the sources are copied', async () => {
  const text = generateDockerfile(workspace(), { mainPackage: '.' });
  assert.ok(text.indexOf('go mod download') < text.indexOf('COPY . .'));
  assert.ok(text.indexOf('COPY . .') < text.indexOf('go build'));
});

test('no EXPOSE without a known port', async () => {
  assert.ok(!generateDockerfile(workspace(), { mainPackage: '.' }).includes('EXPOSE'));
});

test('exposes every port the program listens on', async () => {
  const text = generateDockerfile(workspace({ ports: [8080, 9090] }), { mainPackage: '.' });
  assert.ok(instructions(text).includes('EXPOSE 8080 9090'));
});

test('prefers the main package\'s own ports over the module\'s', async () => {
  const ws = workspace({
    ports: [9090],
    mainPackages: [
      { dir: './cmd/api', binaryName: 'api', needsCgo: false, ports: [9090] },
      { dir: './cmd/worker', binaryName: 'worker', needsCgo: false, ports: [] },
    ],
  });
  assert.ok(generateDockerfile(ws, { mainPackage: './cmd/api' }).includes('EXPOSE 9090\n'));
  assert.ok(!generateDockerfile(ws, { mainPackage: './cmd/worker' }).includes('EXPOSE'));
});

// --- Go version --------------------------------------------------------------------------------

test('the builder version is the go line as written', async () => {
  assert.equal(builderGoVersion({ goVersion: '1.22' }), '1.22');
  assert.equal(builderGoVersion({ goVersion: '1.22.3' }), '1.22.3');
});

test('a newer toolchain line wins over the go line', async () => {
  assert.equal(builderGoVersion({ goVersion: '1.22.1', toolchainVersion: '1.23.4' }), '1.23.4');
  assert.equal(builderGoVersion({ goVersion: '1.23.2', toolchainVersion: '1.23.0' }), '1.23.2');
  const text = generateDockerfile(workspace({ goVersion: '1.22.1', toolchainVersion: '1.23.4' }), { mainPackage: '.' });
  assert.ok(text.includes('ARG GO_VERSION=1.23.4\n'));
});

test('without a usable go line the builder is the newest Go 1.x', async () => {
  assert.equal(builderGoVersion({}), '1');
  assert.equal(builderGoVersion({ goVersion: 'banana' }), '1');
});

// --- cmd/* layout ------------------------------------------------------------------------------

test('a cmd/* program is built by package path and named after its directory', async () => {
  const ws = (await readGoWorkspace(path.join(fixtures, 'go-workspaces', 'cmd-layout')));
  const text = generateDockerfile(ws, { mainPackage: './cmd/api' });
  assert.ok(text.includes('go build -trimpath -ldflags="-s -w" -o /out/api ./cmd/api\n'));
  assert.ok(text.includes('COPY --from=build /out/api /usr/local/bin/api\n'));
  assert.ok(text.includes('ENTRYPOINT ["/usr/local/bin/api"]\n'));
  assert.ok(text.includes('-t api:latest .'));
  assert.ok(text.includes('ARG GO_VERSION=1.23.4\n'));
  assert.ok(text.includes('EXPOSE 9090\n'));
  assert.ok(!text.includes('source=go.sum'), 'the fixture has no go.sum');
});

test('accepts main package spellings without ./ or with a trailing slash', async () => {
  assert.equal(normalizePackageDir('cmd/api'), './cmd/api');
  assert.equal(normalizePackageDir('./cmd/api/'), './cmd/api');
  assert.equal(normalizePackageDir('.'), '.');
  assert.equal(normalizePackageDir('./'), '.');
  assert.equal(normalizePackageDir('cmd\\api'), './cmd/api');
});

test('rejects main packages outside the module or with shell characters', async () => {
  assert.throws(() => generateDockerfile(workspace(), { mainPackage: '../other' }), /outside the module/);
  assert.throws(() => generateDockerfile(workspace(), { mainPackage: '/abs/path' }), /outside the module/);
  assert.throws(() => generateDockerfile(workspace(), { mainPackage: './cmd/$(rm -rf)' }), /characters/);
  assert.throws(() => generateDockerfile(workspace(), { mainPackage: './cmd/a b' }), /characters/);
});

test('a package that is not a known main package is still built, named after its directory', async () => {
  const text = generateDockerfile(workspace(), { mainPackage: './cmd/new-tool' });
  assert.ok(text.includes('-o /out/new-tool ./cmd/new-tool\n'));
});

test('a binary name with odd characters is made safe for paths, JSON and image names', async () => {
  const ws = workspace({ mainPackages: [{ dir: '.', binaryName: 'My App"x', needsCgo: false }] });
  const text = generateDockerfile(ws, { mainPackage: '.' });
  assert.ok(text.includes('ENTRYPOINT ["/usr/local/bin/My-App-x"]\n'));
  assert.ok(text.includes('-t my-app-x:latest .'));
});

// --- cgo ---------------------------------------------------------------------------------------

test('a cgo program builds natively on glibc and ships distroless/cc', async () => {
  const ws = (await readGoWorkspace(path.join(fixtures, 'go-workspaces', 'cgo-module')));
  const text = generateDockerfile(ws, { mainPackage: '.' });
  const ins = instructions(text);
  assert.ok(ins.includes('FROM golang:${GO_VERSION}-bookworm AS build'));
  assert.ok(!text.includes('$BUILDPLATFORM'), 'cross-compiling cgo needs a cross toolchain');
  assert.ok(!text.includes('TARGETARCH'));
  assert.ok(ins.some((l) => l.includes('CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/cgosum .')));
  assert.ok(ins.includes('FROM gcr.io/distroless/cc-debian12:nonroot'));
  assert.ok(!text.includes('CGO_ENABLED=0'));
});

test('the cgo option overrides the workspace in both directions', async () => {
  const on = generateDockerfile(workspace(), { mainPackage: '.', cgo: true });
  assert.ok(on.includes('CGO_ENABLED=1'));
  assert.ok(on.includes('FROM gcr.io/distroless/cc-debian12:nonroot'));
  const off = generateDockerfile(workspace({ needsCgo: true, mainPackages: [{ dir: '.', binaryName: 'hello', needsCgo: true }] }), { mainPackage: '.', cgo: false });
  assert.ok(off.includes('CGO_ENABLED=0'));
  assert.ok(off.includes('FROM gcr.io/distroless/static-debian12:nonroot'));
});

test('cgo follows the chosen main package, not the whole module', async () => {
  const ws = workspace({
    needsCgo: true,
    mainPackages: [
      { dir: './cmd/db', binaryName: 'db', needsCgo: true },
      { dir: './cmd/web', binaryName: 'web', needsCgo: false },
    ],
  });
  assert.ok(generateDockerfile(ws, { mainPackage: './cmd/db' }).includes('CGO_ENABLED=1'));
  assert.ok(generateDockerfile(ws, { mainPackage: './cmd/web' }).includes('CGO_ENABLED=0'));
  // An unknown package falls back to the module-level answer.
  assert.ok(generateDockerfile(ws, { mainPackage: './cmd/other' }).includes('CGO_ENABLED=1'));
});

test('a cgo program asked for scratch or alpine still ships on glibc, and says why', async () => {
  for (const finalImage of ['scratch', 'alpine'] as const) {
    const text = generateDockerfile(workspace(), { mainPackage: '.', cgo: true, finalImage });
    assert.ok(text.includes('FROM gcr.io/distroless/cc-debian12:nonroot\n'), finalImage);
    assert.ok(text.includes(`instead of ${finalImage}`), finalImage);
  }
});

test('the sqlite module builds with cgo and exposes its PORT default', async () => {
  const ws = (await readGoWorkspace(path.join(fixtures, 'go-workspaces', 'sqlite-module')));
  const text = generateDockerfile(ws, { mainPackage: '.' });
  assert.ok(text.includes('CGO_ENABLED=1'));
  assert.ok(text.includes('EXPOSE 3000\n'));
});

// --- vendoring and go.sum ----------------------------------------------------------------------

test('a vendored module skips the download and builds from vendor/', async () => {
  const ws = (await readGoWorkspace(path.join(fixtures, 'go-workspaces', 'vendored-module')));
  const text = generateDockerfile(ws, { mainPackage: '.' });
  assert.ok(!text.includes('go mod download'));
  assert.ok(!text.includes('target=/go/pkg/mod'));
  assert.ok(text.includes('--mount=type=cache,target=/root/.cache/go-build'));
  assert.ok(text.includes('go build -trimpath -mod=vendor -ldflags="-s -w" -o /out/vendored .\n'));
});

test('without go.sum the download step binds go.mod only', async () => {
  const text = generateDockerfile(workspace({ hasGoSum: false }), { mainPackage: '.' });
  assert.ok(text.includes('--mount=type=bind,source=go.mod,target=go.mod'));
  assert.ok(!text.includes('go.sum,target'));
  assert.ok(text.includes('go mod download'));
});

test('a module governed by go.work gets a note about the workspace', async () => {
  assert.ok(generateDockerfile(workspace({ hasGoWork: true }), { mainPackage: '.' }).includes('# A go.work governs this module'));
  assert.ok(!generateDockerfile(workspace(), { mainPackage: '.' }).includes('go.work'));
});

// --- final image variants ----------------------------------------------------------------------

test('scratch ships a CA bundle and runs as an unprivileged uid', async () => {
  const ins = instructions(generateDockerfile(workspace(), { mainPackage: '.', finalImage: 'scratch' }));
  const final = ins.slice(ins.indexOf('FROM scratch'));
  assert.deepEqual(final, [
    'FROM scratch',
    'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
    'COPY --from=build /out/hello /usr/local/bin/hello',
    'USER 65534:65534',
    'ENTRYPOINT ["/usr/local/bin/hello"]',
  ]);
});

test('alpine runs as nobody', async () => {
  const ins = instructions(generateDockerfile(workspace({ ports: [8080] }), { mainPackage: '.', finalImage: 'alpine' }));
  const final = ins.slice(ins.indexOf('FROM alpine:3.20'));
  assert.deepEqual(final, [
    'FROM alpine:3.20',
    'COPY --from=build /out/hello /usr/local/bin/hello',
    'USER nobody',
    'EXPOSE 8080',
    'ENTRYPOINT ["/usr/local/bin/hello"]',
  ]);
});

test('an unknown final image is an error, not a silent substitute', async () => {
  const options = { mainPackage: '.', finalImage: 'debian' } as unknown as ScaffoldOptions;
  assert.throws(() => generateDockerfile(workspace(), options), /Unknown final image "debian"/);
});

test('time zone use embeds tzdata only where the final image has no zone database', async () => {
  const ws = workspace({ usesTimezones: true });
  assert.ok(!generateDockerfile(ws, { mainPackage: '.' }).includes('timetzdata'), 'distroless ships /usr/share/zoneinfo');
  assert.ok(generateDockerfile(ws, { mainPackage: '.', finalImage: 'scratch' }).includes('-tags timetzdata'));
  assert.ok(generateDockerfile(ws, { mainPackage: '.', finalImage: 'alpine' }).includes('-tags timetzdata'));
  assert.ok(!generateDockerfile(workspace(), { mainPackage: '.', finalImage: 'scratch' }).includes('timetzdata'));
});

// --- every generated file is valid and lint clean ---------------------------------------------

interface Generated {
  label: string;
  text: string;
  ws: GoWorkspace;
}

async function everyGeneratedDockerfile(): Promise<Generated[]> {
  const out: Generated[] = [];
  const variants: Omit<ScaffoldOptions, 'mainPackage'>[] = [{}, { finalImage: 'scratch' }, { finalImage: 'alpine' }, { cgo: true }, { cgo: false }];
  for (const rel of fixtureModules) {
    const ws = (await readGoWorkspace(path.join(fixtures, rel)));
    for (const main of ws.mainPackages) {
      for (const variant of variants) {
        // Forcing cgo off for a program that needs it makes a build that fails, which cgo-required rightly reports.
        if (variant.cgo === false && main.needsCgo) continue;
        out.push({ label: `${rel} ${main.dir} ${JSON.stringify(variant)}`, text: generateDockerfile(ws, { mainPackage: main.dir, ...variant }), ws });
      }
    }
  }
  return out;
}

test('every fixture module has a main package to generate for', async () => {
  for (const rel of fixtureModules) assert.ok((await readGoWorkspace(path.join(fixtures, rel))).mainPackages.length > 0, rel);
});

test('every generated Dockerfile parses into the expected stages', async () => {
  for (const { label, text } of await everyGeneratedDockerfile()) {
    const dockerfile = DockerfileParser.parse(text);
    const froms = dockerfile.getFROMs();
    assert.equal(froms.length, 2, label);
    assert.equal(froms[0].getBuildStage(), 'build', label);
    assert.equal(dockerfile.getDirectives()[0]?.getValue(), 'docker/dockerfile:1', label);
    const entrypoints = dockerfile.getInstructions().filter((i) => i.getKeyword() === 'ENTRYPOINT');
    assert.equal(entrypoints.length, 1, label);
    assert.match(entrypoints[0].getTextContent(), /^ENTRYPOINT \["\/usr\/local\/bin\/[\w.-]+"\]$/, label);
  }
});

test('every generated Dockerfile passes dockerfile-utils validation', async () => {
  for (const { label, text } of await everyGeneratedDockerfile()) {
    assert.deepEqual(validate(text), [], label);
  }
});

test('every generated Dockerfile has no findings from our own rules', async () => {
  // The engine lands separately; a missing engine must fail here, loudly, not skip.
  const engine = (await import('../strict-engine.ts')) as typeof import('../strict-engine.ts');
  for (const { label, text, ws } of await everyGeneratedDockerfile()) {
    const findings = engine.analyze(text, { goFacts: toGoFacts(ws) });
    assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], label);
  }
});

test('every generated Dockerfile is clean with its program\'s own facts and its .dockerignore', async () => {
  const engine = (await import('../strict-engine.ts')) as typeof import('../strict-engine.ts');
  for (const { label, text, ws } of await everyGeneratedDockerfile()) {
    const ignore = generateDockerignore(ws);
    const goFacts = {
      ...toGoFacts(ws),
      contextDir: ws.moduleDir,
      dockerignoreChecked: true,
      dockerignore: { file: path.join(ws.moduleDir, '.dockerignore'), patterns: patterns(ignore) },
    };
    assert.ok(goFacts.program, 'the real per-program facts');
    const findings = engine.analyze(text, { goFacts });
    assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], label);
  }
});

test('the worst case: a program that calls out over TLS and loads zones gets what each final image lacks, and is clean', async () => {
  const engine = (await import('../strict-engine.ts')) as typeof import('../strict-engine.ts');
  const program = programFacts({ usesTLS: 'yes', loadsTimezones: 'yes', ports: [8080] });
  const ws = workspace({ program: () => program });
  for (const finalImage of ['distroless', 'scratch', 'alpine'] as const) {
    const text = generateDockerfile(ws, { mainPackage: '.', finalImage });
    assert.equal(text.includes('ca-certificates.crt'), finalImage === 'scratch', `${finalImage}: CA bundle only where none is`);
    assert.equal(text.includes('-tags timetzdata'), finalImage !== 'distroless', `${finalImage}: tzdata only where none is`);
    const goFacts = {
      ...toGoFacts(ws),
      contextDir: ws.moduleDir,
      dockerignoreChecked: true,
      dockerignore: { file: path.join(ws.moduleDir, '.dockerignore'), patterns: patterns(generateDockerignore(ws)) },
    };
    const findings = engine.analyze(text, { goFacts });
    assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], finalImage);
  }
});

test('per-program facts decide: no CA bundle on scratch for a program that opens no TLS connection', async () => {
  const quiet = workspace({ program: () => programFacts({ usesTLS: 'no' }) });
  assert.ok(!generateDockerfile(quiet, { mainPackage: '.', finalImage: 'scratch' }).includes('ca-certificates'));
  const unknown = workspace({ program: () => programFacts({ usesTLS: 'unknown' }) });
  assert.ok(generateDockerfile(unknown, { mainPackage: '.', finalImage: 'scratch' }).includes('ca-certificates'), 'code we cannot see may');
  const ownRoots = workspace({ program: () => programFacts({ usesTLS: 'yes', embedsRootCAs: true }) });
  assert.ok(!generateDockerfile(ownRoots, { mainPackage: '.', finalImage: 'scratch' }).includes('ca-certificates'), 'it brings its own roots');
});

// --- .dockerignore -----------------------------------------------------------------------------

const patterns = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

test('the .dockerignore excludes VCS, binaries, test output, IDE folders and env files', async () => {
  const ignore = patterns(generateDockerignore(workspace()));
  for (const expected of ['.git', 'bin/', '/out', '**/*.exe', '**/*.test', '*.out', '.idea/', '.vscode/', '.env', '.env.*']) {
    assert.ok(ignore.includes(expected), expected);
  }
});

test('the .dockerignore keeps Go sources, go.mod, go.sum and .gitignore in the context', async () => {
  const ignore = patterns(generateDockerignore(workspace()));
  for (const kept of ['*.go', '**/*.go', 'go.mod', 'go.sum', '.gitignore', 'coverage.*', '*']) {
    assert.ok(!ignore.includes(kept), kept);
  }
});

test('vendor/ stays in the context of a vendored module', async () => {
  assert.ok(!patterns(generateDockerignore(workspace({ vendored: true }))).some((p) => p.startsWith('vendor')));
  assert.ok(patterns(generateDockerignore(workspace({ vendored: false }))).includes('vendor/'));
});

test('the .dockerignore leaves out patterns that would exclude what the build reads', () => {
  const list = patterns(generateDockerignore(workspace(), { needed: ['./bin/tool', '.git', 'web/node_modules/x', 'Dockerfile'] }));
  for (const dropped of ['bin/', '.git', '**/node_modules', 'Dockerfile']) assert.ok(!list.includes(dropped), dropped);
  for (const kept of ['.env', '**/*.test', 'Dockerfile.*', '.dockerignore']) assert.ok(list.includes(kept), kept);
});

test('patternExcludes follows Docker: * within an element, ** across, and parents exclude children', () => {
  assert.ok(patternExcludes('**/*.test', 'pkg/a/a.test'));
  assert.ok(patternExcludes('**/*.test', 'a.test'));
  assert.ok(patternExcludes('bin/', 'bin/tool'));
  assert.ok(patternExcludes('/out', 'out/app'));
  assert.ok(patternExcludes('.env.*', '.env.local'));
  assert.ok(!patternExcludes('*.out', 'cmd/cover.out'), '* does not cross a /');
  assert.ok(!patternExcludes('bin/', 'cmd/bin'));
  assert.ok(!patternExcludes('.git', '.gitignore'));
});

test('the .dockerignore ends with a newline and has no duplicate patterns', async () => {
  const text = generateDockerignore(workspace());
  assert.ok(text.endsWith('\n'));
  const list = patterns(text);
  assert.equal(new Set(list).size, list.length);
});
