import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * go-dockerfile's own package.json, found by walking up from this file: that finds it both from
 * the bundles (dist/cli.js, dist/action.js → ../package.json) and from the sources.
 */
function ownManifest(): { root: string; version?: string } | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'go-dockerfile') return { root: dir, ...(typeof manifest.version === 'string' ? { version: manifest.version } : {}) };
    } catch {
      // No package.json here, or not ours: keep walking.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The version in go-dockerfile's package.json. */
export function toolVersion(): string {
  return ownManifest()?.version ?? 'unknown';
}

/** The folder of go-dockerfile's package.json (where docs/rules ships), or the folder above the bundle. */
export function packageRoot(): string {
  return ownManifest()?.root ?? path.resolve(__dirname, '..');
}
