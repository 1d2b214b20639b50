// Scenario 3: "Go: Generate Dockerfile" in a module shaped like a file-sync tool: cmd/syncd among other
// cmd/*, cmd/infra/* and cmd/dev/* mains, no Dockerfile yet. Then the overwrite question, the file saved
// beside, and the CodeLens on an empty Dockerfile.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from './harness.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Go: Generate Dockerfile from the command palette', { timeout: 300_000 }, () => {
  const vs = new VsCodeSession({ scenario: 'generate', fixture: 'generate-workspace' });
  const file = (name: string) => path.join(vs.workspace, name);
  const read = (name: string) => fs.readFileSync(file(name), 'utf8');
  /** The Dockerfile as the first step wrote it. */
  let generated = '';
  before(() => vs.start(), { timeout: 180_000 });
  after(() => vs.close());

  const rows = () => vs.page.locator('.quick-input-list .monaco-list-row');
  const focusedRow = () => vs.page.locator('.quick-input-list .monaco-list-row.focused');

  /** Runs the command and accepts what the program picker and the final image picker preselect. */
  async function generateWithPreselection(): Promise<void> {
    await vs.runCommand('Go: Generate Dockerfile');
    await rows().filter({ hasText: './cmd/discosrv' }).first().waitFor({ state: 'visible' });
    await waitFor('./cmd/syncd to be preselected', async () => (await focusedRow().innerText()).includes('./cmd/syncd'));
    await vs.page.keyboard.press('Enter');
    await rows().filter({ hasText: 'scratch' }).first().waitFor({ state: 'visible' });
    await waitFor('distroless to be preselected', async () => (await focusedRow().innerText()).includes('distroless'));
    await vs.page.keyboard.press('Enter');
  }

  /**
   * Clean: the squiggles of an earlier version, which VS Code keeps on shifted ranges until the
   * server publishes again, go; then none comes back for 3 s (diagnostics are debounced by ~200 ms).
   */
  async function assertNoSquiggles(what: string): Promise<void> {
    await waitFor(`${what} to be republished without squiggles`, async () => (await vs.squiggleLines('any')).length === 0);
    const quietUntil = Date.now() + 3_000;
    while (Date.now() < quietUntil) {
      assert.deepEqual(await vs.squiggleLines('any'), [], `${what} has no squiggles`);
      await settle(250);
    }
  }

  test('the picker ranks the programs and preselects ./cmd/syncd; the Dockerfile is written and opened', () =>
    vs.step('generate', async () => {
      assert.equal(fs.existsSync(file('Dockerfile')), false, 'the fixture starts without a Dockerfile');
      await vs.runCommand('Go: Generate Dockerfile');
      await rows().filter({ hasText: './cmd/discosrv' }).first().waitFor({ state: 'visible' });
      const focused = await waitFor('a preselected program', async () => (await focusedRow().count()) > 0 && focusedRow().innerText());
      assert.match(focused, /\.\/cmd\/syncd/);
      assert.match(focused, /recommended/);
      const list = await vs.page.locator('.quick-input-list').innerText();
      // Groups apart: the other commands, then the development helpers last, then several programs at once.
      for (const label of ['Commands (cmd/)', 'Examples, tools and development programs', 'All binaries in one image', 'One build target per binary']) {
        assert.ok(list.includes(label), `the picker shows "${label}":\n${list}`);
      }
      assert.ok(list.indexOf('./cmd/discosrv') < list.indexOf('./cmd/dev/stvanity'), 'dev helpers come after the other commands');
      await vs.screenshot('program-picker');
      await vs.page.keyboard.press('Enter');
      await rows().filter({ hasText: 'scratch' }).first().waitFor({ state: 'visible' });
      await vs.page.keyboard.press('Enter');

      generated = await waitFor('the Dockerfile on disk', () => fs.existsSync(file('Dockerfile')) && read('Dockerfile'));
      assert.match(generated, /^FROM --platform=\$BUILDPLATFORM golang:/m);
      assert.match(generated, /CGO_ENABLED=0 /);
      assert.match(generated, /^FROM gcr\.io\/distroless\/static-debian12:nonroot/m);
      assert.match(generated, /go build .* -o \/out\/syncd \.\/cmd\/syncd$/m);
      assert.match(generated, /^EXPOSE 8384$/m);
      assert.doesNotMatch(generated, /cmd\/dev|discosrv/);
      const ignore = await waitFor('the .dockerignore on disk', () => fs.existsSync(file('.dockerignore')) && read('.dockerignore'));
      assert.match(ignore, /\.git/);

      await vs.activeEditorTab('Dockerfile').waitFor({ state: 'visible' });
      await waitFor('the editor to show the generated text', async () => (await vs.editorText()).includes('AS build'));
      assert.equal(await vs.isDirty('Dockerfile'), false, 'the generated Dockerfile is saved');
      await vs.page.locator('.notifications-toasts', { hasText: 'Generated Dockerfile' }).waitFor({ state: 'visible' });
      await vs.screenshot('generated');
    }));

  test('the generated Dockerfile lints clean, and the linter is live on it', () =>
    vs.step('lints-clean', async () => {
      await assertNoSquiggles('the generated Dockerfile');
      // Control: leaving cgo on (a plain `go build` on the Debian builder feeding distroless/static) makes
      // cgo-not-disabled appear, so the clean check above was live. The generator puts the environment
      // (CGO_ENABLED=0 GOOS=… GOARCH=… \) on its own continuation line: delete from CGO_ENABLED=0 up to `go build`.
      const lines = read('Dockerfile').split(/\r?\n/);
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
      // Undo back to the saved text: clean again, and nothing unsaved is left for the next step.
      await vs.page.keyboard.press('Control+Z');
      await waitFor('the text to be restored', async () => (await vs.editorText()).includes(setting));
      await waitFor('the squiggle to go after undo', async () => (await vs.squiggleLines('any')).length === 0);
      await waitFor('the tab to be back at the saved text', async () => !(await vs.isDirty('Dockerfile')));
      assert.equal(read('Dockerfile'), generated, 'the file on disk is the generated one');
    }));

  test('running it again asks: Open existing, Replace or Save as Dockerfile.go-dockerfile; Cancel leaves the Dockerfile unchanged', () =>
    vs.step('overwrite-cancel', async () => {
      const mtimeBefore = fs.statSync(file('Dockerfile')).mtimeMs;
      await generateWithPreselection();
      const dialog = vs.page.locator('.monaco-dialog-box', { hasText: 'already exists' });
      await dialog.waitFor({ state: 'visible' });
      for (const name of ['Open existing', 'Replace', 'Save as Dockerfile.go-dockerfile beside it', 'Cancel']) {
        assert.equal(await dialog.getByRole('button', { name }).count(), 1, `the "${name}" button`);
      }
      await vs.screenshot('overwrite-question');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      // A write would follow the answer immediately; give it a moment to (not) happen.
      await settle(1_000);
      assert.equal(read('Dockerfile'), generated);
      assert.equal(fs.statSync(file('Dockerfile')).mtimeMs, mtimeBefore);
      assert.equal(fs.existsSync(file('Dockerfile.go-dockerfile')), false);
    }));

  test('"Save as Dockerfile.go-dockerfile beside it" writes a second file, opens it, and keeps the first', () =>
    vs.step('save-beside', async () => {
      await generateWithPreselection();
      const dialog = vs.page.locator('.monaco-dialog-box', { hasText: 'already exists' });
      await dialog.waitFor({ state: 'visible' });
      await dialog.getByRole('button', { name: 'Save as Dockerfile.go-dockerfile beside it' }).click();
      const beside = await waitFor('Dockerfile.go-dockerfile on disk', () => fs.existsSync(file('Dockerfile.go-dockerfile')) && read('Dockerfile.go-dockerfile'));
      assert.match(beside, /docker buildx build .* -f Dockerfile\.go-dockerfile -t syncd:latest \./);
      assert.equal(read('Dockerfile'), generated, 'the first Dockerfile is kept');
      await vs.activeEditorTab('Dockerfile.go-dockerfile').waitFor({ state: 'visible' });
      await waitFor('the editor to show it', async () => (await vs.editorText()).includes('AS build'));
      await assertNoSquiggles('Dockerfile.go-dockerfile');
    }));

  test('an empty Dockerfile offers "Generate the recommended Dockerfile for <module>"; the CodeLens fills it, no questions', () =>
    vs.step('empty-codelens', async () => {
      // The fixture has it, empty: a Dockerfile just created, waiting for content.
      assert.equal(read('prod.Dockerfile'), '');
      await vs.openFile('prod.Dockerfile');
      const lens = vs.activeEditor().locator('.codelens-decoration a', { hasText: 'Generate the recommended Dockerfile for example.com/e2e/syncd' });
      await lens.waitFor({ state: 'visible' });
      await vs.screenshot('empty-codelens');
      assert.deepEqual(await vs.squiggleLines('any'), [], 'a blank Dockerfile is waiting for content, not an error');
      await lens.click();
      await waitFor('the editor to fill', async () => (await vs.editorText()).includes('AS build'));
      const content = await waitFor('prod.Dockerfile saved', () => read('prod.Dockerfile').includes('AS build') && read('prod.Dockerfile'));
      assert.match(content, /-f prod\.Dockerfile -t syncd:latest \./);
      assert.match(content, /-o \/out\/syncd \.\/cmd\/syncd$/m);
      assert.equal(await vs.page.locator('.quick-input-widget:visible').count(), 0, 'no picker: the choice is clear and remembered');
      await assertNoSquiggles('the filled Dockerfile');
      await vs.screenshot('empty-filled');
    }));

  test('"Replace" writes the other choice; the next run preselects the remembered program and final image', () =>
    vs.step('replace-remembered', async () => {
      await vs.runCommand('Go: Generate Dockerfile');
      await rows().filter({ hasText: './cmd/relaysrv' }).first().click();
      await rows().filter({ hasText: 'scratch' }).first().click();
      const dialog = vs.page.locator('.monaco-dialog-box', { hasText: 'already exists' });
      await dialog.waitFor({ state: 'visible' });
      await dialog.getByRole('button', { name: 'Replace' }).click();
      const replaced = await waitFor('the replaced Dockerfile on disk', () => read('Dockerfile').includes('./cmd/relaysrv') && read('Dockerfile'));
      assert.match(replaced, /^FROM scratch$/m);
      await waitFor('the saved tab', async () => !(await vs.isDirty('Dockerfile')));

      await vs.runCommand('Go: Generate Dockerfile');
      await rows().filter({ hasText: './cmd/discosrv' }).first().waitFor({ state: 'visible' });
      await waitFor('./cmd/relaysrv to be preselected', async () => (await focusedRow().innerText()).includes('./cmd/relaysrv'));
      await vs.page.keyboard.press('Enter');
      await rows().filter({ hasText: 'distroless' }).first().waitFor({ state: 'visible' });
      await waitFor('scratch to be preselected', async () => (await focusedRow().innerText()).includes('scratch'));
      await vs.page.keyboard.press('Escape');
      await vs.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      assert.equal(read('Dockerfile'), replaced, 'Escape writes nothing');
    }));
});
