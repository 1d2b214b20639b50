import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeProjectRoot } from '../config/node.ts';
import { nodeHasGitEntry } from '../files/node-access.ts';
import { isDockerfileName } from './dockerfile-names.ts';
import { describeIoError } from './files.ts';
import { GitignoreChain, gitignoreBase, type GitignoreWarn } from './gitignore.ts';

export { isDockerfileName } from './dockerfile-names.ts';

/** Folders that hold other people's files or build output, never the project's Dockerfiles. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'vendor']);

/** What discovery found, and what it could not search (reported; the rest is still linted). */
export interface Discovery {
  files: string[];
  /**
   * One message per argument or folder that could not be searched, e.g.
   * "secret: cannot read this folder: permission denied" or "nope: no such file or directory".
   */
  problems: string[];
  /** Notes that change nothing about the exit code, e.g. a .gitignore line left out. */
  warnings: string[];
}

interface Walk {
  recursive: boolean;
  into: string[];
  problems: string[];
  label: (dir: string) => string;
}

function collect(dir: string, ignores: GitignoreChain, walk: Walk): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // One folder the user cannot read must not hide the Dockerfiles in the others.
    walk.problems.push(`${walk.label(dir)}: cannot read this folder: ${describeIoError(error)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Symlinked folders are not followed: they can loop, and they usually point outside the project.
    if (entry.isDirectory()) {
      if (walk.recursive && !SKIPPED_DIRS.has(entry.name) && !ignores.ignores(full, true)) collect(full, ignores.enter(full), walk);
    } else if (isDockerfileName(entry.name) && (entry.isFile() || isFileLink(full)) && !ignores.ignores(full, false)) {
      walk.into.push(full);
    }
  }
}

function isFileLink(full: string): boolean {
  try {
    return fs.statSync(full).isFile();
  } catch {
    return false;
  }
}

/**
 * The ignore rules for a folder named on the command line: the .gitignore files from the repository
 * root (or, outside one, the project root) down to it. A folder the user names although it is
 * ignored is searched anyway, by its own .gitignore files only: naming it says they want it.
 */
function ignoresFor(dir: string, cwd: string, warn: GitignoreWarn): GitignoreChain {
  const root = nodeProjectRoot(dir, { fallback: cwd });
  const base = gitignoreBase(dir, root, nodeHasGitEntry);
  const chain = GitignoreChain.forFolder(base, path.dirname(dir), warn);
  if (path.resolve(dir) !== path.resolve(base) && chain.ignores(dir, true)) return GitignoreChain.forFolder(dir, dir, warn);
  return GitignoreChain.forFolder(base, dir, warn);
}

/**
 * The files to lint, as absolute paths in a stable order. A file argument is taken as given,
 * whatever its name and whatever .gitignore says; a directory contributes its Dockerfiles (and its
 * subfolders' with `recursive`) that .gitignore does not exclude. An argument or folder that cannot
 * be searched is a problem, not the end: the others are still searched.
 */
export function discoverDockerfiles(args: readonly string[], cwd: string, recursive: boolean, label: (file: string) => string = (file) => file): Discovery {
  const inputs = args.length > 0 ? args : ['Dockerfile'];
  const found: string[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  const warn: GitignoreWarn = (file, message) => {
    const line = `${label(file)}: ${message}`;
    if (!warnings.includes(line)) warnings.push(line);
  };
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (error) {
      const hint = args.length === 0 ? ' (pass the Dockerfiles or folders to lint)' : '';
      problems.push(`${input}: ${describeIoError(error)}${hint}`);
      continue;
    }
    if (stat.isDirectory()) {
      const before = { files: found.length, problems: problems.length };
      collect(full, ignoresFor(full, cwd, warn), { recursive, into: found, problems, label });
      if (found.length === before.files && problems.length === before.problems) {
        problems.push(`${input}: no Dockerfiles found${recursive ? '' : ' (use --recursive to search subfolders)'}`);
      }
    } else {
      found.push(full);
    }
  }
  return { files: [...new Set(found)], problems, warnings };
}

