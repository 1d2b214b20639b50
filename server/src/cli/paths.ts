import * as path from 'node:path';

/** A path as printed: relative to `cwd` when below it (`.` for cwd itself), absolute otherwise. */
export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === '') return '.';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return absolute;
  return relative;
}
