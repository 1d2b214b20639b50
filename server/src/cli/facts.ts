// The CLI's Go facts: confined to each Dockerfile's project root (the repository, else the working
// folder), with the build context a `contexts` entry of .go-dockerfile.json names.
import { modelInputs, type ModelInputs } from '../engine/build-inputs.ts';
import type { GoFacts } from '../engine/index.ts';
import { nodeProjectRoot } from '../config/node.ts';
import { nodeProject } from '../files/node-access.ts';
import { GoFactsCache } from '../go/index.ts';
import { explicitContext, type ConfigResolver } from './config.ts';
import { messageOf } from './errors.ts';
import type { Output } from './output.ts';

/** `contextArg`: the --context folder (absolute), which wins over the config's `contexts`. */
export function cliFactsCache(cwd: string, configs: ConfigResolver, output: Output, contextArg?: string): GoFactsCache {
  /** The build context for a Dockerfile: --context, else a `contexts` entry of .go-dockerfile.json. */
  const contextFor = async (file: string): Promise<string | undefined> => {
    try {
      return explicitContext(file, await configs.forDockerfile(file, nodeProjectRoot(file, { fallback: cwd })), contextArg);
    } catch {
      return contextArg; // a broken config is reported for the Dockerfile itself
    }
  };
  return new GoFactsCache({ ...nodeProject({ fallback: cwd }), contextFor, log: (message) => output.warn(message.replace(/^go-dockerfile: /, '')) });
}

/** The facts of one Dockerfile, in two steps: what it copies and runs, then what follows from it. */
export async function cliGoFacts(cache: GoFactsCache, file: string, text: string, label: string, output: Output, built?: ModelInputs): Promise<GoFacts | undefined> {
  try {
    return await cache.factsFor(file, (built ?? modelInputs(text)).inputs);
  } catch (error) {
    // Lint without Go facts rather than not at all; the rules stay quiet about what they cannot know.
    output.warn(`${label}: could not read the Go workspace: ${messageOf(error)}`);
    return undefined;
  }
}
