#!/usr/bin/env node
// What the shared lsp-bench harness does not measure, measured the same black-box way (a small LSP
// client over stdio, the same generated files): every publish after an open (first and settled
// separately), the server's CPU over a burst of keystrokes, code actions and fix-all, RSS after the
// largest file and across many open/change/close cycles, and growth from 8,000 to 64,000 lines.
// Run by bench/run.mjs (after bench/.harness is prepared: vscode-jsonrpc and the generator come from there).
//
//   node bench/lsp-extra.mjs --server "<cmd>" --label NAME [--server … --label …] [--runs 5] [--json out.json]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const harnessDir = path.join(here, '.harness');
const requireFromHarness = createRequire(path.join(harnessDir, 'package.json'));
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = requireFromHarness('vscode-jsonrpc/node');
const { generateDockerfile } = await import(pathToFileURL(path.join(harnessDir, 'lib/dockerfiles.mjs')).href);
const { splitCommand, processTreeMemory } = await import(pathToFileURL(path.join(harnessDir, 'lib/lsp-session.mjs')).href);

const { values: opt } = parseArgs({
  options: {
    server: { type: 'string', multiple: true },
    label: { type: 'string', multiple: true },
    runs: { type: 'string', default: '5' },
    json: { type: 'string' },
    phases: { type: 'string', default: 'open,typing,actions,memory,cycles,growth' },
    cycles: { type: 'string', default: '1000' },
  },
});
const runs = Number(opt.runs);
const phases = new Set(opt.phases.split(','));
const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** After the last publish, this long without another one means the version has settled. */
const QUIET_MS = 1500;
const CLK_TCK = 100; // Linux USER_HZ

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const percentile = (xs, p) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null;
};

/** CPU seconds (user + system, all threads) of a process tree, from /proc. */
function treeCpuSeconds(pid) {
  let ticks = 0;
  const all = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  const parentOf = new Map();
  for (const name of all) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone
    }
  }
  const inTree = (p) => {
    for (let cur = p, depth = 0; cur && depth < 50; depth++) {
      if (cur === pid) return true;
      cur = parentOf.get(cur)?.ppid;
    }
    return false;
  };
  for (const [p, info] of parentOf) if (inTree(p)) ticks += info.ticks;
  return ticks / CLK_TCK;
}

/** A language server on stdio, with every publish recorded. `settings` answers workspace/configuration. */
async function start(commandLine, workspace, settings = null) {
  const [cmd, ...args] = splitCommand(commandLine);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'ignore'], detached: true });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const publishes = new Map(); // uri -> [{ at, version, count }]
  const listeners = new Set();
  conn.onRequest((method, params) => {
    // Our settings go to our section only; any other server's section gets its defaults (null).
    if (method === 'workspace/configuration') return (params?.items ?? []).map((item) => (item.section === 'goDockerfile' ? settings : null));
    return null;
  });
  conn.onNotification((method, params) => {
    if (method !== 'textDocument/publishDiagnostics') return;
    const entry = { at: now(), version: params.version ?? null, count: params.diagnostics?.length ?? 0, diagnostics: params.diagnostics ?? [] };
    if (!publishes.has(params.uri)) publishes.set(params.uri, []);
    publishes.get(params.uri).push(entry);
    for (const l of listeners) l(params.uri, entry);
  });
  conn.listen();
  const rootUri = pathToFileURL(workspace).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true } },
      textDocument: {
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } } },
      },
    },
  });
  await conn.sendNotification('initialized', {});
  /** Resolves when `uri` has had no publish for QUIET_MS after at least one publish matching `accept`. */
  const settle = (uri, since, accept = () => true, limitMs = 60_000) =>
    new Promise((resolve) => {
      let timer;
      const deadline = setTimeout(() => done(), limitMs);
      const done = () => {
        clearTimeout(timer);
        clearTimeout(deadline);
        listeners.delete(onPublish);
        const list = (publishes.get(uri) ?? []).filter((p) => p.at >= since);
        const accepted = list.filter(accept);
        resolve({ list, first: accepted[0], last: accepted.at(-1) });
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(done, QUIET_MS);
      };
      const onPublish = (u, entry) => {
        if (u === uri && entry.at >= since && accept(entry)) arm();
      };
      listeners.add(onPublish);
      if ((publishes.get(uri) ?? []).some((p) => p.at >= since && accept(p))) arm();
    });
  return {
    pid: child.pid,
    conn,
    publishes,
    settle,
    memoryMiB: () => (processTreeMemory(child.pid)?.rssKiB ?? 0) / 1024,
    cpuSeconds: () => treeCpuSeconds(child.pid),
    open: (uri, text) => conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } }),
    change: (uri, version, contentChanges) => conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges }),
    close: (uri) => conn.sendNotification('textDocument/didClose', { textDocument: { uri } }),
    async stop() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), sleep(3000)]);
        await conn.sendNotification('exit');
      } catch {
        // killed below
      }
      await sleep(200);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
      conn.dispose();
    },
  };
}

