// Quick fixes, suppression and fix-all over stdio: versioned edits that make the findings go away.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/engine/index.ts';
import {
  CGO_DOCKERFILE,
  codes,
  DEFAULT_CAPABILITIES,
  editsOf,
  ensureBuilt,
  fileUri,
  GO_MOD,
  MAIN_GO,
  makeDir,
  moduleClient,
  removeDir,
  TestClient,
} from './helpers.ts';

before(() => ensureBuilt());

/** A single-stage golang image that also copies the sources before downloading modules. */
const SINGLE_STAGE = ['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go mod download', 'RUN CGO_ENABLED=0 go build -o /app .', 'CMD ["/app"]', ''].join('\n');

describe('code actions', { timeout: 60_000 }, () => {
  const shared = moduleClient();
  /** A fresh Dockerfile URI in the module for each test, so tests do not see each other's documents. */
  const nextUri = shared.nextUri;

  async function openWith(text: string, ruleId: string): Promise<{ uri: string; diagnostic: Diagnostic; all: Diagnostic[] }> {
    const uri = nextUri();
    await shared.client.open(uri, text);
    const all = await shared.client.diagnosticsFor(uri, 1);
    const diagnostic = all.find((d) => d.code === ruleId && d.source === 'go-dockerfile');
    assert.ok(diagnostic, `${ruleId} among ${JSON.stringify(codes(all))}`);
    return { uri, diagnostic, all };
  }

  /** Applies an action's edits to the shared.client's copy and sends the result as the next version. */
  async function apply(uri: string, action: CodeAction): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    const { version, edits } = editsOf(action, uri);
    assert.equal(version, shared.client.version(uri), 'edits are stamped with the current document version');
    const text = applyEdits(shared.client.text(uri), edits);
    const next = await shared.client.change(uri, text);
    return { text, diagnostics: await shared.client.diagnosticsFor(uri, next) };
  }

  test('offers the preferred fix as a versioned quick fix, and applying it removes the finding', async () => {
    const { uri, diagnostic } = await openWith(CGO_DOCKERFILE, 'cgo-not-disabled');
    const actions = await shared.client.codeActions(uri, [diagnostic]);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(preferred[0].kind, 'quickfix');
    assert.deepEqual(preferred[0].diagnostics, [diagnostic]);
    const { text, diagnostics } = await apply(uri, preferred[0]);
    assert.match(text, /CGO_ENABLED=0 go build/);
    assert.ok(!codes(diagnostics).includes('cgo-not-disabled'));
    await shared.client.close(uri);
  });

  test('a CRLF document keeps CRLF line endings after a fix', async () => {
    const crlf = CGO_DOCKERFILE.replace(/\n/g, '\r\n');
    const { uri, diagnostic } = await openWith(crlf, 'cgo-not-disabled');
    const actions = await shared.client.codeActions(uri, [diagnostic]);
    const { text, diagnostics } = await apply(uri, actions.find((a) => a.isPreferred)!);
    assert.notEqual(text, crlf);
    assert.equal((text.match(/\r\n/g) ?? []).length, (text.match(/\n/g) ?? []).length, JSON.stringify(text));
    assert.ok(!codes(diagnostics).includes('cgo-not-disabled'));
    await shared.client.close(uri);
  });

  test('a multi-line fix in a CRLF document uses CRLF too', async () => {
    const crlf = SINGLE_STAGE.replace(/\n/g, '\r\n');
    const { uri, diagnostic } = await openWith(crlf, 'single-stage');
    const actions = await shared.client.codeActions(uri, [diagnostic]);
    const { text } = await apply(uri, actions.find((a) => a.isPreferred)!);
    assert.ok(text.split('\n').length > crlf.split('\n').length, 'the fix added lines');
    assert.equal((text.match(/\r\n/g) ?? []).length, (text.match(/\n/g) ?? []).length, JSON.stringify(text));
    await shared.client.close(uri);
  });

  test('"Disable <id> for this line" inserts the suppression comment and silences the rule', async () => {
    const { uri, diagnostic } = await openWith(CGO_DOCKERFILE, 'cgo-not-disabled');
    const actions = await shared.client.codeActions(uri, [diagnostic]);
    const disable = actions.find((a) => a.title === 'Disable cgo-not-disabled for this line');
    assert.ok(disable, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(disable.isPreferred, false);
    const { text, diagnostics } = await apply(uri, disable);
    assert.match(text, /# go-dockerfile ignore=cgo-not-disabled/);
    assert.ok(!codes(diagnostics).includes('cgo-not-disabled'));
    await shared.client.close(uri);
  });

  test('suggestions are offered but never preferred', async () => {
    const alpineCgo = [
      'FROM golang:1.22-alpine AS build',
      'RUN apk add --no-cache gcc musl-dev',
      'WORKDIR /src',
      'COPY go.mod ./',
      'RUN go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/app .',
      '',
      'FROM gcr.io/distroless/base-debian12:nonroot',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
      '',
    ].join('\n');
    const { uri, diagnostic } = await openWith(alpineCgo, 'alpine-cgo');
    const actions = await shared.client.codeActions(uri, [diagnostic]);
    const suggestions = actions.filter((a) => a.title !== 'Disable alpine-cgo for this line');
    assert.ok(suggestions.length > 0, JSON.stringify(actions.map((a) => a.title)));
    for (const action of suggestions) assert.equal(action.isPreferred, false, action.title);
    await shared.client.close(uri);
  });

  test('source.fixAll.go-dockerfile replaces the document with every preferred fix applied', async () => {
    const { uri } = await openWith(SINGLE_STAGE, 'single-stage');
    const actions = await shared.client.codeActions(uri, [], ['source.fixAll']);
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.go-dockerfile']);
    const { edits } = editsOf(actions[0], uri);
    assert.equal(edits.length, 1);
    assert.deepEqual(edits[0].range.start, { line: 0, character: 0 });
    const { diagnostics } = await apply(uri, actions[0]);
    assert.ok(!codes(diagnostics).includes('single-stage'), JSON.stringify(codes(diagnostics)));
    assert.ok(!codes(diagnostics).includes('module-cache-order'), JSON.stringify(codes(diagnostics)));
    await shared.client.close(uri);
  });

  test('no fix-all action when nothing is fixable', async () => {
    const { uri } = await openWith(CGO_DOCKERFILE, 'cgo-not-disabled');
    const fixed = CGO_DOCKERFILE.replace('RUN go build', 'RUN CGO_ENABLED=0 go build');
    const version = await shared.client.change(uri, fixed);
    await shared.client.diagnosticsFor(uri, version);
    assert.deepEqual(await shared.client.codeActions(uri, [], ['source.fixAll']), []);
    await shared.client.close(uri);
  });

  test('a quickfix-only request gets no source action', async () => {
    const { uri, diagnostic } = await openWith(CGO_DOCKERFILE, 'cgo-not-disabled');
    const actions = await shared.client.codeActions(uri, [diagnostic], ['quickfix']);
    assert.ok(actions.length > 0);
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    await shared.client.close(uri);
  });

  test('fix-all is offered when the menu is opened, not on automatic lightbulb checks', async () => {
    const { uri, diagnostic } = await openWith(CGO_DOCKERFILE, 'cgo-not-disabled');
    const request = (triggerKind: number) =>
      shared.client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], triggerKind } });
    const automatic = await request(2);
    assert.ok(automatic.some((a) => a.isPreferred), 'the quick fix is still there');
    assert.ok(!automatic.some((a) => a.kind === 'source.fixAll.go-dockerfile'));
    const invoked = await request(1);
    assert.ok(invoked.some((a) => a.kind === 'source.fixAll.go-dockerfile'));
    await shared.client.close(uri);
  });

  test('a diagnostic from an older version gets no fix', async () => {
    const { uri, diagnostic } = await openWith(CGO_DOCKERFILE, 'cgo-not-disabled');
    // Two lines above the build command: the old range no longer points at a finding.
    const version = await shared.client.change(uri, `# one\n# two\n${CGO_DOCKERFILE}`);
    await shared.client.diagnosticsFor(uri, version);
    const actions = await shared.client.codeActions(uri, [diagnostic], ['quickfix']);
    assert.deepEqual(actions, []);
    await shared.client.close(uri);
  });

  test('dockerfile-utils diagnostics get the language service quick fixes', async () => {
    const text = CGO_DOCKERFILE.replace('WORKDIR /src', 'workdir /src');
    const uri = nextUri();
    await shared.client.open(uri, text);
    const diagnostics = await shared.client.diagnosticsFor(uri, 1);
    const casing = diagnostics.find((d) => d.source === 'dockerfile-utils');
    assert.ok(casing, JSON.stringify(diagnostics));
    const actions = await shared.client.codeActions(uri, [casing]);
    const upper = actions.find((a) => /uppercase/i.test(a.title));
    assert.ok(upper, JSON.stringify(actions.map((a) => a.title)));
    const { version, edits } = editsOf(upper, uri);
    assert.equal(version, 1);
    assert.match(applyEdits(text, edits), /^WORKDIR \/src$/m);
    await shared.client.close(uri);
  });
});

describe('code actions for a client without documentChanges', { timeout: 60_000 }, () => {
  test('falls back to a plain changes map', async () => {
    const dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
    const capabilities = structuredClone(DEFAULT_CAPABILITIES);
    capabilities.workspace!.workspaceEdit = { documentChanges: false };
    const client = await TestClient.start({ root: dir, settings: {}, capabilities });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      await client.open(uri, CGO_DOCKERFILE);
      const diagnostic = (await client.diagnosticsFor(uri, 1)).find((d) => d.code === 'cgo-not-disabled')!;
      const [first] = await client.codeActions(uri, [diagnostic], ['quickfix']);
      assert.equal(first.edit?.documentChanges, undefined);
      assert.ok(first.edit?.changes?.[uri]?.length);
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });
});
