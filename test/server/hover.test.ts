// The Go hover over stdio: golang tags against go.mod, CGO_ENABLED, -ldflags, -trimpath,
// --platform=$BUILDPLATFORM, TARGETARCH and a scratch final image; alone when the general features
// are off (another Dockerfile extension is installed), merged into one hover when they are on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { ensureBuilt, fileUri, makeDir, removeDir, TestClient } from './helpers.ts';
import * as path from 'node:path';

before(() => ensureBuilt());

const GO_MOD = 'module example.com/api\n\ngo 1.22.3\n\ntoolchain go1.23.1\n';
// An HTTPS client: the program needs CA certificates.
const MAIN_GO = 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() { fmt.Println(http.Get("https://example.com")) }\n';

const DOCKERFILE = [
  'ARG GO_VERSION=1.23', //                                                 0
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build', // 1
  'WORKDIR /src', //                                                        2
  'COPY . .', //                                                            3
  'ARG TARGETARCH', //                                                      4
  'RUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w -X main.v=1" -o /out/app .', // 5
  '', //                                                                    6
  'FROM golang:1.21 AS old', //                                             7
  'RUN echo $TARGETARCH', //                                                8
  '', //                                                                    9
  'FROM scratch', //                                                        10
  'COPY --from=build /out/app /app', //                                     11
  'ENTRYPOINT ["/app"]', //                                                 12
  '',
].join('\n');

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

/** Where `needle` is on `line`, plus `delta` characters. */
function at(line: number, needle: string, delta = 1): { line: number; character: number } {
  const character = DOCKERFILE.split('\n')[line].indexOf(needle);
  assert.ok(character >= 0, `${needle} on line ${line}`);
  return { line, character: character + delta };
}

for (const mode of ['features off (beside another Dockerfile extension)', 'features on'] as const) {
  describe(`Go hover, ${mode}`, { timeout: 60_000 }, () => {
    let dir = '';
    let client: TestClient;
    const uri = () => fileUri(path.join(dir, 'Dockerfile'));
    const hover = (position: { line: number; character: number }) => client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri() }, position });

    before(async () => {
      dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
      client = await TestClient.start({ root: dir, settings: {}, initializationOptions: { otherDockerExtension: mode.startsWith('features off') } });
      await client.open(uri(), DOCKERFILE);
      await client.diagnosticsFor(uri(), 1);
    });
    after(async () => {
      await client.stop();
      removeDir(dir);
    });

    test('a golang tag shows the go and toolchain lines and whether the image meets them', async () => {
      const text = markdownOf(await hover(at(7, 'golang:1.21', 3)));
      assert.match(text, /golang:1\.21/);
      assert.match(text, /`go 1\.22\.3` \| required \| 1\.21 ✗ too old/);
      assert.match(text, /`toolchain go1\.23\.1` \| preferred \| 1\.21 ~ older/);
    });

    test('the ARG default that feeds the golang tag gets the same verdict', async () => {
      const result = await hover(at(0, '1.23'));
      const text = markdownOf(result);
      assert.match(text, /through `ARG GO_VERSION`/);
      assert.match(text, /`go 1\.22\.3` \| required \| 1\.23 ✓ satisfied/);
      assert.match(text, /`toolchain go1\.23\.1` \| preferred \| 1\.23 ✓ satisfied/);
      assert.deepEqual(result!.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 19 } });
    });

    test('the golang image token through the ARG', async () => {
      assert.match(markdownOf(await hover(at(1, 'golang:', 2))), /golang:1\.23-bookworm[\s\S]*✓ satisfied/);
    });

    test('CGO_ENABLED says what it does here and what this workspace needs', async () => {
      const text = markdownOf(await hover(at(5, 'CGO_ENABLED', 3)));
      assert.match(text, /\*\*CGO_ENABLED\*\*/);
      assert.match(text, /Here: off\./);
      // From the per-program facts: main.go imports net/http.
      assert.match(text, /This program imports `net` or `os\/user`: with cgo on it links dynamically\. It needs no cgo/);
      assert.match(text, /cgo-not-disabled\.md/);
    });

    test('-ldflags explains -s -w and -X, with the rule page', async () => {
      const text = markdownOf(await hover(at(5, '-ldflags', 3)));
      assert.match(text, /`-s` drops the symbol table/);
      assert.match(text, /ships in `scratch`/);
      assert.match(text, /strip-symbols\.md/);
      // Anywhere in the value counts too.
      assert.match(markdownOf(await hover(at(5, 'main.v', 1))), /-ldflags/);
    });

    test('-trimpath', async () => {
      assert.match(markdownOf(await hover(at(5, '-trimpath', 2))), /\*\*-trimpath\*\*[\s\S]*trimpath\.md/);
    });

    test('--platform=$BUILDPLATFORM explains native cross-compilation; this module is pure Go', async () => {
      const text = markdownOf(await hover(at(1, '--platform', 4)));
      assert.match(text, /compiles natively instead of under QEMU emulation/);
      assert.match(text, /pure Go/);
    });

    test('TARGETARCH, declared in the build stage and missing in another', async () => {
      assert.match(markdownOf(await hover(at(5, 'TARGETARCH', 2))), /declared here/);
      assert.match(markdownOf(await hover(at(8, 'TARGETARCH', 2))), /Not declared in this stage/);
    });

    test('a scratch final image lists what it lacks', async () => {
      const text = markdownOf(await hover(at(10, 'scratch', 2)));
      assert.match(text, /\*\*scratch\*\* is an empty image/);
      assert.match(text, /This program:\n- uses TLS: \*\*needs CA certificates\*\*/);
      assert.match(text, /scratch-shell-form\.md/);
    });

    if (mode === 'features on') {
      test('merges with the general hover into one', async () => {
        const text = markdownOf(await hover(at(1, '--platform', 4)));
        assert.match(text, /compiles natively[\s\S]*\n---\n[\s\S]*platform of the image/);
        // A keyword has only the general hover.
        assert.match(markdownOf(await hover(at(2, 'WORKDIR', 2))), /working directory/i);
      });
    } else {
      test('anything else has no hover of ours, and nothing general is added', async () => {
        assert.equal(await hover(at(2, 'WORKDIR', 2)), null);
        const text = markdownOf(await hover(at(1, '--platform', 4)));
        assert.doesNotMatch(text, /---/);
      });
    }
  });
}
