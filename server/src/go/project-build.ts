// The project's own build settings for a main package, for the generator to carry over: the build
// in .goreleaser.yaml that compiles it, else the Makefile target that does. Read through the
// confined FileAccess; nothing is executed. Values the project computes at release time (goreleaser
// templates, `$(shell git describe)`) come back as `${NAME}` references: `{{.Version}}` is
// `${VERSION}`, a Makefile's `VERSION := $(shell …)` is `${VERSION}`, and what has no name is
// `${GO_DOCKERFILE_UNRESOLVED}` (the scaffold names it after the Go variable it sets).

import type { parseDocument as ParseDocument } from 'yaml';
import type { FileAccess } from '../files/index.ts';
import { basenameOf, dirnameOf, foldersUpTo, joinPath, normalizePath, relativePath } from '../files/index.ts';
import { buildModel } from '../engine/model/index.ts';
import { makeRecipeKey } from '../engine/model/recipe-calls.ts';
import type { GoCommand } from '../engine/model/types.ts';
import type { Recipe } from '../engine/types.ts';
import { parseMakefile, recipeOf, UNRESOLVED } from './makefile.ts';
import type { ModuleSnapshot } from './module-index.ts';
import { binaryNameFor, dotDir, packageDirsOf } from './program.ts';

export interface ProjectBuild {
  /** Where the settings come from, as a comment names it: `.goreleaser.yaml (build "linux")`, `Makefile (make build)`. */
  source: string;
  /** The release configuration (goreleaser), or a Makefile target. */
  from: 'goreleaser' | 'makefile';
  /** The main package it compiles, module-relative: '.', './cmd/gh'. */
  main: string;
  /** The binary name it produces (goreleaser `binary`, the last element of `-o`). */
  binary?: string;
  /** The -ldflags value, as written, with release-time values as `${NAME}` references. */
  ldflags?: string;
  /** The other go build flags, one word each (`-trimpath`, `-buildvcs=false`, `-a`…); -ldflags, -tags and -o are apart. */
  flags: string[];
  tags: string[];
  /** CGO_ENABLED as the build sets it; undefined when it does not. */
  cgo?: boolean;
}

/** goreleaser configs and Makefiles are small; a bigger file is not read. */
export const MAX_BUILD_CONFIG_BYTES = 256 * 1024;
/** Makefile targets looked at for go builds (a generated Makefile can have thousands). */
const MAX_MAKE_TARGETS = 200;

/** The names goreleaser looks for, in its order. */
const GORELEASER_NAMES = ['.config/goreleaser.yml', '.config/goreleaser.yaml', '.goreleaser.yml', '.goreleaser.yaml', 'goreleaser.yml', 'goreleaser.yaml'];
const MAKEFILE_NAMES = ['GNUmakefile', 'makefile', 'Makefile'];

/** goreleaser template fields → the build-arg that carries them in a Docker build. */
const TEMPLATE_ARGS: Record<string, string> = {
  Version: 'VERSION',
  RawVersion: 'VERSION',
  Tag: 'VERSION',
  Summary: 'VERSION',
  Commit: 'COMMIT',
  FullCommit: 'COMMIT',
  ShortCommit: 'COMMIT',
  Date: 'BUILD_DATE',
  CommitDate: 'BUILD_DATE',
  Timestamp: 'BUILD_DATE',
  CommitTimestamp: 'BUILD_DATE',
  Os: 'TARGETOS',
  Arch: 'TARGETARCH',
};

/**
 * A goreleaser template string with each `{{ … }}` action replaced by a `${NAME}` reference
 * (`{{ .Env.FOO }}` is `${FOO}`, `{{ .ProjectName }}` the project name, `{{ time "…" }}` the
 * build date), or `${GO_DOCKERFILE_UNRESOLVED}` for anything else. Linear: one indexOf walk.
 */
