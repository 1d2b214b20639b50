// Scenario: the status bar item and "Go Dockerfile: Restart Server". A restart from the palette goes
// through starting back to ready and the squiggles come back; a server that keeps crashing shows as
// failed, and clicking the item offers the restart (which works) and the output.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from './harness.ts';

/** The page-side record of what the status item and the editor showed, from a MutationObserver. */
interface Recorded {
  states: string[];
  squiggleCounts: number[];
}

describe('status bar item and Restart Server', { timeout: 300_000 }, () => {
  const vs = new VsCodeSession({ scenario: 'restart', fixture: 'lint-workspace' });
  before(() => vs.start(), { timeout: 180_000 });
  after(() => vs.close());

  /** The status item's state, from its accessibility label "Go Dockerfile: <state>". */
  const statusState = () =>
    vs.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
      const label = doc.querySelector('.statusbar-item [aria-label^="Go Dockerfile: "], .statusbar-item[aria-label^="Go Dockerfile: "]')?.getAttribute('aria-label');
      return label ? label.slice('Go Dockerfile: '.length) : undefined;
    });

  /** Whether `condition` stays true for `ms` (polled); false as soon as it does not. */
  async function holdsFor(ms: number, condition: () => Promise<boolean>): Promise<boolean> {
    for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
      if (!(await condition())) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return condition();
  }

  /**
   * Starts recording every change of the status state and of the error squiggle count, in the page.
   * A string, not a function: tsx would add helpers (__name) the page does not have.
   */
  const startRecording = () =>
    vs.page.evaluate(`(() => {
      window.__gdf?.observer.disconnect();
      const record = { states: [], squiggleCounts: [] };
      function sample() {
        const item = document.querySelector('.statusbar-item [aria-label^="Go Dockerfile: "], .statusbar-item[aria-label^="Go Dockerfile: "]');
        const state = (item?.getAttribute('aria-label') ?? '').slice('Go Dockerfile: '.length);
        if (state && record.states[record.states.length - 1] !== state) record.states.push(state);
        const squiggles = document.querySelectorAll('.editor-instance .squiggly-error').length;
        if (record.squiggleCounts[record.squiggleCounts.length - 1] !== squiggles) record.squiggleCounts.push(squiggles);
      }
      const observer = new MutationObserver(sample);
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'class'] });
      window.__gdf = { states: record.states, squiggleCounts: record.squiggleCounts, observer };
      sample();
    })()`);

  const recorded = () =>
    vs.page.evaluate(() => {
      const g = globalThis as unknown as { __gdf?: Recorded };
      return { states: [...(g.__gdf?.states ?? [])], squiggleCounts: [...(g.__gdf?.squiggleCounts ?? [])] };
    });

  test('the item shows ready once the server runs', () =>
    vs.step('ready', async () => {
      await vs.openFile('Dockerfile');
      await waitFor('the cgo error squiggle on line 5', async () => (await vs.squiggleLines('error')).includes(5));
      await waitFor('the status item to say ready', async () => (await statusState()) === 'ready');
      // Started with a small young generation (client/src/node/extension.ts): less memory.
      const [pid] = vs.languageServerPids();
      assert.ok(pid !== undefined, 'a language server runs');
      assert.ok(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--max-semi-space-size=2'), 'the server runs with --max-semi-space-size=2');
      await vs.screenshot('ready');
    }));

  test('Go Dockerfile: Restart Server goes through starting back to ready, and the squiggles come back', () =>
    vs.step('restart-from-palette', async () => {
      const before = vs.languageServerPids();
      assert.equal(before.length, 1, `one language server: ${before.join(', ')}`);
      await startRecording();
      await vs.runCommand('Go Dockerfile: Restart Server');
      await waitFor('a new language server process', () => {
        const now = vs.languageServerPids();
        return now.length === 1 && now[0] !== before[0];
      });
      await waitFor('the status item back to ready', async () => (await recorded()).states.includes('starting') && (await statusState()) === 'ready');
      await waitFor('the cgo error squiggle back on line 5', async () => (await vs.squiggleLines('error')).includes(5));
      const { states, squiggleCounts } = await recorded();
      assert.ok(states.indexOf('starting') < states.lastIndexOf('ready'), `states: ${states.join(' → ')}`);
      // The stopped client clears its diagnostics; the new server publishes them again.
      assert.ok(squiggleCounts.indexOf(0) >= 0 && squiggleCounts.lastIndexOf(0) < squiggleCounts.length - 1, `error squiggles: ${squiggleCounts.join(' → ')}`);
      await vs.screenshot('restarted');
    }));

  test('a server that keeps crashing shows as failed; clicking the item restarts it', () =>
    vs.step('failed-then-restart', async () => {
      // The client restarts a crashed server a few times (4 in 3 minutes), then gives up: crash a
      // running server until it does. (A server killed while it initializes fails its start
      // instead, which the client handles differently: wait for ready before each kill.) A failed
      // start also shows failed, but an editor request then starts the client again
      // (vscode-languageclient starts on demand): failed counts once it holds, with no server
      // process, for a few seconds. Until then, crash what runs.
      let failed = false;
      for (let round = 0; round < 16 && !failed; round++) {
        const state = await waitFor('the server ready, or the item showing failed', async () => {
          const now = await statusState();
          return now === 'ready' || now === 'failed' ? now : undefined;
        });
        const pids = state === 'failed' ? vs.languageServerPids() : await waitFor('a running language server', () => {
          const found = vs.languageServerPids();
          return found.length > 0 ? found : undefined;
        });
        if (state === 'failed' && pids.length === 0) {
          failed = await holdsFor(4_000, async () => (await statusState()) === 'failed' && vs.languageServerPids().length === 0);
          continue;
        }
        // Said when failed: a process that outlived the client's give-up (seen about once in ten full runs).
        if (state === 'failed') console.log(`# restart: server process(es) ${pids.join(', ')} running while the item says failed; killing them`);
        for (const pid of pids) process.kill(pid, 'SIGKILL');
        await waitFor('the server to come back or the item to show failed', async () => (await statusState()) === 'failed' || vs.languageServerPids().some((pid) => !pids.includes(pid)));
      }
      assert.ok(failed, 'the item says failed, with no server running, once the client gave up');
      await vs.screenshot('failed');

      await vs.page.locator('.statusbar-item', { hasText: 'Go Dockerfile' }).first().click();
      const restart = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Go Dockerfile: Restart Server' });
      await restart.waitFor({ state: 'visible' });
      await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Output' }).waitFor({ state: 'visible' });
      await vs.screenshot('failed-actions');
      await restart.click();
      await waitFor('the status item back to ready', async () => (await statusState()) === 'ready');
      assert.equal(vs.languageServerPids().length, 1);
      await waitFor('the cgo error squiggle back on line 5', async () => (await vs.squiggleLines('error')).includes(5));
      await vs.screenshot('recovered');
    }));
});
