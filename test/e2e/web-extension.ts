// The browser-only copy of the packaged extension for the web scenario: `npm run package` builds the
// VSIX users install, its contents are unpacked into a temp folder, and `main` is removed from its
// package.json. With only a `browser` entry left, code-server runs it in its web worker extension
// host, as VS Code for the Web (vscode.dev, github.dev) would.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './harness.ts';

export interface BrowserOnlyExtension {
  /** The unpacked extension folder (VSIX `extension/`). */
  dir: string;
  /** Its manifest as installed. */
  manifest: { main?: string; browser?: string; capabilities?: Record<string, unknown> };
  remove(): void;
}

export function prepareBrowserOnlyExtension(): BrowserOnlyExtension {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['run', 'package'], { cwd: repoRoot, stdio: 'pipe' });
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'go-dockerfile-web-extension-'));
  const vsix = path.join(base, 'go-dockerfile.vsix');
  fs.copyFileSync(path.join(repoRoot, 'go-dockerfile.vsix'), vsix);
  execFileSync('unzip', ['-q', vsix, 'extension/*', '-d', base], { stdio: 'pipe' });
  const dir = path.join(base, 'extension');
  const manifestFile = path.join(dir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  delete manifest.main;
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return { dir, manifest, remove: () => fs.rmSync(base, { recursive: true, force: true }) };
}
