// Settings: defaults < .go-dockerfile.json < editor settings (workspace/configuration, section `goDockerfile`).
// package.json's `contributes.configuration` is the source of truth for names and defaults; this
// mirrors it, and schemas/go-dockerfile.schema.json describes the same keys for the config file.

import type { SeveritySetting } from '../engine/index.ts';

export type LanguageFeaturesSetting = 'auto' | 'on' | 'off';

export interface Settings {
  enable: boolean;
  rules: Record<string, SeveritySetting>;
  languageFeatures: LanguageFeaturesSetting;
  imageTagCompletion: { network: boolean };
  maxFileSize: number;
}

/** Settings as the user wrote them: every field optional, unknown or mistyped values already dropped. */
export interface PartialSettings {
  enable?: boolean;
  rules?: Record<string, SeveritySetting>;
  languageFeatures?: LanguageFeaturesSetting;
  imageTagCompletion?: { network?: boolean };
  maxFileSize?: number;
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];
export const LANGUAGE_FEATURES_SETTINGS: readonly LanguageFeaturesSetting[] = ['auto', 'on', 'off'];
/** package.json's `goDockerfile.maxFileSize` minimum. */
export const MIN_MAX_FILE_SIZE = 1000;

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(value);
}

export function isLanguageFeaturesSetting(value: unknown): value is LanguageFeaturesSetting {
  return typeof value === 'string' && (LANGUAGE_FEATURES_SETTINGS as readonly string[]).includes(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function defaultSettings(): Settings {
  return { enable: true, rules: {}, languageFeatures: 'auto', imageTagCompletion: { network: false }, maxFileSize: 2_000_000 };
}

/**
 * Keeps the well-typed parts of an editor settings object. Lenient on purpose: the editor already
 * warns about mistyped settings, and one bad value must not drop the others. (The config file goes
 * through `checkConfig`, which also says what is wrong.) Accepts both nested
 * (`imageTagCompletion: { network }`) and dotted (`"imageTagCompletion.network"`) keys.
 */
export function sanitizeSettings(raw: unknown): PartialSettings {
  if (!isRecord(raw)) return {};
  const out: PartialSettings = {};
  if (typeof raw.enable === 'boolean') out.enable = raw.enable;
  if (isRecord(raw.rules)) {
    // fromEntries defines own properties, so a "__proto__" key stays an inert entry.
    out.rules = Object.fromEntries(Object.entries(raw.rules).filter((entry): entry is [string, SeveritySetting] => isSeveritySetting(entry[1])));
  }
  if (isLanguageFeaturesSetting(raw.languageFeatures)) out.languageFeatures = raw.languageFeatures;
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
