// stage-graph.ts answers per-build questions from facts computed once per model (issue 7): these
// tests compare it with the direct definitions, which walk the stages for every question.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildModel } from '../../server/src/engine/model/index.ts';
import type { DockerfileModel, GoCommand, Stage } from '../../server/src/engine/model/index.ts';
import { outputPaths } from '../../server/src/engine/go-commands.ts';
import { anyInLineage, copiesProgram, copySourceCovers, descendsFrom, foldLineage, lineage, rootStage, runtimeOf } from '../../server/src/engine/stage-graph.ts';

/** runtimeOf by its definition: descendants and copies found by walking every stage. */
function referenceRuntime(model: DockerfileModel, stage: Stage, cmd?: GoCommand) {
  const final = model.final;
  if (!final || !model.shipped.has(stage)) return undefined;
  if (lineage(final).includes(stage)) return { final, sameImage: true };
  const descendants = model.stages.filter((s) => lineage(s).includes(stage));
  const copies = model.stages.filter((s) => model.shipped.has(s)).flatMap((s) => s.copies.filter((c) => c.fromStage && descendants.includes(c.fromStage)));
  const outputs = cmd ? outputPaths(cmd) : [];
  const carried = outputs.length > 0 ? copies.some((c) => c.sources.some((src) => outputs.some((o) => copySourceCovers(src.value, o)))) : copies.some(copiesProgram);
  return carried ? { final, sameImage: false } : undefined;
}

const SOURCES = ['/out/app', '/out', '/out/', '/out/*', '/o?t/app', '/x[', '/', '/go/bin/*', '/go/bin/tool', '/etc/ssl/certs', '/out/app/extra', '/out//app', '/out/./app', '/out/../out/app', '/out/[a-c]pp', '/out/[^a]pp', '/srv'];
const OUTPUTS = ['/out/app', '/out/', 'app', '/go/bin/tool', '/srv/app', 'bin/app'];

/** Random multi-stage Dockerfiles: stages on images or on earlier stages, builds, and copies between them. */
const dockerfile = fc
  .array(
    fc.record({
      base: fc.nat({ max: 8 }),
      lines: fc.array(
        fc.oneof(
          fc.constantFrom(...OUTPUTS).map((o) => `RUN go build -o ${o} .`),
          fc.constant('RUN go install example.com/cmd/tool@v1'),
          fc.constant('RUN go build ./...'),
          fc.tuple(fc.nat({ max: 8 }), fc.array(fc.constantFrom(...SOURCES), { minLength: 1, maxLength: 2 })).map(([from, srcs]) => `COPY --from=s${from} ${srcs.join(' ')} /dst/`),
          fc.constant('WORKDIR /srv'),
        ),
        { maxLength: 4 },
      ),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((stages) =>
    stages
      .map(({ base, lines }, i) => {
        const image = base < i ? `s${base}` : ['golang:1.22', 'scratch', 'alpine'][base % 3];
        return [`FROM ${image} AS s${i}`, ...lines].join('\n');
      })
      .join('\n'),
  );

describe('stage graph', () => {
  it('runtimeOf answers as walking every stage does', () => {
    fc.assert(
      fc.property(dockerfile, (text) => {
        const model = buildModel(text);
        for (const stage of model.stages) {
          assert.deepEqual(runtimeOf(model, stage), referenceRuntime(model, stage), `${text}\n-- stage ${stage.name}`);
          for (const cmd of stage.runs.flatMap((r) => r.goCommands)) {
            assert.deepEqual(runtimeOf(model, stage, cmd), referenceRuntime(model, stage, cmd), `${text}\n-- ${stage.name}: ${cmd.goWord.value} ${[...cmd.flags].join(' ')}`);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('descendsFrom, rootStage and the lineage folds agree with lineage()', () => {
    const hasBuild = (s: Stage) => s.runs.some((r) => r.goCommands.length > 0);
    const depth = (_stage: Stage, parent: number | undefined) => (parent ?? -1) + 1;
    fc.assert(
      fc.property(dockerfile, (text) => {
        const model = buildModel(text);
        for (const stage of model.stages) {
          const chain = lineage(stage);
          assert.equal(rootStage(stage), chain.at(-1));
          assert.equal(anyInLineage(stage, hasBuild), chain.some(hasBuild));
          assert.equal(foldLineage(stage, depth), chain.length - 1);
          for (const other of model.stages) assert.equal(descendsFrom(model, stage, other), chain.includes(other));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a chain of thousands of stages neither overflows the stack nor walks the chain per stage', () => {
    let text = 'FROM golang:1.22 AS s0\nRUN go build -o /app .\n';
    for (let i = 1; i < 5000; i++) text += `FROM s${i - 1} AS s${i}\nRUN go build -o /app .\n`;
    text += 'FROM scratch\nCOPY --from=s4999 /app /app\n';
    const model = buildModel(text);
    assert.equal(model.shipped.size, 5001);
    assert.equal(rootStage(model.stages[4999]), model.stages[0]);
    assert.ok(descendsFrom(model, model.stages[4999], model.stages[0]));
    assert.deepEqual(runtimeOf(model, model.stages[0], model.stages[0].runs[0].goCommands[0]), { final: model.final, sameImage: false });
  });
});

describe('copySourceCovers (COPY --from source and a build output)', () => {
  it('literal paths: the file, a parent directory, or a path inside the output directory', () => {
    assert.ok(copySourceCovers('/out/app', '/out/app'));
    assert.ok(copySourceCovers('/out', '/out/app'));
    assert.ok(copySourceCovers('/out/', '/out/app'));
    assert.ok(copySourceCovers('/out/app/x', '/out/app/'));
    assert.ok(copySourceCovers('/', '/out/app'));
    assert.ok(!copySourceCovers('/out/ap', '/out/app'));
    assert.ok(!copySourceCovers('/srv', '/out/app'));
  });
  it('wildcards, as Docker matches them', () => {
    assert.ok(copySourceCovers('/out/*', '/out/app'));
    assert.ok(copySourceCovers('/o*', '/out/app'));
    assert.ok(copySourceCovers('/out/[a-c]pp', '/out/app'));
    assert.ok(!copySourceCovers('/out/[^a]pp', '/out/app'));
    assert.ok(!copySourceCovers('/out/*.txt', '/out/app'));
  });
  it('a malformed wildcard takes nothing, and does not throw (issue 7: an unescaped [ hid a finding)', () => {
    assert.equal(copySourceCovers('/x[', '/app'), false);
    assert.equal(copySourceCovers('/ap?', '/app'), true);
  });
});
