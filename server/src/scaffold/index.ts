// The generator: workspace facts + options → Dockerfile and .dockerignore text. Pure (no fs).
export { generateDockerfile, generateScaffold, builderGoVersion, normalizePackageDir, FINAL_IMAGES, SCAFFOLD_LAYOUTS } from './dockerfile.ts';
export type { ScaffoldOptions, FinalImage, Scaffold, ScaffoldLayout } from './dockerfile.ts';
export { generateDockerignore } from './dockerignore.ts';
export { rankMainPackages, rankedMains, recommendedMain, mainGroup, moduleCommandName, MAIN_GROUPS, MAIN_GROUP_LABELS } from './rank.ts';
export type { RankedMain, RankedMainPackage, MainGroup } from './rank.ts';
export { carryOver, buildArgName } from './build-flags.ts';
export type { CarriedBuild, BuildArg } from './build-flags.ts';