export function goreleaserTemplate(text: string, projectName: string): string {
  const parts: string[] = [];
  let at = 0;
  for (let open = text.indexOf('{{', at); open >= 0; open = text.indexOf('{{', at)) {
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    parts.push(text.slice(at, open));
    const action = text.slice(open + 2, close).replace(/^-/, '').replace(/-$/, '').trim();
    parts.push(templateValue(action, projectName));
    at = close + 2;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function templateValue(action: string, projectName: string): string {
  if (action === '.ProjectName') return projectName;
  const field = /^\.([A-Za-z]+)$/.exec(action)?.[1];
  if (field !== undefined && Object.prototype.hasOwnProperty.call(TEMPLATE_ARGS, field)) return `\${${TEMPLATE_ARGS[field]}}`;
  const env = /^\.Env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(action)?.[1];
  if (env !== undefined) return `\${${env}}`;
  if (/^time\s/.test(action)) return '${BUILD_DATE}';
  return UNRESOLVED;
}

const hasTemplate = (value: string) => value.includes('{{');

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

/** Splits flag strings into words on blanks, honouring single and double quotes. */
export function splitFlagWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

interface GoreleaserBuildConfig {
  id?: unknown;
  main?: unknown;
  dir?: unknown;
  binary?: unknown;
  ldflags?: unknown;
  flags?: unknown;
  tags?: unknown;
  env?: unknown;
  goos?: unknown;
  goarch?: unknown;
  skip?: unknown;
  builder?: unknown;
}

/** Whether a goreleaser build targets Linux at all (no `goos` means its defaults, which include linux). */
function buildsForLinux(build: GoreleaserBuildConfig): boolean {
  const goos = stringList(build.goos);
  return goos === undefined || goos.includes('linux');
}

/** amd64 or arm64 (what the generated image is built for) first; a build for other arches only (armv6 with a cross compiler) last. */
function archPreference(build: GoreleaserBuildConfig): number {
  const arches = stringList(build.goarch);
  if (arches === undefined || arches.includes('amd64') || arches.includes('arm64')) return 0;
  return 1;
}

/**
 * The builds of a goreleaser config, by main package. `configDir` holds the config; `moduleDir` is
 * the module; only builds of `mainDirs` (module-relative, '.'/'./cmd/x') for Linux count.
 */
export function goreleaserBuilds(text: string, fileName: string, configDir: string, moduleDir: string, mainDirs: readonly string[], modulePath: string, log?: (message: string) => void): ProjectBuild[] {
  // Loaded on first use: only the generator reads goreleaser files, and the YAML parser is a large
  // part of a bundle (esbuild.mjs keeps it in a file of its own for the Node server and the CLI).
  const { parseDocument } = require('yaml') as { parseDocument: typeof ParseDocument };
  const doc = parseDocument(text, { uniqueKeys: false, merge: true, prettyErrors: false, logLevel: 'silent' });
  if (doc.errors.length > 0) {
    log?.(`go-dockerfile: cannot read ${fileName}: ${doc.errors[0].message.split('\n')[0]}`);
    return [];
  }
  let config: unknown;
  try {
    // Aliases are expanded with a bound, so a "billion laughs" file fails instead of growing.
    config = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    log?.(`go-dockerfile: cannot read ${fileName}: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return [];
  const root = config as { builds?: unknown; project_name?: unknown };
  const projectName = typeof root.project_name === 'string' && !hasTemplate(root.project_name) ? root.project_name : binaryNameFor('.', modulePath, moduleDir);
  const builds = Array.isArray(root.builds) ? (root.builds as unknown[]) : root.builds === undefined ? [{}] : [];
  const wanted = new Set(mainDirs);
  const found = new Map<string, { build: ProjectBuild; preference: number }>();
  builds.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return;
    const build = entry as GoreleaserBuildConfig;
    if (build.skip === true || build.skip === 'true') return;
    if (build.builder !== undefined && build.builder !== 'go') return;
    if (!buildsForLinux(build)) return;
    const dir = typeof build.dir === 'string' && !hasTemplate(build.dir) ? build.dir : '.';
    let main = typeof build.main === 'string' && !hasTemplate(build.main) ? build.main : '.';
    if (main.endsWith('.go')) main = dirnameOf(main);
    const rel = relativePath(moduleDir, joinPath(configDir, dir, main));
    if (rel === undefined) return;
    const mainDir = dotDir(normalizePath(rel));
    if (!wanted.has(mainDir)) return;
    const preference = archPreference(build);
    const previous = found.get(mainDir);
    if (previous && previous.preference <= preference) return;
    const id = typeof build.id === 'string' ? ` "${build.id}"` : builds.length > 1 ? ` ${index + 1}` : '';
    const result: ProjectBuild = { source: `${basenameOf(fileName)} (build${id})`, from: 'goreleaser', main: mainDir, flags: [], tags: [] };
    if (typeof build.binary === 'string') {
      const binary = basenameOf(goreleaserTemplate(build.binary, projectName));
      if (binary !== '' && !binary.includes('$')) result.binary = binary;
    }
    const ldflags = stringList(build.ldflags);
    if (ldflags) result.ldflags = ldflags.map((part) => goreleaserTemplate(part, projectName)).join(' ').trim();
    const flags = stringList(build.flags);
    if (flags) result.flags = flags.filter((f) => !hasTemplate(f)).flatMap((f) => splitFlagWords(f));
    const tags = stringList(build.tags);
    if (tags) result.tags = tags.filter((t) => !hasTemplate(t)).flatMap((t) => t.split(/[\s,]+/)).filter(Boolean);
    for (const setting of stringList(build.env) ?? []) {
      const match = /^CGO_ENABLED=([01])$/.exec(setting.trim());
      if (match) result.cgo = match[1] === '1';
    }
    found.set(mainDir, { build: result, preference });
  });
  return [...found.values()].map((f) => f.build);
}

/** A Makefile target name that `make <name>` can be asked for in a RUN line. */
function callableTarget(name: string): boolean {
  return /^[A-Za-z0-9_][\w./+-]*$/.test(name);
}

/** Targets whose name says "build the program" come first, then the default goal, then file order. */
function targetPreference(target: string, binary: string, defaultGoal: string | undefined): number {
  if (target === 'build') return 0;
  if (target === binary || target === `build-${binary}` || target === `build_${binary}`) return 1;
  if (target === defaultGoal) return 2;
  if (target === 'all' || target === 'release') return 3;
  return 4;
}

/**
 * The go commands a make target runs, read by the engine's own shell reader: the recipe goes into a
 * minimal Dockerfile as the target of `RUN make`, so environment, `export`, `cd` and inline
 * variables are understood exactly as the rules understand a build behind make.
 */
function goCommandsOf(target: string, recipe: Recipe): GoCommand[] {
  const text = `FROM golang AS build\nWORKDIR /src\nCOPY . .\nRUN make ${target}\n`;
  // Read as written, an incomplete recipe (a deeper prerequisite, a pattern rule) still shows its go commands.
  recipe = { ...recipe, complete: true };
  const model = buildModel(text, { recipes: { makeTargets: { [makeRecipeKey('.', undefined, target)]: recipe } } });
  return model.stages[0]?.runs.flatMap((run) => run.goCommands) ?? [];
}

/** Module-relative folder of an image path below /src (where the minimal Dockerfile copies the module). */
function moduleDirOfImagePath(cwd: string | undefined): string | undefined {
  if (cwd === undefined) return undefined;
  if (cwd === '/src') return '.';
  return cwd.startsWith('/src/') ? cwd.slice('/src/'.length) : undefined;
}

function projectBuildOf(command: GoCommand, source: string, main: string): ProjectBuild {
  const build: ProjectBuild = { source, from: 'makefile', main, flags: [], tags: [] };
  for (const [name, value] of command.flags) {
    if (name === 'ldflags') {
      if (typeof value === 'string') build.ldflags = value;
    } else if (name === 'tags') {
      if (typeof value === 'string') build.tags = value.split(/[\s,]+/).filter((t) => t !== '' && !t.includes('$'));
    } else if (name === 'o') {
      const binary = typeof value === 'string' ? basenameOf(value.replace(/\/+$/, '')) : '';
      if (binary !== '' && !binary.includes('$') && !value.toString().endsWith('/')) build.binary = binary;
    } else {
      build.flags.push(value === true ? `-${name}` : `-${name}=${value}`);
    }
  }
  const cgo = command.env.get('CGO_ENABLED')?.value ?? command.goEnv.get('CGO_ENABLED')?.value;
  if (cgo === '0' || cgo === '1') build.cgo = cgo === '1';
  return build;
}

/** The Makefile targets that build each of `mainDirs`, read as a plain `make <target>` would run them. */
export function makefileBuilds(text: string, fileName: string, snapshot: ModuleSnapshot, mainDirs: readonly string[]): ProjectBuild[] {
  const mk = parseMakefile(text, { asWritten: true });
  const wanted = new Set(mainDirs);
  const best = new Map<string, { build: ProjectBuild; preference: number }>();
  const targets = [...mk.byTarget.keys()].filter(callableTarget).slice(0, MAX_MAKE_TARGETS);
  for (const target of targets) {
    const recipe = recipeOf(mk, { target });
    // Only targets that run the go command (directly or via a variable that holds it) are read.
    if (!recipe.lines.some((line) => /\bgo\b/.test(line))) continue;
    for (const command of goCommandsOf(target, recipe)) {
      if (command.subcommand !== 'build' && command.subcommand !== 'install') continue;
      const dir = moduleDirOfImagePath(command.cwd);
      if (dir === undefined) continue;
      const packages = command.packages.length > 0 ? command.packages : ['.'];
      for (const pkg of packages) {
        for (const pkgDir of packageDirsOf(pkg, dir, snapshot) ?? []) {
          const main = dotDir(pkgDir);
          if (!wanted.has(main)) continue;
          const binary = binaryNameFor(pkgDir, snapshot.modulePath, snapshot.moduleDir);
          const preference = targetPreference(target, binary, mk.defaultGoal);
          const previous = best.get(main);
          if (previous && previous.preference <= preference) continue;
          best.set(main, { build: projectBuildOf(command, `${fileName} (make ${target})`, main), preference });
        }
      }
    }
  }
  return [...best.values()].map((b) => b.build);
}

/** The goreleaser config that governs a module: in its folder or a folder above it, up to the project root. */
async function findGoreleaserConfig(access: FileAccess, moduleDir: string): Promise<{ path: string; dir: string } | undefined> {
  for (const dir of foldersUpTo(normalizePath(moduleDir), access.root)) {
    for (const name of GORELEASER_NAMES) {
      const path = joinPath(dir, name);
      if ((await access.stat(path))?.kind === 'file') return { path, dir };
    }
  }
  return undefined;
}

/**
 * The project's build settings for each main package that has some: goreleaser first (the
 * release build), then the module's Makefile for mains goreleaser does not build.
 */
export async function readProjectBuilds(access: FileAccess, snapshot: ModuleSnapshot, mainDirs: readonly string[], log?: (message: string) => void): Promise<ProjectBuild[]> {
  if (mainDirs.length === 0) return [];
  const moduleDir = snapshot.moduleDir;
  const builds: ProjectBuild[] = [];
  const config = await findGoreleaserConfig(access, moduleDir);
  if (config) {
    const read = await access.readText(config.path, MAX_BUILD_CONFIG_BYTES);
    if (read.ok) builds.push(...goreleaserBuilds(read.text, relativePath(access.root, config.path) ?? basenameOf(config.path), config.dir, moduleDir, mainDirs, snapshot.modulePath, log));
    else if (read.reason !== 'missing') log?.(`go-dockerfile: cannot read ${config.path}: ${read.reason}`);
  }
  const left = mainDirs.filter((dir) => !builds.some((b) => b.main === dir));
  if (left.length === 0) return builds;
  for (const name of MAKEFILE_NAMES) {
    const path = joinPath(moduleDir, name);
    const read = await access.readText(path, MAX_BUILD_CONFIG_BYTES);
    if (!read.ok) {
      if (read.reason !== 'missing') log?.(`go-dockerfile: cannot read ${path}: ${read.reason}`);
      continue;
    }
    builds.push(...makefileBuilds(read.text, name, snapshot, left));
    break;
  }
  return builds;
}
