import fc from 'fast-check';
import { garbageText, goFacts } from './fuzz/generators.ts';
import { checkEngine, newTally } from './fuzz/properties.ts';
import { analyze } from './strict-engine.ts';
const samples = fc.sample(fc.tuple(garbageText, goFacts), { seed: 1, numRuns: 200 });
const times: Array<[number, number, number, string]> = [];
for (const [t, f] of samples) { const t0 = performance.now(); const tally = newTally(); checkEngine(t, f, tally); times.push([performance.now() - t0, t.length, analyze(t, { goFacts: f }).length, JSON.stringify(t.slice(0, 80))]); }
times.sort((a, b) => b[0] - a[0]);
console.log(times.reduce((s, x) => s + x[0], 0).toFixed(0));
for (const x of times.slice(0, 12)) console.log(x[0].toFixed(0), x[1], x[2], x[3]);
