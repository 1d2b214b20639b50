// Builds behind make and scripts: the Makefile reader, the recipes the facts read from the context,
// and the model reading them into the RUN that calls them.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../strict-engine.ts';
import { applyEdits } from '../../server/src/engine/fixes.ts';
import { buildInputs } from '../../server/src/engine/build-inputs.ts';
import { cgoState } from '../../server/src/engine/go-commands.ts';
import { buildModel } from '../../server/src/engine/model/index.ts';
import { makeRecipeKey } from '../../server/src/engine/model/recipe-calls.ts';
import type { GoCommand } from '../../server/src/engine/model/types.ts';
import type { Recipe, RecipeFacts } from '../../server/src/engine/types.ts';
import { NodeFileAccess } from '../../server/src/files/node-access.ts';
import { parseMakefile, recipeOf, UNRESOLVED } from '../../server/src/go/makefile.ts';
import { readRecipes, scriptRecipe } from '../../server/src/go/recipes.ts';

const recipe = (makefile: string, target: string, variables?: Record<string, string>): Recipe => recipeOf(parseMakefile(makefile), variables ? { target, variables } : { target });

describe('Makefile reader', () => {
  test('a target\'s recipe, with @ - + prefixes stripped and variables of every flavour expanded', () => {
    const mk = [
      'BINARY = server',
      'OUT := bin/$(BINARY)',
      'FLAGS = -trimpath',
      'FLAGS += -ldflags="-s -w"',
      'PKG ::= ./cmd/${BINARY}',
      '',
      'build:',
      '\t@echo "building $@"',
      '\t-CGO_ENABLED=0 go build $(FLAGS) -o $(OUT) $(PKG)',
      '\t+$$HOME/bin/post $(OUT)',
    ].join('\n');
    assert.deepEqual(recipe(mk, 'build'), {
      lines: ['echo "building build"', 'CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/server ./cmd/server', '$HOME/bin/post bin/server'],
      complete: true,
      environment: [
        { name: 'BINARY', value: 'server', when: 'if-set' },
        { name: 'OUT', value: 'bin/server', when: 'if-set' },
        { name: 'FLAGS', value: '-trimpath -ldflags="-s -w"', when: 'if-set' },
        { name: 'PKG', value: './cmd/server', when: 'if-set' },
      ],
    });
  });

  test('the default goal is the first target; .DEFAULT_GOAL overrides it; special targets do not count', () => {
    assert.deepEqual(recipe('.PHONY: build\nbuild:\n\tgo build .\nclean:\n\trm -rf bin\n', '').lines, ['go build .']);
    assert.deepEqual(recipe('.DEFAULT_GOAL := clean\nbuild:\n\tgo build .\nclean:\n\trm -rf bin\n', '').lines, ['rm -rf bin']);
  });

  test('prerequisites one level: their recipes first; deeper ones make it incomplete', () => {
    const mk = 'build: deps\n\tgo build .\ndeps:\n\tgo mod download\n';
    assert.deepEqual(recipe(mk, 'build'), { lines: ['go mod download', 'go build .'], complete: true });
    const deeper = recipe('all: build\nbuild: deps\n\tgo build .\ndeps:\n\tgo mod download\n', 'all');
    assert.equal(deeper.complete, false);
    // A prerequisite without a rule is a file: nothing to run.
    assert.deepEqual(recipe('app: main.go go.mod\n\tgo build -o app .\n', 'app'), { lines: ['go build -o app .'], complete: true });
  });

  test('command-line variables win over the Makefile and are exported; ?= yields to the environment', () => {
    const mk = 'GOOS ?= linux\nBIN = app\nexport CGO_ENABLED = 0\nbuild:\n\tGOOS=$(GOOS) go build -o $(BIN) .\n';
    const r = recipe(mk, 'build', { BIN: 'svc' });
    assert.deepEqual(r.lines, ['GOOS=${GOOS-linux} go build -o svc .']);
    assert.deepEqual(r.environment, [
      { name: 'BIN', value: 'svc', when: 'always' },
      { name: 'CGO_ENABLED', value: '0', when: 'always' },
    ]);
  });

  test('an undefined variable comes from the environment (a shell reference); $(shell …) and functions are unknown values', () => {
    const r = recipe('VERSION := $(shell git describe)\nbuild:\n\tgo build -ldflags "-X main.v=$(VERSION)" -tags "$(TAGS)" $(wildcard *.go)\n', 'build');
    assert.deepEqual(r.lines, [`go build -ldflags "-X main.v=${UNRESOLVED}" -tags "\${TAGS}" ${UNRESOLVED}`]);
    assert.equal(r.complete, true, 'unknown values stay unknown in the model, like an ARG without default');
  });

  test('conditionals, includes and unknown targets: incomplete, never guessed', () => {
    assert.equal(recipe('ifeq ($(OS),x)\nbuild:\n\tgo build .\nendif\n', 'build').complete, false);
    assert.deepEqual(recipe('ifdef DEBUG\nFLAGS = -race\nelse\nFLAGS = -trimpath\nendif\nbuild:\n\tgo build $(FLAGS) .\n', 'build').lines, [`go build ${UNRESOLVED} .`]);
    assert.deepEqual(recipe('include common.mk\nbuild:\n\tgo build $(FLAGS) .\n', 'build').lines, [`go build ${UNRESOLVED} .`]);
    assert.equal(recipe('build:\n\tgo build .\n', 'missing').complete, false);
    assert.equal(recipe('bin/%: cmd/%\n\tgo build -o $@ ./$<\nall: bin/app\n', 'all').complete, false);
    assert.equal(recipe('.ONESHELL:\nbuild:\n\tcd x\n\tgo build .\n', 'build').complete, false);
  });

  test('continuations, comments, target-specific variables, double-colon rules, define', () => {
    const mk = [
      '# build it',
      'LDFLAGS = -s \\',
      '\t-w',
      'build: TAGS = netgo',
      'build: ## help text',
      '\tgo build -tags $(TAGS) \\',
      '\t\t-ldflags "$(LDFLAGS)" .',
      'gen::',
      '\tgo generate ./a',
      'gen::',
      '\tgo generate ./b',
      'define BANNER',
      'hello',
      'endef',
    ].join('\n');
    assert.deepEqual(recipe(mk, 'build').lines, ['go build -tags netgo \\\n\t-ldflags "-s -w" .']);
    assert.deepEqual(recipe(mk, 'gen').lines, ['go generate ./a', 'go generate ./b']);
  });

  test('a self-referencing variable is cut off, not expanded forever', () => {
    const r = recipe('A = $(A)$(A)x\nbuild:\n\techo $(A)\n', 'build');
    assert.ok(r.lines[0].length < 100_000);
    assert.ok(r.lines[0].includes(UNRESOLVED));
    // Eight references per level would be 8^16 expansions: the shared budget ends it, and the recipe is not trusted.
    const wide = recipe(`A = ${'$(A)'.repeat(8)}\nbuild:\n\tgo build $(A)\n`, 'build');
    assert.equal(wide.complete, false);
  });

  test('a file of continuation lines is read in one pass', () => {
    const mk = 'X = ' + 'a \\\n'.repeat(20_000) + 'end\nbuild:\n\techo $(X)\n';
    const r = recipe(mk, 'build');
    assert.ok(r.lines[0].startsWith('echo a a a'));
    assert.ok(r.lines[0].endsWith(' a end'));
  });
});

