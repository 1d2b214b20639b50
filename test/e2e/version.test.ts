// Scenario: go-version-mismatch follows go.mod. The Dockerfile's builder trails go.mod's `go` line;
// editing that line in go.mod (and saving) clears the error in the Dockerfile, which stays open the
// whole time: the server refreshes its Go facts from the file watcher and relints open documents.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from './harness.ts';

describe('go-version-mismatch follows go.mod edits', { timeout: 240_000 }, () => {
  const vs = new VsCodeSession({ scenario: 'version', fixture: 'version-workspace' });
  before(() => vs.start(), { timeout: 180_000 });
  after(() => vs.close());

  test('the golang:1.21 builder is an error while go.mod says go 1.22', () =>
    vs.step('mismatch-shown', async () => {
      await vs.openFile('Dockerfile');
      await waitFor('an error squiggle on line 1', async () => (await vs.squiggleLines('error')).includes(1));
      const panel = await vs.openProblems();
      const text = await waitFor('go-version-mismatch in the Problems panel', async () => {
        const current = await panel.innerText();
        return /go-dockerfile\s*\(?\s*go-version-mismatch\b/.test(current) ? current : undefined;
      });
      assert.match(text, /go 1\.22/);
      await vs.screenshot('mismatch');
    }));

  test('changing the go line to 1.21 in go.mod and saving clears it, without reopening the Dockerfile', () =>
    vs.step('go-mod-edited', async () => {
      const page = vs.page;
      await vs.openFile('go.mod');
      // Line 3 is `go 1.22`: replace the whole line.
      await vs.goToLine(3, 1);
      await page.keyboard.press('Home');
      await page.keyboard.press('Shift+End');
      await page.keyboard.type('go 1.21');
      await page.keyboard.press('Control+S');
      const goMod = path.join(vs.workspace, 'go.mod');
      await waitFor('go.mod saved with go 1.21', () => /^go 1\.21$/m.test(fs.readFileSync(goMod, 'utf8')));

      // Back to the Dockerfile's tab: the document was never closed.
      await page.locator('.tabs-container .tab[data-resource-name="Dockerfile"]').click();
      await vs.activeEditorTab('Dockerfile').waitFor({ state: 'visible' });
      await waitFor('the error squiggle to go', async () => (await vs.squiggles('error').count()) === 0);
      const panel = await vs.openProblems();
      await waitFor('go-version-mismatch gone from the Problems panel', async () => !/go-version-mismatch/.test(await panel.innerText()));
      await vs.screenshot('mismatch-cleared');
    }));
});
