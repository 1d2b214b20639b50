// Paths inside the image, as a shell resolves them.

export function resolvePath(base: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${base}/${path}`;
  // Most paths are already resolved: no split and join (two arrays and a string) for them.
  if (isResolved(joined)) return joined;
  const parts = joined.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

/** Whether resolvePath would return `path` as it is: absolute, no empty, `.` or `..` segment, no trailing slash. */
function isResolved(path: string): boolean {
  if (path.charCodeAt(0) !== 47 /* / */) return false;
  let segmentStart = 1;
  for (let i = 1; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47) continue;
    const length = i - segmentStart;
    if (length === 0) return path.length === 1;
    if (path.charCodeAt(segmentStart) === 46 /* . */ && (length === 1 || (length === 2 && path.charCodeAt(segmentStart + 1) === 46))) return false;
    segmentStart = i + 1;
  }
  return true;
}

/** The path without trailing slashes ("/out//" → "/out", "/" → ""). A loop: /\/+$/ is quadratic on runs of slashes. */
export function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return end === path.length ? path : path.slice(0, end);
}
