// The browser build (dist/web/client.js, dist/web/server.js) must not need Node: VS Code for the Web
// has no `fs`, `child_process`, `worker_threads`, `net`, `os`, `path`… Each web bundle is built here
// with the project's own options (esbuild.mjs `webBuilds`), and its metafile says what every bundled
// file imports. A Node built-in may only appear where esbuild.mjs replaces it with a shim of ours.

import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as esbuild from 'esbuild';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SHIMS = 'server/src/browser-shims/';
/** Our shims (esbuild.mjs `alias` and `inject`), however esbuild names them in the metafile. */
function isShim(file: string): boolean {
  const relative = path.isAbsolute(file) ? path.relative(REPO_ROOT, file).split(path.sep).join('/') : file;
  return relative.startsWith(SHIMS);
}

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

interface WebBuild extends esbuild.BuildOptions {
  outfile: string;
}

async function webBuilds(): Promise<WebBuild[]> {
  const config = (await import(path.join(REPO_ROOT, 'esbuild.mjs'))) as { webBuilds: WebBuild[] };
  return config.webBuilds;
}

async function metafileOf(build: WebBuild): Promise<{ metafile: esbuild.Metafile; text: string }> {
  const result = await esbuild.build({ ...build, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
  const output = result.outputFiles.find((file) => file.path.endsWith(build.outfile));
  assert.ok(output, `${build.outfile} was built`);
  return { metafile: result.metafile, text: output.text };
}

describe('the web bundles', () => {
  test('there are two: the browser client and the web worker server, both for the browser platform', async () => {
    const builds = await webBuilds();
    assert.deepEqual(builds.map((b) => b.outfile), ['dist/web/client.js', 'dist/web/server.js']);
    for (const build of builds) assert.equal(build.platform, 'browser');
  });

  for (const outfile of ['dist/web/client.js', 'dist/web/server.js']) {
    test(`${outfile} imports no Node built-in (fs, child_process, worker_threads, net, os, path…)`, async () => {
      const build = (await webBuilds()).find((b) => b.outfile === outfile)!;
      const { metafile, text } = await metafileOf(build);
      const offenders: string[] = [];
      const shimmed = new Set<string>();
      for (const [file, input] of Object.entries(metafile.inputs)) {
        // A package's "browser" field can turn a built-in into an empty module: that would hide a missing feature.
        if (file.startsWith('(disabled):')) offenders.push(`${file} (disabled by a browser field)`);
        for (const imported of input.imports) {
          const specifier = imported.original ?? imported.path;
          if (BUILTINS.has(specifier)) {
            if (isShim(imported.path)) shimmed.add(specifier);
            else offenders.push(`${file} imports ${specifier}`);
          } else if (imported.external && imported.path !== 'vscode' && imported.path !== '<runtime>' && !isShim(imported.path)) {
            // (`<runtime>` is esbuild's own helper code, bundled in.)
            offenders.push(`${file} leaves ${imported.path} to the runtime`);
          }
        }
      }
      assert.deepEqual(offenders, []);
      // The shims are deliberate: `https` (Docker Hub tag lookups, never made in the browser) only.
      assert.deepEqual([...shimmed].sort(), outfile.endsWith('server.js') ? ['https'] : []);
      // What stays a runtime require: only the editor API in the client, nothing in the worker.
      const required = [...new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]))];
      assert.deepEqual(required, outfile.endsWith('client.js') ? ['vscode'] : []);
    });
  }

  test('the engine, the Go facts and the config reader are in the server bundle; the Node adapters are not', async () => {
    const build = (await webBuilds()).find((b) => b.outfile === 'dist/web/server.js')!;
    const inputs = Object.keys((await metafileOf(build)).metafile.inputs);
    for (const room of ['server/src/engine/index.ts', 'server/src/go/cache.ts', 'server/src/config/load.ts', 'server/src/files/client-access.ts']) {
      assert.ok(inputs.includes(room), `${room} is bundled`);
    }
    for (const nodeOnly of ['server/src/files/node-access.ts', 'server/src/lsp/node-platform.ts', 'server/src/lsp/syntaxValidation.ts', 'server/src/config/node.ts']) {
      assert.ok(!inputs.includes(nodeOnly), `${nodeOnly} stays out`);
    }
  });

  test('the desktop client (dist/client.js) bundles nothing the web client has: it requires the shared modules from it', async () => {
    const config = (await import(path.join(REPO_ROOT, 'esbuild.mjs'))) as { builds: WebBuild[]; SHARED_WITH_DESKTOP_CLIENT: string[] };
    const desktop = config.builds.find((b) => b.outfile === 'dist/client.js')!;
    const web = (await webBuilds()).find((b) => b.outfile === 'dist/web/client.js')!;
    const desktopBuilt = await metafileOf(desktop);
    const webInputs = new Set(Object.keys((await metafileOf(web)).metafile.inputs));
    const both = Object.keys(desktopBuilt.metafile.inputs).filter((file) => webInputs.has(file));
    assert.deepEqual(both, []);
    // Each shared module is taken from the web bundle, which exports it by key.
    const taken = [...desktopBuilt.text.matchAll(/require\("\.\/web\/client\.js"\)\.__shared\["([^"]+)"\]/g)].map((m) => m[1]).sort();
    assert.deepEqual(taken, [...config.SHARED_WITH_DESKTOP_CLIENT].sort());
    assert.ok(webInputs.has('client/src/extension.ts'));
  });
});
