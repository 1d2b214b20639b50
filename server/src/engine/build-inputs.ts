// What the Go facts lookup needs to know about a Dockerfile before it reads anything: which paths
// the build takes from its context, where the go commands run, and which make targets and scripts
// RUNs call. Pure: the first of the two steps (model → inputs → facts); the facts do the reading.
import { contextPathsOf, isPatternSource, normalizeContextPath } from './model/context-paths.ts';
import { buildModel } from './model/index.ts';
import type { DockerfileModel } from './model/types.ts';
import type { GoFacts } from './types.ts';

export interface BuildInputs {
  /** Context-relative paths that COPY/ADD and bind mounts take from the context ('.' for all of it), in order. */
  contextSources: string[];
  /** go build/install/run commands: the package argument and the context folders its cwd may map to, best first. */
  goBuilds: Array<{ pkg: string; dirs: string[] }>;
  /** make calls: the candidate context folders make runs in, the -f file, the target, command-line variables. */
  makeCalls: Array<{ dirs: string[]; makefile?: string; target: string; variables: Record<string, string> }>;
  /** Scripts RUNs execute: candidate context-relative paths, best first. */
  scripts: string[][];
}

/** The build inputs of a model (built without recipes: the calls are recorded either way). */
export function buildInputs(model: DockerfileModel): BuildInputs {
  const contextSources: string[] = [];
  const goBuilds: BuildInputs['goBuilds'] = [];
  const makeCalls: BuildInputs['makeCalls'] = [];
  const scripts: string[][] = [];
  const seenSources = new Set<string>();
  const addSource = (source: string): void => {
    // A pattern names its folder: `COPY src/*.go ./` needs src/.
    let s = source;
    if (isPatternSource(s)) {
      const cut = s.search(/[*?[\]$]/);
      const slash = s.lastIndexOf('/', cut);
      s = slash < 0 ? '.' : s.slice(0, slash);
    }
    const normal = normalizeContextPath(s);
    if (normal !== undefined && !seenSources.has(normal)) {
      seenSources.add(normal);
      contextSources.push(normal);
    }
  };
  for (const stage of model.stages) {
    for (const instr of stage.instructions) {
      if (instr.copy?.fromContext) for (const s of instr.copy.sources) addSource(s.value);
      const run = instr.run;
      if (!run) continue;
      for (const m of run.mounts) if (m.type === 'bind' && m.from === undefined) addSource(m.source ?? '.');
      for (const cmd of run.goCommands) {
        if (cmd.subcommand !== 'build' && cmd.subcommand !== 'install' && cmd.subcommand !== 'run') continue;
        const pkg = cmd.packages.find((p) => !p.startsWith('-')) ?? '';
        const dirs = cmd.cwd === undefined ? [] : contextPathsOf(stage, cmd.cwd, instr, run.mounts, run.workdir);
        goBuilds.push({ pkg, dirs });
      }
      for (const call of run.recipeCalls) {
        if (call.kind === 'make') {
          makeCalls.push({ dirs: call.paths, ...(call.makefile !== undefined ? { makefile: call.makefile } : {}), target: call.target ?? '', variables: call.variables ?? {} });
        } else if (call.paths.length > 0) {
          scripts.push(call.paths);
        }
      }
    }
  }
  return { contextSources, goBuilds, makeCalls, scripts };
}

/** The recipe-less model of a Dockerfile and what it copies and runs (the facts lookup's input). */
export interface ModelInputs {
  model: DockerfileModel;
  inputs: BuildInputs;
}

export function modelInputs(text: string): ModelInputs {
  const model = buildModel(text);
  return { model, inputs: buildInputs(model) };
}

/**
 * The model to analyse `text` with, given the recipe-less model its inputs were read from: that one
 * when recipes cannot change it (no RUN calls make or a script, or no recipes known), else a new one
 * with the recipes (from the Go facts) read into the RUNs. The server and the CLI both build a
 * model for the facts lookup first, so a lint builds it once.
 */
export function modelWithRecipes(text: string, built: ModelInputs, goFacts: GoFacts | undefined): DockerfileModel {
  const recipesApply = goFacts?.recipes !== undefined && (built.inputs.makeCalls.length > 0 || built.inputs.scripts.length > 0);
  return recipesApply ? buildModel(text, { recipes: goFacts?.recipes }) : built.model;
}
