// The custom requests behind "Go: Generate Dockerfile": goDockerfile/workspaceInfo and goDockerfile/scaffold.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { codes, ensureBuilt, fileUri, makeDir, removeDir, SAMPLE_MODULE, TestClient } from './helpers.ts';

before(() => ensureBuilt());

interface WorkspaceInfo {
  moduleDir: string;
  modulePath: string;
  goVersion?: string;
  mainPackages: Array<{ dir: string; binaryName: string; needsCgo: boolean; group: string; released: boolean; buildSource?: string }>;
  recommended?: string;
  hasDockerfile: boolean;
  hasDockerignore: boolean;
}

interface ScaffoldResult {
  dockerfile: string;
  dockerignore: string;
  dockerignoreName: string;
  contextDir: string;
}

describe('workspace requests', { timeout: 60_000 }, () => {
  let moduleDir: string;
  let elsewhere: string;
  let client: TestClient;

  before(async () => {
    // A copy of the sample module without its Dockerfiles, plus a second main package.
    const files: Record<string, string | null> = { '.dockerignore': null };
    for (const name of ['go.mod', 'go.sum', 'main.go']) files[name] = fs.readFileSync(path.join(SAMPLE_MODULE, name), 'utf8');
    files['cmd/worker/main.go'] = 'package main\n\nfunc main() {}\n';
    moduleDir = makeDir(files);
    elsewhere = makeDir({ 'README.md': 'not Go\n' });
    client = await TestClient.start({ root: moduleDir, settings: {} });
  });
  after(async () => {
    await client.stop();
    removeDir(moduleDir);
    removeDir(elsewhere);
  });

  test('workspaceInfo describes the module and its main packages', async () => {
    const info = await client.request<WorkspaceInfo>('goDockerfile/workspaceInfo', { dir: moduleDir });
    assert.equal(info.moduleDir, moduleDir);
    assert.equal(info.modulePath, 'example.com/hello');
    assert.equal(info.goVersion, '1.22');
    assert.deepEqual(info.mainPackages.map((p) => p.dir), ['.', './cmd/worker']);
    assert.deepEqual(info.mainPackages.map((p) => p.binaryName), ['hello', 'worker']);
    assert.equal(info.hasDockerfile, false);
    assert.equal(info.hasDockerignore, false);
  });

  test('workspaceInfo finds the module from a subfolder or from go.mod itself', async () => {
    const fromSub = await client.request<WorkspaceInfo>('goDockerfile/workspaceInfo', { dir: path.join(moduleDir, 'cmd', 'worker') });
    assert.equal(fromSub.moduleDir, moduleDir);
    const fromGoMod = await client.request<WorkspaceInfo>('goDockerfile/workspaceInfo', { dir: path.join(moduleDir, 'go.mod') });
    assert.equal(fromGoMod.moduleDir, moduleDir);
  });

  test('workspaceInfo outside a Go module answers with a clear error', async () => {
    const result = await client.request<{ error: string }>('goDockerfile/workspaceInfo', { dir: elsewhere });
    assert.match(result.error, /not inside a Go module/);
    const missing = await client.request<{ error: string }>('goDockerfile/workspaceInfo', { dir: path.join(elsewhere, 'nope') });
    assert.match(missing.error, /does not exist/);
  });

  test('scaffold renders a Dockerfile and .dockerignore for the chosen main package', async () => {
    const result = await client.request<{ dockerfile: string; dockerignore: string }>('goDockerfile/scaffold', {
      moduleDir,
      mainPackage: './cmd/worker',
    });
    assert.match(result.dockerfile, /^FROM .*golang:/m);
    assert.match(result.dockerfile, /go build .*\.\/cmd\/worker/);
    assert.match(result.dockerignore, /^\.git$/m);
  });

  test('scaffold honours the final image choice and rejects unknown ones', async () => {
    const scratch = await client.request<{ dockerfile: string }>('goDockerfile/scaffold', { moduleDir, mainPackage: '.', finalImage: 'scratch' });
    assert.match(scratch.dockerfile, /^FROM scratch/m);
    const bad = await client.request<{ error: string }>('goDockerfile/scaffold', { moduleDir, mainPackage: '.', finalImage: 'ubuntu' });
    assert.match(bad.error, /final image/);
  });

  test('scaffold without a module answers with an error', async () => {
    const result = await client.request<{ error: string }>('goDockerfile/scaffold', { moduleDir: elsewhere, mainPackage: '.' });
    assert.ok(result.error);
  });

  test('the generated Dockerfile lints clean in the server', async () => {
    const { dockerfile } = await client.request<{ dockerfile: string }>('goDockerfile/scaffold', { moduleDir, mainPackage: '.' });
    const uri = fileUri(path.join(moduleDir, 'Dockerfile'));
    await client.open(uri, dockerfile);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(codes(diagnostics), []);
    assert.deepEqual(codes(diagnostics, 'dockerfile-utils'), []);
    await client.close(uri);
  });
});

