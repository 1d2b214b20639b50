// `make <target>` and scripts in RUN: which recipe they run (keys into GoFacts.recipes), and how
// its lines are read as if written in the RUN. Recipes come from the Go facts (read beforehand);
// without one, or with an incomplete one, the RUN stays opaque and the rules stay quiet.
import { mapped, parseShell, splitAssignment } from '../shell.ts';
import type { SimpleCommand, Word } from '../shell.ts';
import type { Recipe, RecipeFacts } from '../types.ts';
import { contextPathsOf } from './context-paths.ts';
import { resolvePath } from './paths.ts';
import type { Instr, Mount, RecipeCall, Stage } from './types.ts';

/** The key of a make call in RecipeFacts.makeTargets. */
export function makeRecipeKey(dir: string, makefile: string | undefined, target: string, variables: Record<string, string> = {}): string {
  const vars = Object.keys(variables)
    .sort()
    .map((name) => `${name}=${variables[name]}`);
  return JSON.stringify([dir, makefile ?? '', target, ...vars]);
}

/** make options that take a value (as the next word when not attached). */
const MAKE_VALUE_OPTIONS = new Set(['-C', '-f', '-I', '-o', '-W', '-j', '-l', '--directory', '--file', '--makefile', '--include-dir', '--old-file', '--what-if', '--new-file', '--assume-old', '--assume-new', '--jobs', '--load-average']);

interface ParsedMake {
  directory?: string;
  file?: string;
  targets: string[];
  variables: Record<string, string>;
  /** Something the reader does not follow (a variable in an argument, -e, a dry run). */
  unsupported: boolean;
}

function parseMakeArgs(args: readonly string[]): ParsedMake {
  const out: ParsedMake = { targets: [], variables: {}, unsupported: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.includes('$') || arg.includes('`')) {
      out.unsupported = true;
      continue;
    }
    if (arg.startsWith('-')) {
      const eq = arg.indexOf('=');
      const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg.length > 2 && !arg.startsWith('--') ? arg.slice(0, 2) : arg;
      let value: string | undefined;
      if (arg.startsWith('--') && eq > 0) value = arg.slice(eq + 1);
      else if (!arg.startsWith('--') && arg.length > 2 && MAKE_VALUE_OPTIONS.has(name)) value = arg.slice(2);
      else if (MAKE_VALUE_OPTIONS.has(name) && name !== '-j' && name !== '--jobs' && name !== '-l' && name !== '--load-average') value = args[++i];
      else if ((name === '-j' || name === '-l') && /^\d+$/.test(args[i + 1] ?? '')) i++;
      if (name === '-C' || name === '--directory') out.directory = value === undefined ? undefined : out.directory === undefined ? value : `${out.directory}/${value}`;
      else if (name === '-f' || name === '--file' || name === '--makefile') out.file = value;
      // Options that change what runs: the environment overriding the Makefile, dry runs, questions.
      else if (/^-[a-zA-Z]*[entq]/.test(arg) && !arg.startsWith('--') || ['--environment-overrides', '--just-print', '--dry-run', '--recon', '--touch', '--question'].includes(name)) out.unsupported = true;
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(arg.slice(0, eq).replace(/[:+?]$/, ''))) {
      out.variables[arg.slice(0, eq).replace(/[:+?]$/, '')] = arg.slice(eq + 1);
      continue;
    }
    out.targets.push(arg);
  }
  return out;
}

/** Where a RUN is, for mapping image paths back to the build context. */
export interface CallSite {
  stage: Stage | undefined;
  instr: Instr;
  mounts: readonly Mount[];
  workdir: string | undefined;
  cwd: string | undefined;
}

/** The calls of one `make` command: one per target, in order (the default goal when none is named). */
export function makeCalls(word: Word, args: readonly string[], site: CallSite): RecipeCall[] {
  const parsed = parseMakeArgs(args);
  const dirImage = site.cwd === undefined ? undefined : parsed.directory === undefined ? site.cwd : resolvePath(site.cwd, parsed.directory);
  const paths = dirImage === undefined || parsed.unsupported ? [] : contextPathsOf(site.stage, dirImage, site.instr, site.mounts, site.workdir);
  const targets = parsed.targets.length > 0 ? parsed.targets : [''];
  return targets.map((target) => ({
    kind: 'make' as const,
    word,
    keys: paths.map((dir) => makeRecipeKey(dir, parsed.file, target, parsed.variables)),
    target,
    ...(parsed.file !== undefined ? { makefile: parsed.file } : {}),
    variables: parsed.variables,
    paths,
    ...(dirImage !== undefined ? { imageDir: dirImage } : {}),
    resolved: false,
  }));
}

/** The call of a script path (`./build.sh`, `scripts/build.sh`, `sh build.sh`), relative to the RUN's folder. */
export function scriptCall(word: Word, scriptPath: string, site: CallSite): RecipeCall {
  const image = scriptPath.includes('$') || (site.cwd === undefined && !scriptPath.startsWith('/')) ? undefined : resolvePath(site.cwd ?? '/', scriptPath);
  const paths = image === undefined ? [] : contextPathsOf(site.stage, image, site.instr, site.mounts, site.workdir);
  return { kind: 'script', word, keys: paths, paths, ...(site.cwd !== undefined ? { imageDir: site.cwd } : {}), resolved: false };
}

/** The recipe a call runs, when the facts have a complete one. */
export function recipeFor(call: RecipeCall, recipes: RecipeFacts | undefined): Recipe | undefined {
  const table = call.kind === 'make' ? recipes?.makeTargets : recipes?.scripts;
  if (!table) return undefined;
  for (const key of call.keys) {
    if (Object.prototype.hasOwnProperty.call(table, key)) {
      const recipe = table[key];
      return recipe && recipe.complete && Array.isArray(recipe.lines) ? recipe : undefined;
    }
  }
  return undefined;
}

/**
 * The commands of recipe lines, with every word pointing at the calling word: a finding about a
 * command inside underlines the call, and its offsets stay inside the Dockerfile.
 */
export function recipeCommands(line: string, call: RecipeCall): SimpleCommand[] {
  const at = call.word.start;
  return parseShell(mapped(line, 0)).map((command) => ({
    words: command.words.map((w) => ({ ...w, start: at, end: call.word.end, valueOffsets: w.valueOffsets.map(() => at) })),
  }));
}

/** Whether a word is an assignment (for skipping `VAR=x make …` prefixes). */
export function isAssignmentWord(word: Word): boolean {
  return splitAssignment(word) !== undefined;
}
