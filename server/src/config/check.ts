// The hand check of a parsed .go-dockerfile.json. It accepts exactly what
// schemas/go-dockerfile.schema.json accepts (test/unit/config.test.ts runs both on the same
// examples), keeps the valid parts, and says what is wrong without quoting any value: a file that
// is not valid config may hold anything.

import type { SeveritySetting } from '../engine/index.ts';
import { compileGlob, MAX_PATTERN_LENGTH, type Glob } from './glob.ts';
import {
  isLanguageFeaturesSetting,
  isRecord,
  isSeveritySetting,
  LANGUAGE_FEATURES_SETTINGS,
  MIN_MAX_FILE_SIZE,
  SEVERITY_SETTINGS,
  type PartialSettings,
} from './settings.ts';

export interface ConfigProblem {
  /** Errors make the CLI stop for the Dockerfiles under the file; warnings are only reported. */
  severity: 'error' | 'warning';
  message: string;
}

/** One entry of `contexts`: the Dockerfiles it covers and the build context they are built from. */
export interface ContextEntry {
  /** As written: a path or glob relative to the config file's folder. */
  pattern: string;
  glob: Glob;
  /** As written: a folder relative to the config file's folder. */
  context: string;
}

export interface CheckedConfig {
  settings: PartialSettings;
  contexts: ContextEntry[];
  problems: ConfigProblem[];
}

/** The keys a config file may have: the settings (package.json) plus `$schema` and `contexts`. */
export const CONFIG_KEYS = ['$schema', 'enable', 'rules', 'languageFeatures', 'imageTagCompletion', 'imageTagCompletion.network', 'maxFileSize', 'contexts'] as const;

/** A key as it appears in a message: quoted with its control characters escaped, and cut short. */
export function quoteKey(key: string): string {
  const cut = [...key];
  return JSON.stringify(cut.length > 60 ? `${cut.slice(0, 60).join('')}…` : key);
}

/**
 * Why a relative path written in the config file cannot be used, or undefined when it can. The
 * schema's `pattern`, `minLength` and `maxLength` say the same (lengths count code points, as JSON
 * Schema does).
 */
export function relativePathProblem(text: string, wildcards: boolean): string | undefined {
  const length = [...text].length;
  if (length === 0) return 'is empty';
  if (length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  if (text.startsWith('/') || /^[A-Za-z]:/.test(text)) return 'must be relative to the folder of .go-dockerfile.json';
  if (text.includes('\\')) return 'must use forward slashes';
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x20) return 'contains a control character';
  }
  if (!wildcards && text.includes('*')) return 'cannot contain *';
  if (text.split('/').includes('..')) return 'cannot leave the folder of .go-dockerfile.json (no .. segments)';
  return undefined;
}

function checkRules(value: unknown, problems: ConfigProblem[]): Record<string, SeveritySetting> | undefined {
  if (!isRecord(value)) {
    problems.push({ severity: 'error', message: `"rules" must be an object mapping rule ids to ${SEVERITY_SETTINGS.join('|')}` });
    return undefined;
  }
  const rules: Array<[string, SeveritySetting]> = [];
  for (const [id, severity] of Object.entries(value)) {
    if (isSeveritySetting(severity)) rules.push([id, severity]);
    else problems.push({ severity: 'error', message: `rule ${quoteKey(id)}: the severity must be one of ${SEVERITY_SETTINGS.join('|')}` });
  }
  // fromEntries defines own properties, so a "__proto__" key stays an inert entry.
  return Object.fromEntries(rules);
}

function checkContexts(value: unknown, problems: ConfigProblem[]): ContextEntry[] {
  if (!isRecord(value)) {
    problems.push({ severity: 'error', message: '"contexts" must be an object mapping Dockerfiles (paths or globs) to build-context folders' });
    return [];
  }
  const entries: ContextEntry[] = [];
  for (const [pattern, context] of Object.entries(value)) {
    const patternProblem = relativePathProblem(pattern, true);
    if (patternProblem) {
      problems.push({ severity: 'error', message: `contexts: the Dockerfile pattern ${quoteKey(pattern)} ${patternProblem}` });
      continue;
    }
    if (typeof context !== 'string') {
      problems.push({ severity: 'error', message: `contexts[${quoteKey(pattern)}]: the build context must be a folder path (a string)` });
      continue;
    }
    const contextProblem = relativePathProblem(context, false);
    if (contextProblem) {
      problems.push({ severity: 'error', message: `contexts[${quoteKey(pattern)}]: the build context ${contextProblem}` });
      continue;
    }
    entries.push({ pattern, glob: compileGlob(pattern), context });
  }
  return entries;
}

/** Checks a parsed config file against the schema; the settings and contexts are its valid parts. */
export function checkConfig(value: unknown): CheckedConfig {
  const problems: ConfigProblem[] = [];
  const settings: PartialSettings = {};
  let contexts: ContextEntry[] = [];
  if (!isRecord(value)) {
    problems.push({ severity: 'error', message: 'expected a JSON object like {"rules": {"cgo-not-disabled": "error"}}' });
    return { settings, contexts, problems };
  }
  const boolean = (key: string, v: unknown): boolean | undefined => {
    if (typeof v === 'boolean') return v;
    problems.push({ severity: 'error', message: `${quoteKey(key)} must be true or false` });
    return undefined;
  };
  let network: boolean | undefined;
  let nestedNetwork: boolean | undefined;
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case '$schema':
        if (typeof v !== 'string') problems.push({ severity: 'error', message: '"$schema" must be a string' });
        break;
      case 'enable': {
        const enable = boolean(key, v);
        if (enable !== undefined) settings.enable = enable;
        break;
      }
      case 'rules': {
        const rules = checkRules(v, problems);
        if (rules) settings.rules = rules;
        break;
      }
      case 'languageFeatures':
        if (isLanguageFeaturesSetting(v)) settings.languageFeatures = v;
        else problems.push({ severity: 'error', message: `"languageFeatures" must be one of ${LANGUAGE_FEATURES_SETTINGS.join('|')}` });
        break;
      case 'imageTagCompletion':
        if (!isRecord(v)) {
          problems.push({ severity: 'error', message: '"imageTagCompletion" must be an object like {"network": false}' });
          break;
        }
        for (const [inner, innerValue] of Object.entries(v)) {
          if (inner === 'network') nestedNetwork = boolean('imageTagCompletion.network', innerValue);
          else problems.push({ severity: 'warning', message: `imageTagCompletion: unknown setting ${quoteKey(inner)} (ignored)` });
        }
        break;
      case 'imageTagCompletion.network':
        network = boolean(key, v);
        break;
      case 'maxFileSize':
        if (typeof v === 'number' && Number.isFinite(v) && v >= MIN_MAX_FILE_SIZE) settings.maxFileSize = v;
        else problems.push({ severity: 'error', message: `"maxFileSize" must be a number of at least ${MIN_MAX_FILE_SIZE}` });
        break;
      case 'contexts':
        contexts = checkContexts(v, problems);
        break;
      default:
        problems.push({ severity: 'warning', message: `unknown setting ${quoteKey(key)} (ignored)` });
    }
  }
  // The nested form wins over the dotted one, as in the editor settings.
  const effectiveNetwork = nestedNetwork ?? network;
  if (effectiveNetwork !== undefined) settings.imageTagCompletion = { network: effectiveNetwork };
  return { settings, contexts, problems };
}
