// Bundles the processes (the VS Code client, the language server, the CLI and the GitHub Action),
// the browser build (the client and the language server for VS Code for the Web, in dist/web/), and
// the build graph webview's script and stylesheet, which run in the browser sandbox of a webview.
// Type-checking is separate (npm run typecheck); esbuild only strips types.
// Imported by tests (the web bundles' Node-free check) for `builds`: it builds only when run.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

/** The browser build: no Node built-ins (test/unit/web-bundles.test.ts checks the metafile). */
const browser = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  // dockerfile-language-service's Docker Hub client imports `https`; the browser build never asks
  // Docker Hub, and the shim fails any request as offline.
  alias: { https: './server/src/browser-shims/https.ts' },
  define: { GO_DOCKERFILE_VERSION: JSON.stringify(version) },
};

export const webBuilds = [
  // Loaded by the browser extension host as a CommonJS module (package.json `browser`).
  { ...browser, format: 'cjs', entryPoints: ['client/src/web/extension.ts'], outfile: 'dist/web/client.js', external: ['vscode'] },
  // A web worker script started by the client above.
  // dockerfile-ast reads the global Buffer (for its BOM check); browsers have none.
  {
    ...browser,
    format: 'iife',
    entryPoints: ['server/src/lsp/browser-main.ts'],
    outfile: 'dist/web/server.js',
    inject: ['./server/src/browser-shims/buffer.ts'],
    alias: {
      ...browser.alias,
      // One copy each in the download: dockerfile-language-service (types 3.17, textdocument 1.0.8)
      // and vscode-languageserver (types 3.18.4) bring their own; the top-level ones are the same
      // APIs, newer.
      'vscode-languageserver-types': './node_modules/vscode-languageserver-types',
      'vscode-languageserver-textdocument': './node_modules/vscode-languageserver-textdocument',
    },
  },
];

/**
 * The Node server loads dockerfile-language-service from dist/language-service.js on first use (only
 * when the general features are on), so its start-up does not parse it: the server bundle leaves the
 * package's require to that file.
 */
const languageServiceApart = {
  name: 'language-service-apart',
  setup(build) {
    build.onResolve({ filter: /^dockerfile-language-service$/ }, () => ({ path: './language-service.js', external: true }));
  },
};

/**
 * The YAML parser (goreleaser files, read by the generator only) is required on first use from
 * dist/yaml.js by the Node server and the CLI alike: a lint never parses it, and it ships once.
 */
const yamlApart = {
  name: 'yaml-apart',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: './yaml.js', external: true }));
  },
};

/**
 * Node processes start faster from a smaller script (parse time): minified always, with source maps in
 * development. The server and the CLI keep their identifiers (stack traces in bug reports read as
 * the source; test/fail-rule-preload.cjs finds defineRule by name).
 */
const nodeProcess = { ...common, minify: true };
const nodeProcessNamed = { ...common, minifyWhitespace: true };

export const builds = [
  { ...nodeProcess, entryPoints: ['client/src/node/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...nodeProcessNamed, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, plugins: [languageServiceApart, yamlApart] },
  { ...nodeProcess, entryPoints: ['server/src/lsp/languageServiceBundle.ts'], outfile: 'dist/language-service.js' },
  { ...nodeProcess, entryPoints: ['server/src/lsp/yamlBundle.ts'], outfile: 'dist/yaml.js' },
  { ...nodeProcessNamed, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [yamlApart] },
  { ...nodeProcess, entryPoints: ['server/src/lsp/validateWorker.ts'], outfile: 'dist/validate-worker.js' },
  // Also writes dist/build-graph-view.css (the stylesheet it imports).
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/src/buildGraph/webview/main.ts'], outfile: 'dist/build-graph-view.js' },
  // The GitHub Action (action.yml): self-contained, so a release needs nothing but this file and package.json.
  { ...common, entryPoints: ['server/src/cli/action-main.ts'], outfile: 'dist/action.js' },
  ...webBuilds,
];

const runDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
  } else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
  }
}
