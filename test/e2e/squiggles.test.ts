// Scenario 1: what a user sees when they open Dockerfiles with Go mistakes in a Go module workspace.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from './harness.ts';

/** A Problems entry shows the source then the code, e.g. "go-dockerfile(cgo-not-disabled)" (innerText may break lines). */
function problemFrom(ruleId: string): RegExp {
  return new RegExp(`go-dockerfile\\s*\\(?\\s*${ruleId}\\b`);
}

describe('squiggles in a Go module workspace', { timeout: 240_000 }, () => {
  const vs = new VsCodeSession({ scenario: 'squiggles', fixture: 'lint-workspace' });
  before(() => vs.start(), { timeout: 180_000 });
  after(() => vs.close());

  test('the extension is installed and Go: Generate Dockerfile is in the command palette', () =>
    vs.step('installed', async () => {
      const page = vs.page;
      await page.keyboard.press('Control+Shift+X');
      const installed = page.locator('.extensions-viewlet .extension-list-item', { hasText: 'Go Dockerfile' });
      await installed.first().waitFor({ state: 'visible' });

      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('>Generate Dockerfile');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Go: Generate Dockerfile' }).waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
      await page.keyboard.press('Control+Shift+E');
    }));

  test('Dockerfile: an error squiggle on the cgo go build and a warning on the early COPY . .', () =>
    vs.step('dockerfile-squiggles', async () => {
      await vs.openFile('Dockerfile');
      // Line 5 is `RUN go build ...` (builder golang:1.22 feeds scratch); line 3 is `COPY . .` before `go mod download`.
      await waitFor('an error squiggle on line 5', async () => (await vs.squiggleLines('error')).includes(5));
      await waitFor('a warning squiggle on line 3', async () => (await vs.squiggleLines('warning')).includes(3));
      await vs.screenshot('dockerfile');
    }));

  test('the Problems panel lists cgo-not-disabled and module-cache-order from source go-dockerfile', () =>
    vs.step('problems-panel', async () => {
      const panel = await vs.openProblems();
      const text = await waitFor('both rule ids in the Problems panel', async () => {
        const current = await panel.innerText();
        return current.includes('cgo-not-disabled') && current.includes('module-cache-order') ? current : undefined;
      });
      assert.match(text, problemFrom('cgo-not-disabled'));
      assert.match(text, problemFrom('module-cache-order'));
      assert.doesNotMatch(text, /single-stage/, 'Dockerfile is multi-stage: no single-stage problem');
      await vs.screenshot('problems');
    }));

  test('Dockerfile.single (a Dockerfile.* name): a single-stage warning, listed in Problems', () =>
    vs.step('single-stage', async () => {
      await vs.openFile('Dockerfile.single');
      // The shipped stage is the golang toolchain image on line 1.
      await waitFor('a warning squiggle on line 1', async () => (await vs.squiggleLines('warning')).includes(1));
      const panel = await vs.openProblems();
      await waitFor('single-stage in the Problems panel', async () => problemFrom('single-stage').test(await panel.innerText()));
      await vs.screenshot('single-stage');
    }));
});
