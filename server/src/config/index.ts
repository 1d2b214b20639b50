// .go-dockerfile.json and the settings it shares with the editor: one module for the server and the CLI.
export type { LanguageFeaturesSetting, PartialSettings, Settings } from './settings.ts';
export {
  defaultSettings,
  isLanguageFeaturesSetting,
  isSeveritySetting,
  LANGUAGE_FEATURES_SETTINGS,
  mergeSettings,
  sanitizeSettings,
  SEVERITY_SETTINGS,
} from './settings.ts';
export type { CheckedConfig, ConfigProblem, ContextEntry } from './check.ts';
export { checkConfig, CONFIG_KEYS } from './check.ts';
export type { BuildContext, ConfigFiles, ConfigLookup } from './load.ts';
export { CONFIG_FILE_NAME, CONFIG_MAX_BYTES, ConfigStore, loadConfig, ProjectConfig } from './load.ts';
export { compileGlob, matchGlob } from './glob.ts';
export { locateJsonError, parseJson } from './json.ts';
