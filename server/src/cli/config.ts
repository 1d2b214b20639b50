// The CLI's side of .go-dockerfile.json: the lookup and the checks are shared with the language
// server (server/src/config); here, errors stop the Dockerfiles under the file and warnings are printed.
import type { ProjectConfig } from '../config/index.ts';
import { nodeConfigStore } from '../config/node.ts';
import { CliError } from './errors.ts';

export { CONFIG_FILE_NAME, isSeveritySetting, SEVERITY_SETTINGS } from '../config/index.ts';

/** Finds and checks the config file for each Dockerfile, reporting each file's warnings once. */
export class ConfigResolver {
  private readonly store = nodeConfigStore();

  constructor(
    private readonly label: (file: string) => string,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * The config for a Dockerfile whose project root is `root`, or undefined without one. A broken
   * file is an error: silently linting with defaults would hide it.
   */
  forDockerfile(dockerfilePath: string, root: string): ProjectConfig | undefined {
    const { config, fresh } = this.store.lookup(dockerfilePath, root);
    if (!config) return undefined;
    const label = this.label(config.file);
    if (fresh) {
      for (const problem of config.problems) if (problem.severity === 'warning') this.warn(`${label}: ${problem.message}`);
    }
    const errors = config.errors;
    if (errors.length > 0) throw new CliError(`${label}: ${errors.map((error) => error.message).join('; ')}`);
    return config;
  }
}
