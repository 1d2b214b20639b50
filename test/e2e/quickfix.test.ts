// Scenario 2: the Ctrl+. quick fixes repair what the squiggles point at, in the real editor.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from './harness.ts';

describe('quick fixes from the lightbulb menu', { timeout: 240_000 }, () => {
  const vs = new VsCodeSession({ scenario: 'quickfix', fixture: 'lint-workspace' });
  before(() => vs.start(), { timeout: 180_000 });
  after(() => vs.close());

  test('"Set CGO_ENABLED=0 for this go build" removes the cgo error squiggle', () =>
    vs.step('cgo-fix', async () => {
      await vs.openFile('Dockerfile');
      await waitFor('the cgo error squiggle on line 5', async () => (await vs.squiggleLines('error')).includes(5));
      await vs.goToLine(5, 5);
      await vs.applyQuickFix('Set CGO_ENABLED=0 for this go build');
      await waitFor('the error squiggle to go', async () => (await vs.squiggles('error').count()) === 0);
      const text = await vs.editorText();
      assert.match(text, /^RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o \/out\/app \.$/m);
      await vs.screenshot('cgo-fixed');
    }));

  test('"Copy go.mod and go.sum and download modules before the sources" removes the cache-order warning', () =>
    vs.step('module-cache-fix', async () => {
      // After the republish for the cgo fix, only the module-cache-order warning on COPY . . is left.
      await waitFor('the only warning to be on COPY . . (line 3)', async () => (await vs.squiggleLines('warning')).join() === '3');
      await vs.goToLine(3, 6);
      await vs.applyQuickFix('Copy go.mod and go.sum and download modules before the sources');
      await waitFor('the warning squiggle to go', async () => (await vs.squiggles('any').count()) === 0);
      const text = await vs.editorText();
      assert.match(text, /^COPY go\.mod go\.sum \.\/\nRUN go mod download\nCOPY \. \.$/m);
      await vs.screenshot('module-cache-fixed');
    }));

  test('both fixes reach the file on disk after Ctrl+S', () =>
    vs.step('save', async () => {
      const shown = (await vs.editorText()).trimEnd();
      // VS Code may already have saved (files.refactoring.autoSave); Ctrl+S makes sure, and the write is asynchronous.
      await vs.page.keyboard.press('Control+S');
      const file = path.join(vs.workspace, 'Dockerfile');
      const saved = await waitFor('the editor text on disk', () => {
        const content = fs.readFileSync(file, 'utf8');
        return content.trimEnd() === shown ? content : undefined;
      });
      assert.ok(saved.includes('RUN CGO_ENABLED=0 go build'));
      assert.ok(saved.indexOf('COPY go.mod go.sum ./') < saved.indexOf('COPY . .'));
    }));
});
