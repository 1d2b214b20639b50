// The syntax validation worker dies or hangs (issue 12): the server replaces it, the Go findings
// keep coming meanwhile, and the next lints have their syntax diagnostics again.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { CGO_DOCKERFILE, codes, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, REPO_ROOT, TestClient } from './helpers.ts';

before(() => ensureBuilt());

const PRELOAD = path.join(REPO_ROOT, 'test', 'server', 'worker-fault-preload.cjs');
/**
 * dockerfile-utils flags an unknown instruction: a syntax diagnostic that only the worker gives. The
 * comment lines take the file past the size validated on the server's thread (48 KB), so the worker
 * validates it.
 */
const PADDING = Array.from({ length: 1000 }, (_, i) => `# padding line ${i}: large enough for the validation worker`).join('\n');
const WITH_SYNTAX_ERROR = `${PADDING}\n${CGO_DOCKERFILE}FROBNICATE x\n`;
const syntaxCodes = (diagnostics: Array<{ source?: string }>) => diagnostics.filter((d) => d.source !== 'go-dockerfile');

for (const fault of ['die', 'hang'] as const) {
  describe(`the validation worker ${fault === 'die' ? 'dies' : 'hangs'}`, { timeout: 90_000 }, () => {
    test('it is replaced, the Go findings are published, and later lints validate again', async () => {
      const dir = makeDir({ 'go.mod': GO_MOD, 'main.go': MAIN_GO });
      const faultCounter = path.join(dir, 'faults');
      fs.writeFileSync(faultCounter, '0');
      const client = await TestClient.start({
        root: dir,
        settings: {},
        initializationOptions: { languageFeatures: 'on' },
        nodeArgs: ['--require', PRELOAD],
        env: { GDF_WORKER_FAULT: fault, GDF_WORKER_FAULT_COUNTER: faultCounter, GDF_WORKER_FAULT_TIMES: '1' },
      });
      try {
        const uri = fileUri(path.join(dir, 'Dockerfile'));
        const started = performance.now();
        await client.open(uri, WITH_SYNTAX_ERROR);
        const first = await client.diagnosticsFor(uri, 1);
        const firstMs = performance.now() - started;
        assert.ok(codes(first).includes('cgo-not-disabled'), 'the Go findings come although validation failed');
        // A dead worker is noticed when it exits; a hung one after the 10 s limit. (On a file this
        // large the Go findings are published before the worker has even read its request.)
        const logLine = await client.logs.waitFor((line) => /validation worker (exited|failed)|validation gave up/.test(line));
        assert.equal(fs.readFileSync(faultCounter, 'utf8'), '1', 'the fault was injected');
        assert.match(logLine, fault === 'die' ? /exited/ : /gave up/);
        if (fault === 'die') assert.ok(firstMs < 9_000, `a dead worker does not hold the Go findings until the 10 s limit (${Math.round(firstMs)} ms)`);
        // The replacement validates the next versions. While no syntax diagnostic is shown, a version
        // of a file this large is published twice: the Go findings, then with the syntax diagnostics.
        let version = 1;
        let diagnostics = first;
        for (let attempt = 0; attempt < 5 && syntaxCodes(diagnostics).length === 0; attempt++) {
          version = await client.change(uri, `${WITH_SYNTAX_ERROR}# edit ${attempt}\n`);
          const goFindings = await client.diagnosticsFor(uri, version);
          const edited = version;
          const validated = client.diagnostics.waitFor((p) => p.uri === uri && p.version === edited && syntaxCodes(p.diagnostics).length > 0);
          diagnostics = (await Promise.race([validated.then((p) => p.diagnostics), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 15_000))])) ?? goFindings;
        }
        assert.ok(syntaxCodes(diagnostics).length > 0, `a new worker validates again: ${JSON.stringify(diagnostics.map((d) => d.message))}`);
        assert.ok(codes(diagnostics).includes('cgo-not-disabled'));
        assert.equal(client.child.exitCode, null);
      } finally {
        await client.stop();
        removeDir(dir);
      }
    });
  });
}
