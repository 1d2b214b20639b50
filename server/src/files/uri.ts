// Just enough of RFC 3986 to map the URIs an editor sends (file:, vscode-vfs:, vscode-remote:…) to
// the forward-slash paths the file seam works with, without node:url (not in browsers).

export interface ParsedUri {
  /** Lower-case scheme, e.g. "vscode-vfs". */
  scheme: string;
  /** The authority as written (empty for "file:///x"), e.g. "github" or "127.0.0.1:8080". */
  authority: string;
  /** The path, percent-decoded, always starting with "/" (empty URIs get "/"). */
  path: string;
}

// A fixed pattern (never built from input), each part a plain character class: linear time.
const URI_PATTERN = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)/;

/** The scheme, authority and decoded path of a URI, or undefined when it is not one (or its escapes are broken). */
export function parseUri(uri: string): ParsedUri | undefined {
  const match = URI_PATTERN.exec(uri);
  if (!match) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(match[3]);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/')) path = `/${path}`;
  return { scheme: match[1].toLowerCase(), authority: match[2] ?? '', path };
}

/** A path's segments percent-encoded as URIs write them (a `/` separates, everything else unusual is escaped). */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * The URI of `target` next to the resource `uri`: same scheme and authority, `target` taken from the
 * resource's folder when relative (forward slashes), as the path itself when absolute ("/repo/x",
 * "C:/repo/x": the server's paths are URI paths). Undefined for URIs that name no place in a folder
 * (untitled:) or cannot be parsed, and when a relative `target` would climb above the root.
 */
export function siblingUri(uri: string, target: string): string | undefined {
  const parsed = parseUri(uri);
  if (!parsed || parsed.scheme === 'untitled' || !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(uri)) return undefined;
  const normalized = target.replace(/\\/g, '/');
  const absolute = normalized.startsWith('/') || /^[A-Za-z]:\//.test(normalized);
  const parts = absolute ? [''] : parsed.path.split('/').slice(0, -1);
  for (const part of normalized.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length <= 1) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return `${parsed.scheme}://${parsed.authority}${encodePath(parts.join('/'))}`;
}
