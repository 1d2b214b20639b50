// Property tests of the engine (issue 12) on generated input, with a fixed seed and a fixed number
// of runs so `npm test` is repeatable; `npm run fuzz` runs the same properties on 100,000+ inputs
// per generator. The properties are in test/fuzz/properties.ts, the generators in
// test/fuzz/generators.ts. Below them: each defect the fuzzing found, as the input that showed it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dockerfileText, garbageText, goFacts, HUGE_PIECES } from '../fuzz/generators.ts';
import { checkEngine } from '../fuzz/properties.ts';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits } from '../../server/src/engine/index.ts';
import { analyze, fixAll } from '../strict-engine.ts';

const SEED = 20261129;

describe('engine properties on generated input (fixed seed)', () => {
  it('Dockerfile-shaped text: never throws, ranges inside, fixes well-formed and local, suppressions honoured, fix-all converges', () => {
    fc.assert(fc.property(dockerfileText, goFacts, (text, facts) => checkEngine(text, facts)), { seed: SEED, numRuns: 1500 });
  });
  it('raw garbage: the same properties', () => {
    fc.assert(fc.property(garbageText, goFacts, (text, facts) => checkEngine(text, facts)), { seed: SEED, numRuns: 1500 });
  });
  it('the sizes the issue names: a 64 KiB line, 10,000 continuations, an unterminated heredoc, runs of CR, backslashes, ${', () => {
    for (const text of HUGE_PIECES) {
      checkEngine(text, undefined);
      checkEngine(`# escape=\`\n${text}`, undefined);
    }
  });
});

describe('defects the fuzzing found', () => {
  it('a flag appended to the last command of `sh -c "…"` goes inside the quotes (fix-all did not converge)', () => {
    for (const [text, fixed] of [
      ['FROM x\nRUN sh -c "go build"', `FROM x\nRUN sh -c "go build -trimpath -ldflags='-s -w'"`],
      ["FROM x\nRUN sh -c 'cd x && go build'", `FROM x\nRUN sh -c 'cd x && go build -trimpath -ldflags="-s -w"'`],
    ]) {
      checkEngine(text, undefined);
      assert.equal(fixAll(text).text, fixed);
    }
  });
  it('positions count a lone CR as a line break, as editors do (squiggles and quick fixes landed on the wrong text)', () => {
    // Docker reads `RUN echo a\r&& go build` as one line; an LSP client shows two.
    const text = 'FROM golang:1.22 AS build\nCOPY . .\nRUN echo a\r&& go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n';
    const doc = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text);
    const findings = analyze(text);
    const cgo = findings.find((f) => f.ruleId === 'cgo-not-disabled')!;
    assert.equal(doc.getText(cgo.range), 'go build');
    // The editor applies the fix where the engine meant it, and the CLI's applyEdits agrees.
    const edited = TextDocument.applyEdits(doc, cgo.fix!.edits);
    assert.equal(edited, applyEdits(text, cgo.fix!.edits));
    assert.ok(edited.includes('\r&& CGO_ENABLED=0 go build'), JSON.stringify(edited));
    checkEngine(text, undefined);
  });
});
