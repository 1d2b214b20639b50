// Finding and reading .go-dockerfile.json, the same way for the language server and the CLI: the
// nearest file from the Dockerfile's folder up to its project root (files/project-root.ts), never
// above it, read through the confined file seam (regular files inside the root only, size-capped,
// no FIFO ever opened, no symlink followed out of the root).

import { ruleById } from '../engine/index.ts';
import { describeReadFailure, dirnameOf, foldersUpTo, isWithinPath, joinPath, normalizePath, relativePath, type ReadResult } from '../files/index.ts';
import { checkConfig, quoteKey, type ConfigProblem, type ContextEntry } from './check.ts';
import { matchGlob } from './glob.ts';
import { parseJson } from './json.ts';
import { isRecord, type PartialSettings } from './settings.ts';

export const CONFIG_FILE_NAME = '.go-dockerfile.json';
/** A config file is a few hundred bytes; anything near this is not one. */
export const CONFIG_MAX_BYTES = 64 * 1024;

/** The part of the file seam the lookup needs: any FileAccess (on disk, or over the editor's file system in a browser). */
export interface ConfigFiles {
  readonly root: string;
  readText(path: string, maxBytes: number): Promise<ReadResult>;
}

/** The folder a Dockerfile is built from (`docker build -f <Dockerfile> <context>`). */
export interface BuildContext {
  /** Absolute, forward slashes. */
  dir: string;
  /** True when a `contexts` entry named it; otherwise it is the Dockerfile's own folder. */
  configured: boolean;
}

export class ProjectConfig {
  /** The folder holding the file: `contexts` paths are relative to it. */
  readonly dir: string;

  constructor(
    /** Absolute path of the .go-dockerfile.json. */
    readonly file: string,
    /** The project root the file was found under. */
    readonly root: string,
    /** The valid settings in the file (all of them when `problems` has no error). */
    readonly settings: PartialSettings,
    readonly contexts: readonly ContextEntry[],
    /** What is wrong with the file; messages never quote its values. */
    readonly problems: readonly ConfigProblem[],
    /** False when the file could not be read, is not JSON or not an object: nothing in it applies. */
    readonly usable: boolean,
  ) {
    this.dir = dirnameOf(file);
  }

  get errors(): ConfigProblem[] {
    return this.problems.filter((problem) => problem.severity === 'error');
  }

  /**
   * The build context of a Dockerfile below this file's folder: an entry naming its exact path wins,
   * then the first glob entry (in file order) that matches; with none, the Dockerfile's folder.
   */
  contextFor(dockerfile: string): BuildContext {
    const file = normalizePath(dockerfile);
    const fallback: BuildContext = { dir: dirnameOf(file), configured: false };
    const relative = relativePath(this.dir, file);
    if (relative === undefined || relative === '.') return fallback;
    const entry =
      this.contexts.find((candidate) => !candidate.glob.hasWildcard && matchGlob(candidate.glob, relative)) ??
      this.contexts.find((candidate) => candidate.glob.hasWildcard && matchGlob(candidate.glob, relative));
    if (!entry) return fallback;
    const dir = joinPath(this.dir, entry.context);
    // Entries cannot hold `..` (check.ts), so this holds; kept as the last line of defence.
    return isWithinPath(dir, this.root) ? { dir, configured: true } : fallback;
  }
}

export interface ConfigLookup {
  root: string;
  /** The nearest config file, when there is one (possibly unusable: see its `errors`). */
  config?: ProjectConfig;
  /** True the first time this content (or this read failure) of the file is seen: report its problems then. */
  fresh: boolean;
}

/** Turns what was read into a ProjectConfig. */
export function loadConfig(file: string, root: string, read: ReadResult): ProjectConfig {
  if (!read.ok) {
    return new ProjectConfig(file, root, {}, [], [{ severity: 'error', message: describeReadFailure(read.reason, CONFIG_MAX_BYTES) }], false);
  }
  const parsed = parseJson(read.text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) return new ProjectConfig(file, root, {}, [], [{ severity: 'error', message: parsed.message }], false);
  const checked = checkConfig(parsed.value);
  // Unknown rule ids are kept (the engine ignores them) but reported: usually a typo.
  for (const id of Object.keys(checked.settings.rules ?? {})) {
    if (!ruleById(id)) checked.problems.push({ severity: 'warning', message: `unknown rule ${quoteKey(id)} (ignored)` });
  }
  return new ProjectConfig(file, root, checked.settings, checked.contexts, checked.problems, isRecord(parsed.value));
}

/**
 * Looks up the config file for Dockerfiles. The file is read again on every lookup (it is small and
 * capped), so an edit is seen without a file watcher; it is parsed again only when its text changed.
 */
export class ConfigStore {
  private readonly sources = new Map<string, ConfigFiles>();
  private readonly loaded = new Map<string, { key: string; config: ProjectConfig }>();

  constructor(private readonly open: (root: string) => ConfigFiles) {}

  /** The config for a Dockerfile whose project root is `root` (see findProjectRoot). */
  async lookup(dockerfile: string, root: string): Promise<ConfigLookup> {
    const source = this.sourceFor(root);
    for (const dir of foldersUpTo(dirnameOf(normalizePath(dockerfile)), source.root)) {
      const file = joinPath(dir, CONFIG_FILE_NAME);
      const read = await source.readText(file, CONFIG_MAX_BYTES);
      if (!read.ok && read.reason === 'missing') continue;
      const key = read.ok ? `text:${read.text}` : `failure:${read.reason}`;
      const cached = this.loaded.get(file);
      if (cached && cached.key === key && cached.config.root === source.root) return { root: source.root, config: cached.config, fresh: false };
      const config = loadConfig(file, source.root, read);
      this.loaded.set(file, { key, config });
      return { root: source.root, config, fresh: true };
    }
    return { root: source.root, fresh: false };
  }

  /** The build context of a Dockerfile (see ProjectConfig.contextFor); its own folder without a config. */
  async contextFor(dockerfile: string, root: string): Promise<BuildContext> {
    const { config } = await this.lookup(dockerfile, root);
    return config ? config.contextFor(dockerfile) : { dir: dirnameOf(normalizePath(dockerfile)), configured: false };
  }

  /** Forgets what was parsed, so every problem is reported again. */
  clear(): void {
    this.loaded.clear();
  }

  private sourceFor(root: string): ConfigFiles {
    const key = normalizePath(root);
    let source = this.sources.get(key);
    if (!source) {
      source = this.open(key);
      this.sources.set(key, source);
    }
    return source;
  }
}
