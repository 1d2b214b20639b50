// Go facts per Dockerfile, for the language server and the CLI: the build context and module it
// builds, the module's index (read once, then kept current file by file), the .dockerignore that
// applies, and the recipes of the make targets and scripts its RUNs call. Everything is read through
// a FileAccess confined to the Dockerfile's project root.

import type { FileAccess } from '../files/index.ts';
import { isWithinPath, normalizePath } from '../files/index.ts';
import type { BuildInputs } from '../engine/build-inputs.ts';
import { NO_MODULE, type GoFacts } from '../engine/types.ts';
import { relativeContextPath } from '../engine/go-program.ts';
import { resolveBuildContext, type BuildContext } from './context.ts';
import { readDockerignore } from './dockerignore.ts';
import { readRecipes } from './recipes.ts';
import { factsOfIndex, findModuleDir, type GoWorkspace, type ModuleFacts } from './workspace.ts';
import { ModuleIndex, type WalkFocus, type WalkLimits } from './module-index.ts';

export interface GoFactsEnvironment {
  /** The project root of a file: nothing above it is read (see files/project-root.ts). */
  projectRoot(filePath: string): string;
  /** Confined access to one project root. */
  access(root: string): FileAccess;
  /** An explicit build context for a Dockerfile (the `contexts` mapping of .go-dockerfile.json). */
  contextFor?(dockerfilePath: string): string | undefined | Promise<string | undefined>;
  /** One line per file skipped or unreadable. */
  log?(message: string): void;
  /** Tighter walk bounds where reads are slow (a browser over the network); WALK_LIMITS otherwise. */
  walkLimits?: Partial<WalkLimits>;
  /**
   * Read the packages a Dockerfile builds (and their imports from the module) before walking the
   * rest, so a bounded walk still covers them. A module already read is read again, with the new
   * packages first, only when the walk was cut short and they were not among those read.
   */
  targetedWalk?: boolean;
}

/** What a Dockerfile's go commands build, as walk focus: the package argument and the module-relative folder the command runs in. */
export function walkFocusOf(inputs: BuildInputs, context: BuildContext): WalkFocus[] {
  const focus: WalkFocus[] = [];
  const seen = new Set<string>();
  for (const build of inputs.goBuilds) {
    const cwd = build.dirs[0];
    const dir = cwd !== undefined && context.moduleDirInContext !== undefined ? relativeContextPath(context.moduleDirInContext, cwd) : '.';
    const key = `${build.pkg}\0${dir}`;
    if (seen.has(key)) continue;
    seen.add(key);
    focus.push({ pkg: build.pkg, dir });
  }
  return focus;
}

interface ModuleEntry {
  access: FileAccess;
  /** The focus the index was read with (targeted walks only), as keys. */
  focus: Set<string>;
  /** Settles to the index, or to an Error when go.mod cannot be read. */
  ready: Promise<{ index: ModuleIndex; facts: ModuleFacts } | Error>;
  /** The latest facts, once ready. */
  current?: ModuleFacts;
  /** Stops the walk when the entry is dropped before it settled. */
  superseded: { aborted: boolean };
  settled: boolean;
}

export class GoFactsCache {
  private readonly accesses = new Map<string, FileAccess>();
  private readonly modules = new Map<string, ModuleEntry>();
  /** Bumped on every change seen; a GoFacts built before a change is not reused after it. */
  private generation = 0;
  private readonly assembled = new Map<string, { generation: number; facts: GoFacts }>();

  /** The go.mod syntax errors already logged, by module folder: one line per error, not per lint. */
  private readonly goModErrorsLogged = new Map<string, string>();

  constructor(private readonly env: GoFactsEnvironment) {}

  private logGoModError(moduleDir: string, error: { line: number; message: string }): void {
    const line = `go-dockerfile: ${moduleDir}/go.mod:${error.line}: ${error.message}. The go command cannot build this module, so the rules that need its facts are off until go.mod parses.`;
    if (this.goModErrorsLogged.get(moduleDir) === line) return;
    this.goModErrorsLogged.set(moduleDir, line);
    this.env.log?.(line);
  }

