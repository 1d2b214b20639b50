// Confined file access for everything that reads the user's project (see access.ts).
export type { DirEntry, FileAccess, FileInfo, FileKind, ReadFailure, ReadResult } from './access.ts';
export { describeReadFailure } from './access.ts';
export { basenameOf, dirnameOf, isWithinPath, joinPath, normalizePath, relativePath } from './paths.ts';
export { findProjectRoot, foldersUpTo } from './project-root.ts';
