import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The version in go-dockerfile's package.json. Read at run time by walking up from this file,
 * which finds it both from the bundle (dist/cli.js → ../package.json) and from the sources.
 */
export function toolVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'go-dockerfile' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here, or not ours: keep walking.
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