  private accessFor(filePath: string): FileAccess {
    const root = normalizePath(this.env.projectRoot(filePath));
    let access = this.accesses.get(root);
    if (!access) this.accesses.set(root, (access = this.env.access(root)));
    return access;
  }

  /**
   * Facts for a Dockerfile: NO_MODULE (an empty object) when no module is found, so rules know it
   * was looked for. `inputs` (engine buildInputs of the Dockerfile) lets the context, the module,
   * and the recipes follow what the Dockerfile copies and runs.
   */
  async factsFor(dockerfilePath: string, inputs?: BuildInputs): Promise<GoFacts> {
    const file = normalizePath(dockerfilePath);
    const key = this.keyOf(file, inputs);
    const cached = this.assembled.get(key);
    if (cached && cached.generation === this.generation) return cached.facts;
    const generation = this.generation;
    const facts = await this.assemble(file, inputs);
    if (generation === this.generation) {
      if (this.assembled.size > 512) this.assembled.clear();
      this.assembled.set(key, { generation, facts });
    }
    return facts;
  }

  /** The facts for a Dockerfile and inputs when they are ready now, without reading anything. */
  peek(dockerfilePath: string, inputs?: BuildInputs): GoFacts | undefined {
    const cached = this.assembled.get(this.keyOf(normalizePath(dockerfilePath), inputs));
    return cached && cached.generation === this.generation ? cached.facts : undefined;
  }

  /** Serialised inputs per inputs object: a large Dockerfile's are tens of KB, and every lint and request peeks. */
  private readonly inputKeys = new WeakMap<BuildInputs, string>();

  private keyOf(file: string, inputs: BuildInputs | undefined): string {
    if (!inputs) return JSON.stringify([file, null]);
    let serialised = this.inputKeys.get(inputs);
    if (serialised === undefined) this.inputKeys.set(inputs, (serialised = JSON.stringify(inputs)));
    return `${JSON.stringify(file)}\u0000${serialised}`;
  }

  private async assemble(file: string, inputs: BuildInputs | undefined): Promise<GoFacts> {
    const access = this.accessFor(file);
    const explicit = await this.env.contextFor?.(file);
    const context = await resolveBuildContext(access, file, inputs, explicit);
    const [moduleFacts, dockerignore, recipes] = await Promise.all([
      context.moduleDir === undefined ? undefined : this.moduleFacts(access, context.moduleDir, this.env.targetedWalk && inputs ? walkFocusOf(inputs, context) : []),
      readDockerignore(access, file, context.contextDir, this.env.log),
      inputs ? readRecipes(access, context.contextDir, inputs, this.env.log) : undefined,
    ]);
    if (!moduleFacts) return NO_MODULE;
    // A go.mod the go command rejects: the build fails before anything the facts say matters, and
    // what was read of it may be wrong. The rules that need facts stay quiet (logged once per text).
    if (moduleFacts.snapshot.goMod.syntaxError) {
      this.logGoModError(context.moduleDir!, moduleFacts.snapshot.goMod.syntaxError);
      return NO_MODULE;
    }
    const facts: GoFacts = { ...moduleFacts.facts, contextDir: context.contextDir };
    if (context.moduleDirInContext !== undefined) facts.moduleDirInContext = context.moduleDirInContext;
    if (dockerignore.facts) facts.dockerignore = dockerignore.facts;
    if (dockerignore.checkedAbsent) facts.dockerignoreChecked = true;
    if (recipes) facts.recipes = recipes;
    return facts;
  }

