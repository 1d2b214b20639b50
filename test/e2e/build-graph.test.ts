// Scenario: "Go: Show Dockerfile Build Graph" opens the graph beside the editor; its stages and edges are
// in the webview's DOM, a click reveals the stage's FROM line, and an edit to the Dockerfile redraws it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Frame, Locator } from 'playwright-core';
import { VsCodeSession, waitFor } from './harness.ts';

describe('Go: Show Dockerfile Build Graph', { timeout: 300_000 }, () => {
  const vs = new VsCodeSession({ scenario: 'build-graph', fixture: 'graph-workspace' });
  before(() => vs.start(), { timeout: 180_000 });
  after(() => vs.close());

  /** The webview's own document: VS Code nests it in two iframes; it is the frame that holds main#graph. */
  async function graphFrame(): Promise<Frame> {
    return waitFor('the build graph webview frame', async () => {
      for (const frame of vs.page.frames()) {
        if (frame.isDetached()) continue;
        if ((await frame.locator('main#graph').count().catch(() => 0)) > 0) return frame;
      }
      return undefined;
    });
  }

  const stage = (frame: Frame, name: string): Locator => frame.locator(`.node-body[aria-roledescription="stage"][aria-label^="Stage ${name}"]`);

  /** The "Ln 12, Col 1" of the status bar. */
  async function cursorLine(): Promise<number | undefined> {
    const text = await vs.page.locator('[id="status.editor.selection"]').innerText().catch(() => '');
    const match = /Ln (\d+)/.exec(text);
    return match ? Number(match[1]) : undefined;
  }

  test('the command opens the graph beside the editor with every stage and edge', () =>
    vs.step('open', async () => {
      await vs.openFile('Dockerfile');
      // The CodeLens on the first FROM and the editor title button offer the same command.
      await vs.page.locator('.contentWidgets .codelens-decoration', { hasText: 'Show build graph' }).first().waitFor({ state: 'visible' });
      await vs.page.locator('.editor-actions [aria-label="Go: Show Dockerfile Build Graph"], .editor-actions [aria-label="Show Dockerfile Build Graph"]').first().waitFor({ state: 'visible' });
      await vs.runCommand('Go: Show Dockerfile Build Graph');
      await vs.page.locator('.tabs-container .tab', { hasText: 'Build Graph: Dockerfile' }).waitFor({ state: 'visible' });
      const frame = await graphFrame();
      await waitFor('three stages drawn', async () => (await frame.locator('.node-body[aria-roledescription="stage"]').count()) === 3);
      for (const name of ['build', 'test', 'release']) assert.equal(await stage(frame, name).count(), 1, `stage ${name}`);
      assert.match((await stage(frame, 'release').getAttribute('aria-label')) ?? '', /the shipped stage/);
      assert.match((await stage(frame, 'test').getAttribute('aria-label')) ?? '', /Does not reach the shipped image/);
      assert.match((await frame.locator('.node.target').getAttribute('class')) ?? '', /target/);
      assert.equal(await frame.locator('.node.dimmed[data-node="stage-1"]').count(), 1, 'the test stage is dimmed');
      // FROM build → test, and one COPY edge build → release for both copies.
      const edges = frame.locator('.edge');
      assert.equal(await edges.count(), 2);
      assert.equal(await frame.locator('.edge.edge-from[data-from="stage-0"][data-to="stage-1"]').count(), 1);
      const copy = frame.locator('.edge.edge-copy[data-from="stage-0"][data-to="stage-2"]');
      assert.match((await copy.getAttribute('aria-label')) ?? '', /\/out\/app → \/app/);
      // The cgo finding is a badge on the build stage; the summary says what ships.
      assert.equal(await frame.locator('.finding[data-node="stage-0"][aria-label^="error cgo-not-disabled on line 6"]').count(), 1);
      assert.match(await frame.locator('#summary').innerText(), /CA certificates\s+copied in/);
      // No network and no inline code: only the nonce'd bundled script and the bundled stylesheet.
      const csp = (await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
      assert.match(csp, /^default-src 'none'; style-src [^;]+; script-src 'nonce-[A-Za-z0-9+/=]+'$/);
      await vs.screenshot('opened');
    }));

  test('clicking a stage moves the editor cursor to its FROM line; a finding badge to its line', () =>
    vs.step('reveal', async () => {
      const frame = await graphFrame();
      await stage(frame, 'release').click();
      await waitFor('the cursor on line 11 (FROM scratch AS release)', async () => (await cursorLine()) === 11);
      await stage(frame, 'test').click();
      await waitFor('the cursor on line 8 (FROM build AS test)', async () => (await cursorLine()) === 8);
      await frame.locator('.finding[data-node="stage-0"]').first().click();
      await waitFor('the cursor on line 6 (the go build)', async () => (await cursorLine()) === 6);
    }));

  test('keyboard: arrows move between stages, Enter reveals', () =>
    vs.step('keyboard', async () => {
      const frame = await graphFrame();
      await stage(frame, 'build').focus();
      await vs.page.keyboard.press('ArrowDown');
      const focused = await frame.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('aria-label') ?? '');
      assert.match(focused, /^Stage (test|release)/);
      const line = /^Stage test/.test(focused) ? 8 : 11;
      await vs.page.keyboard.press('Enter');
      await waitFor(`the cursor on line ${line} after Enter`, async () => (await cursorLine()) === line);
    }));

  test('the target picker ships another stage and dims what does not reach it', () =>
    vs.step('target', async () => {
      const frame = await graphFrame();
      await frame.locator('select#target').selectOption('test');
      await waitFor('release dimmed, test shipped', async () => (await frame.locator('.node.dimmed[data-node="stage-2"]').count()) === 1 && (await frame.locator('.node.target[data-node="stage-1"]').count()) === 1);
      await frame.locator('select#target').selectOption('');
      await waitFor('back to release', async () => (await frame.locator('.node.target[data-node="stage-2"]').count()) === 1);
    }));

  test('editing the Dockerfile to add a stage updates the graph', () =>
    vs.step('live-edit', async () => {
      const page = vs.page;
      // Focus the Dockerfile editor (not the graph) and append a stage at the end.
      await page.locator('.tabs-container .tab[data-resource-name="Dockerfile"]').first().click();
      await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'visible' });
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('FROM alpine:3.20 AS debug\n');
      await page.keyboard.type('COPY --from=build /out/app /usr/local/bin/app\n');
      const frame = await graphFrame();
      await waitFor('the debug stage in the graph', async () => (await stage(frame, 'debug').count()) === 1);
      // The new last stage ships; release no longer does.
      await waitFor('debug is the shipped stage', async () => /the shipped stage/.test((await stage(frame, 'debug').getAttribute('aria-label')) ?? ''));
      // The COPY line is typed after the FROM line: its edge comes with a later redraw.
      await waitFor('the COPY edge build → debug', async () => (await frame.locator('.edge.edge-copy[data-from="stage-0"][data-to="stage-3"]').count()) === 1);
      await vs.screenshot('edited');
    }));

  test('the graph follows the active Dockerfile', () =>
    vs.step('follow', async () => {
      await vs.openFile('dev.Dockerfile');
      await vs.page.locator('.tabs-container .tab', { hasText: 'Build Graph: dev.Dockerfile' }).waitFor({ state: 'visible' });
      const frame = await graphFrame();
      await waitFor('the dev stage alone', async () => (await frame.locator('.node-body[aria-roledescription="stage"]').count()) === 1 && (await stage(frame, 'dev').count()) === 1);
      assert.match(await frame.locator('#file').innerText(), /dev\.Dockerfile/);
    }));
});
