// The .dockerignore go-dockerfile writes: beside a generated Dockerfile (Go: Generate Dockerfile,
// `init`), and through the missing-dockerignore quick fix. One source for both. Pure: facts → text.

import type { GoFacts } from '../engine/types.ts';

export interface DockerignoreOptions {
  /**
   * Context paths the build reads (COPY/ADD sources, bind-mount sources, `.git` for a build that
   * runs git): patterns that would exclude one of them are left out, so the file never breaks the build.
   */
  needed?: readonly string[];
}

interface Section {
  comment: string;
  patterns: string[];
}

function sections(facts: Pick<GoFacts, 'vendored'>): Section[] {
  const list: Section[] = [
    { comment: '# Version control', patterns: ['.git'] },
    { comment: '# Build output and test binaries', patterns: ['bin/', '/out', '**/*.exe', '**/*.test'] },
    { comment: '# Coverage profiles', patterns: ['*.out', '*.coverprofile', 'coverage.html', 'coverage.txt'] },
    { comment: '# Editors and OS files', patterns: ['.idea/', '.vscode/', '**/*.swp', '**/.DS_Store'] },
    { comment: '# Local environment files often hold secrets', patterns: ['.env', '.env.*'] },
    { comment: '# Front-end dependencies, if any, are installed where needed', patterns: ['**/node_modules'] },
    {
      // Ignoring the Dockerfile does not stop the build from reading it, and keeps an edit to it from
      // invalidating the cached `COPY . .` layer.
      comment: '# Docker reads these itself; ignoring them keeps Dockerfile edits from busting the COPY . . cache',
      patterns: ['Dockerfile', 'Dockerfile.*', '.dockerignore'],
    },
  ];
  if (!facts.vendored) {
    // Without vendor/modules.txt the build downloads modules; a stray vendor/ would only confuse it.
    list.push({ comment: '# Modules are downloaded in the image, not vendored', patterns: ['vendor/'] });
  }
  return list;
}

export function generateDockerignore(facts: Pick<GoFacts, 'vendored'>, options: DockerignoreOptions = {}): string {
  // A large Dockerfile names the same paths many times: each distinct one is checked once.
  const needed = [...new Set((options.needed ?? []).map(normalizeContextPath))].filter((p) => p !== '');
  const kept = sections(facts)
    .map((s) => ({ ...s, patterns: s.patterns.filter((pattern) => !needed.some((path) => patternExcludes(pattern, path))) }))
    .filter((s) => s.patterns.length > 0);
  const header = '# Keep the build context small and local secrets out of images.\n';
  return [header, ...kept.map((s) => [s.comment, ...s.patterns].join('\n') + '\n')].join('\n');
}

/** `./cmd/api/` → `cmd/api`; the context root → ''. */
function normalizeContextPath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

/**
 * Whether one of our own patterns excludes `path` or a folder above it, with Docker's reading of
 * patterns (`*` within a path element, `**` across them, a leading `/` anchors nothing extra). The
 * patterns are this file's constants, never user text.
 */
export function patternExcludes(pattern: string, path: string): boolean {
  const matcher = matcherOf(pattern);
  let prefix = '';
  for (const part of path.split('/')) {
    prefix = prefix === '' ? part : `${prefix}/${part}`;
    if (matcher.test(prefix)) return true;
  }
  return false;
}

/** Compiled once per pattern: the patterns are a fixed set, the paths many. */
const matchers = new Map<string, RegExp>();

function matcherOf(pattern: string): RegExp {
  let matcher = matchers.get(pattern);
  if (matcher) return matcher;
  const body = normalizeContextPath(pattern);
  let source = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '*' && body[i + 1] === '*') {
      const slash = body[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  matcher = new RegExp(`^${source}$`);
  // Bounded anyway (only this file's patterns reach here), but never let it grow with its callers.
  if (matchers.size < 256) matchers.set(pattern, matcher);
  return matcher;
}
