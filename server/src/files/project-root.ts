// Where a Dockerfile's project ends: nothing above this folder is ever read (Go facts, config,
// .dockerignore, Makefiles). The server and the CLI share this rule, so they always agree.
import { dirnameOf, isWithinPath, joinPath, normalizePath } from './paths.ts';

export interface ProjectRootOptions {
  /** Open workspace folders (the server); the CLI has none. */
  workspaceFolders?: readonly string[];
  /** Used when neither a workspace folder nor a repository contains the file: e.g. the CLI's cwd. */
  fallback?: string;
  /** Whether `<dir>/.git` exists (a folder in a clone, a file in a worktree or submodule). */
  hasGitEntry(dir: string): boolean;
}

/**
 * The nearer of (a) the workspace folder that contains the file and (b) the repository root
 * (nearest folder with .git at or above the file). With neither, `fallback` when it contains the
 * file, else the file's own folder.
 */
export function findProjectRoot(filePath: string, options: ProjectRootOptions): string {
  const file = normalizePath(filePath);
  const start = dirnameOf(file);
  let repository: string | undefined;
  for (let dir = start; ; dir = dirnameOf(dir)) {
    if (options.hasGitEntry(dir)) {
      repository = dir;
      break;
    }
    if (dirnameOf(dir) === dir) break;
  }
  const folder = (options.workspaceFolders ?? [])
    .map(normalizePath)
    .filter((f) => isWithinPath(file, f))
    .sort((a, b) => b.length - a.length)[0];
  const candidates = [repository, folder].filter((c): c is string => c !== undefined);
  if (candidates.length > 0) return candidates.sort((a, b) => b.length - a.length)[0];
  if (options.fallback !== undefined && isWithinPath(file, options.fallback)) return normalizePath(options.fallback);
  return start;
}

/** The folders from `startDir` up to and including `root`, nearest first (empty when startDir is outside root). */
export function foldersUpTo(startDir: string, root: string): string[] {
  const out: string[] = [];
  if (!isWithinPath(startDir, root)) return out;
  for (let dir = normalizePath(startDir); ; dir = dirnameOf(dir)) {
    out.push(dir);
    if (dir === normalizePath(root) || dirnameOf(dir) === dir) break;
  }
  return out;
}

export { joinPath };
