// Bundles the processes (the VS Code client, the language server, the CLI and the GitHub Action),
// the browser build (the client and the language server for VS Code for the Web, in dist/web/), and
// the build graph webview's script and stylesheet, which run in the browser sandbox of a webview.
// Type-checking is separate (npm run typecheck); esbuild only strips types.
// Imported by tests (the web bundles' Node-free check) for `builds`: it builds only when run.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
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

/**
 * The desktop client (dist/client.js) takes these modules from dist/web/client.js rather than
 * shipping a second copy: the language client library's platform-neutral part, which both clients
 * use, and the extension's own code (client/src/extension.ts and what it imports). Only the Node
 * transport (vscode-languageclient/node) is bundled into dist/client.js. Keys are paths below
 * node_modules, or below the repository; test/unit/web-bundles.test.ts checks nothing else is in both.
 */
export const SHARED_WITH_DESKTOP_CLIENT = [
  'vscode-jsonrpc/lib/common/api.js',
  'vscode-languageserver-protocol/lib/common/api.js',
  'vscode-languageclient/lib/common/api.js',
  'vscode-languageclient/lib/common/client.js',
  'vscode-languageclient/lib/common/utils/is.js',
  'client/src/extension.ts',
];
const sharedFile = (key) => realpathSync(path.join(root, key.startsWith('client/') ? '' : 'node_modules', key));

/** The web client exports the shared modules (`__shared`, by key) for the desktop client to require. */
const exposeToDesktopClient = {
  name: 'expose-to-desktop-client',
  setup(build) {
    const entry = path.join(root, 'client/src/web/extension.ts');
    build.onLoad({ filter: /[\\/]client[\\/]src[\\/]web[\\/]extension\.ts$/ }, (args) => {
      if (args.path !== entry) return undefined;
      const table = SHARED_WITH_DESKTOP_CLIENT.map((key) => `  ${JSON.stringify(key)}: require(${JSON.stringify(sharedFile(key))}),`).join('\n');
      return { contents: `${readFileSync(entry, 'utf8')}\nexport const __shared = {\n${table}\n};\n`, loader: 'ts' };
    });
  },
};

