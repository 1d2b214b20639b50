// Start-up loads only what linting needs (issue 11): dockerfile-language-service and dockerfile-utils
// live in bundles of their own (dist/language-service.js; dist/validate-worker.js with the parser and
// validator from dist/dockerfile.js), required on first use. These tests record which of those bundles the server thread requires
// (test/load-recorder-preload.cjs), so they fail when one is loaded at start-up or by a lint that
// does not need it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CGO_DOCKERFILE, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, REPO_ROOT, TestClient } from './helpers.ts';

before(() => ensureBuilt());

const PRELOAD = path.join(REPO_ROOT, 'test', 'load-recorder-preload.cjs');

function loaded(logFile: string): string[] {
  return fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
}

describe('lazy loading', { timeout: 60_000 }, () => {
  let dir: string;
  let logDir: string;
  before(() => {
    dir = makeDir({ 'go.mod': GO_MOD, 'go.sum': '', 'main.go': MAIN_GO });
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-dockerfile-loads-'));
  });
  after(() => {
    removeDir(dir);
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  async function start(name: string, languageFeatures: string): Promise<{ client: TestClient; logFile: string }> {
    const logFile = path.join(logDir, `${name}.log`);
    const client = await TestClient.start({
      root: dir,
      settings: { languageFeatures },
      initializationOptions: { languageFeatures },
      nodeArgs: ['--require', PRELOAD],
      env: { GO_DOCKERFILE_LOAD_LOG: logFile },
    });
    return { client, logFile };
  }

  test('dist/server.js carries neither package: they are in the bundles required on first use', () => {
    const server = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'server.js'), 'utf8');
    // DockerAssist is dockerfile-language-service's completion class; DEPRECATED_MAINTAINER a dockerfile-utils validation code.
    assert.ok(!server.includes('DockerAssist'), 'dockerfile-language-service is bundled into dist/server.js');
    assert.ok(!server.includes('DEPRECATED_MAINTAINER'), 'dockerfile-utils is bundled into dist/server.js');
    assert.ok(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'language-service.js'), 'utf8').includes('DockerAssist'));
    assert.ok(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'dockerfile.js'), 'utf8').includes('DEPRECATED_MAINTAINER'));
  });

  test('dockerfile-ast and dockerfile-utils ship once: the bundles that use them require them from dist/dockerfile.js', () => {
    const read = (bundle: string) => fs.readFileSync(path.join(REPO_ROOT, 'dist', bundle), 'utf8');
    // What reads the same in a minified bundle: a method definition of dockerfile-ast (the server's
    // completion calls it, but does not define it), a validation code of dockerfile-utils.
    const markers = { 'dockerfile-ast': 'getImageTagRange(){', 'dockerfile-utils': 'DEPRECATED_MAINTAINER' };
    for (const [name, marker] of Object.entries(markers)) assert.ok(read('dockerfile.js').includes(marker), `${name} is in dist/dockerfile.js`);
    for (const bundle of ['server.js', 'language-service.js', 'validate-worker.js']) {
      for (const [name, marker] of Object.entries(markers)) assert.ok(!read(bundle).includes(marker), `${name} is bundled into dist/${bundle}`);
    }
    for (const bundle of ['language-service.js', 'validate-worker.js']) assert.ok(read(bundle).includes('require("./dockerfile.js")'), `dist/${bundle} requires dist/dockerfile.js`);
  });

  test('the engine ships once: dist/server.js and dist/cli.js require it from dist/engine.js', () => {
    const read = (bundle: string) => fs.readFileSync(path.join(REPO_ROOT, 'dist', bundle), 'utf8');
    // A rule's description: a string, so it reads the same in a minified bundle.
    const rule = 'is built without CGO_ENABLED=0.';
    assert.ok(read('engine.js').includes(rule));
    for (const bundle of ['server.js', 'cli.js']) {
      assert.ok(!read(bundle).includes(rule), `the engine is bundled into dist/${bundle}`);
      assert.ok(read(bundle).includes('require("./engine.js")'), `dist/${bundle} requires dist/engine.js`);
    }
  });

  test('every bundle the shipped ones require is in the package (.vscodeignore admits it)', () => {
    const admitted = new Set(
      fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').filter((line) => line.startsWith('!dist/')).map((line) => line.slice('!'.length)),
    );
    const pending = ['dist/client.js', 'dist/server.js', 'dist/cli.js'];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const bundle = pending.pop()!;
      if (seen.has(bundle)) continue;
      seen.add(bundle);
      assert.ok(admitted.has(bundle), `${bundle} is required but not packaged`);
      const text = fs.readFileSync(path.join(REPO_ROOT, bundle), 'utf8');
      // Bundles require each other by a literal sibling path; the validation worker by its path at run time (syntaxValidation.ts).
      for (const match of text.matchAll(/require\("\.\/([\w./-]+\.js)"\)/g)) pending.push(path.posix.join(path.posix.dirname(bundle), match[1]!));
      if (bundle === 'dist/server.js') pending.push('dist/validate-worker.js');
    }
    for (const bundle of ['dist/dockerfile.js', 'dist/engine.js', 'dist/language-service.js', 'dist/yaml.js', 'dist/web/client.js']) assert.ok(seen.has(bundle), `${bundle} is reached`);
  });

  test('with the general features off, neither dockerfile-language-service nor dockerfile-utils is loaded, before or after a lint', async () => {
    const { client, logFile } = await start('off', 'off');
    try {
      assert.deepEqual(loaded(logFile), [], 'nothing lazy at start-up');
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      const diagnostics = await client.diagnosticsFor(uri, 1);
      assert.ok(diagnostics.some((d) => d.code === 'cgo-not-disabled'), 'the Go rules ran');
      // A Go request too: the hover on FROM golang is ours.
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } });
      assert.deepEqual(loaded(logFile), []);
    } finally {
      await client.stop();
    }
  });

  test('with the general features on, start-up loads nothing; the first validation loads dockerfile-utils, a general feature dockerfile-language-service', async () => {
    const { client, logFile } = await start('on', 'on');
    try {
      assert.deepEqual(loaded(logFile), [], 'nothing lazy at start-up');
      const uri = fileUri(path.join(dir, 'Dockerfile.features'));
      await client.open(uri, CGO_DOCKERFILE);
      await client.diagnosticsFor(uri, 1);
      assert.deepEqual(loaded(logFile).sort(), ['dockerfile.js', 'validate-worker.js'], 'validation loads dockerfile-utils only');
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(loaded(logFile).includes('language-service.js'), 'a general feature loads the language service');
    } finally {
      await client.stop();
    }
  });
});
