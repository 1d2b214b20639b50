// `go-dockerfile graph` output: the engine's build graph as Mermaid (pasteable into a GitHub README or
// PR comment), Graphviz DOT, or the documented JSON. Labels are escaped for each syntax, so image
// names, paths and messages can hold any character.
import type { BuildGraph, GoBuild, GraphEdge, GraphNode, StageNode } from '../engine/build-graph.ts';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function isGraphFormat(value: string): value is GraphFormat {
  return (GRAPH_FORMATS as readonly string[]).includes(value);
}

const LIBC_TEXT: Record<string, string> = { glibc: 'glibc', musl: 'musl', none: 'no libc' };

/** The lines that describe a node, plain text, shared by the Mermaid and DOT renderings. */
export function nodeLines(node: GraphNode, graph: BuildGraph, labels: ReadonlyMap<string, string>): string[] {
  if (node.kind === 'image') return [node.label, 'image'];
  const lines = [node.isTarget ? `${node.label} (shipped)` : node.label, baseLine(node, labels)];
  for (const build of node.builds) lines.push(...buildLines(build));
  for (const opaque of node.opaqueBuilds) lines.push(`build behind a script or make (line ${opaque.line})`);
  if (node.isTarget && graph.finalImage) lines.push(...summaryLines(graph));
  if (node.findings.length > 0) {
    const ids = [...new Set(node.findings.map((f) => f.ruleId))];
    lines.push(`⚠ ${node.findings.length} ${node.findings.length === 1 ? 'finding' : 'findings'}: ${ids.join(', ')}`);
  }
  return lines;
}

function baseLine(node: StageNode, labels: ReadonlyMap<string, string>): string {
  const base = node.base;
  const parts: string[] = [];
  if (base.kind === 'stage') {
    parts.push(`FROM ${labels.get(base.stage ?? '') ?? base.written}`);
  } else {
    parts.push(base.ref ?? `${base.written} (build argument)`);
  }
  if (base.platform) parts.push(`--platform=${base.platform}`);
  if (base.goVersion) parts.push(`Go ${base.goVersion}`);
  else if (base.go) parts.push('Go');
  if (LIBC_TEXT[base.libc]) parts.push(LIBC_TEXT[base.libc]);
  if (base.shell === false) parts.push('no shell');
  return parts.join(' · ');
}

export function buildLines(build: GoBuild): string[] {
  const packages = build.packages.length > 0 ? build.packages.join(' ') : '.';
  const head = `go ${build.command} ${packages}${build.output ? ` → ${build.output}` : ''}`;
  const details = [cgoText(build), platformText(build), build.flags.join(' ')].filter((d): d is string => !!d);
  return [head, details.join(' · ')];
}

function cgoText(build: GoBuild): string {
  const { setting, effective } = build.cgo;
  if (setting === '0' || setting === '1') return `CGO_ENABLED=${setting}`;
  if (setting === 'unknown') return 'CGO_ENABLED=(build argument)';
  return effective === 'unknown' ? 'cgo default' : `cgo ${effective} (default)`;
}

function platformText(build: GoBuild): string | undefined {
  if (build.goos === null && build.goarch === null) return undefined;
  return `${build.goos ?? '(builder)'}/${build.goarch ?? '(builder)'}`;
}

const PROVISION_TEXT: Record<string, string> = { image: 'in the base image', copied: 'copied in', installed: 'installed', embedded: 'embedded', missing: 'none', unknown: 'not known' };

function summaryLines(graph: BuildGraph): string[] {
  const final = graph.finalImage!;
  const lines: string[] = [];
  for (const binary of final.binaries) lines.push(`ships ${binary.path ?? 'a binary'} (go build line ${binary.line})`);
  lines.push(`CA certificates: ${PROVISION_TEXT[final.caCertificates.status]} · zoneinfo: ${PROVISION_TEXT[final.zoneinfo.status]}`);
  lines.push(`user: ${final.user.name ?? 'the image default'}`);
  const start = final.entrypoint ?? final.cmd;
  if (start) lines.push(`${final.entrypoint ? 'ENTRYPOINT' : 'CMD'} ${start.exec ? JSON.stringify(start.words) : start.words.join(' ')}`);
  return lines;
}

function edgeText(edge: GraphEdge): string {
  const lines = edge.label.split('\n');
  // Many copies between the same two stages: show a few, count the rest.
  return lines.length > 3 ? [...lines.slice(0, 3), `+${lines.length - 3} more`].join('\n') : lines.join('\n');
}

function labelsOf(graph: BuildGraph): Map<string, string> {
  return new Map(graph.nodes.map((n) => [n.id, n.label]));
}

