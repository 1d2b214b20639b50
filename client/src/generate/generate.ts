// "Go: Generate Dockerfile": pick the module and the program (the server ranks them), the final
// image, then write the Dockerfile and a .dockerignore through one WorkspaceEdit. No analysis here:
// the server reads the module and renders the text. Only vscode APIs and the host below, so a
// browser build of the extension runs the same flow with its own language client.
import * as vscode from 'vscode';
import {
  SCAFFOLD_METHOD,
  WORKSPACE_INFO_METHOD,
  type FinalImage,
  type GenerateCommandOptions,
  type RequestError,
  type ScaffoldParams,
  type ScaffoldResult,
  type WorkspaceInfo,
} from '../../../server/src/lsp/protocol.ts';
import { choiceKey, RememberedChoices, type GenerateChoice } from './choices.ts';
import { pickFinalImage, pickProgram, programsOf, type ProgramChoice } from './pickers.ts';
import { exists, readIfFile, writeFiles, type PlannedFile } from './write.ts';

export interface GenerateHost {
  /** A custom request to the language server; a RequestError when it is not running or fails. */
  request<T>(method: string, params: unknown): Promise<T | RequestError>;
  /** Where choices are remembered (the extension's workspaceState). */
  state: vscode.Memento;
  /** The server's name for a folder or file (a file-system path for the Node server), and back. */
  toServerPath(uri: vscode.Uri): string;
  fromServerPath(path: string): vscode.Uri;
}

/** The name the Dockerfile is saved under when the user keeps the existing one. */
export const SIDE_BY_SIDE_NAME = 'Dockerfile.go-dockerfile';

export const OPEN_EXISTING = 'Open existing';
export const REPLACE = 'Replace';
export const SAVE_BESIDE = `Save as ${SIDE_BY_SIDE_NAME} beside it`;

function isError(value: unknown): value is RequestError {
  return typeof value === 'object' && value !== null && typeof (value as RequestError).error === 'string';
}

function showError(message: string): void {
  void vscode.window.showErrorMessage(`Cannot generate a Dockerfile: ${message}`);
}

const parentOf = (uri: vscode.Uri) => vscode.Uri.joinPath(uri, '..');
const baseName = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/** `uri` relative to `folder` with forward slashes, or undefined when it is not inside. */
function relativeTo(folder: vscode.Uri, uri: vscode.Uri): string | undefined {
  if (folder.scheme !== uri.scheme || folder.authority !== uri.authority) return undefined;
  const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
}

/** A folder as the user knows it: workspace-folder-relative ("api/cmd"), the folder's name for its root, else the full path. */
function displayName(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return uri.fsPath || uri.path;
  if (folder.uri.toString() === uri.toString()) return folder.name;
  return relativeTo(folder.uri, uri) ?? uri.path;
}

