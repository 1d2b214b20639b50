// Times the engine on one input shape against a plain Dockerfile of the same size, in a process of
// its own so that the caller can kill it when the shape hangs. Prints one JSON line.
//
//   node --import tsx test/perf/measure.ts <shape> <size> [--once] [--root <repo>]
//
// Default mode: the median of several samples of each, interleaved, after a warm-up; a sample runs
// the work as many times as it takes a plain sample to last ~40 ms, so small inputs measure too.
// --once: a single timed run of the shape (after warming up on the plain file), for reports.
// --root: measure another checkout's engine (e.g. /work/main) with the same shapes.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { plainDockerfile, shapeNamed } from './shapes.ts';

interface Engine {
  analyze(text: string, options?: object): Array<{ ruleId: string; range: unknown; message: string; severity: string }>;
  fixAll(text: string, options?: object): { text: string; applied: number };
}
interface CodeActions {
  quickFixesFor(doc: { uri: string; version: number; text: string }, diagnostics: unknown[], findings: unknown[], documentChanges: boolean): unknown[];
}
interface Diagnostics {
  toDiagnostic(finding: unknown, root?: string): unknown;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const once = args.includes('--once');
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? path.resolve(args[rootAt + 1]) : path.resolve(__dirname, '..', '..');
  const [shapeName, sizeText] = args.filter((a, i) => !a.startsWith('--') && (rootAt < 0 || i !== rootAt + 1));
  const shape = shapeNamed(shapeName);
  const size = Number(sizeText);
  const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(root, file)).href)) as T;
  const engine = await load<Engine>('server/src/engine/index.ts');
  const codeActions = shape.work === 'code-actions' ? await load<CodeActions>('server/src/lsp/codeActions.ts') : undefined;
  const diagnostics = shape.work === 'code-actions' ? await load<Diagnostics>('server/src/lsp/diagnostics.ts') : undefined;

  // The work a shape stands for: analysis; analysis plus the quick fixes for every diagnostic
  // (what a code-action request carrying all of a document's diagnostics asks for); or fixAll.
  const work = (text: string): number => {
    if (shape.work === 'fix-all') return engine.fixAll(text).applied;
    const findings = engine.analyze(text);
    if (!codeActions || !diagnostics) return findings.length;
    const doc = { uri: 'file:///w/Dockerfile', version: 1, text };
    const published = findings.map((f) => diagnostics.toDiagnostic(f, '/w'));
    return codeActions.quickFixesFor(doc, published, findings, true).length;
  };

  const shapeText = shape.generate(size);
  const plainText = plainDockerfile(shapeText.length);
  const time = (text: string, runs: number): number => {
    const start = performance.now();
    for (let i = 0; i < runs; i++) work(text);
    return (performance.now() - start) / runs;
  };

  time(plainText, 1);
  if (once) {
    const start = performance.now();
    const count = work(shapeText);
    console.log(JSON.stringify({ shape: shape.name, size: shapeText.length, ms: performance.now() - start, count }));
    return;
  }
  // Enough runs per sample for a plain sample to last about 40 ms.
  let runs = 1;
  while (runs < 1 << 16 && time(plainText, runs) * runs < 40) runs *= 2;
  time(shapeText, 1);
  const plain: number[] = [];
  const shaped: number[] = [];
  for (let i = 0; i < 5; i++) {
    plain.push(time(plainText, runs));
    shaped.push(time(shapeText, runs));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const plainMs = median(plain);
  const shapeMs = median(shaped);
  console.log(JSON.stringify({ shape: shape.name, size: shapeText.length, runs, plainMs, shapeMs, ratio: shapeMs / plainMs, count: work(shapeText) }));
}

void main();