let fileCounter = 0;
function writeDoc(workspace, text) {
  const dir = path.join(workspace, `doc${++fileCounter}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'Dockerfile');
  writeFileSync(file, text);
  return pathToFileURL(file).href;
}

/** Opens `text` under a fresh URI; first and last publish (ms after didOpen), and how many publishes. */
async function openAndSettle(server, workspace, text) {
  const uri = writeDoc(workspace, text);
  const sent = now();
  await server.open(uri, text);
  const { list, first, last } = await server.settle(uri, sent);
  return { uri, firstMs: first ? first.at - sent : null, settledMs: last ? last.at - sent : null, publishes: list.length, diagnostics: last?.count ?? null, lastDiagnostics: last?.diagnostics ?? [] };
}

async function measureServer(label, command) {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'lsp-extra-'));
  writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/bench\n\ngo 1.22\n');
  writeFileSync(path.join(workspace, 'go.sum'), '');
  const result = { label, open: {}, typing: null, actions: {}, memory: {}, cycles: null, growth: {} };
  // maxFileSize raised for the growth files (2 MB at 64,000 lines); otherwise defaults.
  const server = await start(command, workspace, { maxFileSize: 16 * 1024 * 1024 });
  try {
    if (phases.has('open') || phases.has('memory')) {
      for (const lines of [10, 1000, 10000]) {
        for (const variant of ['clean', 'problems']) {
          const { text } = generateDockerfile({ lines, variant, seed: 1 });
          const samples = [];
          for (let r = 0; r < runs; r++) {
            const s = await openAndSettle(server, workspace, text);
            samples.push(s);
            if (lines === 10000 && r === 0) result.memory[`after ${variant} 10000L`] = server.memoryMiB();
            await server.close(s.uri);
          }
          result.open[`${variant} ${lines}L`] = {
            firstMs: median(samples.map((s) => s.firstMs)),
            settledMs: median(samples.map((s) => s.settledMs)),
            publishes: median(samples.map((s) => s.publishes)),
            diagnostics: samples.at(-1).diagnostics,
          };
          console.error(`[lsp-extra] ${label}: open ${variant} ${lines}L first ${result.open[`${variant} ${lines}L`].firstMs?.toFixed(1)} settled ${result.open[`${variant} ${lines}L`].settledMs?.toFixed(1)}`);
        }
      }
    }

    if (phases.has('typing')) {
      // 50 keystrokes at 10,000 lines, 50 ms apart (a fast typist), at the end of a one-line RUN.
      const doc = generateDockerfile({ lines: 10000, variant: 'clean', seed: 1 });
      const first = await openAndSettle(server, workspace, doc.text);
      const uri = first.uri;
      const since = now();
      const cpuBefore = server.cpuSeconds();
      let version = 1;
      let character = doc.typing.character;
      const KEYS = 50;
      for (let k = 0; k < KEYS; k++) {
        version++;
        await server.change(uri, version, [{ range: { start: { line: doc.typing.line, character }, end: { line: doc.typing.line, character } }, text: 'x' }]);
        character++;
        if (k < KEYS - 1) await sleep(50);
      }
      const lastSent = now();
      const finalVersion = version;
      const { list, last } = await server.settle(uri, since);
      const cpu = server.cpuSeconds() - cpuBefore;
      // A publish for a version older than one already published, or for a version other than the
      // final one after the final one was sent, is stale.
      let highest = 0;
      let stale = 0;
      for (const p of list) {
        if (p.version == null) continue;
        if (p.version < highest) stale++;
        highest = Math.max(highest, p.version);
        if (p.at > lastSent + 5 && p.version !== finalVersion) stale++;
      }
      const versioned = list.some((p) => p.version != null);
      result.typing = {
        keystrokes: KEYS,
        cpuSeconds: cpu,
        publishes: list.length,
        finalMs: last ? last.at - lastSent : null,
        finalVersionPublished: versioned ? list.some((p) => p.version === finalVersion) : null,
        stalePublishes: versioned ? stale : null,
      };
      console.error(`[lsp-extra] ${label}: typing cpu ${cpu.toFixed(2)} s, ${list.length} publishes, final ${result.typing.finalMs?.toFixed(0)} ms`);
      await server.close(uri);
    }

    if (phases.has('actions')) {
      for (const lines of [1000, 10000]) {
        const { text } = generateDockerfile({ lines, variant: 'problems', seed: 1 });
        const opened = await openAndSettle(server, workspace, text);
        const diags = opened.lastDiagnostics;
        const picks = [];
        for (let i = 0; i < Math.min(50, diags.length); i++) picks.push(diags[Math.floor((i * diags.length) / Math.min(50, diags.length))]);
        const times = [];
        for (const d of picks) {
          const t = now();
          await server.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: opened.uri }, range: d.range, context: { diagnostics: [d], triggerKind: 2 } });
          times.push(now() - t);
        }
        const entry = { n: times.length, p50: median(times), p95: percentile(times, 95), max: Math.max(...times) };
        if (process.env.LSP_EXTRA_DEBUG) console.error(times.map((t) => t.toFixed(1)).join(" "));
        if (lines === 1000) {
          const fixAll = [];
          let offered = false;
          for (let r = 0; r < runs; r++) {
            const t = now();
            const actions = await server.conn.sendRequest('textDocument/codeAction', {
              textDocument: { uri: opened.uri },
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
              context: { diagnostics: [], only: ['source.fixAll'], triggerKind: 1 },
            });
            fixAll.push(now() - t);
            offered ||= Array.isArray(actions) && actions.some((a) => typeof a.kind === 'string' && a.kind.startsWith('source.fixAll'));
          }
          entry.fixAllMs = offered ? median(fixAll) : null;
        }
        result.actions[`problems ${lines}L`] = entry;
        console.error(`[lsp-extra] ${label}: code actions ${lines}L p95 ${entry.p95?.toFixed(2)} ms${entry.fixAllMs !== undefined ? `, fix-all ${entry.fixAllMs?.toFixed(1)} ms` : ''}`);
        await server.close(opened.uri);
      }
    }

    if (phases.has('growth')) {
      // Many stages: the clean generator writes one build stage per service (a stage every ~25 lines).
      for (const lines of [8000, 64000]) {
        const { text } = generateDockerfile({ lines, variant: 'clean', seed: 2 });
        const samples = [];
        for (let r = 0; r < Math.min(runs, 3); r++) {
          const s = await openAndSettle(server, workspace, text);
          samples.push(s.settledMs);
          await server.close(s.uri);
        }
        result.growth[`${lines}L`] = median(samples);
        console.error(`[lsp-extra] ${label}: growth ${lines}L settled ${result.growth[`${lines}L`]?.toFixed(0)} ms`);
      }
    }

    if (phases.has('cycles')) {
      const cycles = Number(opt.cycles);
      const { text, typing } = generateDockerfile({ lines: 100, variant: 'problems', seed: 3 });
      const cycle = async () => {
        const uri = writeDoc(workspace, text);
        const sent = now();
        await server.open(uri, text);
        await server.settle(uri, sent, () => true, 10_000).catch(() => undefined);
        await server.change(uri, 2, [{ range: { start: { line: typing.line, character: typing.character }, end: { line: typing.line, character: typing.character } }, text: 'y' }]);
        await server.close(uri);
      };
      // Settling each open would take QUIET_MS per cycle: wait for the first publish only.
      const quick = async () => {
        const uri = writeDoc(workspace, text);
        const got = new Promise((resolve) => {
          const t = setInterval(() => {
            if ((server.publishes.get(uri) ?? []).length > 0) {
              clearInterval(t);
              resolve();
            }
          }, 1);
          setTimeout(() => (clearInterval(t), resolve()), 5000);
        });
        await server.open(uri, text);
        await got;
        await server.change(uri, 2, [{ range: { start: { line: typing.line, character: typing.character }, end: { line: typing.line, character: typing.character } }, text: 'y' }]);
        await server.close(uri);
        server.publishes.delete(uri);
      };
      await cycle();
      for (let i = 0; i < 20; i++) await quick();
      await sleep(QUIET_MS);
      const before = server.memoryMiB();
      for (let i = 0; i < cycles; i++) await quick();
      await sleep(QUIET_MS * 2);
      const after = server.memoryMiB();
      result.cycles = { cycles, beforeMiB: before, afterMiB: after };
      console.error(`[lsp-extra] ${label}: ${cycles} cycles RSS ${before.toFixed(1)} → ${after.toFixed(1)} MiB`);
    }
    result.memory.end = server.memoryMiB();
  } finally {
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
  return result;
}

const results = [];
const labels = opt.label ?? [];
for (let i = 0; i < (opt.server ?? []).length; i++) results.push(await measureServer(labels[i] ?? `server${i + 1}`, opt.server[i]));
const json = JSON.stringify({ date: new Date().toISOString(), runs, results }, null, 2);
if (opt.json) writeFileSync(opt.json, json);
else process.stdout.write(`${json}\n`);
