// The engine's entry points, shared by the language server and the CLI.
export type * from './types.ts';
export { NO_MODULE, isOutsideModule } from './types.ts';
export { analyze, analyzeModel } from './analyze.ts';
export { buildModel } from './model/index.ts';
export type { DockerfileModel } from './model/index.ts';
export { applyEdits, fixAll } from './fixes.ts';
export type { FixAllResult } from './fixes.ts';
export { suppressionEdit } from './suppression.ts';
export { rules, ruleById } from './rules/index.ts';
export type { RuleModule, RuleMeta } from './rule.ts';
export { buildInputs } from './build-inputs.ts';
export type { BuildInputs } from './build-inputs.ts';
export { dockerignoreMatcher, excludedByDockerignore, parseDockerignore } from './dockerignore.ts';
export type { DockerignoreMatcher } from './dockerignore.ts';
