// The Go snippets must expand to Dockerfiles that parse cleanly and that our own rules accept.
// A snippet body is VS Code snippet syntax, so the test expands it first with a small expander
// that follows VS Code's rules: `\` escapes `$`, `}` and `\`; `$1`, `${1}`, `${1:default}` and
// `${1|a,b|}` are tabstops; a tabstop repeated without a default mirrors the first one's default.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validate } from 'dockerfile-utils';
import { analyze } from '../strict-engine.ts';

const repoRoot = path.resolve(__dirname, '..', '..');
const snippetsPath = path.join(repoRoot, 'snippets/dockerfile-go.code-snippets');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

function loadSnippets(): Record<string, Snippet> {
  return JSON.parse(readFileSync(snippetsPath, 'utf8')) as Record<string, Snippet>;
}

/** Expands snippet syntax to plain text, choosing each tabstop's default. Throws on variables and malformed syntax. */
export function expandSnippet(body: string): string {
  const defaults = new Map<number, string>();
  let pos = 0;

  // Parses until `stop` (a closing character of an enclosing construct) or the end.
  function parseSequence(stop: string | undefined): string {
    let out = '';
    while (pos < body.length) {
      const ch = body[pos];
      if (stop !== undefined && ch === stop) return out;
      if (ch === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1])) {
        out += body[pos + 1];
        pos += 2;
      } else if (ch === '$') {
        out += parseDollar();
      } else {
        out += ch;
        pos++;
      }
    }
    if (stop !== undefined) throw new Error(`unterminated placeholder, expected "${stop}"`);
    return out;
  }

  function parseDollar(): string {
    pos++; // past '$'
    const simple = /^\d+/.exec(body.slice(pos));
    if (simple) {
      pos += simple[0].length;
      return tabstopText(Number(simple[0]), undefined);
    }
    if (body[pos] !== '{') {
      const name = /^[A-Za-z_]\w*/.exec(body.slice(pos));
      throw new Error(name ? `snippet variable $${name[0]} (escape the $ as \\$)` : `lone "$" at ${pos - 1} (escape it as \\$)`);
    }
    pos++; // past '{'
    const index = /^\d+/.exec(body.slice(pos));
    if (!index) {
      const name = /^[A-Za-z_]\w*/.exec(body.slice(pos))?.[0] ?? '?';
      throw new Error(`snippet variable \${${name}} (escape the $ as \\$)`);
    }
    pos += index[0].length;
    const n = Number(index[0]);
    const next = body[pos];
    if (next === '}') {
      pos++;
      return tabstopText(n, undefined);
    }
    if (next === ':') {
      pos++;
      const text = parseSequence('}');
      pos++; // past '}'
      return tabstopText(n, text);
    }
    if (next === '|') {
      const close = body.indexOf('|}', pos + 1);
      if (close < 0) throw new Error('unterminated choice');
      const options = body.slice(pos + 1, close).split(',');
      pos = close + 2;
      return tabstopText(n, options[0]);
    }
    throw new Error(`unexpected "${next}" after \${${n}`);
  }

  const mirrors: Array<{ marker: string; index: number }> = [];
  function tabstopText(n: number, text: string | undefined): string {
    if (text !== undefined && !defaults.has(n)) defaults.set(n, text);
    if (text !== undefined) return text;
    // A bare tabstop mirrors whatever default the same index gets, possibly later in the body.
    const marker = `\u0000${mirrors.length}\u0000`;
    mirrors.push({ marker, index: n });
    return marker;
  }

  let result = parseSequence(undefined);
  for (const { marker, index } of mirrors) result = result.replace(marker, defaults.get(index) ?? '');
  return result;
}

function bodyText(snippet: Snippet): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

function prefixes(snippet: Snippet): string[] {
  return Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
}

