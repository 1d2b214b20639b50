// Real-world shapes of Go Dockerfiles (test/fixtures/real-world/<case>/), with the findings the
// part-1 rules must give on each: the quiet cases (ARG CGO_ENABLED=0, ARG-driven golang tags,
// bind-mount and heredoc builds, stages that reuse stages, --target test/lint stages, toolchain
// images, prebuilt binaries, old GOPATH projects, project variables, pinned platforms) as much as
// the loud ones. Each case's expected.json maps a Dockerfile to "rule@line:severity" entries; its
// optional "facts" add what the Go facts would say beyond go.mod (per-program facts, the module's
// folder in the context).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, fixAll } from '../strict-engine.ts';
import type { GoFacts, ProgramFacts } from '../../server/src/engine/index.ts';
import { parseGoMod } from '../../server/src/go/gomod.ts';

const root = path.resolve(__dirname, '..', 'fixtures', 'real-world');

/** The rules of issue 8 and the four before them; part 2's rules are checked by their own fixtures. */
const CHECKED = new Set([
  'alpine-cgo', 'binary-path-mismatch', 'cgo-not-disabled', 'cgo-required', 'dockerignore-excludes-input', 'emulated-build', 'go-env-typo',
  'go-get-install', 'go-version-mismatch', 'hardcoded-goarch', 'module-cache-order', 'single-stage', 'undeclared-platform-arg', 'unpinned-go-image',
]);

interface Case {
  expected: Record<string, string[]>;
  facts?: Omit<GoFacts, 'program'> & { program?: Partial<ProgramFacts> };
}

const PROGRAM_DEFAULTS: ProgramFacts = {
  dir: '.', binaryName: 'app', packages: ['.'], dynamicWithCgo: 'unknown', cgoFiles: [], modules: [], cgoModules: [],
  usesTLS: 'unknown', embedsRootCAs: false, loadsTimezones: 'unknown', embedsTzdata: false, embeds: [], ports: [],
};

/** Go facts as the server would give them for a Dockerfile of the case, built on the case folder as context. */
function factsFor(caseDir: string, dockerfile: string, extra: Case['facts']): GoFacts {
  let dir = path.dirname(path.join(caseDir, dockerfile));
  while (!existsSync(path.join(dir, 'go.mod')) && dir.startsWith(caseDir) && dir !== caseDir) dir = path.dirname(dir);
  const goModPath = path.join(dir, 'go.mod');
  if (!existsSync(goModPath)) return {};
  const mod = parseGoMod(readFileSync(goModPath, 'utf8'));
  const facts: GoFacts = {
    moduleDir: dir,
    modulePath: mod.modulePath,
    hasGoSum: existsSync(path.join(dir, 'go.sum')),
    vendored: existsSync(path.join(dir, 'vendor', 'modules.txt')),
    moduleDirInContext: '.',
    ...(mod.goVersion ? { goVersion: mod.goVersion } : {}),
    ...(mod.toolchainVersion ? { toolchainVersion: mod.toolchainVersion } : {}),
  };
  const ignoreFile = path.join(caseDir, '.dockerignore');
  if (existsSync(ignoreFile)) {
    const patterns = readFileSync(ignoreFile, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    facts.dockerignore = { file: ignoreFile, patterns };
  }
  const { program, ...rest } = extra ?? {};
  Object.assign(facts, rest);
  if (program) facts.program = () => ({ ...PROGRAM_DEFAULTS, ...program });
  return facts;
}

const cases = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('real-world fixtures', () => {
  it('cover the precision cases of issue 8, quiet and loud', () => {
    assert.ok(cases.length >= 15, `only ${cases.length} cases`);
    const all = cases.flatMap((c) => Object.values((JSON.parse(readFileSync(path.join(root, c, 'expected.json'), 'utf8')) as Case).expected));
    assert.ok(all.filter((e) => e.length === 0).length >= 8, 'quiet Dockerfiles');
    const loud = new Set(all.flat().map((e) => e.slice(0, e.indexOf('@'))));
    for (const id of CHECKED) if (id !== 'alpine-cgo') assert.ok(loud.has(id), `no fixture where ${id} speaks`);
  });

  for (const name of cases) {
    const caseDir = path.join(root, name);
    const spec = JSON.parse(readFileSync(path.join(caseDir, 'expected.json'), 'utf8')) as Case;
    for (const [dockerfile, expected] of Object.entries(spec.expected)) {
      it(`${name}/${dockerfile}`, () => {
        const text = readFileSync(path.join(caseDir, dockerfile), 'utf8');
        const goFacts = factsFor(caseDir, dockerfile, spec.facts);
        const found = analyze(text, { goFacts })
          .filter((f) => CHECKED.has(f.ruleId))
          .map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.severity}`);
        assert.deepEqual(found.sort(), [...expected].sort());
        // Fix-all converges and leaves nothing it claims to fix.
        const fixed = fixAll(text, { goFacts });
        assert.ok(fixed.remaining.every((f) => !f.fix), `fixable findings remain after fix-all: ${fixed.remaining.filter((f) => f.fix).map((f) => f.ruleId)}`);
      });
    }
  }
});