// ---- Mermaid --------------------------------------------------------------------------------------------

/**
 * Text inside a quoted Mermaid label. Mermaid decodes `#name;` and `#code;` entities there, so every
 * character that could end the label or be read as markup is written as one.
 */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text) {
    switch (ch) {
      case '"':
        out += '#quot;';
        break;
      case '#':
        out += '#35;';
        break;
      case '&':
        out += '#amp;';
        break;
      case '<':
        out += '#lt;';
        break;
      case '>':
        out += '#gt;';
        break;
      case '`':
        out += '#96;';
        break;
      case '\n':
        out += '<br/>';
        break;
      default:
        out += ch < ' ' ? ' ' : ch;
    }
  }
  return out;
}

function mermaidId(id: string, index: number): string {
  return id.startsWith('stage-') ? `stage_${id.slice('stage-'.length)}` : `image_${index}`;
}

export function formatMermaid(graph: BuildGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, mermaidId(n.id, i)]));
  const labels = labelsOf(graph);
  const out = ['flowchart TB'];
  for (const node of graph.nodes) {
    const label = mermaidText(nodeLines(node, graph, labels).join('\n'));
    // Images are parallelograms, stages boxes with rounded corners.
    out.push(node.kind === 'image' ? `  ${ids.get(node.id)}[/"${label}"/]` : `  ${ids.get(node.id)}("${label}")`);
  }
  for (const edge of graph.edges) {
    const arrow = edge.kind === 'from' ? '==>' : edge.kind === 'mount' ? '-.->' : '-->';
    out.push(`  ${ids.get(edge.from)} ${arrow}|"${mermaidText(edgeText(edge))}"| ${ids.get(edge.to)}`);
  }
  const dimmed = graph.nodes.filter((n) => !n.reachesTarget).map((n) => ids.get(n.id));
  const target = graph.target.node ? ids.get(graph.target.node) : undefined;
  if (target || dimmed.length > 0 || graph.nodes.some((n) => n.kind === 'stage' && n.findings.length > 0)) {
    out.push('  classDef shipped stroke-width:3px');
    out.push('  classDef dimmed opacity:0.5,stroke-dasharray:4 4');
    out.push('  classDef findings stroke:#d97706');
  }
  if (target) out.push(`  class ${target} shipped`);
  if (dimmed.length > 0) out.push(`  class ${dimmed.join(',')} dimmed`);
  const withFindings = graph.nodes.filter((n) => n.kind === 'stage' && n.findings.length > 0 && !n.isTarget).map((n) => ids.get(n.id));
  if (withFindings.length > 0) out.push(`  class ${withFindings.join(',')} findings`);
  return out.join('\n') + '\n';
}

// ---- Graphviz DOT ---------------------------------------------------------------------------------------

/** A DOT double-quoted string: backslash and quote escaped, line breaks as `\n`, other controls dropped. */
export function dotString(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else out += ch < ' ' ? ' ' : ch;
  }
  return out + '"';
}

export function formatDot(graph: BuildGraph): string {
  const out = [
    'digraph dockerfile {',
    '  graph [rankdir=TB, fontname="Helvetica"];',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const labels = labelsOf(graph);
  for (const node of graph.nodes) {
    const attributes = [`label=${dotString(nodeLines(node, graph, labels).join('\n'))}`];
    if (node.kind === 'image') attributes.push('shape=parallelogram');
    if (node.kind === 'stage' && node.isTarget) attributes.push('penwidth=2.5', 'style="rounded,bold"');
    else if (!node.reachesTarget) attributes.push('style="rounded,dashed"', 'fontcolor=gray45');
    if (node.kind === 'stage' && node.findings.length > 0) attributes.push('color=darkorange');
    else if (!node.reachesTarget) attributes.push('color=gray60');
    out.push(`  ${dotString(node.id)} [${attributes.join(', ')}];`);
  }
  for (const edge of graph.edges) {
    const attributes = [`label=${dotString(edgeText(edge))}`];
    if (edge.kind === 'from') attributes.push('style=bold');
    if (edge.kind === 'mount') attributes.push('style=dashed');
    if (!edge.reachesTarget) attributes.push('color=gray60', 'fontcolor=gray45');
    out.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [${attributes.join(', ')}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

export function formatGraph(graph: BuildGraph, format: GraphFormat): string {
  switch (format) {
    case 'mermaid':
      return formatMermaid(graph);
    case 'dot':
      return formatDot(graph);
    case 'json':
      return JSON.stringify(graph, null, 2) + '\n';
  }
}