function asUri(resource: unknown): vscode.Uri | undefined {
  if (resource instanceof vscode.Uri) return resource;
  if (typeof resource === 'string' && resource !== '') {
    try {
      return vscode.Uri.parse(resource, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/** The Go module to generate for: the resource (explorer selection, CodeLens), else the active editor's module, else one found in the workspace. */
async function pickModule(host: GenerateHost, resource: vscode.Uri | undefined): Promise<WorkspaceInfo | undefined> {
  if (resource) {
    const info = await host.request<WorkspaceInfo>(WORKSPACE_INFO_METHOD, { dir: host.toServerPath(resource) });
    if (isError(info)) {
      showError(info.error);
      return undefined;
    }
    return info;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme !== 'untitled') {
    const info = await host.request<WorkspaceInfo>(WORKSPACE_INFO_METHOD, { dir: host.toServerPath(parentOf(active)) });
    if (!isError(info)) return info;
  }
  const goMods = await vscode.workspace.findFiles('**/go.mod', '**/{vendor,node_modules,testdata,.git}/**', 100);
  const modules = [...new Map(goMods.map((uri) => [parentOf(uri).toString(), parentOf(uri)])).values()].sort((a, b) => a.path.localeCompare(b.path));
  if (modules.length === 0) {
    showError('no Go module (go.mod) found in the workspace.');
    return undefined;
  }
  let module = modules[0];
  if (modules.length > 1) {
    const picked = await vscode.window.showQuickPick(
      modules.map((uri) => ({ label: displayName(uri), description: uri.fsPath || uri.path, uri })),
      { title: 'Generate Dockerfile', placeHolder: 'Which Go module?' },
    );
    if (!picked) return undefined;
    module = picked.uri;
  }
  const info = await host.request<WorkspaceInfo>(WORKSPACE_INFO_METHOD, { dir: host.toServerPath(module) });
  if (isError(info)) {
    showError(info.error);
    return undefined;
  }
  return info;
}

/** Where the Dockerfile goes, and how, after asking when one exists. Undefined when the user cancels or opens the existing one. */
async function chooseTarget(moduleUri: vscode.Uri, explicit: vscode.Uri | undefined): Promise<{ uri: vscode.Uri; mode: PlannedFile['mode'] } | undefined> {
  const target = explicit ?? vscode.Uri.joinPath(moduleUri, 'Dockerfile');
  const current = await readIfFile(target);
  if (current.kind === 'missing') return { uri: target, mode: 'create' };
  if (current.kind === 'other') {
    showError(`${displayName(target)} is not a file.`);
    return undefined;
  }
  // An empty Dockerfile is waiting for content: nothing to lose.
  if (current.text.trim() === '') return { uri: target, mode: 'replace' };
  const beside = vscode.Uri.joinPath(parentOf(target), SIDE_BY_SIDE_NAME);
  const besideExists = await exists(beside);
  const answer = await vscode.window.showWarningMessage(
    `${baseName(target)} already exists in ${displayName(parentOf(target))}.`,
    {
      modal: true,
      detail: besideExists
        ? `Replace it with the generated one, or save the generated one as ${SIDE_BY_SIDE_NAME} (replacing the one generated before).`
        : `Replace it with the generated one, or save the generated one as ${SIDE_BY_SIDE_NAME} to compare.`,
    },
    OPEN_EXISTING,
    REPLACE,
    SAVE_BESIDE,
  );
  if (answer === OPEN_EXISTING) {
    await vscode.window.showTextDocument(target, { preview: false });
    return undefined;
  }
  if (answer === REPLACE) return { uri: target, mode: 'replace' };
  if (answer === SAVE_BESIDE) return { uri: beside, mode: besideExists ? 'replace' : 'create' };
  return undefined;
}

/**
 * The command. `resource` is a folder, a go.mod or a Dockerfile (URI or URI string); `options`
 * come from the server's CodeLens on an empty Dockerfile: write into it with the recommended
 * choices, asking only what has no clear answer.
 */
export async function generateDockerfile(host: GenerateHost, resource?: unknown, options?: GenerateCommandOptions): Promise<void> {
  const resourceUri = asUri(resource);
  const recommendedOnly = options?.recommended === true;
  // A Dockerfile given with the recommended option is the file to write.
  const explicitTarget = recommendedOnly && resourceUri && !(await isFolder(resourceUri)) ? resourceUri : undefined;
  const info = await pickModule(host, resourceUri);
  if (!info) return;
  const moduleUri = host.fromServerPath(info.moduleDir);
  const moduleName = info.modulePath || baseName(moduleUri);
  if (info.mainPackages.length === 0) {
    showError(`${moduleName} has no main package to build.`);
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(moduleUri)?.uri.toString();
  const choices = new RememberedChoices(host.state);
  const key = choiceKey(folder, moduleUri.toString());
  const remembered = choices.get(key);
  const stillThere = remembered && info.mainPackages.some((m) => m.dir === remembered.main) ? remembered : undefined;

  let program: ProgramChoice | undefined;
  if (recommendedOnly && stillThere) {
    program = { layout: stillThere.layout, main: stillThere.main, mains: stillThere.layout === 'single' ? [stillThere.main] : programsOf(info, stillThere.main) };
  } else if (recommendedOnly && info.recommended !== undefined) {
    program = { layout: 'single', main: info.recommended, mains: [info.recommended] };
  } else if (info.mainPackages.length === 1) {
    program = { layout: 'single', main: info.mainPackages[0].dir, mains: [info.mainPackages[0].dir] };
  } else {
    program = await pickProgram(info, moduleName, stillThere);
  }
  if (!program) return;
  let finalImage: FinalImage | undefined = stillThere?.finalImage ?? 'distroless';
  if (!recommendedOnly) finalImage = await pickFinalImage(stillThere?.finalImage);
  if (!finalImage) return;

  const target = await chooseTarget(moduleUri, explicitTarget);
  if (!target) return;
  const params: ScaffoldParams = { moduleDir: info.moduleDir, mainPackage: program.main, finalImage };
  if (program.layout !== 'single') {
    params.layout = program.layout;
    params.mainPackages = program.mains;
  }
  const dockerfileName = relativeTo(moduleUri, target.uri);
  if (dockerfileName !== undefined && dockerfileName !== 'Dockerfile') params.dockerfileName = dockerfileName;
  const content = await host.request<ScaffoldResult>(SCAFFOLD_METHOD, params);
  if (isError(content)) {
    showError(content.error);
    return;
  }

  const files: PlannedFile[] = [{ uri: target.uri, text: content.dockerfile, mode: target.mode }];
  // A .dockerignore is hand-tuned more often than not: never replace one. A go.work build's context
  // (the go.work folder) has its own, which applies too.
  const ignoreUri = vscode.Uri.joinPath(moduleUri, content.dockerignoreName);
  const contextIgnore = vscode.Uri.joinPath(moduleUri, content.contextDir, '.dockerignore');
  if (!(await exists(ignoreUri)) && !(await exists(contextIgnore))) files.push({ uri: ignoreUri, text: content.dockerignore, mode: 'create' });
  try {
    await writeFiles(files, 'Generate Dockerfile');
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot write the Dockerfile: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const choice: GenerateChoice = { main: program.main, layout: program.layout, finalImage };
  await choices.set(key, choice);
  await vscode.window.showTextDocument(target.uri, { preview: false });
  const what = program.layout === 'single' ? program.main : `${program.mains.length} programs`;
  void vscode.window.showInformationMessage(`Generated ${baseName(target.uri)} for ${moduleName} (${what})`);
}
