// The config lookup on a real disk, for the language server and the CLI.
import { findProjectRoot } from '../files/index.ts';
import { NodeFileAccess, nodeHasGitEntry } from '../files/node-access.ts';
import { ConfigStore } from './load.ts';

/** A ConfigStore reading through NodeFileAccess, one per project root. */
export function nodeConfigStore(): ConfigStore {
  return new ConfigStore((root) => new NodeFileAccess(root));
}

/**
 * The project root of a file on disk (files/project-root.ts): the server passes its workspace
 * folders, the CLI its working folder as the fallback.
 */
export function nodeProjectRoot(file: string, options: { workspaceFolders?: readonly string[]; fallback?: string }): string {
  return findProjectRoot(file, { ...options, hasGitEntry: nodeHasGitEntry });
}