function errorsFrom(text: string): string[] {
  // dockerfile-utils severity 1 is an error (LSP DiagnosticSeverity.Error).
  return validate(text).filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

function findingsFrom(text: string): string[] {
  return analyze(text).map((f) => `${f.ruleId} @${f.range.start.line + 1}: ${f.message}`);
}

// Fragments are checked inside a host Dockerfile whose other parts are already right, so the
// fragment alone decides whether the result is clean. `@@` marks where the fragment goes.
const hosts: Record<string, string> = {
  'go-build-cached': [
    '# syntax=docker/dockerfile:1',
    // The fragment cross-compiles for TARGETOS/TARGETARCH, so its builder runs on the build platform.
    'FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS build',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'COPY . .',
    '@@',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
    '',
  ].join('\n'),
  'go-mod-download': [
    '# syntax=docker/dockerfile:1',
    'FROM golang:1.22-bookworm AS build',
    'WORKDIR /src',
    '@@',
    'COPY . .',
    // The snippet downloads into a cache mount, so the build needs that mount too (build-cache-mounts).
    'RUN --mount=type=cache,target=/go/pkg/mod \\',
    '    --mount=type=cache,target=/root/.cache/go-build \\',
    '    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
    '',
  ].join('\n'),
  'go-distroless-final': [
    '# syntax=docker/dockerfile:1',
    'FROM golang:1.22-bookworm AS build',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'COPY . .',
    'RUN --mount=type=cache,target=/go/pkg/mod \\',
    '    --mount=type=cache,target=/root/.cache/go-build \\',
    '    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .',
    '@@',
  ].join('\n'),
};
hosts['go-mod-download-bind'] = hosts['go-mod-download'];

/** The snippet as a whole Dockerfile: a fragment goes into its host, a complete Dockerfile stands alone. */
function asDockerfile(prefix: string, expanded: string): string {
  const host = hosts[prefix];
  if (host === undefined) return expanded;
  return host.replace('@@', expanded.replace(/\n$/, ''));
}

describe('snippet expander', () => {
  it('takes defaults, choices and mirrors', () => {
    assert.equal(expandSnippet('a ${1:x} $1 ${2|p,q|} ${3} $0'), 'a x x p  ');
  });
  it('mirrors a default that appears later in the body', () => {
    assert.equal(expandSnippet('$1-${1:v}'), 'v-v');
  });
  it('unescapes \\$, \\} and \\\\', () => {
    assert.equal(expandSnippet('\\$HOME \\${X\\} a\\\\'), '$HOME ${X} a\\');
  });
  it('keeps a backslash that escapes nothing', () => {
    assert.equal(expandSnippet('RUN a \\\n b'), 'RUN a \\\n b');
  });
  it('rejects an unescaped variable', () => {
    assert.throws(() => expandSnippet('FROM --platform=$BUILDPLATFORM golang'), /BUILDPLATFORM/);
    assert.throws(() => expandSnippet('golang:${GO_VERSION}'), /GO_VERSION/);
  });
  it('rejects an unterminated placeholder', () => {
    assert.throws(() => expandSnippet('${1:abc'), /unterminated/);
  });
});

describe('dockerfile-go.code-snippets', () => {
  const snippets = loadSnippets();
  const entries = Object.entries(snippets);

  it('is a non-empty snippet map with a prefix, a body and a description each', () => {
    assert.ok(entries.length >= 5);
    for (const [name, s] of entries) {
      assert.ok(s.prefix && s.body && s.description, `${name} lacks prefix, body or description`);
    }
  });

  it('uses prefixes that start with go- and are unique', () => {
    const all = entries.flatMap(([, s]) => prefixes(s));
    for (const p of all) assert.match(p, /^go-[a-z0-9-]+$/);
    assert.equal(new Set(all).size, all.length);
  });

  it('offers the documented prefixes', () => {
    const all = new Set(entries.flatMap(([, s]) => prefixes(s)));
    for (const p of ['go-multistage', 'go-build-cached', 'go-mod-download', 'go-cgo-multistage', 'go-distroless-final']) {
      assert.ok(all.has(p), `missing ${p}`);
    }
  });

  for (const [name, snippet] of entries) {
    const prefix = prefixes(snippet)[0];
    describe(prefix, () => {
      it('expands without snippet variables or syntax errors', () => {
        assert.doesNotThrow(() => expandSnippet(bodyText(snippet)), name);
      });

      it('turns each escaped \\$ into exactly one literal $ and leaves no other $', () => {
        const raw = bodyText(snippet);
        const escapedDollars = raw.match(/\\\$/g)?.length ?? 0;
        const literalDollars = expandSnippet(raw).match(/\$/g)?.length ?? 0;
        assert.equal(literalDollars, escapedDollars);
      });

      it('is a Dockerfile dockerfile-utils accepts without errors', () => {
        const text = asDockerfile(prefix, expandSnippet(bodyText(snippet)));
        assert.deepEqual(errorsFrom(text), [], text);
      });

      it('is a Dockerfile our rules report nothing for', () => {
        const text = asDockerfile(prefix, expandSnippet(bodyText(snippet)));
        assert.deepEqual(findingsFrom(text), [], text);
      });
    });
  }

  it('go-multistage cross-compiles from the build platform with cgo off', () => {
    const s = entries.find(([, v]) => prefixes(v).includes('go-multistage'))![1];
    const text = expandSnippet(bodyText(s));
    assert.match(text, /^# syntax=docker\/dockerfile:1\n/);
    assert.match(text, /FROM --platform=\$BUILDPLATFORM golang:\$\{GO_VERSION\}-bookworm AS build/);
    assert.match(text, /ARG TARGETOS TARGETARCH/);
    assert.match(text, /CGO_ENABLED=0 GOOS=\$TARGETOS GOARCH=\$TARGETARCH go build -trimpath -ldflags="-s -w" -o \/out\/app \./);
    assert.match(text, /FROM gcr\.io\/distroless\/static-debian12:nonroot/);
    assert.match(text, /ENTRYPOINT \["\/app"\]/);
  });

  it('go-cgo-multistage keeps cgo on and ships a glibc image', () => {
    const s = entries.find(([, v]) => prefixes(v).includes('go-cgo-multistage'))![1];
    const text = expandSnippet(bodyText(s));
    assert.match(text, /CGO_ENABLED=1 go build/);
    assert.match(text, /FROM gcr\.io\/distroless\/cc-debian12:nonroot/);
    // cgo cannot cross-compile without a C cross toolchain, so the builder runs on the target platform.
    assert.doesNotMatch(text, /^FROM --platform=/m);
  });

  it('a host without the fragment is what our rules flag (the hosts do not pass on their own)', () => {
    // Guards the fragment checks above: with the fragment left out, the rule it exists for fires.
    const withoutBuildFlags = hosts['go-build-cached'].replace('@@', 'RUN go build -o /out/app .');
    assert.ok(analyze(withoutBuildFlags).some((f) => f.ruleId === 'cgo-not-disabled'));
    // (The build's own module cache mount would keep downloads cached too, so it goes with the fragment.)
    const withoutDownload = hosts['go-mod-download'].replace('@@\n', '').replace('RUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount', 'RUN --mount');
    assert.ok(analyze(withoutDownload).some((f) => f.ruleId === 'module-cache-order'));
  });
});
