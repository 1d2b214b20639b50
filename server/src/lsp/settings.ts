// Settings: defaults < .go-dockerfile.json < editor settings (workspace/configuration, section `goDockerfile`).
// package.json's `contributes.configuration` is the source of truth for names and defaults; this mirrors it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeveritySetting } from '../engine/index.ts';

export type LanguageFeaturesSetting = 'auto' | 'on' | 'off';

export interface Settings {
  enable: boolean;
  rules: Record<string, SeveritySetting>;
  languageFeatures: LanguageFeaturesSetting;
  imageTagCompletion: { network: boolean };
  maxFileSize: number;
}

export const CONFIG_FILE_NAME = '.go-dockerfile.json';

export function defaultSettings(): Settings {
  return { enable: true, rules: {}, languageFeatures: 'auto', imageTagCompletion: { network: false }, maxFileSize: 2_000_000 };
}

/** Settings as the user wrote them: every field optional, unknown or mistyped values already dropped. */
export interface PartialSettings {
  enable?: boolean;
  rules?: Record<string, SeveritySetting>;
  languageFeatures?: LanguageFeaturesSetting;
  imageTagCompletion?: { network?: boolean };
  maxFileSize?: number;
}

const SEVERITY_SETTINGS = new Set<string>(['off', 'hint', 'info', 'warning', 'error']);
const LANGUAGE_FEATURES = new Set<string>(['auto', 'on', 'off']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keeps the well-typed parts of a settings object (from the editor or the config file).
 * Accepts both nested (`imageTagCompletion: { network }`) and dotted (`"imageTagCompletion.network"`) keys.
 */
export function sanitizeSettings(raw: unknown): PartialSettings {
  if (!isRecord(raw)) return {};
  const out: PartialSettings = {};
  if (typeof raw.enable === 'boolean') out.enable = raw.enable;
  if (isRecord(raw.rules)) {
    const rules: Record<string, SeveritySetting> = {};
    for (const [id, severity] of Object.entries(raw.rules)) {
      if (typeof severity === 'string' && SEVERITY_SETTINGS.has(severity)) rules[id] = severity as SeveritySetting;
    }
    out.rules = rules;
  }
  if (typeof raw.languageFeatures === 'string' && LANGUAGE_FEATURES.has(raw.languageFeatures)) {
    out.languageFeatures = raw.languageFeatures as LanguageFeaturesSetting;
  }
  const network = isRecord(raw.imageTagCompletion) ? raw.imageTagCompletion.network : raw['imageTagCompletion.network'];
  if (typeof network === 'boolean') out.imageTagCompletion = { network };
  if (typeof raw.maxFileSize === 'number' && Number.isFinite(raw.maxFileSize) && raw.maxFileSize > 0) {
    out.maxFileSize = raw.maxFileSize;
  }
  return out;
}

/** Later layers win; `rules` merge per rule id so a file can turn one rule off while the editor tunes another. */
export function mergeSettings(...layers: PartialSettings[]): Settings {
  const result = defaultSettings();
  for (const layer of layers) {
    if (layer.enable !== undefined) result.enable = layer.enable;
    if (layer.rules) result.rules = { ...result.rules, ...layer.rules };
    if (layer.languageFeatures !== undefined) result.languageFeatures = layer.languageFeatures;
    if (layer.imageTagCompletion?.network !== undefined) result.imageTagCompletion = { network: layer.imageTagCompletion.network };
    if (layer.maxFileSize !== undefined) result.maxFileSize = layer.maxFileSize;
  }
  return result;
}

/**
 * 'auto' defers to what the client said about other Dockerfile extensions; a client that said nothing
 * (a standalone editor) gets the features, since nobody else is known to provide them.
 */
export function languageFeaturesEnabled(setting: LanguageFeaturesSetting, otherDockerExtension: boolean | undefined): boolean {
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return otherDockerExtension !== true;
}

function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Where the config file for a Dockerfile lives: the nearest `.go-dockerfile.json` from the Dockerfile's directory up to
 * its workspace folder (inclusive). Outside any workspace folder the walk stops at a repository root (`.git`).
 */
export function findConfigFile(dockerfilePath: string, workspaceRoots: readonly string[]): string | undefined {
  let dir = path.dirname(path.resolve(dockerfilePath));
  const root = workspaceRoots
    .filter((r) => isWithin(dir, r))
    .sort((a, b) => b.length - a.length)[0];
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (root !== undefined ? dir === path.resolve(root) : fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

interface CachedConfigFile {
  mtimeMs: number;
  size: number;
  settings: PartialSettings;
}

/**
 * Reads config files, re-reading only when size or mtime changed (so no watcher is needed for correctness).
 * A malformed file is reported once per version of its content through `log`, then treated as empty.
 */
export class ConfigFileReader {
  private readonly cache = new Map<string, CachedConfigFile>();

  constructor(private readonly log: (message: string) => void) {}

  read(file: string): PartialSettings {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      this.cache.delete(file);
      return {};
    }
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.settings;
    let settings: PartialSettings = {};
    try {
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const parsed: unknown = JSON.parse(text);
      if (!isRecord(parsed)) throw new Error('expected a JSON object');
      settings = sanitizeSettings(parsed);
    } catch (error) {
      this.log(`Ignoring ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, settings });
    return settings;
  }

  forget(file: string): void {
    this.cache.delete(file);
  }
}
