// The generator fixtures (test/fixtures/generator), shaped like real repository layouts, and how each
// is generated: shared by the golden, lint and real-build tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFileAccess } from '../../server/src/files/node-access.ts';
import { readGoWorkspace, workModulesFor, type GoWorkspace } from '../../server/src/go/index.ts';
import { generateScaffold, rankedMains, type FinalImage, type Scaffold, type ScaffoldLayout, type ScaffoldOptions } from '../../server/src/scaffold/index.ts';

export const GENERATOR_FIXTURES = path.resolve('test', 'fixtures', 'generator');
export const GOLDEN_DIR = path.resolve('test', 'unit', 'golden', 'generator');

export interface GeneratorCase {
  /** Golden file name (without .Dockerfile). */
  name: string;
  /** The module folder, relative to test/fixtures/generator. */
  fixture: string;
  /** The folder the fixture's project root is (for go.work: the workspace folder). */
  root?: string;
  /** The program the ranking must recommend. */
  recommended: string;
  finalImage?: FinalImage;
  layout?: ScaffoldLayout;
  /** What the layout of the real repository it mimics is. */
  shape: string;
}

export const GENERATOR_CASES: GeneratorCase[] = [
  { name: 'notify', fixture: 'notify', recommended: '.', shape: 'a server at the module root, with examples/ and tools/ mains' },
  { name: 'notify-scratch', fixture: 'notify', recommended: '.', finalImage: 'scratch', shape: 'the same on scratch: it calls HTTPS, so the CA bundle is copied' },
  { name: 'syncd', fixture: 'syncd', recommended: './cmd/syncd', shape: 'cmd/<module name> among other cmd/*, cmd/infra/* and cmd/dev/* mains' },
  { name: 'syncd-scratch', fixture: 'syncd', recommended: './cmd/syncd', finalImage: 'scratch', shape: 'the same on scratch: it loads time zones, so tzdata is embedded' },
  { name: 'syncd-all', fixture: 'syncd', recommended: './cmd/syncd', layout: 'all-in-one', shape: 'every shipped program in one image' },
  { name: 'syncd-targets', fixture: 'syncd', recommended: './cmd/syncd', layout: 'per-target', shape: 'one build target per program' },
  { name: 'relay', fixture: 'relay', recommended: './cmd/relay', shape: '.goreleaser.yaml with -X version stamping, tags, CGO_ENABLED=0 and -a' },
  { name: 'pinger', fixture: 'pinger', recommended: './cmd/pinger', shape: 'a Makefile-only build with -X, -a -installsuffix cgo and tags' },
  { name: 'greeter', fixture: 'greeter', recommended: '.', shape: 'a vendored module' },
  { name: 'shop-api', fixture: 'shop/api', root: 'shop', recommended: '.', shape: 'a go.work module that needs one other module of the workspace' },
  { name: 'hasher', fixture: 'hasher', recommended: '.', shape: 'cgo, with CGO_ENABLED=1 and a static external link from .goreleaser.yml' },
];

export interface Generated {
  ws: GoWorkspace;
  scaffold: Scaffold;
  recommended?: string;
  options: ScaffoldOptions;
}

/** Generates a case as `init` does: the recommended program, the project's build settings, the go.work modules it needs. */
export async function generateCase(c: GeneratorCase, base = GENERATOR_FIXTURES): Promise<Generated> {
  const moduleDir = path.join(base, c.fixture);
  const access = new NodeFileAccess(path.join(base, c.root ?? c.fixture));
  const ws = await readGoWorkspace(access, moduleDir);
  const { mainPackages, recommended } = rankedMains(ws);
  const entry = recommended ?? mainPackages[0].dir;
  const options: ScaffoldOptions = { mainPackage: entry };
  if (c.finalImage) options.finalImage = c.finalImage;
  if (c.layout) {
    options.layout = c.layout;
    const shipped = mainPackages.filter((m) => m.group !== 'secondary').map((m) => m.dir);
    options.mainPackages = [entry, ...shipped.filter((d) => d !== entry)];
  }
  const modules = await workModulesFor(access, ws, options.mainPackages ?? [entry]);
  if (modules) options.workspaceModules = modules;
  const result: Generated = { ws, scaffold: generateScaffold(ws, options), options };
  if (recommended !== undefined) result.recommended = recommended;
  return result;
}

/** A throwaway copy of a case's project root, with the generated Dockerfile and ignore file written where init writes them. */
export async function writeCaseCopy(c: GeneratorCase): Promise<{ root: string; moduleDir: string; dockerfile: string; generated: Generated; cleanup: () => void }> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `gd-generator-${c.name}-`)));
  const projectRel = c.root ?? c.fixture;
  fs.cpSync(path.join(GENERATOR_FIXTURES, projectRel), path.join(root, projectRel), { recursive: true });
  const generated = await generateCase(c, root);
  const moduleDir = path.join(root, c.fixture);
  const dockerfile = path.join(moduleDir, 'Dockerfile');
  fs.writeFileSync(dockerfile, generated.scaffold.dockerfile);
  fs.writeFileSync(path.join(moduleDir, generated.scaffold.dockerignoreName), generated.scaffold.dockerignore);
  return { root: path.join(root, projectRel), moduleDir, dockerfile, generated, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
