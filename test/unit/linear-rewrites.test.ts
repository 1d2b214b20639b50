// Issue 7, part 3: regular expressions and walks that were super-linear were rewritten as linear
// scans. Each rewrite must answer exactly what the original answered: these properties compare
// them on many small random inputs, drawn from the characters that matter to each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { asksForStaticExternalLink } from '../../server/src/engine/go-commands.ts';
import { bookwormVariant } from '../../server/src/engine/rules/alpine-cgo.ts';
import { survivesWithoutShell } from '../../server/src/engine/rules/single-stage.ts';
import { buildModel, instructionAt, trimTrailingSlashes } from '../../server/src/engine/model/index.ts';
import { hasShortOption, isGoReleaseTarball, packageName } from '../../server/src/engine/model/run-commands.ts';
import { readDirective } from '../../server/src/engine/scan.ts';
import { readSuppressions } from '../../server/src/engine/suppression.ts';
import { compatibleFixes } from '../../server/src/engine/fixes.ts';
import type { Finding, TextEdit } from '../../server/src/engine/index.ts';
import { ancestorDirs, baseName, dirName, indexOutputs, isWithin, outputMeets, type BinaryOutput } from '../../server/src/engine/rules/rule-binaries.ts';

const RUNS = { numRuns: 3000 };
/** Strings over a small alphabet, so that the interesting coincidences happen often. */
const over = (chars: string[], maxLength = 24) => fc.array(fc.constantFrom(...chars), { maxLength }).map((xs) => xs.join(''));

describe('parser directives (scan.ts)', () => {
  const original = (line: string) => {
    const m = /^\s*#\s*([A-Za-z]+)\s*=\s*(\S*)\s*$/.exec(line);
    return m ? { name: m[1], value: m[2] } : undefined;
  };
  it('reads exactly what /^\\s*#\\s*([A-Za-z]+)\\s*=\\s*(\\S*)\\s*$/ read', () => {
    fc.assert(
      fc.property(over(['#', ' ', '\t', '=', 'a', 'B', '`', '\\', 'x', '\u00a0', '1'], 14), (line) => {
        assert.deepEqual(readDirective(line, 0, line.length), original(line));
      }),
      RUNS,
    );
  });
  it('reads a directive inside a larger text, between offsets', () => {
    const text = 'xx# escape=`  \nFROM a';
    assert.deepEqual(readDirective(text, 2, 14), { name: 'escape', value: '`' });
  });
});

describe('suppression comments (suppression.ts)', () => {
  // The original walk: from every pragma, down over comment lines to the next instruction.
  const PRAGMA = /^\s*#\s*go-dockerfile\s+(global\s+)?ignore\s*=\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)(?:\s+--.*|\s*)$/;
  const original = (text: string) => {
    const model = buildModel(text);
    const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    const instructionLines = new Set(model.instructions.map((i) => i.range.start.line));
    const global = new Set<string>();
    const byLine = new Map<number, Set<string>>();
    lines.forEach((line, n) => {
      const m = PRAGMA.exec(line.replace(/^\uFEFF/, ''));
      if (!m) return;
      const ids = m[2].split(/[\s,]+/).filter(Boolean);
      if (m[1]) return ids.forEach((id) => global.add(id));
      let next = n + 1;
      while (next < lines.length && !instructionLines.has(next) && /^\s*#/.test(lines[next])) next++;
      if (!instructionLines.has(next)) return;
      const set = byLine.get(next) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      byLine.set(next, set);
    });
    return { global, byLine };
  };
  const line = fc.constantFrom(
    '# go-dockerfile ignore=a',
    '# go-dockerfile ignore=b,c -- why',
    '# go-dockerfile global ignore=d',
    '  # other comment',
    '',
    'FROM golang',
    'RUN go build \\',
    '  && true',
    'COPY . .',
    'garbage line',
  );
  it('applies every pragma to the same instruction as the walk from each pragma did', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 14 }), fc.boolean(), (lines, crlf) => {
        const text = lines.join(crlf ? '\r\n' : '\n');
        const got = readSuppressions(buildModel(text));
        const want = original(text);
        assert.deepEqual([...got.global].sort(), [...want.global].sort());
        const norm = (m: Map<number, Set<string>>) => [...m].map(([k, v]) => [k, [...v].sort()]).sort((a, b) => Number(a[0]) - Number(b[0]));
        assert.deepEqual(norm(got.byInstructionLine), norm(want.byLine));
      }),
      RUNS,
    );
  });
});

