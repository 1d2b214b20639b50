// The engine's entry points, shared by the language server and the CLI.
export type * from './types.ts';
export { NO_MODULE, isOutsideModule } from './types.ts';
export { analyze } from './analyze.ts';
export { applyEdits, fixAll } from './fixes.ts';
export { suppressionEdit } from './suppression.ts';
export { rules, ruleById } from './rules/index.ts';
export type { RuleModule, RuleMeta } from './rule.ts';