/** The desktop client's side of the above: each shared module is `require('./web/client.js').__shared[key]`. */
const fromWebClient = {
  name: 'from-web-client',
  setup(build) {
    const keyOf = new Map(SHARED_WITH_DESKTOP_CLIENT.map((key) => [sharedFile(key), key]));
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.fromWebClient || args.kind === 'entry-point' || args.namespace === 'web-client') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { fromWebClient: true } });
      if (resolved.errors.length > 0 || resolved.external) return resolved;
      const key = keyOf.get(resolved.path);
      return key === undefined ? resolved : { path: key, namespace: 'web-client' };
    });
    build.onResolve({ filter: /^\.\/web\/client\.js$/, namespace: 'web-client' }, () => ({ path: './web/client.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'web-client' }, (args) => ({
      contents: `module.exports = require('./web/client.js').__shared[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
};

// One copy each in a bundle: dockerfile-language-service (types 3.17, textdocument 1.0.8) and
// vscode-languageserver (types 3.18.4) bring their own; the top-level ones are the same APIs, newer.
const oneCopyOfTypes = {
  'vscode-languageserver-types': './node_modules/vscode-languageserver-types',
  'vscode-languageserver-textdocument': './node_modules/vscode-languageserver-textdocument',
};

export const webBuilds = [
  // Loaded by the browser extension host as a CommonJS module (package.json `browser`); the
  // desktop client requires it too, for the modules both use (SHARED_WITH_DESKTOP_CLIENT).
  { ...browser, format: 'cjs', entryPoints: ['client/src/web/extension.ts'], outfile: 'dist/web/client.js', external: ['vscode'], plugins: [exposeToDesktopClient] },
  // A web worker script started by the client above.
  // dockerfile-ast reads the global Buffer (for its BOM check); browsers have none.
  {
    ...browser,
    format: 'iife',
    entryPoints: ['server/src/lsp/browser-main.ts'],
    outfile: 'dist/web/server.js',
    inject: ['./server/src/browser-shims/buffer.ts'],
    alias: { ...browser.alias, ...oneCopyOfTypes },
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
 * dockerfile-ast and dockerfile-utils, with the LSP types and text document they use, ship once for the
 * Node server, in dist/dockerfile.js (before, three bundles carried their own copies). Each bundle that
 * uses them requires them from there, on first use: the validation (dist/validate-worker.js, on the
 * worker thread and on the server's), dockerfile-language-service (dist/language-service.js) and the
 * FROM-tag completion (dist/server.js, dockerfile-ast only: the server needs its own LSP types at
 * start-up). The web server bundles them itself.
 */
export const DOCKERFILE_PACKAGES = ['dockerfile-ast', 'dockerfile-utils', 'vscode-languageserver-types', 'vscode-languageserver-textdocument'];
const dockerfileEntry = {
  contents: `module.exports = {\n${DOCKERFILE_PACKAGES.map((name) => `  get ${JSON.stringify(name)}() { return require(${JSON.stringify(name)}); },`).join('\n')}\n};\n`,
  resolveDir: root,
  sourcefile: 'dockerfile-packages.js',
  loader: 'js',
};

/** Each of `packages` (bare imports of the whole package) is `require('./dockerfile.js')[name]`. */
function fromDockerfileBundle(packages) {
  const wanted = new Set(packages);
  return {
    name: 'from-dockerfile-bundle',
    setup(build) {
      build.onResolve({ filter: /^[a-z@]/ }, (args) => (wanted.has(args.path) && args.namespace === 'file' ? { path: args.path, namespace: 'dockerfile-bundle' } : undefined));
      build.onResolve({ filter: /^\.\/dockerfile\.js$/, namespace: 'dockerfile-bundle' }, () => ({ path: './dockerfile.js', external: true }));
      build.onLoad({ filter: /.*/, namespace: 'dockerfile-bundle' }, (args) => ({
        contents: `module.exports = require('./dockerfile.js')[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/**
 * The engine and what both Node processes read with (Go facts, config, file access, the generator)
 * ship once, in dist/engine.js, which dist/server.js and dist/cli.js require: its entry exports every
 * module of these folders by its path (ENGINE_MODULES), and both bundles take them from there. Only
 * the browser build's file access stays out (the web server bundles everything itself).
 */
const ENGINE_FOLDERS = ['engine', 'go', 'config', 'files', 'scaffold'];
const NOT_IN_ENGINE = new Set(['server/src/files/client-access.ts']);
export const ENGINE_MODULES = ENGINE_FOLDERS.flatMap((folder) =>
  readdirSync(path.join(root, 'server/src', folder), { recursive: true })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `server/src/${folder}/${file.split(path.sep).join('/')}`),
)
  .filter((key) => !NOT_IN_ENGINE.has(key))
  .sort();

// Getters: a module (and what it imports) runs on first use, so a lint does not run the generator's.
const engineEntry = {
  contents: `module.exports = {\n${ENGINE_MODULES.map((key) => `  get ${JSON.stringify(key)}() { return require(${JSON.stringify(`./${key}`)}); },`).join('\n')}\n};\n`,
  resolveDir: root,
  sourcefile: 'engine-modules.js',
  loader: 'js',
};

/** The export names of each engine module (by path), for fromEngine's stand-ins. */
let engineExports;
function exportsOfEngineModules() {
  engineExports ??= esbuild
    .build({ ...common, sourcemap: false, minify: false, logLevel: 'silent', format: 'esm', splitting: true, entryPoints: ENGINE_MODULES, outdir: 'dist/engine-exports', write: false, metafile: true, plugins: [yamlApart] })
    .then((result) => new Map(Object.values(result.metafile.outputs).filter((output) => output.entryPoint).map((output) => [output.entryPoint, output.exports])));
  return engineExports;
}

/**
 * The server's and the CLI's side: each engine module is `require('./engine.js')[path]`, required on
 * first use of one of its exports, so the server answers `initialize` before it loads the engine.
 */
const fromEngine = {
  name: 'from-engine',
  setup(build) {
    const keys = new Set(ENGINE_MODULES);
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData?.fromEngine || args.kind === 'entry-point' || args.namespace !== 'file') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { fromEngine: true } });
      if (resolved.errors.length > 0 || resolved.external) return resolved;
      const key = path.relative(root, resolved.path).split(path.sep).join('/');
      return keys.has(key) ? { path: key, namespace: 'engine' } : resolved;
    });
    build.onResolve({ filter: /^\.\/engine\.js$/, namespace: 'engine' }, () => ({ path: './engine.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'engine' }, async (args) => {
      const names = (await exportsOfEngineModules()).get(args.path);
      if (names === undefined) throw new Error(`from-engine: no exports known for ${args.path}`);
      const contents = [
        'let loaded;',
        `const load = () => (loaded ??= require('./engine.js')[${JSON.stringify(args.path)}]);`,
        "Object.defineProperty(exports, '__esModule', { value: true });",
        `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
      ].join('\n');
      return { contents, loader: 'js' };
    });
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
  { ...nodeProcess, entryPoints: ['client/src/node/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], plugins: [fromWebClient] },
  { ...nodeProcessNamed, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, plugins: [fromEngine, languageServiceApart, yamlApart, fromDockerfileBundle(['dockerfile-ast'])], alias: oneCopyOfTypes },
  { ...nodeProcessNamed, stdin: engineEntry, outfile: 'dist/engine.js', plugins: [yamlApart] },
  { ...nodeProcess, entryPoints: ['server/src/lsp/languageServiceBundle.ts'], outfile: 'dist/language-service.js', plugins: [fromDockerfileBundle(DOCKERFILE_PACKAGES)] },
  { ...nodeProcess, stdin: dockerfileEntry, outfile: 'dist/dockerfile.js' },
  { ...nodeProcess, entryPoints: ['server/src/lsp/yamlBundle.ts'], outfile: 'dist/yaml.js' },
  { ...nodeProcessNamed, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [fromEngine, yamlApart] },
  { ...nodeProcess, entryPoints: ['server/src/lsp/validateWorker.ts'], outfile: 'dist/validate-worker.js', plugins: [fromDockerfileBundle(DOCKERFILE_PACKAGES)] },
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