describe('instructionAt (a binary search)', () => {
  it('finds the instruction a linear search found, at every offset', () => {
    const line = fc.constantFrom('FROM a', 'RUN x \\', '  y', '# c', '', 'RUN <<EOF', 'body', 'EOF', 'COPY a b');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), (lines) => {
        const text = lines.join('\n');
        const model = buildModel(text);
        for (let offset = -1; offset <= text.length + 1; offset++) {
          assert.equal(instructionAt(model, offset), model.instructions.find((i) => i.start <= offset && offset <= i.end));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('-extldflags -static (go-commands.ts)', () => {
  const original = (ldflags: string) => /extldflags[= ]+["']?[^"']*-static/.test(ldflags);
  it('answers what /extldflags[= ]+["\']?[^"\']*-static/ answered', () => {
    const piece = fc.constantFrom('extldflags', ' ', '=', '"', "'", '-static', '-s', '-w', 'x', '-');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const ldflags = pieces.join('');
        assert.equal(asksForStaticExternalLink(ldflags), original(ldflags), ldflags);
      }),
      RUNS,
    );
  });
});

describe('alpine tag to bookworm (alpine-cgo)', () => {
  const original = (reference: string) => {
    const replaced = reference.replace(/(:[^/]*?)(?:-?alpine[\d.]*)$/, (_, head: string) => (head === ':' ? ':bookworm' : `${head}-bookworm`));
    return replaced === reference ? undefined : replaced;
  };
  it('rewrites exactly the references the regular expression rewrote', () => {
    const piece = fc.constantFrom('golang', ':', '/', '-', 'alpine', '3', '.', '1.22', '@', 'sha256', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const reference = pieces.join('');
        assert.equal(bookwormVariant(reference), original(reference), reference);
      }),
      RUNS,
    );
  });
});

describe('HEALTHCHECK without a shell (single-stage)', () => {
  const original = (text: string) => /^HEALTHCHECK\s+(NONE|.*\bCMD\s*\[)/is.test(text);
  it('keeps the same checks as /^HEALTHCHECK\\s+(NONE|.*\\bCMD\\s*\\[)/is for written instructions', () => {
    const args = fc.constantFrom('NONE', 'none', 'CMD ["/app", "health"]', 'CMD  [ "x" ]', 'cmd ["x"]', 'CMD curl -f http://x || exit 1', 'CMD /app health', '--interval=5s CMD ["/app"]', '--interval=5s --retries=3 CMD /app', '--timeout=1s NONE');
    fc.assert(
      fc.property(args, fc.constantFrom(' ', '  ', '\t'), (rest, gap) => {
        const text = `FROM scratch\nHEALTHCHECK${gap}${rest}\n`;
        const instr = buildModel(text).instructions[1];
        assert.equal(survivesWithoutShell(instr), original(text.slice(instr.start, instr.end)), text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('shell words (run-commands.ts)', () => {
  it('-c among short options: what /^-[a-z]*c[a-z]*$/ matched', () => {
    fc.assert(
      fc.property(over(['-', 'c', 'e', 'x', 'C', '1', ' '], 8), (word) => {
        assert.equal(hasShortOption(word, 'c'), /^-[a-z]*c[a-z]*$/.test(word), word);
      }),
      RUNS,
    );
  });
  it('package names without versions: what .replace(/[=~<>].*$/, "") left, on one line', () => {
    fc.assert(
      fc.property(over(['g', 'C', 'c', '=', '~', '<', '>', '1', '.', '-'], 12), (word) => {
        assert.equal(packageName(word), word.replace(/[=~<>].*$/, '').toLowerCase(), word);
      }),
      RUNS,
    );
  });
  it('Go release tarballs: what /go\\d[\\d.]*[^/]*\\.linux-[^/]*\\.tar\\.gz$/ matched', () => {
    const piece = fc.constantFrom('go', '1', '.', '22', '.linux-', 'amd64', '.tar.gz', '/', 'x', '-');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 9 }), (pieces) => {
        const path = pieces.join('');
        assert.equal(isGoReleaseTarball(path), /go\d[\d.]*[^/]*\.linux-[^/]*\.tar\.gz$/.test(path), path);
      }),
      RUNS,
    );
  });
});

describe('paths (model/paths.ts)', () => {
  it('trailing slashes: what .replace(/\\/+$/, "") left', () => {
    fc.assert(
      fc.property(over(['/', 'a', '.', ' '], 10), (path) => {
        assert.equal(trimTrailingSlashes(path), path.replace(/\/+$/, ''));
      }),
      RUNS,
    );
  });
});

describe('compatible fixes (fixes.ts)', () => {
  // The original: each finding's edits checked against every edit taken so far.
  const original = (findings: Finding[]) => {
    const taken: Array<[number, number]> = [];
    const edits: TextEdit[] = [];
    const key = (p: { line: number; character: number }) => p.line * 1e7 + p.character;
    for (const f of findings) {
      if (!f.fix || f.fix.edits.length === 0) continue;
      const spans = f.fix.edits.map((e) => [key(e.range.start), key(e.range.end)] as const);
      const clash = spans.some(([s, e]) => taken.some(([ts, te]) => (s < te && ts < e) || (s === e && ts === te && s === ts)));
      if (clash) continue;
      for (const [s, e] of spans) taken.push([s, e]);
      edits.push(...f.fix.edits);
    }
    return edits;
  };
  const position = fc.record({ line: fc.integer({ min: 0, max: 3 }), character: fc.integer({ min: 0, max: 6 }) });
  const edit = fc.tuple(position, fc.integer({ min: 0, max: 3 })).map(([start, length]): TextEdit => ({
    range: { start, end: { line: start.line, character: start.character + length } },
    newText: 'x',
  }));
  const finding = fc.array(edit, { minLength: 1, maxLength: 3 }).map(
    (edits): Finding => ({ ruleId: 'r', severity: 'warning', messageId: 'm', data: {}, message: 'm', range: edits[0].range, fix: { title: 't', edits } }),
  );
  it('takes the same edits as the pairwise check did', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 12 }), (findings) => {
        assert.deepEqual(compatibleFixes(findings).edits, original(findings));
      }),
      RUNS,
    );
  });
});

describe('binary outputs looked up, not scanned (rule-binaries.ts)', () => {
  // Absolute, normalised paths over a tiny alphabet, so that shared folders and names are common.
  const segment = fc.constantFrom('out', 'app', 'a', 'bin');
  const absolute = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
  const output = (path: string, inMount = false) => ({ path, inMount }) as unknown as BinaryOutput;

  it('ancestorDirs lists every folder above a path, nearest first', () => {
    assert.deepEqual(ancestorDirs('/out/a/b'), ['/out/a', '/out', '/']);
    assert.deepEqual(ancestorDirs('/out'), ['/']);
    assert.deepEqual(ancestorDirs('/out/'), ['/']);
  });

  it('outputMeets answers what the isWithin scan answered', () => {
    fc.assert(
      fc.property(fc.array(absolute, { maxLength: 6 }), fc.oneof(absolute, fc.constant('/')), (paths, path) => {
        const outputs = paths.map((p) => output(p));
        const scanned = outputs.some((o) => isWithin(o.path, path) || isWithin(path, o.path));
        assert.equal(outputMeets(indexOutputs(outputs), path), scanned);
      }),
      RUNS,
    );
  });

  it('the index finds, per path, the outputs the scans found, in their order', () => {
    fc.assert(
      fc.property(fc.array(absolute, { maxLength: 6 }), fc.oneof(absolute, fc.constant('/')), (paths, path) => {
        const outputs = paths.map((p) => output(p));
        const index = indexOutputs(outputs);
        assert.deepEqual(index.byPath.get(path) ?? [], outputs.filter((o) => o.path === path));
        assert.deepEqual(index.below.get(path) ?? [], outputs.filter((o) => o.path !== path && isWithin(o.path, path)));
        assert.deepEqual(index.byBaseName.get(baseName(path)) ?? [], outputs.filter((o) => baseName(o.path) === baseName(path)));
        assert.deepEqual(index.byDirName.get(dirName(path)) ?? [], outputs.filter((o) => dirName(o.path) === dirName(path)));
      }),
      RUNS,
    );
  });
});
