// `npm run fuzz`: the long mode of the engine's property tests (issue 12). Every generated input is
// checked against every property of test/fuzz/properties.ts, for each generator, and the counts are
// printed. Options: --runs N (default 100000 per generator), --seed S (default: the time),
// --only shaped|garbage. Exits 1 on the first failure, printing the shrunk counterexample.
import fc from 'fast-check';
import { dockerfileText, garbageText, goFacts } from '../test/fuzz/generators.ts';
import { checkEngine, newTally } from '../test/fuzz/properties.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(option('runs') ?? 100_000);
const seed = Number(option('seed') ?? Date.now() % 2 ** 31);
const only = option('only');
const generators = { shaped: dockerfileText, garbage: garbageText };

let failed = false;
for (const [name, arbitrary] of Object.entries(generators)) {
  if (only && only !== name) continue;
  const tally = newTally();
  const started = performance.now();
  let lastReport = started;
  const result = fc.check(
    fc.property(arbitrary, goFacts, (text, facts) => {
      checkEngine(text, facts, tally);
      const now = performance.now();
      if (now - lastReport > 60_000) {
        lastReport = now;
        process.stderr.write(`  ${name}: ${tally.inputs} inputs so far\n`);
      }
    }),
    { numRuns: runs, seed },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${name}: ${result.numRuns} inputs tried (seed ${seed}), ${result.failed ? 1 : 0} failures, ` +
      `${tally.findings} findings, ${tally.fixesChecked} single fixes and ${tally.suppressionsChecked} suppressions checked, ` +
      `every input also through fix-all twice; ${seconds} s`,
  );
  if (result.failed) {
    failed = true;
    console.log(`  counterexample (after ${result.numShrinks} shrinks, path ${result.counterexamplePath}):`);
    console.log(`  ${JSON.stringify(result.counterexample?.[0])?.slice(0, 4000)}`);
    console.log(`  facts: ${JSON.stringify(result.counterexample?.[1])?.slice(0, 400)}`);
    console.log(`  ${String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance).slice(0, 2000)}`);
  }
}
process.exit(failed ? 1 : 0);
