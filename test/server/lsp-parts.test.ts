// The server's pure helpers, tested directly: settings layering, FROM tag context, golang tags, skip guards, action kinds.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { endPosition, fixAllAction, kindRequested, proposalEdit, quickFixesFor } from '../../server/src/lsp/codeActions.ts';
import { analyze } from '../strict-engine.ts';
import { fromTagContext, golangTagsFor, isGolangImage } from '../../server/src/lsp/completion.ts';
import { isBlank, skipReason } from '../../server/src/lsp/diagnostics.ts';
import { ruleDocsUrl } from '../../server/src/lsp/node-platform.ts';
import { nodeConfigStore, nodeProjectRoot } from '../../server/src/config/node.ts';
import { languageFeaturesEnabled, mergeSettings, sanitizeSettings } from '../../server/src/lsp/settings.ts';
import { makeDir, removeDir } from './helpers.ts';

describe('settings', () => {
  test('defaults: enabled, no overrides, auto features, no network, 2 MB limit', () => {
    assert.deepEqual(mergeSettings(), {
      enable: true,
      rules: {},
      languageFeatures: 'auto',
      imageTagCompletion: { network: false },
      maxFileSize: 2_000_000,
    });
  });

  test('later layers win, and rule overrides merge per rule id', () => {
    const file = sanitizeSettings({ enable: false, rules: { 'single-stage': 'off', 'cgo-not-disabled': 'hint' } });
    const editor = sanitizeSettings({ rules: { 'cgo-not-disabled': 'error' }, maxFileSize: 5000 });
    const merged = mergeSettings(file, editor);
    assert.equal(merged.enable, false);
    assert.deepEqual(merged.rules, { 'single-stage': 'off', 'cgo-not-disabled': 'error' });
    assert.equal(merged.maxFileSize, 5000);
  });

  test('mistyped values are dropped instead of breaking the settings', () => {
    assert.deepEqual(
      sanitizeSettings({ enable: 'yes', rules: { a: 'loud', b: 'warning' }, languageFeatures: 'sometimes', maxFileSize: -1 }),
      { rules: { b: 'warning' } },
    );
    assert.deepEqual(sanitizeSettings(null), {});
    assert.deepEqual(sanitizeSettings([1, 2]), {});
  });

  test('imageTagCompletion.network is read nested or dotted', () => {
    assert.deepEqual(sanitizeSettings({ imageTagCompletion: { network: true } }).imageTagCompletion, { network: true });
    assert.deepEqual(sanitizeSettings({ 'imageTagCompletion.network': true }).imageTagCompletion, { network: true });
  });

  test('languageFeatures auto is off only when the client reports another Dockerfile extension', () => {
    assert.equal(languageFeaturesEnabled('auto', undefined), true);
    assert.equal(languageFeaturesEnabled('auto', false), true);
    assert.equal(languageFeaturesEnabled('auto', true), false);
    assert.equal(languageFeaturesEnabled('on', true), true);
    assert.equal(languageFeaturesEnabled('off', false), false);
  });

  test('the config file is the nearest one up to the workspace folder, never above it', async () => {
    const dir = makeDir({ '.go-dockerfile.json': '{}', 'ws/.keep': '', 'ws/svc/.go-dockerfile.json': '{}', 'ws/svc/deploy/.keep': '', 'other/a/.keep': '' });
    try {
      const ws = path.join(dir, 'ws');
      const store = nodeConfigStore();
      const configOf = async (dockerfile: string, workspaceFolders: string[]) =>
        (await store.lookup(dockerfile, nodeProjectRoot(dockerfile, { workspaceFolders }))).config?.file;
      assert.equal(await configOf(path.join(ws, 'svc', 'deploy', 'Dockerfile'), [ws]), path.join(ws, 'svc', '.go-dockerfile.json'));
      assert.equal(await configOf(path.join(ws, 'Dockerfile'), [ws]), undefined);
      assert.equal(await configOf(path.join(dir, 'Dockerfile'), []), path.join(dir, '.go-dockerfile.json'));
      // Outside any workspace folder and repository, only the Dockerfile's own folder counts.
      assert.equal(await configOf(path.join(dir, 'other', 'a', 'Dockerfile'), []), undefined);
    } finally {
      removeDir(dir);
    }
  });
});

