import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors.ts';
import { describeIoError } from './files.ts';

/** Folders that hold other people's files or build output, never the project's Dockerfiles. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'vendor']);

/**
 * Whether a file name is a Dockerfile by the same conventions the extension registers:
 * Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*, Containerfile.*. BuildKit's per-file
 * ignore files (Dockerfile.dockerignore) are not Dockerfiles.
 */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  if (lower === 'dockerfile' || lower === 'containerfile') return true;
  if (lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) return true;
  return lower.endsWith('.dockerfile') && lower.length > '.dockerfile'.length;
}

/** What discovery found, and the folders it could not read (reported; the rest is still linted). */
export interface Discovery {
  files: string[];
  /** One message per folder that could not be read, e.g. "secret: cannot read this folder: permission denied". */
  problems: string[];
}

function collect(dir: string, recursive: boolean, into: string[], problems: string[], label: (dir: string) => string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // One folder the user cannot read must not hide the Dockerfiles in the others.
    problems.push(`${label(dir)}: cannot read this folder: ${describeIoError(error)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Symlinked folders are not followed: they can loop, and they usually point outside the project.
    if (entry.isDirectory()) {
      if (recursive && !SKIPPED_DIRS.has(entry.name)) collect(full, recursive, into, problems, label);
    } else if (isDockerfileName(entry.name) && (entry.isFile() || isFileLink(full))) {
      into.push(full);
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
 * The files to lint, as absolute paths in a stable order. A file argument is taken as given,
 * whatever its name; a directory contributes its Dockerfiles (and its subfolders' with `recursive`).
 * A folder that cannot be read is a problem, not the end: the others are still searched.
 */
export function discoverDockerfiles(args: readonly string[], cwd: string, recursive: boolean, label: (file: string) => string = (file) => file): Discovery {
  const inputs = args.length > 0 ? args : ['Dockerfile'];
  const found: string[] = [];
  const problems: string[] = [];
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (error) {
      const hint = args.length === 0 ? ' (pass the Dockerfiles or folders to lint)' : '';
      throw new CliError(`${input}: ${describeIoError(error)}${hint}`);
    }
    if (stat.isDirectory()) {
      const before = { files: found.length, problems: problems.length };
      collect(full, recursive, found, problems, label);
      if (found.length === before.files && problems.length === before.problems) {
        throw new CliError(`${input}: no Dockerfiles found${recursive ? '' : ' (use --recursive to search subfolders)'}`);
      }
    } else {
      found.push(full);
    }
  }
  return { files: [...new Set(found)], problems };
}
