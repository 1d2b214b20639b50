// The generator on fixture modules shaped like real repositories: which program it recommends, the
// exact Dockerfile (golden files; UPDATE_GOLDEN=1 rewrites them), and that every one lints clean
// under the whole rule catalog (with the Go facts the server would read for it) and dockerfile-utils.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate } from 'dockerfile-utils';
import { analyze } from '../strict-engine.ts';
import { buildInputs } from '../../server/src/engine/build-inputs.ts';
import { buildModel } from '../../server/src/engine/model/index.ts';
import { NodeFileAccess } from '../../server/src/files/node-access.ts';
import { GoFactsCache } from '../../server/src/go/index.ts';
import { GENERATOR_CASES, GOLDEN_DIR, generateCase, writeCaseCopy } from './generator-cases.ts';

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing golden file ${file}; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from golden file ${name}`);
}

describe('generator fixtures', () => {
  for (const c of GENERATOR_CASES) {
    test(`${c.name}: ${c.shape}`, async () => {
      const { scaffold, recommended } = await generateCase(c);
      assert.equal(recommended, c.recommended, 'the recommended program');
      golden(`${c.name}.Dockerfile`, scaffold.dockerfile);
    });
  }

  test('every golden file belongs to a case', () => {
    const names = new Set(GENERATOR_CASES.map((c) => `${c.name}.Dockerfile`));
    for (const file of fs.readdirSync(GOLDEN_DIR)) assert.ok(names.has(file), `${file} has no case`);
  });
});

describe('every generated Dockerfile lints clean', () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((cleanup) => cleanup()));

  for (const c of GENERATOR_CASES) {
    test(`${c.name}: no findings from any rule, with the facts the server reads for it; valid for dockerfile-utils`, async () => {
      const copy = await writeCaseCopy(c);
      cleanups.push(copy.cleanup);
      const text = fs.readFileSync(copy.dockerfile, 'utf8');
      assert.deepEqual(validate(text), [], 'dockerfile-utils');
      const cache = new GoFactsCache({ projectRoot: () => copy.root, access: (root) => new NodeFileAccess(root) });
      const goFacts = await cache.factsFor(copy.dockerfile, buildInputs(buildModel(text)));
      // The facts must be those of the module it was generated for (the go.work case reads from the workspace folder).
      assert.equal(goFacts.moduleDir, copy.moduleDir);
      assert.equal(goFacts.contextDir, path.resolve(copy.moduleDir, copy.generated.scaffold.contextDir));
      const findings = analyze(text, { goFacts });
      assert.deepEqual(findings.map((f) => `${f.ruleId} (line ${f.range.start.line + 1}): ${f.message}`), []);
    });
  }
});
