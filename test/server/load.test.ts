// The server under load (issue 12): 200 Dockerfiles open, 1,000 rapid changes across them, and a
// hover asked again and again meanwhile. It keeps answering, publishes every document's last
// version (never an older one after it), and its memory stays bounded. The figures (hover latency
// during the storm, peak RSS) are printed as test diagnostics; the bounds asserted are generous
// sanity bounds only, since the machine is shared and noisy.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { CGO_DOCKERFILE, codes, ensureBuilt, fileUri, GO_MOD, MAIN_GO, makeDir, removeDir, TestClient } from './helpers.ts';

before(() => ensureBuilt());

const DOCUMENTS = 200;
const CHANGES = 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Peak resident set of a process (Linux), in MiB. */
function peakRssMiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

test(`${DOCUMENTS} open Dockerfiles and ${CHANGES} rapid changes: hover keeps answering, the last versions are published, memory stays bounded`, { timeout: 300_000 }, async (t) => {
  const files: Record<string, string> = { 'go.mod': GO_MOD, 'main.go': MAIN_GO };
  for (let i = 0; i < 20; i++) files[`cmd/tool${i}/main.go`] = `package main\n\nimport "net/http"\n\nfunc main() { _, _ = http.Get("https://example.com/${i}") }\n`;
  const dir = makeDir(files);
  const client = await TestClient.start({ root: dir, settings: {} });
  try {
    const padding = Array.from({ length: 40 }, (_, i) => `RUN echo step ${i} && ls /src`).join('\n');
    const textOf = (i: number, edit: number) => `${CGO_DOCKERFILE}${padding}\n# document ${i}, edit ${edit}\nENV EDIT=${edit}\n`;
    const uris = Array.from({ length: DOCUMENTS }, (_, i) => fileUri(path.join(dir, `Dockerfile.load${i}`)));
    for (const [i, uri] of uris.entries()) await client.open(uri, textOf(i, 0));
    await Promise.all(uris.map((uri) => client.diagnosticsFor(uri, 1)));

    // The storm: changes round robin over every document; hovers on one of them meanwhile.
    const hoverUri = uris[0];
    const latencies: number[] = [];
    let storming = true;
    const hovering = (async () => {
      while (storming) {
        const started = performance.now();
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: hoverUri }, position: { line: 0, character: 8 } });
        latencies.push(performance.now() - started);
        assert.ok(hover, 'hover answers during the storm');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const stormStarted = performance.now();
    const lastVersion = new Map<string, number>();
    for (let k = 0; k < CHANGES; k++) {
      const i = k % DOCUMENTS;
      lastVersion.set(uris[i], await client.change(uris[i], textOf(i, k + 1)));
      // Faster than anyone types (4 changes per 10 ms), but spread out, so lints run all through the storm.
      if (k % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const sentMs = performance.now() - stormStarted;
    // Every document's last version is published, with its findings.
    for (const [uri, version] of lastVersion) {
      const diagnostics = await client.diagnosticsFor(uri, version);
      assert.ok(codes(diagnostics).includes('cgo-not-disabled'), `${uri} v${version}`);
    }
    const settledMs = performance.now() - stormStarted;
    storming = false;
    await hovering;
    // Never an older version after a newer one.
    const published = new Map<string, number>();
    for (const p of client.diagnostics.items) {
      const seen = published.get(p.uri) ?? 0;
      assert.ok((p.version ?? 0) >= seen, `${p.uri}: v${p.version} published after v${seen}`);
      published.set(p.uri, p.version ?? 0);
    }
    // Hover still answers after the storm.
    assert.ok(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: hoverUri }, position: { line: 0, character: 8 } }));

    latencies.sort((a, b) => a - b);
    const rss = peakRssMiB(client.child.pid!);
    const figures = {
      hovers: latencies.length,
      hoverP50Ms: Math.round(percentile(latencies, 50)),
      hoverP95Ms: Math.round(percentile(latencies, 95)),
      hoverMaxMs: Math.round(latencies.at(-1) ?? 0),
      changesSentMs: Math.round(sentMs),
      allPublishedMs: Math.round(settledMs),
      peakRssMiB: rss,
    };
    t.diagnostic(`load figures: ${JSON.stringify(figures)}`);
    if (process.env.GDF_LOAD_FIGURES) fs.writeFileSync(process.env.GDF_LOAD_FIGURES, JSON.stringify(figures));
    assert.ok(latencies.length >= 5, 'hovers were answered during the storm');
    // Sanity bounds only: a hover stuck behind the whole storm would take many seconds.
    assert.ok(figures.hoverP50Ms < 2_000, `hover p50 ${figures.hoverP50Ms} ms`);
    if (rss !== undefined) assert.ok(rss < 1_500, `peak RSS ${rss} MiB`);
    for (const uri of uris) await client.close(uri);
  } finally {
    await client.stop();
    removeDir(dir);
  }
});