describe('FROM tag context', () => {
  test('the cursor after the colon of a FROM image is in its tag', () => {
    assert.deepEqual(fromTagContext('FROM golang:\n', { line: 0, character: 12 }), {
      imageName: 'golang',
      tagRange: { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } },
    });
  });

  test('the image name, a stage name and other instructions are not a tag', () => {
    assert.equal(fromTagContext('FROM golang:1.22 AS build\n', { line: 0, character: 8 }), undefined);
    assert.equal(fromTagContext('FROM golang:1.22 AS build\n', { line: 0, character: 22 }), undefined);
    assert.equal(fromTagContext('FROM golang\nRUN echo a:b\n', { line: 1, character: 11 }), undefined);
  });

  test('a tag on a continuation line is found', () => {
    assert.equal(fromTagContext('FROM \\\n  golang:1.2\n', { line: 1, character: 11 })?.imageName, 'golang');
  });

  test('golang with or without Docker Hub prefixes is the golang image; lookalikes are not', () => {
    assert.equal(isGolangImage(fromTagContext('FROM docker.io/library/golang:\n', { line: 0, character: 30 })!.imageName), true);
    assert.equal(isGolangImage('golang'), true);
    assert.equal(isGolangImage('someone/golang'), false);
    assert.equal(isGolangImage('golangci/golangci-lint'), false);
  });
});

describe('golang tags from go.mod', () => {
  test('a three-part go line gives the version and its major.minor, each plain, -bookworm and -alpine', () => {
    assert.deepEqual(
      golangTagsFor({ goVersion: '1.22.3' }).map((t) => t.tag),
      ['1.22.3', '1.22.3-bookworm', '1.22.3-alpine', '1.22', '1.22-bookworm', '1.22-alpine'],
    );
  });

  test('a toolchain line comes first; shared tags are not repeated', () => {
    const tags = golangTagsFor({ goVersion: '1.22', toolchainVersion: '1.22.5' }).map((t) => t.tag);
    assert.deepEqual(tags, ['1.22.5', '1.22.5-bookworm', '1.22.5-alpine', '1.22', '1.22-bookworm', '1.22-alpine']);
  });

  test('a pre-release only offers its exact tag; garbage and no facts offer nothing', () => {
    assert.deepEqual(golangTagsFor({ goVersion: '1.23rc1' }).map((t) => t.tag), ['1.23rc1']);
    assert.deepEqual(golangTagsFor({ goVersion: 'banana' }), []);
    assert.deepEqual(golangTagsFor(undefined), []);
  });
});

describe('skip guards', () => {
  test('text over the size limit is skipped', () => {
    assert.match(skipReason('x'.repeat(11), 10) ?? '', /maxFileSize/);
    assert.equal(skipReason('x'.repeat(10), 10), undefined);
  });

  test('NUL-heavy content is skipped as binary; ordinary text is not', () => {
    assert.match(skipReason('\u0000'.repeat(10) + 'FROM x\n'.repeat(100), 1e6) ?? '', /binary/);
    assert.equal(skipReason('FROM golang:1.22\nRUN go build\n', 1e6), undefined);
    assert.equal(skipReason('', 1e6), undefined);
  });

  test('the binary share is counted over the first 64 KiB only, and a share of 0.1% is still text', () => {
    const text = (nuls: number) => '\u0000'.repeat(nuls) + 'x'.repeat(1000 - nuls);
    assert.equal(skipReason(text(1), 1e6), undefined, '1 NUL in 1,000 characters: 0.1%, not more');
    assert.match(skipReason(text(2), 1e6) ?? '', /binary/);
    assert.equal(skipReason('x'.repeat(64 * 1024) + '\u0000'.repeat(1000), 1e6), undefined, 'NULs after the sample do not count');
  });
});

