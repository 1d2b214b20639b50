// .gitignore for the CLI's folder walk, with git's semantics: every .gitignore applies to the paths
// below its own folder, a deeper file overrides a shallower one, the last matching line of a file
// wins, and nothing inside an excluded folder can be re-included (the walk never enters it).
// The pattern matching itself is the `ignore` package's (it follows git's wildmatch), not ours.
import ignore, { type Ignore } from 'ignore';
import { NodeFileAccess } from '../files/node-access.ts';
import { dirnameOf, joinPath, normalizePath, relativePath } from '../files/index.ts';

/** A .gitignore is a few KB; this keeps a stray multi-megabyte file from costing anything. */
export const GITIGNORE_MAX_BYTES = 256 * 1024;

/** Git compares names by case only where the file system folds case (its core.ignorecase default). */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** Told about a .gitignore (absolute path) or a line of it that is not used. */
export type GitignoreWarn = (file: string, message: string) => void;

interface Layer {
  /** The folder the file's patterns are relative to (absolute, forward slashes). */
  dir: string;
  rules: Ignore;
}

/** The ignore rules in force in one folder: the .gitignore files from the top of the walk down to it. */
export class GitignoreChain {
  private constructor(
    private readonly files: NodeFileAccess,
    private readonly layers: readonly Layer[],
    private readonly warn: GitignoreWarn,
  ) {}

  /**
   * The chain for `startDir`: .gitignore files in every folder from `baseDir` (the repository or
   * project root) down to `startDir`, plus the repository's .git/info/exclude when `baseDir` has one.
   * Reads are confined to `baseDir` and size-capped.
   */
  static forFolder(baseDir: string, startDir: string, warn: GitignoreWarn): GitignoreChain {
    const base = normalizePath(baseDir);
    const files = new NodeFileAccess(base);
    let chain = new GitignoreChain(files, [], warn);
    const exclude = chain.readRules(joinPath(base, '.git', 'info', 'exclude'));
    if (exclude) chain = new GitignoreChain(files, [{ dir: base, rules: exclude }], warn);
    const relative = relativePath(base, startDir);
    const folders = [base];
    if (relative !== undefined && relative !== '.') {
      let dir = base;
      for (const segment of relative.split('/')) folders.push((dir = joinPath(dir, segment)));
    }
    for (const dir of folders) chain = chain.enter(dir);
    return chain;
  }

  /** The chain inside `dir` (a child of the current folder): adds `dir/.gitignore` when there is one. */
  enter(dir: string): GitignoreChain {
    const rules = this.readRules(joinPath(dir, '.gitignore'));
    return rules ? new GitignoreChain(this.files, [...this.layers, { dir: normalizePath(dir), rules }], this.warn) : this;
  }

  /** Whether a path (absolute) is excluded; `directory` adds the trailing slash git's `dir/` patterns need. */
  ignores(absolute: string, directory: boolean): boolean {
    const target = normalizePath(absolute);
    // Deepest file first: a deeper .gitignore overrides a shallower one, in both directions.
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      const relative = relativePath(layer.dir, target);
      if (relative === undefined || relative === '.') continue;
      const result = layer.rules.test(directory ? `${relative}/` : relative);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }

  private readRules(file: string): Ignore | undefined {
    const read = this.files.readTextSync(file, GITIGNORE_MAX_BYTES);
    if (!read.ok) {
      if (read.reason === 'too-large') this.warn(file, `larger than ${GITIGNORE_MAX_BYTES} bytes; not used`);
      else if (read.reason === 'unreadable') this.warn(file, 'cannot be read; not used');
      return undefined;
    }
    // `ignore` (7.x) pins the wildcards of its regular expressions, so a line such as a*a*a*…b costs
    // linear time, not backtracking (test/unit/gitignore.test.ts measures it).
    return ignore({ ignorecase: IGNORE_CASE }).add(read.text);
  }
}

/** The folder .gitignore files apply from: the repository root (nearest .git) when it is within `projectRoot`, else `projectRoot`. */
export function gitignoreBase(startDir: string, projectRoot: string, hasGitEntry: (dir: string) => boolean): string {
  for (let dir = normalizePath(startDir); ; dir = dirnameOf(dir)) {
    if (hasGitEntry(dir)) return dir;
    if (dir === normalizePath(projectRoot) || dirnameOf(dir) === dir) return normalizePath(projectRoot);
  }
}
