// Scenario 4: the go-multistage snippet from the suggestion list in an empty Dockerfile.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from './harness.ts';

describe('Dockerfile snippets', { timeout: 240_000 }, () => {
  const vs = new VsCodeSession({ scenario: 'snippet', fixture: 'snippet-workspace' });
  before(() => vs.start(), { timeout: 180_000 });
  after(() => vs.close());

  test('typing go-multistage and accepting the suggestion inserts the multi-stage Dockerfile', () =>
    vs.step('go-multistage', async () => {
      const page = vs.page;
      await vs.openFile('Dockerfile');
      assert.equal((await vs.editorText()).trim(), '', 'the fixture Dockerfile is empty');
      await page.keyboard.type('go-multistage');
      const suggestion = page.locator('.suggest-widget .monaco-list-row', {
        has: page.locator('.label-name', { hasText: /^go-multistage$/ }),
      });
      // Suggestions usually open while typing; Ctrl+Space asks explicitly when they did not.
      await waitFor('the go-multistage suggestion', async () => {
        if (await suggestion.isVisible()) return true;
        await page.keyboard.press('Control+Space');
        await suggestion.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
        return suggestion.isVisible();
      });
      await vs.screenshot('suggestion');
      await suggestion.click();
      const text = await waitFor('the snippet in the editor', async () => {
        const current = await vs.editorText();
        return current.includes('AS build') ? current : undefined;
      });
      assert.match(text, /^FROM --platform=\$BUILDPLATFORM golang:\$\{GO_VERSION\}-bookworm AS build$/m);
      assert.match(text, /^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
      assert.doesNotMatch(text, /go-multistage/, 'the typed prefix is replaced');
      await page.keyboard.press('Escape');
      await vs.screenshot('inserted');
    }));
});
