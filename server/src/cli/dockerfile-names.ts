// Which files are Dockerfiles, by name. One list for the CLI's folder walk, the VS Code language
// association (package.json contributes.languages), the client's document selector and the
// pre-commit hooks' `files:` regex; test/unit/dockerfile-names.test.ts checks that all of them agree.
// Pure (no node:), so the client bundle can import it.

/** Exact names (package.json `filenames`). */
export const DOCKERFILE_FILENAMES = ['Dockerfile', 'Containerfile'] as const;

/** Glob patterns on the file name (package.json `filenamePatterns`). */
export const DOCKERFILE_FILENAME_PATTERNS = ['*.Dockerfile', 'Dockerfile.*', 'Dockerfile-*', 'Dockerfile_*', '*.dockerfile', 'Containerfile.*'] as const;

/** The same names as one glob for a VS Code document selector or file watcher. */
export const DOCKERFILE_GLOB = `**/{${[...DOCKERFILE_FILENAMES, ...DOCKERFILE_FILENAME_PATTERNS].join(',')}}`;

/**
 * Whether a file name is a Dockerfile: Dockerfile, Containerfile, Dockerfile.*, Dockerfile-*,
 * Dockerfile_*, Containerfile.*, *.Dockerfile, *.dockerfile; case-insensitive, as Docker users
 * spell them both ways. BuildKit's per-file ignore files (Dockerfile.dockerignore) are not Dockerfiles.
 */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  if (lower === 'dockerfile' || lower === 'containerfile') return true;
  for (const prefix of ['dockerfile.', 'dockerfile-', 'dockerfile_', 'containerfile.']) {
    if (lower.startsWith(prefix) && lower.length > prefix.length) return true;
  }
  return lower.endsWith('.dockerfile') && lower.length > '.dockerfile'.length;
}
