import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeProject } from '../files/node-access.ts';
import { findModuleDir, readGoWorkspace, workModulesFor, type GoWorkspace } from '../go/index.ts';
import { generateScaffold, normalizePackageDir, rankedMains, type RankedMainPackage, type ScaffoldOptions } from '../scaffold/index.ts';
import type { InitArgs } from './args.ts';
import { CliError, EXIT_OK, messageOf } from './errors.ts';
import { nodeProjectRoot } from '../config/node.ts';
import { writeFileAtomic, type WriteOptions } from './write-file.ts';
import type { Output } from './output.ts';
import { displayPath } from './paths.ts';

function listMains(mains: readonly { dir: string }[]): string {
  return mains.map((main) => main.dir).join(', ');
}

/** Why a main package is the one: for the note that says which init chose. */
function reasonFor(main: RankedMainPackage, count: number, modulePath: string): string {
  if (count === 1) return 'the only main package';
  if (main.group === 'module-root') return 'the module root';
  if (main.group === 'module-command') return `cmd/<last element of ${modulePath}>`;
  if (main.released && main.buildSource) return `the one ${main.buildSource.replace(/ \(.*$/, '')} builds`;
  return `the only one in ${main.group === 'command' ? 'cmd/' : 'its rank'}`;
}

interface Choice {
  main: RankedMainPackage;
  /** The note init prints about it (nothing when --main named it). */
  note?: string;
}

function pickMainPackage(workspace: GoWorkspace, requested: string | undefined, label: string): Choice {
  const { mainPackages: mains, recommended } = rankedMains(workspace);
  if (mains.length === 0) throw new CliError(`no main package (package main with func main) in ${label}`);
  if (requested === undefined) {
    const chosen = mains.find((m) => m.dir === recommended);
    if (!chosen) throw new CliError(`several main packages in ${label}; choose one with --main: ${listMains(mains)}`);
    const others = mains.filter((m) => m !== chosen);
    const note = others.length === 0 ? undefined : `chose ${chosen.dir} (${reasonFor(chosen, mains.length, workspace.modulePath)}); the others, for --main: ${listMains(others)}`;
    return note === undefined ? { main: chosen } : { main: chosen, note };
  }
  let wanted: string;
  try {
    wanted = normalizePackageDir(requested);
  } catch (error) {
    throw new CliError(`${label}: ${messageOf(error)}`);
  }
  const match = mains.find((main) => main.dir === wanted || main.dir === wanted.slice(2));
  if (!match) throw new CliError(`no main package '${requested}' in ${label}; the main packages are: ${listMains(mains)}`);
  return { main: match };
}

async function loadWorkspace(dir: string, cwd: string, output: Output): Promise<{ workspace: GoWorkspace; access: ReturnType<ReturnType<typeof nodeProject>['access']> }> {
  const label = displayPath(dir, cwd);
  // Nothing above the project root (the repository, or the working folder) is read.
  const project = nodeProject({ fallback: cwd });
  const access = project.access(project.projectRoot(path.join(dir, 'go.mod')));
  if ((await access.stat(path.join(dir, 'go.mod')))?.kind !== 'file') {
    const nearest = await findModuleDir(access, path.dirname(dir));
    const hint = nearest && nearest !== dir ? ` (the nearest module is in ${displayPath(nearest, cwd)})` : '';
    throw new CliError(`${label}: no go.mod in this folder${hint}`);
  }
  try {
    return { workspace: await readGoWorkspace(access, dir, { log: (message) => output.warn(message.replace(/^go-dockerfile: /, '')) }), access };
  } catch (error) {
    throw new CliError(`${label}: ${messageOf(error)}`);
  }
}

/** `go-dockerfile init`: writes a Dockerfile and .dockerignore for the module, never clobbering work. */
export async function runInit(args: InitArgs, cwd: string, output: Output): Promise<number> {
  const dir = path.resolve(cwd, args.dir);
  const label = displayPath(dir, cwd);
  const { workspace, access } = await loadWorkspace(dir, cwd, output);
  const options: ScaffoldOptions = { mainPackage: '.' };
  if (args.final) options.finalImage = args.final;
  let chosen: string;
  if (args.layout) {
    // Several programs: every one that is not an example, tool or development program (or all, when that is all there is).
    const { mainPackages, recommended } = rankedMains(workspace);
    if (mainPackages.length === 0) throw new CliError(`no main package (package main with func main) in ${label}`);
    const programs = mainPackages.some((m) => m.group !== 'secondary') ? mainPackages.filter((m) => m.group !== 'secondary') : mainPackages;
    const entry = args.main !== undefined ? pickMainPackage(workspace, args.main, label).main.dir : recommended ?? programs[0].dir;
    options.layout = args.layout;
    options.mainPackage = entry;
    options.mainPackages = [entry, ...programs.map((m) => m.dir).filter((d) => d !== entry)];
    chosen = `${options.mainPackages.join(', ')}; ${args.layout === 'all-in-one' ? 'in one image' : 'one target each'}`;
  } else {
    const choice = pickMainPackage(workspace, args.main, label);
    if (choice.note) output.info(choice.note);
    options.mainPackage = choice.main.dir;
    chosen = `main package ${choice.main.dir}`;
  }
  const workspaceModules = await workModulesFor(access, workspace, options.mainPackages ?? [options.mainPackage]);
  if (workspaceModules) options.workspaceModules = workspaceModules;
  let scaffold;
  try {
    scaffold = generateScaffold(workspace, options);
  } catch (error) {
    throw new CliError(`${label}: ${messageOf(error)}`);
  }

  if (args.stdout) {
    output.out(scaffold.dockerfile);
    return EXIT_OK;
  }

  const dockerfilePath = path.join(dir, 'Dockerfile');
  const dockerignorePath = path.join(dir, scaffold.dockerignoreName);
  // A go.work build's context is the go.work folder: its .dockerignore applies too.
  const contextIgnorePath = path.join(dir, scaffold.contextDir, '.dockerignore');
  // Writes stay inside the module's project root: a Dockerfile symlinked elsewhere is not overwritten.
  const root = nodeProjectRoot(dockerfilePath, { fallback: cwd });
  const writeOptions: WriteOptions = { root, rootLabel: displayPath(root, cwd) };
  if (fs.existsSync(dockerfilePath) && !args.force) {
    throw new CliError(`${displayPath(dockerfilePath, cwd)} already exists; use --force to overwrite it, or --stdout to print`);
  }
  writeFileAtomic(dockerfilePath, scaffold.dockerfile, displayPath(dockerfilePath, cwd), writeOptions);
  output.out(`wrote ${displayPath(dockerfilePath, cwd)} (${chosen})\n`);

  // A .dockerignore is hand-tuned more often than not: never replace one, even with --force.
  const existingIgnore = [dockerignorePath, contextIgnorePath].find((file) => fs.existsSync(file));
  if (existingIgnore) {
    output.out(`kept existing ${displayPath(existingIgnore, cwd)}\n`);
  } else {
    writeFileAtomic(dockerignorePath, scaffold.dockerignore, displayPath(dockerignorePath, cwd), writeOptions);
    output.out(`wrote ${displayPath(dockerignorePath, cwd)}\n`);
  }
  return EXIT_OK;
}
