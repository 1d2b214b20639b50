// Scenario 3: "Go: Generate Dockerfile" from the command palette in a module with two programs and no Dockerfile.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from './harness.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Go: Generate Dockerfile from the command palette', { timeout: 240_000 }, () => {
  const vs = new VsCodeSession({ scenario: 'generate', fixture: 'generate-workspace' });
  const dockerfile = () => path.join(vs.workspace, 'Dockerfile');
  const dockerignore = () => path.join(vs.workspace, '.dockerignore');
  before(() => vs.start(), { timeout: 180_000 });
  after(() => vs.close());

  /** Runs the command and picks this main package in its QuickPick, after checking both programs are offered. */
  async function generateFor(mainPackage: string): Promise<void> {
    const page = vs.page;
    await vs.runCommand('Go: Generate Dockerfile');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: './cmd/worker' }).first().waitFor({ state: 'visible' });
    await rows.filter({ hasText: mainPackage }).first().click();
  }

  test('picking ./cmd/api writes a Dockerfile and .dockerignore and opens the Dockerfile', () =>
    vs.step('generate', async () => {
      assert.equal(fs.existsSync(dockerfile()), false, 'the fixture starts without a Dockerfile');
      await generateFor('./cmd/api');
      const content = await waitFor('the Dockerfile on disk', () => fs.existsSync(dockerfile()) && fs.readFileSync(dockerfile(), 'utf8'));
      assert.match(content, /^FROM --platform=\$BUILDPLATFORM golang:/m);
      assert.match(content, /CGO_ENABLED=0 /);
      assert.match(content, /^FROM gcr\.io\/distroless\/static-debian12:nonroot/m);
      assert.match(content, /go build .*\.\/cmd\/api\b/);
      assert.doesNotMatch(content, /cmd\/worker/);
      const ignore = await waitFor('the .dockerignore on disk', () => fs.existsSync(dockerignore()) && fs.readFileSync(dockerignore(), 'utf8'));
      assert.match(ignore, /\.git/);

      await vs.activeEditorTab('Dockerfile').waitFor({ state: 'visible' });
      await waitFor('the editor to show the generated text', async () => (await vs.editorText()).includes('AS build'));
      await vs.page.locator('.notifications-toasts', { hasText: 'Generated Dockerfile' }).waitFor({ state: 'visible' });
      await vs.screenshot('generated');
    }));

  test('the generated Dockerfile lints clean, and the linter is live on it', () =>
    vs.step('lints-clean', async () => {
      // Absence needs a window: diagnostics are debounced by about 200 ms, so 3 s without any squiggle is clean.
      const quietUntil = Date.now() + 3_000;
      while (Date.now() < quietUntil) {
        assert.deepEqual(await vs.squiggleLines('any'), [], 'the generated Dockerfile has no squiggles');
        await settle(250);
      }
      // Control: leaving cgo on (a plain `go build` on the Debian builder feeding distroless/static) makes
      // cgo-not-disabled appear, so the clean check above was live. The generator puts the environment
      // (CGO_ENABLED=0 GOOS=… GOARCH=… \) on its own continuation line: delete from CGO_ENABLED=0 up to `go build`.
      const lines = fs.readFileSync(dockerfile(), 'utf8').split(/\r?\n/);
      const setting = 'CGO_ENABLED=0';
      const lineIndex = lines.findIndex((line) => line.includes(setting));
      assert.ok(lineIndex >= 0, 'the build command sets CGO_ENABLED=0');
      const line = lines[lineIndex];
      await vs.goToLine(lineIndex + 1, line.indexOf(setting) + 1);
      const page = vs.page;
      if (line.includes('go build')) {
        const width = line.indexOf('go build') - line.indexOf(setting);
        for (let i = 0; i < width; i++) await page.keyboard.press('Shift+ArrowRight');
      } else {
        // Select to the first non-blank character of the next line, then delete: one edit, one undo.
        await page.keyboard.press('Shift+ArrowDown');
        await page.keyboard.press('Shift+End');
        await page.keyboard.press('Shift+Home');
      }
      await page.keyboard.press('Delete');
      await waitFor('a squiggle once cgo is left on', async () => (await vs.squiggleLines('any')).length > 0);
      await vs.screenshot('control-squiggle');
      // Undo back to the saved text: clean again.
      await vs.page.keyboard.press('Control+Z');
      await waitFor('the text to be restored', async () => (await vs.editorText()).includes(setting.trim()));
      await waitFor('the squiggle to go after undo', async () => (await vs.squiggleLines('any')).length === 0);
    }));

  test('running it again asks before overwriting; Cancel leaves the Dockerfile unchanged', () =>
    vs.step('overwrite-cancel', async () => {
      const before = fs.readFileSync(dockerfile(), 'utf8');
      const mtimeBefore = fs.statSync(dockerfile()).mtimeMs;
      await generateFor('./cmd/api');
      const dialog = vs.page.locator('.monaco-dialog-box', { hasText: 'already exists' });
      await dialog.waitFor({ state: 'visible' });
      await vs.screenshot('overwrite-question');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      // A write would follow the answer immediately; give it a moment to (not) happen.
      await settle(1_000);
      assert.equal(fs.readFileSync(dockerfile(), 'utf8'), before);
      assert.equal(fs.statSync(dockerfile()).mtimeMs, mtimeBefore);
    }));
});
