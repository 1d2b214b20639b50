// The recipes behind `RUN make …` and `RUN ./build.sh`: read from the build context through the
// confined FileAccess and keyed the way the engine looks them up (engine/model/recipe-calls.ts).

import type { FileAccess } from '../files/index.ts';
import { joinPath } from '../files/index.ts';
import type { BuildInputs } from '../engine/build-inputs.ts';
import { makeRecipeKey } from '../engine/model/recipe-calls.ts';
import type { Recipe, RecipeFacts } from '../engine/types.ts';
import { parseMakefile, recipeOf, type Makefile } from './makefile.ts';

/** Makefiles and build scripts are small; a bigger file is not read. */
export const MAX_RECIPE_FILE_BYTES = 256 * 1024;

/** How many make calls and scripts of one Dockerfile are read. */
export const MAX_CALLS_READ = 32;

/** The names GNU make looks for, in its order. */
const MAKEFILE_NAMES = ['GNUmakefile', 'makefile', 'Makefile'];

/**
 * Shell control flow the reader would read both branches of (if/case/loops/functions), or a
 * sourced file: the recipe is then not one the rules may trust, and stays opaque.
 */
const CONTROL_FLOW = /(^|[;&|\n(`]\s*)(if|case|for|while|until|select|function|source|\.)(\s|$)|\b[A-Za-z_][\w-]*\s*\(\s*\)\s*\{/;

function withControlFlowCheck(recipe: Recipe): Recipe {
  if (!recipe.complete) return recipe;
  return recipe.lines.some((line) => CONTROL_FLOW.test(line)) ? { ...recipe, complete: false } : recipe;
}

/** A shell script as one recipe: one shell runs it all. Other interpreters are not read. */
export function scriptRecipe(text: string): Recipe {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
  if (shebang) {
    const program = shebang[1].slice(shebang[1].lastIndexOf('/') + 1);
    const interpreter = program === 'env' ? (shebang[2] ?? '') : program;
    if (!/^(sh|bash|dash|ash|zsh|busybox)$/.test(interpreter)) return { lines: [], complete: false };
  }
  return withControlFlowCheck({ lines: [body], complete: true });
}

/** Reads the recipes of every make call and script in `inputs`. Files that are missing leave their calls opaque. */
export async function readRecipes(access: FileAccess, contextDir: string, inputs: BuildInputs, log?: (message: string) => void): Promise<RecipeFacts | undefined> {
  const makeTargets: Record<string, Recipe> = {};
  const scripts: Record<string, Recipe> = {};
  const parsed = new Map<string, Makefile | undefined>();
  const readMakefile = async (path: string): Promise<Makefile | undefined | 'missing'> => {
    if (parsed.has(path)) return parsed.get(path);
    const read = await access.readText(path, MAX_RECIPE_FILE_BYTES);
    if (!read.ok) {
      if (read.reason === 'missing') return 'missing';
      log?.(`go-dockerfile: cannot read ${path}: ${read.reason}`);
      parsed.set(path, undefined);
      return undefined;
    }
    const mk = parseMakefile(read.text);
    parsed.set(path, mk);
    return mk;
  };
  // A few calls are real; thousands are an attack on the reader.
  for (const call of inputs.makeCalls.slice(0, MAX_CALLS_READ)) {
    search: for (const dir of call.dirs.slice(0, 4)) {
      const names = call.makefile !== undefined ? [call.makefile] : MAKEFILE_NAMES;
      for (const name of names) {
        const mk = await readMakefile(joinPath(contextDir, dir, name));
        if (mk === 'missing') continue;
        const key = makeRecipeKey(dir, call.makefile, call.target, call.variables);
        makeTargets[key] = mk ? withControlFlowCheck(recipeOf(mk, { target: call.target, variables: call.variables })) : { lines: [], complete: false };
        break search;
      }
    }
  }
  for (const candidates of inputs.scripts.slice(0, MAX_CALLS_READ)) {
    for (const path of candidates.slice(0, 4)) {
      const read = await access.readText(joinPath(contextDir, path), MAX_RECIPE_FILE_BYTES);
      if (!read.ok) {
        if (read.reason === 'missing') continue;
        log?.(`go-dockerfile: cannot read ${joinPath(contextDir, path)}: ${read.reason}`);
        break;
      }
      scripts[path] = scriptRecipe(read.text);
      break;
    }
  }
  const facts: RecipeFacts = {};
  if (Object.keys(makeTargets).length > 0) facts.makeTargets = makeTargets;
  if (Object.keys(scripts).length > 0) facts.scripts = scripts;
  return facts.makeTargets || facts.scripts ? facts : undefined;
}
