// The Dockerfile model: scan → stages, scopes, RUN commands. Queries about Go commands live in
// ../go-commands.ts, and about which stages ship in ../stage-graph.ts.
export { buildModel, argWords, properties, assignmentsOf, instructionAt } from './build.ts';
export type { Assignment } from './build.ts';
export { Env, expand } from './env.ts';
export type { Lookup, VarValue } from './env.ts';
export { resolvePath, trimTrailingSlashes } from './paths.ts';
export type * from './types.ts';
export { GO_VALUE_FLAGS, splitQuoted } from './run-commands.ts';
