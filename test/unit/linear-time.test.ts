// The engine is linear in its input (issue 7, part 3). Each input shape that once made it
// super-linear runs in a child process, so that a regression is killed instead of hanging the
// suite, and is timed against a plain Dockerfile of the same size in that same process: the bound
// is a ratio of medians (generous, for a shared, noisy machine), never an absolute time.
//   - the issue's reproductions, at the sizes the issue measured them;
//   - every shape (the issue's and those found auditing the engine) at about 1 MB.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_SHAPES, SHAPES, type Shape } from '../perf/shapes.ts';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const MEASURE = path.join(REPO_ROOT, 'test', 'perf', 'measure.ts');
/** LINEAR_TIME_ROOT=/path/to/checkout measures that checkout's engine instead (to see a fix fail without it). */
const ENGINE_ROOT = process.env.LINEAR_TIME_ROOT;

/** A shape may cost this many times a plain Dockerfile of the same size. */
const MAX_RATIO = 20;
/** One shape still running after this long is a regression, not noise (a linear one takes seconds). */
const KILL_AFTER_MS = 90_000;

interface Measurement {
  shape: string;
  size: number;
  plainMs: number;
  shapeMs: number;
  ratio: number;
  /** What the work returned: findings, code actions or fixes applied. */
  count: number;
  /** The findings of the last analysis, by rule id. */
  byRule: Record<string, number>;
}

/**
 * Measures shapes in child processes, one after the other, and hands out each result as it comes.
 * A shape that does not finish in time is killed and reported; a new child goes on with the rest.
 */
function measureAll(shapes: Shape[], mode: { size: number } | 'issue-size'): Map<string, Promise<Measurement>> {
  const settlers = new Map<string, { resolve: (m: Measurement) => void; reject: (e: Error) => void }>();
  const results = new Map(
    shapes.map((shape) => [shape.name, new Promise<Measurement>((resolve, reject) => settlers.set(shape.name, { resolve, reject }))]),
  );
  for (const promise of results.values()) promise.catch(() => undefined); // reported by the test that awaits it
  const run = (pending: Shape[]) => {
    if (pending.length === 0) return;
    const sizeArgs = mode === 'issue-size' ? ['0', '--issue-size'] : [String(mode.size)];
    const rootArgs = ENGINE_ROOT ? ['--root', ENGINE_ROOT] : [];
    const child = spawn(process.execPath, ['--import', 'tsx', MEASURE, ...sizeArgs, ...rootArgs, ...pending.map((s) => s.name)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let done = 0;
    let buffered = '';
    let stderr = '';
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    };
    arm();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const m = JSON.parse(line) as Measurement;
        settlers.get(m.shape)?.resolve(m);
        done++;
        arm();
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stuck = pending[done];
      if (!stuck) return;
      const size = mode === 'issue-size' ? stuck.issueSize : mode.size;
      const why =
        signal === 'SIGKILL'
          ? `${stuck.name} at ${size} characters (${stuck.where}) did not finish within ${KILL_AFTER_MS / 1000} s: super-linear again`
          : `measuring ${stuck.name} failed (exit ${code}): ${stderr}`;
      settlers.get(stuck.name)?.reject(new Error(why));
      run(pending.slice(done + 1));
    });
  };
  run(shapes);
  return results;
}

async function assertLinear(shape: Shape, result: Promise<Measurement>, expected?: Record<string, number>): Promise<void> {
  const m = await result;
  // Fast and right: the reproduction still gets its answer (e.g. the cgo error a hang used to hide).
  for (const [ruleId, count] of Object.entries(expected ?? {})) assert.equal(m.byRule[ruleId] ?? 0, count, `${shape.name}: ${ruleId} findings`);
  const detail = `${shape.name} (${shape.where}) at ${m.size} characters: ${m.shapeMs.toFixed(1)} ms, a plain Dockerfile ${m.plainMs.toFixed(1)} ms`;
  assert.ok(m.ratio <= MAX_RATIO, `${detail}: ${m.ratio.toFixed(1)}x, more than ${MAX_RATIO}x`);
}

describe("linear time: the issue 7 reproductions, at the issue's sizes", () => {
  let results: Map<string, Promise<Measurement>> | undefined;
  for (const shape of SHAPES) {
    it(`${shape.name}: ${shape.where}`, { timeout: KILL_AFTER_MS * SHAPES.length }, () => {
      results ??= measureAll(SHAPES, 'issue-size');
      return assertLinear(shape, results.get(shape.name)!, shape.issueFindings);
    });
  }
});

describe('linear time: every shape at about 1 MB', () => {
  const all = [...SHAPES, ...AUDIT_SHAPES];
  let results: Map<string, Promise<Measurement>> | undefined;
  for (const shape of all) {
    it(`${shape.name}: ${shape.where}`, { timeout: KILL_AFTER_MS * all.length }, () => {
      results ??= measureAll(all, { size: 1_000_000 });
      return assertLinear(shape, results.get(shape.name)!);
    });
  }
});
