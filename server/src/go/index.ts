// Go workspace facts: go.mod/go.work parsing, the module index, per-program facts, the build
// context, .dockerignore and make/script recipes. Reads only through server/src/files.
export { findModuleDir, findGoWork, readGoWorkspace, readModule, toGoFacts, binaryNameFor, WALK_LIMITS } from './workspace.ts';
export type { GoWorkspace, MainPackage, ModuleFacts } from './workspace.ts';
export { GoFactsCache } from './cache.ts';
export type { GoFactsEnvironment } from './cache.ts';
export { walkFocusOf } from './cache.ts';
export { ModuleIndex } from './module-index.ts';
export type { IndexedFile, IndexOptions, ModuleSnapshot, WalkFocus, WalkLimits } from './module-index.ts';
export { focusDirOf } from './module-index.ts';
export { programFacts, programAnswerer } from './program.ts';
export { resolveBuildContext } from './context.ts';
export type { BuildContext } from './context.ts';
export { readDockerignore } from './dockerignore.ts';
export { parseMakefile, recipeOf } from './makefile.ts';
export { readRecipes, scriptRecipe } from './recipes.ts';
export { parseGoMod, parseGoWork, compareGoVersions, isGoReleaseVersion } from './gomod.ts';
export type { GoMod, GoModRequire, GoWork } from './gomod.ts';
export { KNOWN_CGO_MODULES, KNOWN_PURE_MODULES, TLS_IMPORTS } from './known-modules.ts';
export { readProjectBuilds, goreleaserBuilds, makefileBuilds, goreleaserTemplate } from './project-build.ts';
export type { ProjectBuild } from './project-build.ts';
export { readGoWork, neededWorkModules, workModulesFor } from './go-work.ts';
export type { GoWorkInfo, GoWorkModule } from './go-work.ts';
