import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeProject } from '../files/node-access.ts';
import { findModuleDir, readGoWorkspace, type GoWorkspace, type MainPackage } from '../go/index.ts';
import { generateDockerfile, generateDockerignore, normalizePackageDir } from '../scaffold/index.ts';
import type { InitArgs } from './args.ts';
import { CliError, EXIT_OK, messageOf } from './errors.ts';
import { nodeProjectRoot } from '../config/node.ts';
import { writeFileAtomic, type WriteOptions } from './write-file.ts';
import type { Output } from './output.ts';
import { displayPath } from './paths.ts';

function listMains(mains: readonly MainPackage[]): string {
  return mains.map((main) => main.dir).join(', ');
}

function pickMainPackage(workspace: GoWorkspace, requested: string | undefined, label: string): MainPackage {
  const mains = workspace.mainPackages;
  if (mains.length === 0) throw new CliError(`no main package (package main with func main) in ${label}`);
  if (requested === undefined) {
    if (mains.length === 1) return mains[0];
    throw new CliError(`several main packages in ${label}; choose one with --main: ${listMains(mains)}`);
  }
  let wanted: string;
  try {
    wanted = normalizePackageDir(requested);
  } catch (error) {
    throw new CliError(`${label}: ${messageOf(error)}`);
  }
  const match = mains.find((main) => main.dir === wanted || main.dir === wanted.slice(2));
  if (!match) throw new CliError(`no main package '${requested}' in ${label}; the main packages are: ${listMains(mains)}`);
  return match;
}

async function loadWorkspace(dir: string, cwd: string, output: Output): Promise<GoWorkspace> {
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
    return await readGoWorkspace(access, dir, { log: (message) => output.warn(message.replace(/^go-dockerfile: /, '')) });
  } catch (error) {
    throw new CliError(`${label}: ${messageOf(error)}`);
  }
}

/** `go-dockerfile init`: writes a Dockerfile and .dockerignore for the module, never clobbering work. */
export async function runInit(args: InitArgs, cwd: string, output: Output): Promise<number> {
  const dir = path.resolve(cwd, args.dir);
  const workspace = await loadWorkspace(dir, cwd, output);
  const main = pickMainPackage(workspace, args.main, displayPath(dir, cwd));
  const dockerfile = generateDockerfile(workspace, { mainPackage: main.dir, ...(args.final ? { finalImage: args.final } : {}) });

  if (args.stdout) {
    output.out(dockerfile);
    return EXIT_OK;
  }

  const dockerfilePath = path.join(dir, 'Dockerfile');
  const dockerignorePath = path.join(dir, '.dockerignore');
  // Writes stay inside the module's project root: a Dockerfile symlinked elsewhere is not overwritten.
  const root = nodeProjectRoot(dockerfilePath, { fallback: cwd });
  const writeOptions: WriteOptions = { root, rootLabel: displayPath(root, cwd) };
  if (fs.existsSync(dockerfilePath) && !args.force) {
    throw new CliError(`${displayPath(dockerfilePath, cwd)} already exists; use --force to overwrite it, or --stdout to print`);
  }
  writeFileAtomic(dockerfilePath, dockerfile, displayPath(dockerfilePath, cwd), writeOptions);
  output.out(`wrote ${displayPath(dockerfilePath, cwd)} (main package ${main.dir})\n`);

  // A .dockerignore is hand-tuned more often than not: never replace one, even with --force.
  if (fs.existsSync(dockerignorePath)) {
    output.out(`kept existing ${displayPath(dockerignorePath, cwd)}\n`);
  } else {
    writeFileAtomic(dockerignorePath, generateDockerignore(workspace), displayPath(dockerignorePath, cwd), writeOptions);
    output.out(`wrote ${displayPath(dockerignorePath, cwd)}\n`);
  }
  return EXIT_OK;
}