describe('blank documents', () => {
  test('whitespace and a BOM are blank; any other character is not', () => {
    for (const text of ['', '\n', ' \t\r\n', '\ufeff\n']) assert.equal(isBlank(text), true, JSON.stringify(text));
    for (const text of ['#', ' FROM', '\n\nx', '\u00a0']) assert.equal(isBlank(text), false, JSON.stringify(text));
  });
});

describe('code action helpers', () => {
  test('kinds are matched hierarchically', () => {
    assert.equal(kindRequested(undefined, 'quickfix'), true);
    assert.equal(kindRequested(['source.fixAll'], 'source.fixAll.go-dockerfile'), true);
    assert.equal(kindRequested(['source'], 'source.fixAll.go-dockerfile'), true);
    assert.equal(kindRequested(['quickfix'], 'source.fixAll.go-dockerfile'), false);
    assert.equal(kindRequested(['source.fix'], 'source.fixAll.go-dockerfile'), false);
  });

  test('the end of the document, for a full replacement', () => {
    assert.deepEqual(endPosition(''), { line: 0, character: 0 });
    assert.deepEqual(endPosition('a\r\nbc'), { line: 1, character: 2 });
    assert.deepEqual(endPosition('a\n'), { line: 1, character: 0 });
  });

  test('a fix that creates a file is a CreateFile (never overwriting) plus an insert into the new file', () => {
    const doc = { uri: 'file:///work/app/Dockerfile', version: 3, text: 'FROM scratch\n' };
    const proposal = { title: 'Create a .dockerignore', edits: [], creates: [{ path: '.dockerignore', text: '.git\n' }] };
    assert.deepEqual(proposalEdit(doc, proposal, { documentChanges: true, createFiles: true }), {
      documentChanges: [
        { kind: 'create', uri: 'file:///work/app/.dockerignore', options: { overwrite: false, ignoreIfExists: false } },
        { textDocument: { uri: 'file:///work/app/.dockerignore', version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.git\n' }] },
      ],
    });
    // Without resource operations (or off disk) there is no way to create it: no action.
    assert.equal(proposalEdit(doc, proposal, { documentChanges: true, createFiles: false }), undefined);
    assert.equal(proposalEdit({ ...doc, uri: 'untitled:Untitled-1' }, proposal, { documentChanges: true, createFiles: true }), undefined);
  });

  test('the missing-dockerignore quick fix creates the file; fix-all leaves it out', () => {
    const text = 'FROM golang:1.22-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    const goFacts = { moduleDir: '/work/app', contextDir: '/work/app', hasGoSum: false, dockerignoreChecked: true };
    const findings = analyze(text, { goFacts });
    assert.deepEqual(findings.map((f) => f.ruleId), ['missing-dockerignore']);
    const doc = { uri: 'file:///work/app/Dockerfile', version: 1, text };
    const diagnostic = { range: findings[0].range, message: findings[0].message, source: 'go-dockerfile', code: 'missing-dockerignore' };
    const actions = quickFixesFor(doc, [diagnostic], findings, true, true);
    const create = actions.find((a) => a.isPreferred);
    assert.equal(create?.title, 'Create a .dockerignore');
    assert.equal((create?.edit?.documentChanges?.[0] as { kind: string; uri: string }).uri, 'file:///work/app/.dockerignore');
    assert.equal(fixAllAction(doc, { goFacts }, true), undefined, 'saving a Dockerfile creates no files');
  });

  test('rule docs links are file URLs into docs/rules', () => {
    assert.equal(ruleDocsUrl('single-stage', '/ext'), 'file:///ext/docs/rules/single-stage.md');
  });
});
