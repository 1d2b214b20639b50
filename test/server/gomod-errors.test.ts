// A go.mod with a syntax error (issue 12): one clear line in the output channel, however many
// lints and documents; the rules that need the Go facts stay quiet, the others keep working; and
// once go.mod is fixed, the facts come back.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { codes, ensureBuilt, fileUri, MAIN_GO, makeDir, removeDir, TestClient } from './helpers.ts';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol.ts';

before(() => ensureBuilt());

const BROKEN = 'module example.com/app\n\ngo 1.22.3\n\nrequire (\n\tgithub.com/a/b v1.0.0\n';
const FIXED = 'module example.com/app\n\ngo 1.22.3\n\nrequire (\n\tgithub.com/a/b v1.0.0\n)\n';
// go-version-mismatch (1.21 < go.mod's 1.22.3) and missing-dockerignore need the facts;
// scratch-shell-form (a shell-form CMD in scratch) does not.
const DOCKERFILE = 'FROM golang:1.21 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nCMD /app --serve\n';

test('a go.mod with a syntax error: one log line, fact rules quiet, the rest working, facts back once fixed', { timeout: 60_000 }, async () => {
  const dir = makeDir({ 'go.mod': BROKEN, 'main.go': MAIN_GO, '.dockerignore': null });
  const client = await TestClient.start({ root: dir, settings: {}, initializationOptions: { statusNotifications: true } });
  let idle = 0;
  client.connection.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => void (p.state === 'idle' && idle++));
  const settle = async () => {
    // Idle, and still idle a moment later: the facts were read and the relint published.
    for (let seen = -1; seen !== idle; ) {
      seen = idle;
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
  };
  try {
    const uris = ['Dockerfile', 'Dockerfile.two', 'svc.Dockerfile'].map((name) => fileUri(path.join(dir, name)));
    for (const uri of uris) await client.open(uri, DOCKERFILE);
    for (const uri of uris) await client.diagnosticsFor(uri, 1);
    for (let edit = 1; edit <= 3; edit++) await client.change(uris[0], `${DOCKERFILE}# edit ${edit}\n`);
    await client.diagnosticsFor(uris[0], 4);
    await settle();
    for (const uri of uris) {
      const latest = client.diagnostics.items.filter((p) => p.uri === uri).at(-1)!;
      const ids = codes(latest.diagnostics);
      assert.ok(ids.includes('scratch-shell-form'), `the Dockerfile-only rules keep working: ${ids}`);
      assert.ok(!ids.includes('go-version-mismatch') && !ids.includes('missing-dockerignore'), `the fact rules stay quiet: ${ids}`);
    }
    const lines = client.logs.items.filter((line) => line.includes('go.mod'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /go\.mod:5: the require block opened here is not closed\. .*rules that need its facts are off until go\.mod parses/);

    // Fixed: the facts come back, and go-version-mismatch with them.
    fs.writeFileSync(path.join(dir, 'go.mod'), FIXED);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(dir, 'go.mod')), type: 2 }] });
    const back = await client.diagnostics.waitFor((p) => p.uri === uris[1] && codes(p.diagnostics).includes('go-version-mismatch'));
    assert.ok(codes(back.diagnostics).includes('scratch-shell-form'));
  } finally {
    await client.stop();
    removeDir(dir);
  }
});
