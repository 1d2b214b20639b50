import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleById, type SeveritySetting } from '../engine/index.ts';
import { CliError, messageOf } from './errors.ts';
import { describeIoError } from './files.ts';

export const CONFIG_FILE_NAME = '.go-dockerfile.json';

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(value);
}

function exists(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folders searched for a config file, nearest first. The search stops at the repository root
 * (a folder with .git); outside a repository it stops at the Go module (nearest go.mod), and with
 * neither only the Dockerfile's own folder counts, so a stray file in $HOME never applies.
 */
export function configSearchDirs(startDir: string): string[] {
  const upward: string[] = [];
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    upward.push(dir);
    if (exists(path.join(dir, '.git'))) return upward;
    if (path.dirname(dir) === dir) break;
  }
  const moduleIndex = upward.findIndex((dir) => exists(path.join(dir, 'go.mod')));
  return moduleIndex >= 0 ? upward.slice(0, moduleIndex + 1) : upward.slice(0, 1);
}

export interface LoadedConfig {
  file: string;
  rules: Record<string, SeveritySetting>;
}

/**
 * The file shares its schema with the editor settings. Only `rules` matters to the CLI; the others
 * (`enable`, `languageFeatures`, `imageTagCompletion`, `maxFileSize`) steer the editor and are accepted silently.
 */
const KNOWN_KEYS = new Set(['$schema', 'rules', 'enable', 'languageFeatures', 'imageTagCompletion', 'imageTagCompletion.network', 'maxFileSize']);

/** Parses and checks a config file. Broken files are errors: silently linting with defaults would hide them. */
export function parseConfig(text: string, label: string, warn: (message: string) => void): Record<string, SeveritySetting> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(`${label}: invalid JSON: ${messageOf(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`${label}: expected a JSON object like {"rules": {"cgo-not-disabled": "error"}}`);
  }
  for (const key of Object.keys(parsed)) {
    if (!KNOWN_KEYS.has(key)) warn(`${label}: unknown setting "${key}" (ignored)`);
  }
  const rulesValue = (parsed as Record<string, unknown>).rules;
  if (rulesValue === undefined) return {};
  if (typeof rulesValue !== 'object' || rulesValue === null || Array.isArray(rulesValue)) {
    throw new CliError(`${label}: "rules" must be an object mapping rule ids to ${SEVERITY_SETTINGS.join('|')}`);
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const [id, severity] of Object.entries(rulesValue)) {
    if (!isSeveritySetting(severity)) {
      throw new CliError(`${label}: rule "${id}": expected one of ${SEVERITY_SETTINGS.join('|')}, got ${JSON.stringify(severity)}`);
    }
    // Unknown ids are kept (the engine ignores them) but reported: usually a typo.
    if (!ruleById(id)) warn(`${label}: unknown rule "${id}" (ignored)`);
    rules[id] = severity;
  }
  return rules;
}

/** Finds and loads the nearest config file for each Dockerfile, reading each file once. */
export class ConfigResolver {
  private readonly loaded = new Map<string, LoadedConfig>();

  constructor(
    private readonly label: (file: string) => string,
    private readonly warn: (message: string) => void,
  ) {}

  forDockerfile(dockerfilePath: string): LoadedConfig | undefined {
    for (const dir of configSearchDirs(path.dirname(dockerfilePath))) {
      const file = path.join(dir, CONFIG_FILE_NAME);
      if (exists(file)) return this.load(file);
    }
    return undefined;
  }

  private load(file: string): LoadedConfig {
    const cached = this.loaded.get(file);
    if (cached) return cached;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`${this.label(file)}: ${describeIoError(error)}`);
    }
    const config = { file, rules: parseConfig(text, this.label(file), this.warn) };
    this.loaded.set(file, config);
    return config;
  }
}
