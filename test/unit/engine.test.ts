// analyze/applyEdits/fixAll/suppression: the engine contract shared by the server and the CLI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits, rules, suppressionEdit } from '../../server/src/engine/index.ts';
import { analyze, fixAll } from '../strict-engine.ts';

const classic = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n';

describe('analyze', () => {
  it('reports every classic problem with rule id, message and range', () => {
    const findings = analyze(classic);
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['module-cache-order', 'single-stage']);
    for (const f of findings) {
      assert.ok(f.message.length > 20);
      assert.ok(f.range.end.line > f.range.start.line || f.range.end.character > f.range.start.character, 'non-empty range');
    }
  });
  it('severity overrides and off', () => {
    const findings = analyze(classic, { rules: { 'single-stage': 'off', 'module-cache-order': 'error' } });
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['module-cache-order', 'error']]);
  });
  it('returns nothing for empty and non-Dockerfile input', () => {
    assert.deepEqual(analyze(''), []);
    assert.deepEqual(analyze('hello world'), []);
  });
  it('handles a 10,000-line Dockerfile', () => {
    const lines = ['FROM golang:1.22 AS build', 'WORKDIR /src'];
    for (let i = 0; i < 10_000; i++) lines.push(i % 2 ? `RUN echo ${i} && true` : `ENV VAR_${i}=${i}`);
    lines.push('COPY . .', 'RUN go build -trimpath -ldflags="-s -w" -o /out/app .', 'FROM scratch', 'COPY --from=build /out/app /app');
    const findings = analyze(lines.join('\n'));
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['cgo-not-disabled', 'module-cache-order']);
  });
});

describe('suppression comments', () => {
  const code = 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -trimpath -ldflags="-s -w" -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n';
  it('ignore= on the line before the instruction', () => {
    const ids = analyze(code.replace('RUN go', '# go-dockerfile ignore=cgo-not-disabled\nRUN go')).map((f) => f.ruleId);
    assert.deepEqual(ids, ['module-cache-order']);
  });
  it('several ids, separated by commas, across a comment block', () => {
    const ids = analyze(code.replace('COPY . .', '# go-dockerfile ignore=module-cache-order, single-stage\n# why: we vendor in CI\nCOPY . .')).map((f) => f.ruleId);
    assert.deepEqual(ids, ['cgo-not-disabled']);
  });
  it('a reason may follow the ids after --', () => {
    const withReason = code.replace('RUN go', '# go-dockerfile ignore=cgo-not-disabled -- static by build tags\nRUN go');
    assert.deepEqual(analyze(withReason).map((f) => f.ruleId), ['module-cache-order']);
    const finding = analyze(withReason)[0];
    const out = applyEdits(withReason, [suppressionEdit(withReason, { ...finding, range: { start: { line: 3, character: 4 }, end: { line: 3, character: 12 } }, ruleId: 'single-stage' })]);
    assert.ok(out.includes('# go-dockerfile ignore=cgo-not-disabled,single-stage -- static by build tags\n'));
  });
  it('global ignore anywhere in the file', () => {
    assert.deepEqual(analyze(`${code}# go-dockerfile global ignore=cgo-not-disabled,module-cache-order\n`), []);
  });
  it('a comment for another rule does not hide this one', () => {
    assert.equal(analyze(code.replace('RUN go', '# go-dockerfile ignore=single-stage\nRUN go')).length, 2);
  });
  it('suppressionEdit inserts a comment that silences exactly that finding, keeping CRLF', () => {
    const crlf = code.replace(/\n/g, '\r\n');
    const finding = analyze(crlf).find((f) => f.ruleId === 'cgo-not-disabled')!;
    const out = applyEdits(crlf, [suppressionEdit(crlf, finding)]);
    assert.ok(out.includes('\r\n# go-dockerfile ignore=cgo-not-disabled\r\nRUN go build'));
    assert.deepEqual(analyze(out).map((f) => f.ruleId), ['module-cache-order']);
  });
  it('suppressionEdit extends an existing comment', () => {
    const withComment = code.replace('COPY . .', '# go-dockerfile ignore=single-stage\nCOPY . .');
    const finding = analyze(withComment).find((f) => f.ruleId === 'module-cache-order')!;
    const out = applyEdits(withComment, [suppressionEdit(withComment, finding)]);
    assert.ok(out.includes('# go-dockerfile ignore=single-stage,module-cache-order\nCOPY . .'));
  });
});

describe('applyEdits and fixAll', () => {
  it('applies edits as a set against the original text', () => {
    const text = 'abc\ndef\n';
    const out = applyEdits(text, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'X' },
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, newText: 'B' },
    ]);
    assert.equal(out, 'aBc\nXdef\n');
  });
  it('rejects overlapping edits', () => {
    const r = { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } };
    assert.throws(() => applyEdits('abc', [{ range: r, newText: '1' }, { range: r, newText: '2' }]));
  });
  it('keeps a BOM first', () => {
    const out = applyEdits('\uFEFFFROM x', [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# c\n' }]);
    assert.equal(out, '\uFEFF# c\nFROM x');
  });
  it('fixAll repairs the classic Dockerfile completely and converges', () => {
    const result = fixAll(classic);
    assert.deepEqual(result.remaining, []);
    assert.ok(result.applied >= 2);
    assert.deepEqual(fixAll(result.text).applied, 0, 'a second run changes nothing');
  });
  it('fixAll preserves CRLF and BOM', () => {
    const text = '\uFEFF' + classic.replace(/\n/g, '\r\n');
    const result = fixAll(text);
    assert.ok(result.text.startsWith('\uFEFFFROM golang:1.22 AS build\r\n'));
    assert.ok(!/[^\r]\n/.test(result.text), 'no bare LF');
    assert.deepEqual(result.remaining, []);
  });
});

describe('fuzzing (fast-check)', () => {
  const fragments = ['FROM golang:1.22 AS b', 'FROM scratch', 'from alpine', 'RUN go build .', 'RUN CGO_ENABLED=0 go build -o /a .', 'COPY . .', 'COPY go.mod ./', 'COPY --from=b /a /a', 'RUN <<EOF', 'EOF', 'ARG X=1', 'ENV CGO_ENABLED=$X', 'RUN sh -c "go build', '\\', '# go-dockerfile ignore=', 'CMD ["/a"]', 'ENTRYPOINT go', '# escape=`', '`', '"', "'", '${', '$(', '\r', '\uFEFF', '\u0000'];
  it('analyze never throws and fixAll always converges on random Dockerfiles', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 25 }), fc.constantFrom('\n', '\r\n', ' '), (parts, sep) => {
        const text = parts.join(sep);
        const findings = analyze(text);
        for (const f of findings) assert.ok(rules.some((r) => r.meta.id === f.ruleId));
        const result = fixAll(text);
        assert.equal(typeof result.text, 'string');
      }),
      { numRuns: 400 },
    );
  });
  it('analyze never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => Array.isArray(analyze(text))), { numRuns: 500 });
  });
});