  /** The module's facts, reading its index once. Undefined when its go.mod cannot be read. */
  private async moduleFacts(access: FileAccess, moduleDir: string, focus: readonly WalkFocus[] = []): Promise<ModuleFacts | undefined> {
    let entry = this.modules.get(moduleDir);
    const focusKey = (f: WalkFocus) => `${f.pkg}\0${f.dir}`;
    if (entry && entry.access === access && focus.some((f) => !entry!.focus.has(focusKey(f)))) {
      // A bounded walk that was cut short may have missed this Dockerfile's packages: read again with them first.
      const settled = await entry.ready;
      if (this.modules.get(moduleDir) === entry && !(settled instanceof Error) && settled.index.snapshot.truncated) {
        const union = [...focus, ...[...entry.focus].map((key) => ({ pkg: key.split('\0')[0], dir: key.split('\0')[1] }))];
        entry = undefined;
        focus = union;
      } else if (this.modules.get(moduleDir) === entry) {
        for (const f of focus) entry!.focus.add(focusKey(f));
      }
    }
    if (!entry || entry.access !== access) {
      const superseded = { aborted: false };
      const options = { log: this.env.log, signal: superseded, ...(this.env.walkLimits ? { limits: this.env.walkLimits } : {}), ...(focus.length > 0 ? { focus } : {}) };
      const created: ModuleEntry = {
        access,
        focus: new Set(focus.map(focusKey)),
        superseded,
        settled: false,
        ready: ModuleIndex.read(access, moduleDir, options)
          .then(async (index) => ({ index, facts: await factsOfIndex(access, index) }), (error: unknown) => (error instanceof Error ? error : new Error(String(error))))
          .finally(() => (created.settled = true)),
      };
      entry = created;
      this.modules.set(moduleDir, entry);
      const settled = await entry.ready;
      if (!(settled instanceof Error) && this.modules.get(moduleDir) === entry) entry.current = settled.facts;
    }
    const settled = await entry.ready;
    // Superseded while this caller waited: read the module as it is now.
    if (settled instanceof Error && entry.superseded.aborted) return this.moduleFacts(access, moduleDir, focus);
    if (settled instanceof Error) return undefined;
    return entry.current ?? settled.facts;
  }

  /** The full workspace for a folder (the Generate Dockerfile request), cached like the facts. */
  async workspaceFor(dir: string): Promise<GoWorkspace | undefined> {
    const folder = normalizePath(dir);
    // The project root of a folder is found from a file inside it.
    const access = this.accessFor(`${folder}/go.mod`);
    const moduleDir = await findModuleDir(access, folder);
    if (moduleDir === undefined) return undefined;
    return (await this.moduleFacts(access, moduleDir))?.workspace;
  }

  /**
   * Brings the facts up to date after a change at `changedPath` (a file or folder, created, edited
   * or deleted). A .go file is re-read alone; go.mod and go.work changes re-read their modules.
   */
  async invalidate(changedPath: string): Promise<void> {
    const changed = normalizePath(changedPath);
    this.generation++;
    const base = changed.slice(changed.lastIndexOf('/') + 1);
    for (const [moduleDir, entry] of [...this.modules]) {
      const inside = isWithinPath(changed, moduleDir);
      const governs = base === 'go.work' || base === 'go.mod' ? isWithinPath(moduleDir, changed.slice(0, changed.lastIndexOf('/')) || '/') : isWithinPath(moduleDir, changed);
      if (!inside && !governs) continue;
      if (base === 'go.work' || base === 'go.mod' || !inside) {
        this.modules.delete(moduleDir);
        // A walk still under way reads what the change replaced: stop it (its result is dropped anyway).
        if (!entry.settled) entry.superseded.aborted = true;
        continue;
      }
      const settled = await entry.ready;
      if (settled instanceof Error) {
        this.modules.delete(moduleDir);
        continue;
      }
      if (this.modules.get(moduleDir) !== entry) continue;
      const updated = await settled.index.update(changed);
      if (!updated) {
        this.modules.delete(moduleDir);
        continue;
      }
      // A .go file (or go.sum, vendor/modules.txt) changed: go.work and the Dockerfile are as they were.
      const previous = entry.current ?? settled.facts;
      const sameSurroundings = base.endsWith('.go') || base === 'go.sum' || base === 'modules.txt';
      entry.current = await factsOfIndex(entry.access, settled.index, sameSurroundings ? previous.extra : undefined);
    }
  }
}
