// The Generate flow (client/src/generate) is shared with the browser build of the extension: it may
// use vscode and the protocol types, never a Node built-in. esbuild proves it by bundling it for the
// browser, where a Node module does not resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as esbuild from 'esbuild';

test('client/src/generate bundles for the browser and imports no Node built-in', async () => {
  const result = await esbuild.build({
    entryPoints: ['client/src/generate/generate.ts'],
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    write: false,
    metafile: true,
    external: ['vscode'],
    logLevel: 'silent',
  });
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  assert.deepEqual(imports.filter((path) => builtins.has(path)), []);
  assert.ok(imports.includes('vscode'));
  // It stays small: the ranking labels come along, the scaffold and the Go facts do not.
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(!inputs.some((file) => file.includes('server/src/go/') || file.includes('server/src/scaffold/dockerfile')), inputs.join('\n'));
});
