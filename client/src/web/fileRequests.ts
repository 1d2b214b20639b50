// The browser client reads the workspace for the language server (which runs in a web worker with no
// file system): goDockerfile/stat, listDir and readFile, answered with vscode.workspace.fs, so
// virtual workspaces (github.dev's vscode-vfs://) work as well as local ones. Only paths inside the
// workspace folder named in the request are served; files are size-capped before they are read, and
// symbolic links are reported as such (the server does not follow them).

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  LIST_DIR_METHOD,
  READ_FILE_METHOD,
  STAT_METHOD,
  type ListDirResult,
  type ReadFileResult,
  type StatResult,
} from '../../../server/src/lsp/protocol.ts';

/** The server never asks for more; a larger request is answered as if it asked for this. */
const MAX_READ_BYTES = 4 * 1024 * 1024;

function kindOf(type: vscode.FileType): 'file' | 'directory' | 'other' {
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

/**
 * The resource a request names: `folder` must be one of the workspace folders (as its URI string) and
 * `path` relative to it without `..`, empty or backslashed segments. Undefined for anything else.
 */
export function resolveWorkspacePath(params: unknown): vscode.Uri | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const { folder, path } = params as { folder?: unknown; path?: unknown };
  if (typeof folder !== 'string' || typeof path !== 'string') return undefined;
  const workspaceFolder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === folder);
  if (!workspaceFolder) return undefined;
  if (path === '.') return workspaceFolder.uri;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'))) return undefined;
  return vscode.Uri.joinPath(workspaceFolder.uri, ...segments);
}

export async function statFile(params: unknown): Promise<StatResult> {
  const uri = resolveWorkspacePath(params);
  if (!uri) return null;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return { kind: kindOf(stat.type), size: stat.size, symlink: (stat.type & vscode.FileType.SymbolicLink) !== 0 };
  } catch {
    return null;
  }
}

export async function listDir(params: unknown): Promise<ListDirResult> {
  const uri = resolveWorkspacePath(params);
  if (!uri) return null;
  try {
    const entries = await vscode.workspace.fs.readDirectory(uri);
    return entries.map(([name, type]) => ({ name, kind: kindOf(type), symlink: (type & vscode.FileType.SymbolicLink) !== 0 }));
  } catch {
    return null;
  }
}

export async function readFile(params: unknown): Promise<ReadFileResult> {
  const uri = resolveWorkspacePath(params);
  if (!uri) return { ok: false, reason: 'outside-root' };
  const requested = (params as { maxBytes?: unknown }).maxBytes;
  const maxBytes = typeof requested === 'number' && Number.isFinite(requested) && requested >= 0 ? Math.min(requested, MAX_READ_BYTES) : MAX_READ_BYTES;
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return { ok: false, reason: 'missing' };
  }
  // Where a link leads is not known here: not followed. FIFOs and devices are never opened.
  if (stat.type & vscode.FileType.SymbolicLink) return { ok: false, reason: 'outside-root' };
  if (!(stat.type & vscode.FileType.File)) return { ok: false, reason: 'not-a-file' };
  if (stat.size > maxBytes) return { ok: false, reason: 'too-large' };
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return { ok: false, reason: error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'missing' : 'unreadable' };
  }
  // It may have grown since the stat.
  if (bytes.byteLength > maxBytes) return { ok: false, reason: 'too-large' };
  // Invalid UTF-8 becomes U+FFFD, and a BOM is kept, as on the desktop.
  return { ok: true, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

/** Registers the three handlers on a client (before it starts). */
export function answerFileRequests(client: BaseLanguageClient): vscode.Disposable {
  return vscode.Disposable.from(
    client.onRequest(STAT_METHOD, statFile),
    client.onRequest(LIST_DIR_METHOD, listDir),
    client.onRequest(READ_FILE_METHOD, readFile),
  );
}
