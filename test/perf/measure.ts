// Times the engine on input shapes against a plain Dockerfile of the same size, in a process of
// its own so that the caller can kill it when a shape hangs. Prints one JSON line per shape, as
// soon as it is measured.
//
//   node --import tsx test/perf/measure.ts <size> <shape>... [--issue-size] [--once] [--root <repo>]
//
// Default mode: the median of a few samples of each, after a warm-up run; a sample runs the work
// as many times as it takes a plain sample to last ~40 ms, so that small inputs measure too. The plain file is
// measured first, once per size. --issue-size: each shape at the size of the issue's reproduction
// (then <size> is ignored, and the plain file is measured per shape).
// --once: a single timed run of each shape (after warming up on the plain file), for reports.
// --root: measure another checkout's engine (e.g. /work/main) with the same shapes.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { plainDockerfile, shapeNamed, type Shape } from './shapes.ts';

interface Engine {
  analyze(text: string, options?: object): Array<{ ruleId: string; range: unknown; message: string; severity: string }>;
  fixAll(text: string, options?: object): { text: string; applied: number };
}
interface CodeActions {
  quickFixesFor(doc: { uri: string; version: number; text: string }, diagnostics: unknown[], findings: unknown[], documentChanges: boolean): unknown[];
}
interface Diagnostics {
  toDiagnostic(finding: unknown, docsUrl: (ruleId: string) => string | undefined): unknown;
}
interface BuildGraph {
  buildGraph(text: string): unknown;
}
interface BuildInputs {
  buildInputs(model: unknown): unknown;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const once = args.includes('--once');
  const atIssueSize = args.includes('--issue-size');
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? path.resolve(args[rootAt + 1]) : path.resolve(__dirname, '..', '..');
  const [sizeText, ...shapeNames] = args.filter((a, i) => !a.startsWith('--') && (rootAt < 0 || i !== rootAt + 1));
  const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(root, file)).href)) as T;
  const engine = await load<Engine>('server/src/engine/index.ts');
  const codeActions = await load<CodeActions>('server/src/lsp/codeActions.ts');
  const diagnostics = await load<Diagnostics>('server/src/lsp/diagnostics.ts');
  const graph = shapeNames.some((n) => shapeNamed(n).work === 'build-graph') ? await load<BuildGraph>('server/src/engine/build-graph.ts') : undefined;
  const inputs = shapeNames.some((n) => shapeNamed(n).work === 'build-inputs') ? await load<BuildInputs>('server/src/engine/build-inputs.ts') : undefined;
  const buildModel = (await load<{ buildModel(text: string): unknown }>('server/src/engine/model/index.ts')).buildModel;

  // The work a shape stands for: analysis; analysis plus the quick fixes for every diagnostic
  // (what a code-action request carrying all of a document's diagnostics asks for); fixAll; the
  // build graph; or the build inputs.
  // A rule that throws fails the measurement: a shape must be answered, not skipped.
  const strict = {
    onRuleError: (ruleId: string, error: unknown) => {
      throw new Error(`rule ${ruleId} threw: ${error instanceof Error ? error.stack : String(error)}`);
    },
  };
  const workOf = (shape: Shape | undefined) => (text: string): number => {
    if (shape?.work === 'fix-all') return engine.fixAll(text, strict).applied;
    if (shape?.work === 'build-graph') return JSON.stringify(graph!.buildGraph(text)).length;
    if (shape?.work === 'build-inputs') return JSON.stringify(inputs!.buildInputs(buildModel(text))).length;
    const findings = engine.analyze(text, strict);
    lastByRule = {};
    for (const f of findings) lastByRule[f.ruleId] = (lastByRule[f.ruleId] ?? 0) + 1;
    if (shape?.work !== 'code-actions') return findings.length;
    const doc = { uri: 'file:///w/Dockerfile', version: 1, text };
    const published = findings.map((f) => diagnostics.toDiagnostic(f, (ruleId: string) => `file:///w/docs/rules/${ruleId}.md`));
    return codeActions.quickFixesFor(doc, published, findings, true).length;
  };
  /** What the last timed run returned (findings, actions or fixes applied), and its findings by rule. */
  let lastCount = 0;
  let lastByRule: Record<string, number> = {};
  const time = (work: (text: string) => number, text: string, runs: number): number => {
    const start = performance.now();
    for (let i = 0; i < runs; i++) lastCount = work(text);
    return (performance.now() - start) / runs;
  };

  /** The plain file's median time per run of the same work, and the runs that make a sample ~40 ms. */
  const plainCost = (size: number, shape: Shape) => {
    const text = plainDockerfile(size);
    const work = workOf(shape);
    time(work, text, 1);
    let runs = 1;
    while (runs < 1 << 16 && time(work, text, runs) * runs < 40) runs *= 2;
    const samples = [0, 1, 2, 3, 4].map(() => time(work, text, runs));
    return { ms: median(samples), runs };
  };

  /** The plain file's cost per kind of work, measured once per size. */
  const shared = new Map<string, { ms: number; runs: number }>();
  for (const name of shapeNames) {
    const shape = shapeNamed(name);
    const size = atIssueSize ? shape.issueSize : Number(sizeText);
    const text = shape.generate(size);
    const work = workOf(shape);
    if (once) {
      time(workOf(shape), plainDockerfile(text.length), 1);
      const start = performance.now();
      const count = work(text);
      console.log(JSON.stringify({ shape: shape.name, size: text.length, ms: performance.now() - start, count }));
      continue;
    }
    // Each shape is compared with the same work on the plain file.
    const kind = shape.work ?? 'analyze';
    let plain = atIssueSize ? undefined : shared.get(kind);
    if (!plain) {
      plain = plainCost(text.length, shape);
      if (!atIssueSize) shared.set(kind, plain);
    }
    // A warm-up sample (the shape's code paths get compiled too), then the samples: five when a
    // sample is short (small inputs), three for the large ones.
    time(work, text, plain.runs);
    const samples = (plain.runs > 1 ? [0, 1, 2, 3, 4] : [0, 1, 2]).map(() => time(work, text, plain.runs));
    const shapeMs = median(samples);
    // (lastCount is the shape's: its samples ran last.)
    console.log(JSON.stringify({ shape: shape.name, size: text.length, runs: plain.runs, plainMs: plain.ms, shapeMs, ratio: shapeMs / plain.ms, count: lastCount, byRule: lastByRule }));
  }
}

void main();