describe('workspace requests on layouts like real repositories', { timeout: 60_000 }, () => {
  const fixtures = path.resolve('test', 'fixtures', 'generator');
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ root: fixtures, settings: {} });
  });
  after(() => client.stop());

  test('workspaceInfo ranks the programs: cmd/<module name> first and recommended, dev helpers last', async () => {
    const info = await client.request<WorkspaceInfo>('goDockerfile/workspaceInfo', { dir: path.join(fixtures, 'syncd') });
    assert.equal(info.recommended, './cmd/syncd');
    assert.deepEqual(
      info.mainPackages.map((m) => `${m.dir} ${m.group}`),
      ['./cmd/syncd module-command', './cmd/discosrv command', './cmd/infra/ursrv command', './cmd/relaysrv command', './cmd/dev/stevents secondary', './cmd/dev/stgenfiles secondary', './cmd/dev/stsigtool secondary', './cmd/dev/stvanity secondary'],
    );
  });

  test('workspaceInfo says where each program\'s build settings come from', async () => {
    const info = await client.request<WorkspaceInfo>('goDockerfile/workspaceInfo', { dir: path.join(fixtures, 'relay') });
    const relay = info.mainPackages.find((m) => m.dir === './cmd/relay')!;
    assert.equal(relay.buildSource, '.goreleaser.yaml (build "relay-linux")');
    assert.equal(relay.released, true);
    assert.equal(relay.binaryName, 'relayd', 'the binary the image holds');
  });

  test('scaffold renders the layouts of several programs and names the Dockerfile it is for', async () => {
    const moduleDir = path.join(fixtures, 'syncd');
    const all = await client.request<ScaffoldResult>('goDockerfile/scaffold', { moduleDir, mainPackage: './cmd/syncd', layout: 'all-in-one', mainPackages: ['./cmd/discosrv'] });
    assert.match(all.dockerfile, /COPY --from=build \/out\/syncd .*\nCOPY --from=build \/out\/discosrv /);
    const targets = await client.request<ScaffoldResult>('goDockerfile/scaffold', { moduleDir, mainPackage: './cmd/syncd', layout: 'per-target', mainPackages: ['./cmd/discosrv'] });
    assert.match(targets.dockerfile, /^FROM gcr\.io\/distroless\/static-debian12:nonroot AS syncd$/m);
    const beside = await client.request<ScaffoldResult>('goDockerfile/scaffold', { moduleDir, mainPackage: './cmd/syncd', dockerfileName: 'Dockerfile.go-dockerfile' });
    assert.match(beside.dockerfile, /docker buildx build .* -f Dockerfile\.go-dockerfile -t syncd:latest \./);
    assert.equal(beside.dockerignoreName, '.dockerignore');
    const outside = await client.request<{ error: string }>('goDockerfile/scaffold', { moduleDir, mainPackage: '.', dockerfileName: '../Dockerfile' });
    assert.match(outside.error, /inside the module/);
    const layout = await client.request<{ error: string }>('goDockerfile/scaffold', { moduleDir, mainPackage: '.', layout: 'everything' });
    assert.match(layout.error, /Unknown layout/);
  });

  test('scaffold of a go.work module: the context is the go.work folder, the ignore file sits beside the Dockerfile', async () => {
    const result = await client.request<ScaffoldResult>('goDockerfile/scaffold', { moduleDir: path.join(fixtures, 'shop', 'api'), mainPackage: '.' });
    assert.equal(result.contextDir, '..');
    assert.equal(result.dockerignoreName, 'Dockerfile.dockerignore');
    assert.match(result.dockerfile, /^COPY catalog\/ catalog\/$/m);
    assert.match(result.dockerfile, /^COPY admin\/go\.mod admin\/$/m);
  });
});

