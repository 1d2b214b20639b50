// dockerfile-utils quick fixes: the case-changing ones are computed from one indexed document per
// request (the service indexes the whole text again for each command, which made a request with
// many diagnostics quadratic). They must stay exactly what the service computes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic, TextEdit } from 'vscode-languageserver';
import { LanguageFeatures } from '../../server/src/lsp/languageFeatures.ts';

const TEXT = ['# Escape=`', 'from golang:1.22 as build', 'Run go build -o /app .', 'copy --from=build /app /app', 'FROM scratch', 'COPY --from=build /app /app', 'entrypoint ["/app"]', ''].join('\r\n');

describe('dockerfile-utils quick fixes', () => {
  it('are the edits the service itself computes, for every diagnostic of a document', () => {
    const features = new LanguageFeatures({}, () => undefined);
    const diagnostics = features.validate(TEXT).map((d) => ({ ...d, source: 'dockerfile-utils' }) as Diagnostic);
    const doc = { uri: 'file:///w/Dockerfile', version: 3, text: TEXT };
    const actions = features.codeActions(doc, diagnostics, false);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.filter((t) => /uppercase/i.test(t)).length >= 4, titles.join(' | '));
    assert.ok(titles.some((t) => /lowercase/i.test(t)), titles.join(' | '));
    // The same actions, with every edit recomputed by the service from the whole text.
    for (const action of actions) {
      const diagnostic = action.diagnostics![0];
      const [command] = features.service
        .computeCodeActions({ uri: doc.uri }, diagnostic.range, { diagnostics: [{ ...diagnostic }] as never })
        .filter((c) => c.title === action.title);
      const expected = features.service.computeCommandEdits(TEXT, command.command, command.arguments ?? []) as TextEdit[];
      assert.deepEqual(action.edit?.changes?.[doc.uri], expected, action.title);
    }
  });
});
