// The Node server's syntax validation (server/src/lsp/syntaxValidation.ts), structurally: small
// texts are validated on the calling thread and start no worker; the worker starts on the first
// large text only, serves the next ones, is let go after an idle spell, and starts again when
// needed. Timing is never asserted: the idle release is awaited as a condition.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { SyntaxValidation } from '../../server/src/lsp/syntaxValidation.ts';

const WORKER = path.join(__dirname, '..', 'fixtures', 'validation', 'counting-worker.cjs');

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 30_000) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('syntax validation (Node)', () => {
  test('a small text is validated on the calling thread, and no worker is started', async () => {
    const fallbackCalls: string[] = [];
    const validation = new SyntaxValidation((text) => (fallbackCalls.push(text), []), () => undefined, { workerFile: WORKER, inlineMaxChars: 100 });
    try {
      const result = await validation.validate('FROM scratch\n');
      assert.equal(result?.[0]?.message, 'inline:13');
      assert.equal(validation.workersStarted, 0);
      assert.equal(validation.workerRunning, false);
      assert.deepEqual(fallbackCalls, [], 'the bundle, not the fallback, validated');
    } finally {
      validation.dispose();
    }
  });

  test('the worker starts on the first large text, serves the next, is released when idle and started again later', async () => {
    const validation = new SyntaxValidation(() => [], () => undefined, { workerFile: WORKER, inlineMaxChars: 10, idleMs: 50 });
    try {
      assert.equal(validation.workersStarted, 0, 'nothing at construction');
      const large = 'x'.repeat(500);
      assert.equal((await validation.validate(large))?.[0]?.message, 'worker:500');
      assert.equal(validation.workersStarted, 1);
      // Two at once share the worker.
      const [a, b] = await Promise.all([validation.validate(large), validation.validate(`${large}y`)]);
      assert.deepEqual([a?.[0]?.message, b?.[0]?.message], ['worker:500', 'worker:501']);
      assert.equal(validation.workersStarted, 1);
      await until(() => !validation.workerRunning, 'the idle worker to be released');
      assert.equal((await validation.validate(large))?.[0]?.message, 'worker:500');
      assert.equal(validation.workersStarted, 2, 'a new worker after the release');
    } finally {
      validation.dispose();
    }
  });

  test('a medium text is validated on the calling thread while a worker starts; the next one goes to that worker', async () => {
    const validation = new SyntaxValidation(() => [], () => undefined, { workerFile: WORKER, immediateMaxChars: 10, inlineMaxChars: 1000, idleMs: 50 });
    try {
      const medium = 'x'.repeat(100);
      assert.equal(validation.runsBeside(medium), false, 'no worker yet: validated after the analysis');
      assert.equal((await validation.validate(medium))?.[0]?.message, 'inline:100');
      assert.equal(validation.workersStarted, 1, 'a worker started for the next one');
      assert.equal(validation.runsBeside(medium), true);
      assert.equal((await validation.validate(medium))?.[0]?.message, 'worker:100');
      // A small text never goes to the worker.
      assert.equal(validation.runsBeside('x'.repeat(5)), false);
      assert.equal((await validation.validate('x'.repeat(5)))?.[0]?.message, 'inline:5');
      await until(() => !validation.workerRunning, 'the idle worker to be released');
      assert.equal(validation.runsBeside(medium), false, 'released: the next medium text is validated here again');
      assert.equal(validation.workersStarted, 1);
    } finally {
      validation.dispose();
    }
  });

  test('without the validation bundle, validation falls back to the given validator', async () => {
    const validation = new SyntaxValidation((text) => [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `fallback:${text.length}` }], () => undefined, {
      workerFile: path.join(__dirname, 'no-such-bundle.js'),
      inlineMaxChars: 10,
    });
    try {
      assert.equal((await validation.validate('short'))?.[0]?.message, 'fallback:5');
      assert.equal((await validation.validate('x'.repeat(50)))?.[0]?.message, 'fallback:50');
      assert.equal(validation.workersStarted, 0);
    } finally {
      validation.dispose();
    }
  });
});
