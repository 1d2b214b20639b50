// Go workspace facts: go.mod/go.work parsing, cgo detection, main packages, imports.
export { findModuleDir, findGoWork, readGoWorkspace, toGoFacts, binaryNameFor, WALK_LIMITS } from './workspace.ts';
export type { GoWorkspace, MainPackage } from './workspace.ts';
export { GoFactsCache } from './cache.ts';
export { parseGoMod, compareGoVersions, isGoReleaseVersion } from './gomod.ts';
export type { GoMod, GoModRequire } from './gomod.ts';
export { KNOWN_CGO_MODULES, TLS_IMPORTS } from './known-modules.ts';
