// Which Go program a build compiles, as the per-program Go facts know it. The first version maps
// a command to a ProgramQuery from its own words only; where the module sits in the image (COPY
// destinations, WORKDIR) refines `dir` later.
import { cgoState, hasCCompiler } from './go-commands.ts';
import type { GoCommand } from './model/types.ts';
import type { GoFacts, ProgramFacts, ProgramQuery } from './types.ts';

/** The query for the program `cmd` compiles: its first package argument, GOARCH, -tags and cgo. */
export function programQuery(cmd: GoCommand): ProgramQuery {
  const tags = cmd.flags.get('tags');
  const goarch = cmd.env.get('GOARCH') ?? cmd.goEnv.get('GOARCH');
  const cgo = cgoState(cmd);
  const stage = cmd.run.instr.stage;
  // cgo is on when set to 1, or when unset and the stage has a C compiler (Go's own default).
  const cgoOn = cgo.kind === 'enabled' || (cgo.kind === 'unset' && stage !== undefined && hasCCompiler(stage) === true);
  return {
    pkg: cmd.packages.find((p) => !p.startsWith('-')) ?? '',
    goarch: goarch?.value || undefined,
    tags: typeof tags === 'string' ? tags.split(/[,\s]+/).filter(Boolean) : [],
    cgo: cgoOn,
  };
}

/** The facts of the program `cmd` builds, when the Go facts know it. */
export function programFactsOf(cmd: GoCommand, facts: GoFacts | undefined): ProgramFacts | undefined {
  if (!facts?.program) return undefined;
  try {
    return facts.program(programQuery(cmd));
  } catch {
    return undefined;
  }
}
