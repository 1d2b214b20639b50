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
  mainPackages: Array<{ dir: string; binaryName: string; needsCgo: boolean }>;
  hasDockerfile: boolean;
  hasDockerignore: boolean;
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
