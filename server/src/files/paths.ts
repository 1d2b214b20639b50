// Forward-slash path helpers shared by the Node and browser builds (node:path is not in browsers).

/** What normalizePath would change: a backslash, an empty, `.` or `..` segment, a trailing slash. */
const NOT_NORMAL = /\\|\/\/|(?:^|\/)\.{1,2}(?:\/|$)|.\/$/;

/** Backslashes to slashes, no trailing slash (except a root such as "/" or "C:/"). */
export function normalizePath(p: string): string {
  // Most calls get a path that is normal already (the same paths, again and again, per Dockerfile).
  if (p !== '' && !NOT_NORMAL.test(p)) return p;
  let s = p.replace(/\\/g, '/');
  const segments: string[] = [];
  const drive = /^[A-Za-z]:\//.exec(s)?.[0];
  const absolute = drive !== undefined || s.startsWith('/');
  if (drive) s = s.slice(drive.length);
  for (const part of s.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
      else if (!absolute) segments.push('..');
      continue;
    }
    segments.push(part);
  }
  const prefix = drive ?? (absolute ? '/' : '');
  return prefix + segments.join('/') || '.';
}

export function joinPath(base: string, ...parts: string[]): string {
  return normalizePath([base, ...parts].join('/'));
}

export function dirnameOf(p: string): string {
  const n = normalizePath(p);
  const slash = n.lastIndexOf('/');
  if (slash < 0) return '.';
  if (slash === 0) return '/';
  if (/^[A-Za-z]:$/.test(n.slice(0, slash))) return n.slice(0, slash + 1);
  return n.slice(0, slash);
}

export function basenameOf(p: string): string {
  const n = normalizePath(p);
  return n.slice(n.lastIndexOf('/') + 1);
}

/** Whether `child` is `parent` or lies below it (both absolute). */
export function isWithinPath(child: string, parent: string): boolean {
  const c = normalizePath(child);
  const p = normalizePath(parent);
  if (c === p) return true;
  return c.startsWith(p.endsWith('/') ? p : `${p}/`);
}

/** `child` relative to `parent` with forward slashes ('.' when equal), or undefined when outside. */
export function relativePath(parent: string, child: string): string | undefined {
  const c = normalizePath(child);
  const p = normalizePath(parent);
  if (c === p) return '.';
  const prefix = p.endsWith('/') ? p : `${p}/`;
  return c.startsWith(prefix) ? c.slice(prefix.length) : undefined;
}
