// The targets table of npm run bench (issue 11): every figure of one run beside its target, met or
// missed. Ratios are ours / anchor from the same run (lower is better).

const median = (xs) => {
  const s = (xs ?? []).filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};
const fmt = (x, digits = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—');
const ratioOf = (ours, theirs) => (typeof ours === 'number' && typeof theirs === 'number' && theirs > 0 ? ours / theirs : null);

/** Quiet time before a lint after a change (server/src/lsp/server.ts LINT_DEBOUNCE_MS). */
const DEBOUNCE_MS = 200;

export function targetsReport({ harness, extra, cli, activation, goFactsMarkdown, vsixBytes, packageJson }) {
  const rows = [];
  const row = (measure, ours, anchor, value, target, met, unit = 'ms') => rows.push({ measure, ours, anchor, value, target, met, unit });
  const server = (list, label) => list?.find((s) => s.label === label);
  const oursH = server(harness?.servers, 'go-dockerfile');
  const anchorH = server(harness?.servers, 'anchor');
  const oursX = server(extra?.results, 'go-dockerfile');
  const anchorX = server(extra?.results, 'anchor');

  // Cold start (lsp-bench: spawn → initialize result).
  {
    const ours = median(oursH?.cold?.initialize);
    const anchor = median(anchorH?.cold?.initialize);
    const r = ratioOf(ours, anchor);
    row('cold start (spawn → initialize result)', ours, anchor, r, '≤ 0.8×', r !== null && r <= 0.8);
  }

  // Open: first publish and settled (last publish of the version), ours against the anchor's (one) publish.
  for (const lines of [10, 1000, 10000]) {
    for (const variant of ['clean', 'problems']) {
      const key = `${variant} ${lines}L`;
      const o = oursX?.open?.[key];
      const a = anchorX?.open?.[key];
      const firstTarget = lines === 10 ? 1.0 : 0.5;
      const rf = ratioOf(o?.firstMs, a?.settledMs);
      row(`first publish after open, ${key}`, o?.firstMs, a?.settledMs, rf, `≤ ${firstTarget.toFixed(1)}×`, rf !== null && rf <= firstTarget);
      const rs = ratioOf(o?.settledMs, a?.settledMs);
      row(`settled after open, ${key}`, o?.settledMs, a?.settledMs, rs, '≤ 1.0×', rs !== null && rs <= 1.0);
    }
  }

  // Typing burst.
  if (oursX?.typing && anchorX?.typing) {
    const o = oursX.typing;
    const a = anchorX.typing;
    const r = ratioOf(o.cpuSeconds * 1000, a.cpuSeconds * 1000);
    row(`typing burst: server CPU, ${o.keystrokes} keystrokes 50 ms apart, 10,000 lines`, o.cpuSeconds * 1000, a.cpuSeconds * 1000, r, '≤ 0.2×', r !== null && r <= 0.2);
    const oneValidation = anchorX.open?.['clean 10000L']?.settledMs;
    const budget = oneValidation !== undefined ? DEBOUNCE_MS + oneValidation : null;
    row('typing burst: last keystroke → final version published', o.finalMs, a.finalMs, null, `≤ debounce + one validation (${fmt(budget, 0)} ms)`, budget !== null && o.finalMs !== null && o.finalMs <= budget);
    row('typing burst: stale versions published', o.stalePublishes, null, null, '0', o.stalePublishes === 0 && o.finalVersionPublished === true, '');
  }

  // Code actions.
  for (const [lines, limit] of [
    [1000, 5],
    [10000, 20],
  ]) {
    const o = oursX?.actions?.[`problems ${lines}L`];
    const a = anchorX?.actions?.[`problems ${lines}L`];
    row(`code action p95, problems ${lines}L (n=${o?.n ?? 0})`, o?.p95, a?.p95, null, `≤ ${limit} ms`, typeof o?.p95 === 'number' && o.p95 <= limit);
  }
  {
    const o = oursX?.actions?.['problems 1000L']?.fixAllMs;
    row('fix-all, problems 1000L', o, null, null, '≤ 50 ms', typeof o === 'number' && o <= 50);
  }

  // Memory.
  {
    const o = oursH?.memory?.afterLargestOpen?.rssKiB;
    const a = anchorH?.memory?.afterLargestOpen?.rssKiB;
    const r = ratioOf(o, a);
    row('RSS after the 10,000-line file (lsp-bench)', o / 1024, a / 1024, r, '≤ 1.0×', r !== null && r <= 1.0, 'MiB');
    const ox = oursX?.memory?.end;
    const ax = anchorX?.memory?.end;
    const rx = ratioOf(ox, ax);
    row('RSS at the end of the extra phases', ox, ax, rx, '(information)', null, 'MiB');
    const c = oursX?.cycles;
    const ac = anchorX?.cycles;
    if (c) {
      const growth = c.afterMiB / c.beforeMiB;
      row(`RSS before → after ${c.cycles} open/change/close cycles (ours: ${fmt(c.beforeMiB)} → ${fmt(c.afterMiB)}; anchor: ${fmt(ac?.beforeMiB)} → ${fmt(ac?.afterMiB)})`, c.afterMiB, ac?.afterMiB, growth, 'no growth (≤ 1.1× before)', growth <= 1.1, 'MiB');
    }
  }

  // Growth.
  {
    const o8 = oursX?.growth?.['8000L'];
    const o64 = oursX?.growth?.['64000L'];
    const a8 = anchorX?.growth?.['8000L'];
    const a64 = anchorX?.growth?.['64000L'];
    const r = ratioOf(o64, o8);
    row(`growth 8,000 → 64,000 lines, many stages (settled: ours ${fmt(o8, 0)} → ${fmt(o64, 0)} ms; anchor ${fmt(a8, 0)} → ${fmt(a64, 0)} ms)`, o64, a64, r, '≤ 10× (ours 64k / ours 8k)', r !== null && r <= 10);
  }

  // Go facts (bench/go-facts.ts rows).
  {
    const wall = (label) => {
      const line = goFactsMarkdown.split('\n').find((l) => l.startsWith(`| ${label}`));
      return line ? Number(line.split('|')[2]) : null;
    };
    const cold = wall('first facts');
    const update = wall('one .go file changed');
    row('Go facts: 5,000-file module, first read', cold, null, null, '≤ 1000 ms', cold !== null && cold <= 1000);
    row('Go facts: one changed file', update, null, null, '≤ 20 ms', update !== null && update <= 20);
  }

  // Extension.
  if (activation) {
    row(`activate() (stubbed vscode; bundle require ${fmt(activation.requireMs)} ms before it, ${activation.outcome})`, activation.activateMs, null, null, '≤ 50 ms', activation.activateMs <= 50 && activation.outcome === 'resolved');
  }
  if (vsixBytes !== undefined) row('VSIX size', vsixBytes / 1024, null, null, '≤ 400 KB', vsixBytes / 1024 <= 400, 'KiB');
  {
    const events = packageJson.activationEvents ?? [];
    const allowed = events.every((e) => e === 'onLanguage:dockerfile' || e.startsWith('onCommand:goDockerfile.') || /^workspaceContains:.*go\.(mod|work)$/.test(e));
    rows.push({ measure: `activation events: ${events.join(', ')} (+ the contributed commands)`, ours: null, anchor: null, value: null, target: 'Dockerfiles, commands, Go workspaces only', met: allowed, unit: '' });
  }

  // CLI.
  if (cli) {
    const r = ratioOf(cli.oursMs, cli.dockerfileUtilsOneFileMs);
    row(`CLI: one process lints ${cli.files} Dockerfiles (anchor column: dockerfile-utils CLI, one file)`, cli.oursMs, cli.dockerfileUtilsOneFileMs, r, '< 1.0×', r !== null && r < 1.0);
  }

  const lines = [
    '## Targets (issue 11)',
    '',
    `Ratios are ours ÷ anchor in the same run (lower is better); medians of ${extra?.runs ?? '?'} runs unless noted. "first" is the first publishDiagnostics after didOpen, "settled" the last one for that version (none for ${1500} ms after it); the anchor publishes once.`,
    '',
    '| measure | ours | anchor | ratio | target | |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map((r) => {
      const unit = r.unit ? ` ${r.unit}` : '';
      const value = r.value === null || r.value === undefined ? '' : `${fmt(r.value, 2)}×`;
      const verdict = r.met === null ? '' : r.met ? 'met' : '**missed**';
      return `| ${r.measure} | ${r.ours === null || r.ours === undefined ? '—' : fmt(r.ours) + unit} | ${r.anchor === null || r.anchor === undefined ? '—' : fmt(r.anchor) + unit} | ${value} | ${r.target} | ${verdict} |`;
    }),
    '',
  ];
  return lines.join('\n');
}