describe('scripts', () => {
  test('a POSIX shell script is one recipe; other interpreters and control flow are opaque', () => {
    assert.deepEqual(scriptRecipe('#!/bin/sh\nset -eu\nCGO_ENABLED=0 go build -o /out/app .\n'), { lines: ['#!/bin/sh\nset -eu\nCGO_ENABLED=0 go build -o /out/app .\n'], complete: true });
    assert.equal(scriptRecipe('#!/usr/bin/env python3\nprint(1)\n').complete, false);
    assert.equal(scriptRecipe('#!/usr/bin/env bash\nif [ -n "$X" ]; then go build .; fi\n').complete, false);
    assert.equal(scriptRecipe('build() { go build .; }\nbuild\n').complete, false);
  });
});

describe('recipes read from the context', () => {
  const roots: string[] = [];
  after(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  test('make targets and scripts a RUN calls, keyed as the model looks them up', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gd-recipes-')));
    roots.push(root);
    fs.writeFileSync(path.join(root, 'Makefile'), 'build:\n\tCGO_ENABLED=0 go build -o /out/app ./cmd/app\n');
    fs.mkdirSync(path.join(root, 'tools'));
    fs.writeFileSync(path.join(root, 'tools', 'GNUmakefile'), 'gen:\n\tgo generate ./...\n');
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.writeFileSync(path.join(root, 'scripts', 'test.sh'), '#!/bin/sh\ngo vet ./...\n');
    const dockerfile = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN make build && make -C tools gen\nRUN ./scripts/test.sh\nRUN make -f missing.mk x\n';
    const inputs = buildInputs(buildModel(dockerfile));
    const recipes = await readRecipes(new NodeFileAccess(root), root, inputs);
    assert.deepEqual(Object.keys(recipes?.makeTargets ?? {}).sort(), [makeRecipeKey('.', undefined, 'build'), makeRecipeKey('tools', undefined, 'gen')].sort());
    assert.deepEqual(Object.keys(recipes?.scripts ?? {}), ['scripts/test.sh']);
    const model = buildModel(dockerfile, recipes ? { recipes } : {});
    const [build, script, missing] = model.stages[0].runs;
    assert.equal(build.opaqueBuild, false);
    assert.deepEqual(build.goCommands.map((c) => [c.subcommand, c.packages.join(' '), c.cwd]), [['build', './cmd/app', '/src'], ['generate', './...', '/src/tools']]);
    assert.equal(script.opaqueBuild, false);
    assert.deepEqual(script.goCommands.map((c) => c.subcommand), ['vet']);
    assert.equal(missing.opaqueBuild, true, 'no Makefile: the RUN stays opaque');
  });
});

