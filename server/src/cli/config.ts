// The CLI's side of .go-dockerfile.json: the lookup and the checks are shared with the language
// server (server/src/config); here, errors stop the Dockerfiles under the file and warnings are printed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_MAX_BYTES, loadConfig, type BuildContext, type ProjectConfig } from '../config/index.ts';
import { nodeConfigStore } from '../config/node.ts';
import { normalizePath } from '../files/index.ts';
import { NodeFileAccess } from '../files/node-access.ts';
import { CliError } from './errors.ts';
import { describeIoError } from './files.ts';

export { CONFIG_FILE_NAME, isSeveritySetting, SEVERITY_SETTINGS } from '../config/index.ts';

/** Finds and checks the config file for each Dockerfile, reporting each file's warnings once. */
export class ConfigResolver {
  private readonly store = nodeConfigStore();
  /** `--config <file>`: used for every Dockerfile instead of the nearest .go-dockerfile.json. */
  private readonly explicit: ProjectConfig | undefined;
  private explicitReported = false;

  constructor(
    private readonly label: (file: string) => string,
    private readonly warn: (message: string) => void,
    explicitFile?: string,
  ) {
    this.explicit = explicitFile === undefined ? undefined : loadExplicitConfig(explicitFile, label);
  }

  /**
   * The config for a Dockerfile whose project root is `root`, or undefined without one. A broken
   * file is an error: silently linting with defaults would hide it.
   */
  async forDockerfile(dockerfilePath: string, root: string): Promise<ProjectConfig | undefined> {
    let config: ProjectConfig | undefined;
    let fresh: boolean;
    if (this.explicit) {
      config = this.explicit;
      fresh = !this.explicitReported;
      this.explicitReported = true;
    } else {
      ({ config, fresh } = await this.store.lookup(dockerfilePath, root));
    }
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

/**
 * The file named by --config. The user named it, so it may live outside the project (a shared CI
 * config); it is still read as a regular file only, and size-capped. Its `contexts` are relative to
 * its own folder, as for a .go-dockerfile.json.
 */
function loadExplicitConfig(file: string, label: (file: string) => string): ProjectConfig {
  const full = path.resolve(file);
  try {
    fs.statSync(full);
  } catch (error) {
    throw new CliError(`--config ${file}: ${describeIoError(error)}`);
  }
  const dir = normalizePath(path.dirname(full));
  const config = loadConfig(normalizePath(full), dir, new NodeFileAccess(dir).readTextSync(normalizePath(full), CONFIG_MAX_BYTES));
  if (!config.usable) throw new CliError(`${label(full)}: ${config.errors.map((error) => error.message).join('; ')}`);
  return config;
}

/**
 * The build context a Dockerfile's Go facts are read from: `--context` when given, else its
 * `contexts` entry in the config, else undefined (its own folder). The server reads the same
 * `contexts` mapping (ProjectConfig.contextFor), so both see the same module.
 */
export function explicitContext(dockerfile: string, config: ProjectConfig | undefined, contextArg: string | undefined): string | undefined {
  if (contextArg !== undefined) return contextArg;
  const context: BuildContext | undefined = config?.contextFor(dockerfile);
  return context?.configured ? context.dir : undefined;
}
