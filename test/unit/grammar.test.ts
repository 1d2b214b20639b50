// The injection grammar that highlights suppression comments and parser directives.
// VS Code runs TextMate grammars on Oniguruma; the patterns are kept JavaScript-compatible so this
// test can run them with RegExp. The one exception is `\A` (start of document), which the test maps
// to `^` and applies to the first line only, as vscode-textmate does. The small tokenizer below
// follows the grammar's structure: the directive region opens on line 1 and closes at the first
// line its `end` pattern matches; elsewhere the suppression pattern is tried on each line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..');
const grammarPath = path.join(repoRoot, 'syntaxes/go-dockerfile.injection.tmLanguage.json');

interface Capture {
  name?: string;
  patterns?: Array<{ match: string; name: string }>;
}
interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  captures?: Record<string, Capture>;
  patterns?: Array<{ include: string }>;
}
interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as Grammar;

// Oniguruma constructs that JavaScript lacks or reads differently (`\h` is a plain "h" in JS).
const ONIGURUMA_ONLY = [/\\[hHGzZKRXy]/, /\(\?(?:[imx]+(?:-[imx]*)?|-[imx]+)[:)]/, /\(\?>/, /\(\?~/, /[*+?}]\+/, /\\p\{\^/];

/** Oniguruma source → JS RegExp. `\A` becomes `^`; callers apply such a pattern to the first line only. */
function toRegExp(source: string, flags = ''): RegExp {
  const withoutEscapedBackslashes = source.replace(/\\\\/g, '');
  for (const construct of ONIGURUMA_ONLY) {
    assert.doesNotMatch(withoutEscapedBackslashes, construct, `Oniguruma-only syntax in ${source}`);
  }
  // The `u` flag makes JS reject unknown escapes instead of silently treating them as literals.
  return new RegExp(source.replace(/\\A/g, '^'), `u${flags}`);
}

function rule(name: string): Rule {
  const r = grammar.repository[name];
  assert.ok(r, `repository has no ${name}`);
  return r;
}

interface Token {
  text: string;
  scope: string;
}
interface LineResult {
  kind: 'directive' | 'suppression' | 'other';
  tokens: Token[];
}

/** Tokens for the named captures of a `match` rule, including patterns applied inside a capture. */
function captureTokens(r: Rule, line: string): Token[] | undefined {
  const m = toRegExp(r.match!, 'd').exec(line);
  if (!m) return undefined;
  const tokens: Token[] = [];
  for (const [index, capture] of Object.entries(r.captures ?? {})) {
    const text = m[Number(index)];
    if (text === undefined || text === '') continue;
    if (capture.name) tokens.push({ text, scope: capture.name });
    for (const inner of capture.patterns ?? []) {
      for (const im of text.matchAll(toRegExp(inner.match, 'g'))) tokens.push({ text: im[0], scope: inner.name });
    }
  }
  return tokens;
}

function tokenize(document: string): LineResult[] {
  const lines = document.split(/\r?\n/);
  const region = rule('parser-directives');
  const directive = rule('parser-directive');
  const suppression = rule('suppression-comment');
  let inDirectives = lines.length > 0 && toRegExp(region.begin!).test(lines[0]);
  return lines.map((line) => {
    if (inDirectives && toRegExp(region.end!).test(line)) inDirectives = false;
    if (inDirectives) {
      const tokens = captureTokens(directive, line);
      assert.ok(tokens, `a line inside the directive region must be a directive: ${line}`);
      return { kind: 'directive', tokens };
    }
    const tokens = captureTokens(suppression, line);
    return tokens ? { kind: 'suppression', tokens } : { kind: 'other', tokens: [] };
  });
}

const scopeTexts = (result: LineResult, scopePrefix: string): string[] =>
  result.tokens.filter((t) => t.scope.startsWith(scopePrefix)).map((t) => t.text);

function allRegexSources(): Array<{ where: string; source: string }> {
  const out: Array<{ where: string; source: string }> = [];
  for (const [name, r] of Object.entries(grammar.repository)) {
    for (const key of ['match', 'begin', 'end'] as const) if (r[key]) out.push({ where: `${name}.${key}`, source: r[key]! });
    for (const [index, c] of Object.entries(r.captures ?? {})) {
      for (const p of c.patterns ?? []) out.push({ where: `${name}.captures.${index}`, source: p.match });
    }
  }
  return out;
}

describe('injection grammar file', () => {
  it('has the scope name package.json contributes, injected into source.dockerfile', () => {
    assert.equal(grammar.scopeName, 'go-dockerfile.injection');
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const contributed = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === grammar.scopeName);
    assert.ok(contributed, 'package.json does not contribute the grammar');
    assert.deepEqual(contributed.injectTo, ['source.dockerfile']);
    assert.equal(path.resolve(repoRoot, contributed.path), grammarPath);
  });

  it('injects with left priority so it wins over the dockerfile grammar’s own comment rule', () => {
    assert.match(grammar.injectionSelector, /^L:source\.dockerfile\b/);
  });

  it('is not injected into its own directive region', () => {
    // Otherwise the region's zero-width begin matches again at the same position inside itself, and
    // vscode-textmate stops tokenizing the line ("pushed the same rule without advancing").
    assert.match(grammar.injectionSelector, /-meta\.parser-directives\b/);
    assert.match(rule('parser-directives').name ?? '', /^meta\.parser-directives\b/);
  });

  it('only includes rules that exist', () => {
    const includes = [...grammar.patterns, ...Object.values(grammar.repository).flatMap((r) => r.patterns ?? [])];
    for (const { include } of includes) {
      assert.match(include, /^#/);
      rule(include.slice(1));
    }
  });

  it('has regexes that all compile as JavaScript', () => {
    const sources = allRegexSources();
    assert.ok(sources.length >= 5);
    for (const { where, source } of sources) assert.doesNotThrow(() => toRegExp(source), where);
  });

  it('rejects Oniguruma-only syntax in the check itself', () => {
    assert.throws(() => toRegExp('(?i:syntax)'));
    assert.throws(() => toRegExp('\\h+'));
    assert.throws(() => toRegExp('a++'));
    assert.doesNotThrow(() => toRegExp('(?:a|b)(?=c)(?!d)[ \\t-]'));
  });
});

describe('parser directives', () => {
  it('highlights a syntax directive on the first line', () => {
    const [first, second] = tokenize('# syntax=docker/dockerfile:1\nFROM golang:1.22\n');
    assert.equal(first.kind, 'directive');
    assert.deepEqual(scopeTexts(first, 'keyword.control.directive'), ['syntax']);
    assert.deepEqual(scopeTexts(first, 'string.unquoted.directive-value'), ['docker/dockerfile:1']);
    assert.equal(second.kind, 'other');
  });

  it('highlights every directive of the opening run, in any case and spacing', () => {
    const lines = tokenize('# syntax=docker/dockerfile:1\n#ESCAPE = `\n  # check=skip=JSONArgsRecommended\nFROM scratch\n');
    assert.deepEqual(lines.map((l) => l.kind), ['directive', 'directive', 'directive', 'other', 'other']);
    assert.deepEqual(scopeTexts(lines[1], 'keyword.control.directive'), ['ESCAPE']);
    assert.deepEqual(scopeTexts(lines[1], 'string.unquoted.directive-value'), ['`']);
    assert.deepEqual(scopeTexts(lines[2], 'string.unquoted.directive-value'), ['skip=JSONArgsRecommended']);
  });

  it('does not treat a directive after an instruction as a directive', () => {
    const lines = tokenize('FROM scratch\n# syntax=docker/dockerfile:1\n');
    assert.equal(lines[1].kind, 'other');
  });

  it('ends the run at a blank line', () => {
    const lines = tokenize('# syntax=docker/dockerfile:1\n\n# escape=`\n');
    assert.deepEqual(lines.map((l) => l.kind), ['directive', 'other', 'other', 'other']);
  });

  it('ends the run at an ordinary comment or an unknown directive', () => {
    assert.equal(tokenize('# a comment\n# syntax=docker/dockerfile:1\n')[1].kind, 'other');
    assert.equal(tokenize('# foo=bar\n# syntax=docker/dockerfile:1\n')[1].kind, 'other');
    assert.equal(tokenize('# foo=bar\n')[0].kind, 'other');
  });

  it('does not take a directive name that is only a prefix', () => {
    assert.equal(tokenize('# syntaxes=foo\n')[0].kind, 'other');
  });
});

describe('suppression comments', () => {
  it('highlights a one-line suppression with its rule id', () => {
    const line = tokenize('FROM golang:1.22\n# go-dockerfile ignore=cgo-not-disabled\nRUN go build .\n')[1];
    assert.equal(line.kind, 'suppression');
    assert.deepEqual(scopeTexts(line, 'keyword.control.suppression'), ['go-dockerfile']);
    assert.deepEqual(scopeTexts(line, 'keyword.other.ignore'), ['ignore']);
    assert.deepEqual(scopeTexts(line, 'constant.other.rule-id'), ['cgo-not-disabled']);
    assert.deepEqual(scopeTexts(line, 'storage.modifier.global'), []);
  });

  it('highlights each id of a list and the commas between them', () => {
    const [line] = tokenize('# go-dockerfile ignore=cgo-not-disabled,single-stage, module-cache-order');
    assert.deepEqual(scopeTexts(line, 'constant.other.rule-id'), ['cgo-not-disabled', 'single-stage', 'module-cache-order']);
    assert.deepEqual(scopeTexts(line, 'punctuation.separator.comma'), [',', ',']);
  });

  it('highlights the global modifier', () => {
    const [line] = tokenize('  # go-dockerfile global ignore=alpine-cgo');
    assert.equal(line.kind, 'suppression');
    assert.deepEqual(scopeTexts(line, 'storage.modifier.global'), ['global']);
    assert.deepEqual(scopeTexts(line, 'constant.other.rule-id'), ['alpine-cgo']);
  });

  it('leaves a trailing reason out of the ids', () => {
    const [line] = tokenize('# go-dockerfile ignore=single-stage -- dev image on purpose');
    assert.deepEqual(scopeTexts(line, 'constant.other.rule-id'), ['single-stage']);
  });

  it('keeps the whole line a comment', () => {
    assert.match(rule('suppression-comment').name ?? '', /^comment\.line\.number-sign\.dockerfile\b/);
  });

  for (const [label, text] of [
    ['no ids', '# go-dockerfile ignore='],
    ['another tool', '# go-dockerfile-x ignore=a'],
    ['no tool name', '# ignore=cgo-not-disabled'],
    ['global without ignore', '# go-dockerfile global=cgo-not-disabled'],
    ['an id that is not kebab-case', '# go-dockerfile ignore=CgoNotDisabled'],
    ['text inside an instruction', 'RUN echo "# go-dockerfile ignore=cgo-not-disabled"'],
  ] as const) {
    it(`ignores ${label}`, () => {
      assert.equal(tokenize(text)[0].kind, 'other');
    });
  }
});
