// A go.mod change reported by the file watcher refreshes the diagnostics of an open Dockerfile,
// even when a code action for it arrives while the new facts are still being read (the findings
// it computes with the older facts must not be reused for the relint).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { codes, ensureBuilt, fileUri, makeDir, removeDir, TestClient } from './helpers.ts';

before(() => ensureBuilt());

const DOCKERFILE = [
  'FROM golang:1.21-alpine AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /out/app .',
  '',
  'FROM gcr.io/distroless/static-debian12:nonroot',
  'COPY --from=build /out/app /app',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

describe('facts refresh after a go.mod edit', { timeout: 60_000 }, () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = makeDir({ 'go.mod': 'module example.com/v\n\ngo 1.22\n', 'go.sum': '', 'main.go': 'package main\n\nfunc main() {}\n' });
    client = await TestClient.start({ root: dir, settings: {} });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  test('go-version-mismatch clears when the go line changes, with a code action in between', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, DOCKERFILE);
    const shown = await client.diagnostics.waitFor((p) => p.uri === uri && codes(p.diagnostics).includes('go-version-mismatch'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/v\n\ngo 1.21\n');
    const since = client.diagnostics.items.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(dir, 'go.mod')), type: 2 }] });
    // The editor asks for code actions (cursor moves, lightbulb) before the debounced relint runs.
    await client.codeActions(uri, shown.diagnostics);
    const cleared = await client.diagnostics.waitFor((p) => p.uri === uri && !codes(p.diagnostics).includes('go-version-mismatch'), since);
    assert.equal(cleared.version, 1, 'the same open version, relinted');
    await client.close(uri);
  });
});
