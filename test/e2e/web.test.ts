// Scenario: the extension in VS Code for the Web. A browser-only copy of the packaged extension
// (the VSIX contents, `main` removed) runs in code-server's web worker extension host: the client
// and the language server (a web worker) have no Node, and the server reads the workspace through
// vscode.workspace.fs. What a user sees must be what the desktop shows.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from './harness.ts';
import { prepareBrowserOnlyExtension, type BrowserOnlyExtension } from './web-extension.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function problemFrom(ruleId: string): RegExp {
  return new RegExp(`go-dockerfile\\s*\\(?\\s*${ruleId}\\b`);
}

describe('VS Code for the Web: the browser-only extension in the web worker extension host', { timeout: 420_000 }, () => {
  let extension: BrowserOnlyExtension | undefined;
  let vs: VsCodeSession;
  before(
    async () => {
      extension = prepareBrowserOnlyExtension();
      vs = new VsCodeSession({ scenario: 'web', fixture: 'web-workspace', extensionDir: extension.dir });
      await vs.start();
    },
    { timeout: 240_000 },
  );
  after(async () => {
    await vs?.close();
    extension?.remove();
  });

  test('the packaged manifest declares the browser entry and virtual workspaces; the copy has no main', () => {
    assert.ok(extension);
    assert.equal(extension.manifest.main, undefined);
    assert.equal(extension.manifest.browser, './dist/web/client.js');
    assert.ok(fs.existsSync(path.join(extension.dir, 'dist/web/client.js')));
    assert.ok(fs.existsSync(path.join(extension.dir, 'dist/web/server.js')));
    assert.equal((extension.manifest.capabilities?.virtualWorkspaces as { supported?: unknown })?.supported, 'limited');
  });

  test('squiggles: go.mod against the builder tag, the cgo error on `go build`, the cache-order warning on `COPY . .`', () =>
    vs.step('squiggles', async () => {
      await vs.openFile('Dockerfile');
      await waitFor('an error squiggle on line 5', async () => (await vs.squiggleLines('error')).includes(5), 60_000);
      // go-version-mismatch needs the workspace's go.mod (`go 1.23` against golang:1.22), read through the editor.
      await waitFor('an error squiggle on line 1', async () => (await vs.squiggleLines('error')).includes(1));
      await waitFor('a warning squiggle on line 3', async () => (await vs.squiggleLines('warning')).includes(3));
      // No Node language server: the one that lints runs in a web worker.
      assert.deepEqual(vs.languageServerPids(), []);
      await vs.screenshot('squiggles');
    }));

  test('the Problems panel lists the three, and the rule link opens the docs shipped in the extension', () =>
    vs.step('problems', async () => {
      const panel = await vs.openProblems();
      const text = await waitFor('both rule ids in the Problems panel', async () => {
        const current = await panel.innerText();
        return ['cgo-not-disabled', 'module-cache-order', 'go-version-mismatch'].every((id) => current.includes(id)) ? current : undefined;
      });
      assert.match(text, problemFrom('cgo-not-disabled'));
      assert.match(text, problemFrom('module-cache-order'));
      assert.match(text, problemFrom('go-version-mismatch'));
      const link = panel.locator('a.monaco-link', { hasText: 'cgo-not-disabled' }).first();
      const href = await link.getAttribute('href');
      // The extension's own folder, on the server that hosts it (on vscode.dev: its https address).
      assert.ok(href?.endsWith('/extensions/go-dockerfile.go-dockerfile-0.1.0/docs/rules/cgo-not-disabled.md'), `docs link ${href}`);
      await link.click();
      await vs.activeEditorTab('cgo-not-disabled.md').waitFor({ state: 'visible' });
      await waitFor('the docs page in the editor', async () => (await vs.editorText()).includes('# cgo-not-disabled'));
      await vs.screenshot('docs-link');
    }));

  test('the output channel says once what the browser build does not have, as information', () =>
    vs.step('absent-features', async () => {
      await vs.runCommand('Output: Show Output Channels...');
      await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: /^Go Dockerfile$/ }).first().click();
      const output = vs.page.locator('.part.panel');
      const text = await waitFor('the go-dockerfile log', async () => {
        // Editor text renders spaces as no-break spaces.
        const current = (await output.innerText()).replace(/\u00a0/g, ' ');
        return current.includes('running in the browser') ? current : undefined;
      });
      assert.equal(text.split('running in the browser').length - 1, 1, 'said once');
      assert.match(text, /\[info\] go-dockerfile: running in the browser/);
      assert.match(text.replace(/\s+/g, ' '), /Docker Hub tag lookups/);
      assert.doesNotMatch(text, /\[error\]/);
    }));

  test('Ctrl+. "Set CGO_ENABLED=0 for this go build" clears the cgo error', () =>
    vs.step('quick-fix', async () => {
      await vs.openFile('Dockerfile');
      await vs.goToLine(5, 5);
      await vs.applyQuickFix('Set CGO_ENABLED=0 for this go build');
      await waitFor('the cgo error squiggle to go', async () => !(await vs.squiggleLines('error')).includes(5));
      assert.match(await vs.editorText(), /^RUN CGO_ENABLED=0 go build -trimpath /m);
      await vs.page.keyboard.press('Control+S');
      const file = path.join(vs.workspace, 'Dockerfile');
      await waitFor('the fix on disk', () => fs.readFileSync(file, 'utf8').includes('RUN CGO_ENABLED=0 go build'));
    }));

  test('Go facts come through the editor: go-version-mismatch follows go.mod, module-cache-order follows go.sum', () =>
    vs.step('go-facts', async () => {
      // Only the go-version-mismatch error on FROM once the fix's republish is in.
      await waitFor('the only error to be on line 1', async () => (await vs.squiggleLines('error')).join() === '1');
      const goMod = path.join(vs.workspace, 'go.mod');
      const module = fs.readFileSync(goMod, 'utf8');
      // The server hears of the change from the file watcher and reads go.mod again through the client.
      fs.writeFileSync(goMod, module.replace('go 1.23', 'go 1.22'));
      await waitFor('the version error to go with `go 1.22`', async () => (await vs.squiggleLines('error')).length === 0);
      fs.writeFileSync(goMod, module);
      await waitFor('the version error back with `go 1.23`', async () => (await vs.squiggleLines('error')).includes(1));
      await waitFor('the only warning to be on line 3', async () => (await vs.squiggleLines('warning')).join() === '3');
      const goSum = path.join(vs.workspace, 'go.sum');
      const content = fs.readFileSync(goSum);
      // Nothing to download without go.sum: module-cache-order stays quiet (the server learns it from the file watcher).
      fs.rmSync(goSum);
      await waitFor('the warning to go once go.sum is gone', async () => (await vs.squiggleLines('warning')).length === 0);
      fs.writeFileSync(goSum, content);
      await waitFor('the warning back with go.sum', async () => (await vs.squiggleLines('warning')).includes(3));
      await vs.screenshot('go-facts');
    }));

  test('hover (dockerfile-language-service) and the build graph work in the browser too', () =>
    vs.step('hover-graph', async () => {
      await vs.goToLine(7, 2);
      // Ctrl+K Ctrl+I: Show Hover, on the second FROM.
      await vs.page.keyboard.press('Control+K');
      await vs.page.keyboard.press('Control+I');
      await vs.page.locator('.monaco-hover', { hasText: 'to use for subsequent instructions' }).first().waitFor({ state: 'visible' });
      await vs.page.keyboard.press('Escape');
      await vs.runCommand('Go: Show Dockerfile Build Graph');
      await vs.page.locator('.tabs-container .tab', { hasText: 'Build Graph: Dockerfile' }).waitFor({ state: 'visible' });
      await waitFor('two stages in the graph webview', async () => {
        for (const frame of vs.page.frames()) {
          if (frame.isDetached()) continue;
          if ((await frame.locator('.node-body[aria-roledescription="stage"]').count().catch(() => 0)) === 2) return true;
        }
        return false;
      });
      await vs.screenshot('graph');
    }));

  test('Go: Generate Dockerfile writes the Dockerfile and .dockerignore of the module picked', () =>
    vs.step('generate', async () => {
      await vs.runCommand('View: Close All Editors');
      await vs.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
      const target = path.join(vs.workspace, 'tools', 'gen');
      assert.equal(fs.existsSync(path.join(target, 'Dockerfile')), false);
      await vs.runCommand('Go: Generate Dockerfile');
      const rows = vs.page.locator('.quick-input-list .monaco-list-row');
      await rows.filter({ hasText: 'workspace' }).first().waitFor({ state: 'visible' });
      await rows.filter({ hasText: 'tools/gen' }).first().click();
      // One program there; the final image picker preselects distroless.
      await rows.filter({ hasText: 'scratch' }).first().waitFor({ state: 'visible' });
      await vs.page.keyboard.press('Enter');
      const dockerfile = await waitFor('tools/gen/Dockerfile on disk', () => fs.existsSync(path.join(target, 'Dockerfile')) && fs.readFileSync(path.join(target, 'Dockerfile'), 'utf8'));
      assert.match(dockerfile, /^FROM --platform=\$BUILDPLATFORM golang:/m);
      assert.match(dockerfile, /CGO_ENABLED=0 /);
      assert.match(dockerfile, /^EXPOSE 9090$/m);
      const ignore = await waitFor('tools/gen/.dockerignore on disk', () => fs.existsSync(path.join(target, '.dockerignore')) && fs.readFileSync(path.join(target, '.dockerignore'), 'utf8'));
      assert.match(ignore, /\.git/);
      await vs.activeEditorTab('Dockerfile').waitFor({ state: 'visible' });
      await vs.page.locator('.notifications-toasts', { hasText: 'Generated Dockerfile' }).waitFor({ state: 'visible' });
      // It lints clean: 3 s without a squiggle (diagnostics come within about 200 ms of a change).
      await waitFor('the generated text in the editor', async () => (await vs.editorText()).includes('AS build'));
      await waitFor('the generated Dockerfile to be published without squiggles', async () => (await vs.squiggleLines('any')).length === 0);
      const quietUntil = Date.now() + 3_000;
      while (Date.now() < quietUntil) {
        assert.deepEqual(await vs.squiggleLines('any'), [], 'the generated Dockerfile has no squiggles');
        await settle(250);
      }
      await vs.screenshot('generated');
    }));
});
