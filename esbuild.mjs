// Bundles the processes (the VS Code client, the language server, the CLI and the GitHub Action),
// and the build graph webview's script and stylesheet, which run in the browser sandbox of a webview.
// Type-checking is separate (npm run typecheck); esbuild only strips types.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/lsp/validateWorker.ts'], outfile: 'dist/validate-worker.js' },
  // Also writes dist/build-graph-view.css (the stylesheet it imports).
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/src/buildGraph/webview/main.ts'], outfile: 'dist/build-graph-view.js' },
  // The GitHub Action (action.yml): self-contained, so a release needs nothing but this file and package.json.
  { ...common, entryPoints: ['server/src/cli/action-main.ts'], outfile: 'dist/action.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