describe('the model reads recipes into the RUN', () => {
  const buildOf = (dockerfile: string, recipes?: RecipeFacts): GoCommand | undefined =>
    buildModel(dockerfile, recipes ? { recipes } : {}).stages.flatMap((s) => s.runs.flatMap((r) => r.goCommands)).find((c) => c.subcommand === 'build');
  const DOCKERFILE = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nENV GOFLAGS=-mod=mod\nRUN make build\nFROM scratch\nCOPY --from=build /out/app /app\n';
  const key = makeRecipeKey('.', undefined, 'build');

  test('with the RUN\'s environment and folder, plus make\'s exported variables; words point at `make`', () => {
    const recipes: RecipeFacts = { makeTargets: { [key]: { lines: ['go build -o /out/app ./cmd/app'], complete: true, environment: [{ name: 'CGO_ENABLED', value: '0', when: 'always' }] } } };
    const cmd = buildOf(DOCKERFILE, recipes)!;
    assert.ok(cmd);
    assert.equal(cgoState(cmd).kind, 'disabled');
    assert.equal(cmd.flags.get('mod'), 'mod', 'GOFLAGS from the Dockerfile ENV');
    assert.equal(cmd.cwd, '/src');
    assert.equal(cmd.via?.kind, 'make');
    const makeAt = DOCKERFILE.indexOf('make build');
    assert.deepEqual([cmd.goWord.start, cmd.goWord.end], [makeAt, makeAt + 'make'.length]);
    assert.equal(cmd.run.opaqueBuild, false);
  });

  test('an if-set variable only replaces one the environment has', () => {
    const recipes: RecipeFacts = { makeTargets: { [key]: { lines: ['go build -o /out/app .'], complete: true, environment: [{ name: 'CGO_ENABLED', value: '1', when: 'if-set' }] } } };
    assert.equal(cgoState(buildOf(DOCKERFILE, recipes)!).kind, 'unset');
    assert.equal(cgoState(buildOf(DOCKERFILE.replace('ENV GOFLAGS=-mod=mod', 'ENV CGO_ENABLED=0'), recipes)!).kind, 'enabled');
  });

  test('an incomplete or missing recipe keeps the RUN opaque, and recursive make inside a recipe too', () => {
    assert.equal(buildOf(DOCKERFILE), undefined);
    const incomplete: RecipeFacts = { makeTargets: { [key]: { lines: ['go build .'], complete: false } } };
    const run = buildModel(DOCKERFILE, { recipes: incomplete }).stages[0].runs[0];
    assert.equal(run.opaqueBuild, true);
    assert.deepEqual(run.goCommands, []);
    const recursive: RecipeFacts = { makeTargets: { [key]: { lines: ['make -C sub all'], complete: true } } };
    assert.equal(buildModel(DOCKERFILE, { recipes: recursive }).stages[0].runs[0].opaqueBuild, true);
  });

  test('each recipe line runs in its own shell: a cd does not carry over', () => {
    const recipes: RecipeFacts = { makeTargets: { [key]: { lines: ['cd cmd/app', 'go build -o /out/app .'], complete: true } } };
    assert.equal(buildOf(DOCKERFILE, recipes)!.cwd, '/src');
  });

  test('analyze passes the facts\' recipes through: a build behind make is seen by the rules', () => {
    const dockerfile = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN make build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    const goFacts = { moduleDir: '/m', mainPackages: ['.'] };
    const ids = (recipes?: RecipeFacts) => analyze(dockerfile, { goFacts: recipes ? { ...goFacts, recipes } : goFacts }).map((f) => f.ruleId);
    assert.ok(!ids().includes('cgo-not-disabled'), 'opaque without the recipe');
    const recipes: RecipeFacts = { makeTargets: { [key]: { lines: ['go build -o /out/app .'], complete: true } } };
    assert.ok(ids(recipes).includes('cgo-not-disabled'), 'the recipe\'s go build keeps cgo on');
    const quiet: RecipeFacts = { makeTargets: { [key]: { lines: ['go build -o /out/app .'], complete: true, environment: [{ name: 'CGO_ENABLED', value: '0', when: 'always' }] } } };
    assert.ok(!ids(quiet).includes('cgo-not-disabled'), 'export CGO_ENABLED=0 in the Makefile');
  });

  test('a fix for a command behind make edits the make call in the Dockerfile, and converges', () => {
    const dockerfile = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN GOOS=linux make build\nFROM scratch\nCOPY --from=build /out/app /app\n';
    const recipes: RecipeFacts = { makeTargets: { [key]: { lines: ['go build -o /out/app .'], complete: true } } };
    const goFacts = { moduleDir: '/m', mainPackages: ['.'], recipes };
    const finding = analyze(dockerfile, { goFacts }).find((f) => f.ruleId === 'cgo-not-disabled');
    assert.ok(finding?.fix);
    const fixed = applyEdits(dockerfile, finding.fix.edits);
    assert.ok(fixed.includes('RUN CGO_ENABLED=0 GOOS=linux make build\n'), fixed);
    assert.ok(!analyze(fixed, { goFacts }).some((f) => f.ruleId === 'cgo-not-disabled'));
  });
});
