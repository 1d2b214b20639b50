// node --import tsx bench/engine-profile.ts [lines…]: times buildModel and analyzeModel in process on
// the lsp-bench generated files, with the Go facts a workspace of just go.mod gives (as in the bench),
// and prints the slowest rules. For finding where the engine's time goes; not part of npm run bench.
// buildModel's time is split into the scan (scan.ts, the engine's own parse: it does not use
// dockerfile-ast) and the model built on it. Under tsx every function gets a __name wrapper the
// bundles do not have, so absolute times run higher than in dist/.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildInputs } from '../server/src/engine/build-inputs.ts';
import { analyzeModel, buildModel } from '../server/src/engine/index.ts';
import { NodeFileAccess } from '../server/src/files/node-access.ts';
import { GoFactsCache } from '../server/src/go/index.ts';
import { rules as RULES } from '../server/src/engine/rules/index.ts';
import { scanDockerfile } from '../server/src/engine/scan.ts';

async function main(): Promise<void> {
const { generateDockerfile } = (await import(pathToFileURL(path.resolve(__dirname, '../../shared/tools/lsp-bench/lib/dockerfiles.mjs')).href)) as {
  generateDockerfile(o: { lines: number; variant: string; seed: number }): { text: string };
};
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-profile-'));
fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/bench\n\ngo 1.22\n');
fs.writeFileSync(path.join(root, 'go.sum'), '');
const dockerfile = path.join(root, 'Dockerfile');
const access = new NodeFileAccess(root);
const cache = new GoFactsCache({ projectRoot: () => root, access: () => access, contextFor: async () => undefined, log: () => undefined } as never);
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const lines of sizes.length ? sizes : [1000, 10000]) {
  for (const variant of ['clean', 'problems']) {
    const { text } = generateDockerfile({ lines, variant, seed: 1 });
    const facts = await cache.factsFor(dockerfile, buildInputs(buildModel(text)));
    const scan: number[] = [];
    const build: number[] = [];
    const analyze: number[] = [];
    const perRule = new Map<string, number[]>();
    for (let r = 0; r < 5; r++) {
      let t = performance.now();
      scanDockerfile(text);
      scan.push(performance.now() - t);
      t = performance.now();
      const model = buildModel(text, { recipes: facts.recipes });
      build.push(performance.now() - t);
      t = performance.now();
      analyzeModel(model, { goFacts: facts });
      analyze.push(performance.now() - t);
      for (const rule of RULES) {
        t = performance.now();
        analyzeModel(model, { goFacts: facts, rules: Object.fromEntries(RULES.map((r2) => [r2.meta.id, r2 === rule ? 'warning' : 'off'])) as never });
        const list = perRule.get(rule.meta.id) ?? [];
        list.push(performance.now() - t);
        perRule.set(rule.meta.id, list);
      }
    }
    const slow = [...perRule].map(([id, xs]) => [id, median(xs)] as const).sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`${variant} ${lines}L: buildModel ${median(build).toFixed(1)} ms (scan ${median(scan).toFixed(1)}, model after the scan ${(median(build) - median(scan)).toFixed(1)}), analyzeModel ${median(analyze).toFixed(1)} ms; slowest rules alone: ${slow.map(([id, ms]) => `${id} ${ms.toFixed(1)}`).join(', ')}`);
  }
}
fs.rmSync(root, { recursive: true, force: true });
}

void main();
