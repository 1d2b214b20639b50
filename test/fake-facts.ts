// Fake Go facts for rule tests: what server/src/go would compute, written by hand.
import type { GoFacts, ProgramFacts, ProgramQuery } from '../server/src/engine/index.ts';

/** Per-program facts with every field settled ("no"), overridden by `over`. */
export function programFacts(over: Partial<ProgramFacts> = {}): ProgramFacts {
  return {
    dir: '.',
    binaryName: 'app',
    packages: ['.'],
    dynamicWithCgo: 'no',
    cgoFiles: [],
    modules: [],
    cgoModules: [],
    usesTLS: 'no',
    embedsRootCAs: false,
    loadsTimezones: 'no',
    embedsTzdata: false,
    embeds: [],
    ports: [],
    ...over,
  };
}

/**
 * A module whose every program has the given facts. `queries` collects what the rules asked, so a
 * test can check the query (tags, cgo) too.
 */
export function moduleWithProgram(over: Partial<ProgramFacts> = {}, facts: GoFacts = {}, queries: ProgramQuery[] = []): GoFacts {
  return {
    moduleDir: '/work/app',
    modulePath: 'example.com/app',
    goVersion: '1.22',
    hasGoSum: true,
    mainPackages: ['.'],
    ...facts,
    program: (query) => {
      queries.push(query);
      return programFacts(over);
    },
  };
}
