// The server's view of the settings. Types, defaults, layering and the .go-dockerfile.json lookup are
// shared with the CLI in server/src/config.

import type { LanguageFeaturesSetting, PartialSettings } from '../config/index.ts';

export type { LanguageFeaturesSetting, PartialSettings, Settings } from '../config/index.ts';
export { CONFIG_FILE_NAME, defaultSettings, mergeSettings, sanitizeSettings } from '../config/index.ts';

/**
 * 'auto' defers to what the client said about other Dockerfile extensions; a client that said nothing
 * (a standalone editor) gets the features, since nobody else is known to provide them.
 */
export function languageFeaturesEnabled(setting: LanguageFeaturesSetting, otherDockerExtension: boolean | undefined): boolean {
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return otherDockerExtension !== true;
}

/**
 * The settings a workspace may set while VS Code has not trusted it (Restricted Mode): all but the
 * network opt-in, which must come from the user (package.json restrictedConfigurations says the same).
 */
export function trustedOnly(settings: PartialSettings): PartialSettings {
  const { imageTagCompletion: _dropped, ...rest } = settings;
  return rest;
}