describe('the offer to generate on an empty Dockerfile', { timeout: 60_000 }, () => {
  const fixtures = path.resolve('test', 'fixtures', 'generator');
  let moduleDir: string;
  let withCommand: TestClient;
  let without: TestClient;
  before(async () => {
    moduleDir = makeDir({ 'go.mod': 'module example.com/syncd\n\ngo 1.19\n', 'cmd/syncd/main.go': fs.readFileSync(path.join(fixtures, 'syncd', 'cmd', 'syncd', 'main.go'), 'utf8') });
    withCommand = await TestClient.start({ root: moduleDir, settings: {}, initializationOptions: { generateCommand: true } });
    without = await TestClient.start({ root: moduleDir, settings: {} });
  });
  after(async () => {
    await withCommand.stop();
    await without.stop();
    removeDir(moduleDir);
  });

  const lensTitles = (lenses: Array<{ command?: { title: string } }>) => lenses.map((l) => l.command?.title);

  test('a CodeLens and a quick fix run the generate command with the recommended choices', async () => {
    const uri = fileUri(path.join(moduleDir, 'Dockerfile'));
    await withCommand.open(uri, '\n  \n');
    const lenses = await withCommand.request<Array<{ range: unknown; command?: { title: string; command: string; arguments?: unknown[] } }>>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lensTitles(lenses), ['Generate the recommended Dockerfile for example.com/syncd']);
    assert.deepEqual(lenses[0].command?.command, 'goDockerfile.generate');
    assert.deepEqual(lenses[0].command?.arguments, [uri, { recommended: true }]);
    const actions = await withCommand.codeActions(uri, []);
    const offer = actions.find((a) => a.title.startsWith('Generate the recommended Dockerfile'));
    assert.ok(offer, actions.map((a) => a.title).join(', '));
    assert.equal(offer.kind, 'quickfix');
    assert.deepEqual(offer.command?.arguments, [uri, { recommended: true }]);
    assert.ok(withCommand.initializeResult.capabilities.codeLensProvider);
    await withCommand.close(uri);
  });

  test('not once the Dockerfile has content, outside a Go module, or for clients without the command', async () => {
    const uri = fileUri(path.join(moduleDir, 'Dockerfile'));
    await withCommand.open(uri, 'FROM scratch\n');
    const lenses = await withCommand.request<Array<{ command?: { title: string } }>>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(!lensTitles(lenses).some((t) => t?.startsWith('Generate')));
    await withCommand.close(uri);

    const elsewhere = makeDir({ 'README.md': 'not Go\n' });
    try {
      const outside = fileUri(path.join(elsewhere, 'Dockerfile'));
      await withCommand.open(outside, '');
      assert.deepEqual(await withCommand.request('textDocument/codeLens', { textDocument: { uri: outside } }), []);
      assert.ok(!(await withCommand.codeActions(outside, [])).some((a) => a.title.startsWith('Generate')));
      await withCommand.close(outside);
    } finally {
      removeDir(elsewhere);
    }

    await without.open(uri, '');
    assert.equal(without.initializeResult.capabilities.codeLensProvider, undefined);
    assert.ok(!(await without.codeActions(uri, [])).some((a) => a.title.startsWith('Generate')));
    await without.close(uri);
  });
});
