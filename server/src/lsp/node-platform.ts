// The language server in a Node process (VS Code desktop over IPC, other editors over stdio): files
// on disk through NodeFileAccess, syntax validation on a worker thread, rule docs as file: links
// into the installed package.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeProject } from '../files/node-access.ts';
import type { ServerPlatform } from './platform.ts';
import { SyntaxValidation } from './syntaxValidation.ts';

/** File-system path of a file: URI, or undefined for other schemes (untitled, remote…). */
export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

let cachedRoot: string | undefined;

/**
 * The extension (or npm package) root: the nearest directory above this file holding package.json
 * (dist/server.js sits one level below it). The rule docs ship in <root>/docs/rules, so the link works
 * offline and matches the installed version.
 */
export function extensionRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return (cachedRoot = dir);
    const parent = path.dirname(dir);
    if (parent === dir) return (cachedRoot = path.resolve(__dirname, '..'));
    dir = parent;
  }
}

const docsUrls = new Map<string, string>();

export function ruleDocsUrl(ruleId: string, root = extensionRoot()): string {
  // Built once per rule: a large file can carry tens of thousands of diagnostics.
  const key = `${root}\u0000${ruleId}`;
  let url = docsUrls.get(key);
  if (url === undefined) {
    url = pathToFileURL(path.join(root, 'docs', 'rules', `${ruleId}.md`)).href;
    if (docsUrls.size < 1000) docsUrls.set(key, url);
  }
  return url;
}

let cachedVersion: string | undefined;

/** The version from the package.json next to dist/ (the extension or npm package root). */
export function packageVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(extensionRoot(), 'package.json'), 'utf8')) as { version?: string };
    cachedVersion = typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    cachedVersion = 'unknown';
  }
  return cachedVersion;
}

export function nodePlatform(): ServerPlatform {
  return {
    version: packageVersion,
    workspace: (folders) => {
      // Made on first use: the engine bundle (dist/engine.js) loads after the initialize result.
      let project: ReturnType<typeof nodeProject> | undefined;
      const disk = () => (project ??= nodeProject({ workspaceFolders: () => folders().map(fsPathOf).filter((p): p is string => p !== undefined) }));
      return { projectRoot: (filePath) => disk().projectRoot(filePath), access: (root) => disk().access(root), pathOf: fsPathOf };
    },
    syntaxValidator: (validateInline, log) => new SyntaxValidation(validateInline, log),
    ruleDocsUrl: (ruleId) => ruleDocsUrl(ruleId),
    absentFeatures: [],
    networkTagLookups: true,
  };
}
