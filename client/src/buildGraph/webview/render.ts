// Draws a build graph as SVG: dagre lays it out, this file turns nodes, edges and findings into
// focusable, labelled SVG groups. It only draws what the server computed; it never reads the
// Dockerfile.
import { graphlib, layout } from '@dagrejs/dagre';
import type { BuildGraph, GraphEdge, GraphFinding, GraphNode, StageNode } from '../messages.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LINE_HEIGHT = 18;
const PAD_X = 12;
const PAD_Y = 9;
const MIN_NODE_WIDTH = 150;
/** Longer lines wrap (a few times at most, then an ellipsis); the full text is in the tooltip and aria-label. */
const MAX_LINE_CHARS = 46;
const MAX_EDGE_LINE_CHARS = 36;
const MAX_EDGE_LABEL_LINES = 4;
const MAX_FINDINGS_SHOWN = 6;

export interface RevealTarget {
  line: number;
  column: number;
}

export interface RenderCallbacks {
  reveal(target: RevealTarget): void;
}

type LineKind = 'title' | 'base' | 'traits' | 'build' | 'build-detail' | 'opaque' | 'caption' | 'finding';

interface NodeLine {
  kind: LineKind;
  text: string;
  finding?: GraphFinding;
}

const SEVERITY_GLYPH: Record<string, string> = { error: '✖', warning: '⚠', info: 'ℹ', hint: '◆' };
const LIBC_TEXT: Record<string, string> = { glibc: 'glibc', musl: 'musl', none: 'no libc' };

function svg<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number> = {}, parent?: Element): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  parent?.appendChild(element);
  return element;
}

function cut(text: string, max = MAX_LINE_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Greedy word wrap at spaces; a word longer than a line is cut. At most `maxLines`, the last one cut short. */
export function wrap(text: string, max: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= max || current === '') current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1].slice(0, max - 1)}…`;
    return kept.map((l) => cut(l, max));
  }
  return lines.map((l) => cut(l, max));
}

function nodeById(graph: BuildGraph): Map<string, GraphNode> {
  return new Map(graph.nodes.map((n) => [n.id, n]));
}

// ---- what each node says --------------------------------------------------------------------------------

export function baseText(node: StageNode, nodes: Map<string, GraphNode>): string {
  const base = node.base;
  if (base.kind === 'stage') return `FROM ${nodes.get(base.stage ?? '')?.label ?? base.written}`;
  return base.ref ?? `${base.written} (set by a build argument)`;
}

export function traitsText(node: StageNode): string {
  const base = node.base;
  const parts: string[] = [];
  if (base.platform) parts.push(`--platform=${base.platform}`);
  if (base.goVersion) parts.push(`Go ${base.goVersion}`);
  else if (base.go) parts.push('Go');
  if (LIBC_TEXT[base.libc]) parts.push(LIBC_TEXT[base.libc]);
  if (base.shell === false) parts.push('no shell');
  else if (base.shell === true) parts.push('shell');
  if (base.cCompiler === true) parts.push('C compiler');
  return parts.join(' · ');
}

function buildHead(build: StageNode['builds'][number]): string {
  const packages = build.packages.length > 0 ? build.packages.join(' ') : '.';
  return `go ${build.command} ${packages}${build.output ? ` → ${build.output}` : ''}`;
}

function buildDetail(build: StageNode['builds'][number]): string {
  const parts: string[] = [];
  const { setting, effective } = build.cgo;
  if (setting === '0' || setting === '1') parts.push(`CGO_ENABLED=${setting}`);
  else if (setting === 'unknown') parts.push('CGO_ENABLED from a build argument');
  else parts.push(effective === 'unknown' ? 'cgo: default' : `cgo ${effective} (default)`);
  if (build.goos !== null || build.goarch !== null) parts.push(`${build.goos ?? 'builder OS'}/${build.goarch ?? 'builder arch'}`);
  if (build.flags.length > 0) parts.push(build.flags.join(' '));
  return parts.join(' · ');
}

function nodeLines(node: GraphNode, nodes: Map<string, GraphNode>): NodeLine[] {
  if (node.kind === 'image') return [{ kind: 'title', text: node.label }, { kind: 'caption', text: 'image (COPY --from / --mount=from)' }];
  const lines: NodeLine[] = [{ kind: 'title', text: node.label }];
  const add = (kind: LineKind, text: string, maxLines = 2) => {
    for (const part of wrap(text, MAX_LINE_CHARS, maxLines)) lines.push({ kind, text: part });
  };
  add('base', baseText(node, nodes));
  const traits = traitsText(node);
  if (traits) add('traits', traits);
  for (const build of node.builds) {
    add('build', buildHead(build));
    add('build-detail', buildDetail(build), 3);
  }
  for (const opaque of node.opaqueBuilds) add('opaque', `build behind a script or make (line ${opaque.line})`);
  for (const finding of node.findings.slice(0, MAX_FINDINGS_SHOWN)) {
    lines.push({ kind: 'finding', text: `${SEVERITY_GLYPH[finding.severity] ?? '•'} ${finding.ruleId} · line ${finding.line}`, finding });
  }
  if (node.findings.length > MAX_FINDINGS_SHOWN) lines.push({ kind: 'caption', text: `+${node.findings.length - MAX_FINDINGS_SHOWN} more findings` });
  return lines;
}

/** Each node's incoming and outgoing edges, computed once per render. */
interface Adjacency {
  incoming: Map<string, GraphEdge[]>;
  outgoing: Map<string, GraphEdge[]>;
}

function adjacencyOf(graph: BuildGraph): Adjacency {
  const incoming = new Map<string, GraphEdge[]>();
  const outgoing = new Map<string, GraphEdge[]>();
  const add = (map: Map<string, GraphEdge[]>, key: string, edge: GraphEdge) => {
    const list = map.get(key);
    if (list) list.push(edge);
    else map.set(key, [edge]);
  };
  for (const edge of graph.edges) {
    add(incoming, edge.to, edge);
    add(outgoing, edge.from, edge);
  }
  return { incoming, outgoing };
}

/** What a screen reader says for a stage: everything the box shows, in sentences. */
export function nodeDescription(node: GraphNode, adjacency: Adjacency, nodes: Map<string, GraphNode>): string {
  const incoming = (adjacency.incoming.get(node.id) ?? []).map((e) => `${edgeVerb(e)} ${nodes.get(e.from)?.label ?? e.from}`);
  const outgoing = (adjacency.outgoing.get(node.id) ?? []).map((e) => nodes.get(e.to)?.label ?? e.to);
  const parts: string[] = [];
  if (node.kind === 'image') {
    parts.push(`Image ${node.label}, read by COPY --from or RUN --mount=from on line ${node.line}.`);
  } else {
    parts.push(`Stage ${node.label}${node.isTarget ? ', the shipped stage' : ''}, line ${node.line}.`);
    parts.push(`Based on ${baseText(node, nodes)}${traitsText(node) ? ` (${traitsText(node)})` : ''}.`);
    for (const build of node.builds) parts.push(`Builds: ${buildHead(build)}, ${buildDetail(build)}${build.ships ? ', ships' : ''}.`);
    if (node.opaqueBuilds.length > 0) parts.push(`${node.opaqueBuilds.length} build behind a script or make.`);
  }
  if (incoming.length > 0) parts.push(`Uses ${incoming.join('; ')}.`);
  if (outgoing.length > 0) parts.push(`Feeds ${outgoing.join(', ')}.`);
  if (!node.reachesTarget) parts.push('Does not reach the shipped image.');
  if (node.kind === 'stage' && node.findings.length > 0) parts.push(`${node.findings.length} ${node.findings.length === 1 ? 'finding' : 'findings'}.`);
  return parts.join(' ');
}

function edgeVerb(edge: GraphEdge): string {
  return edge.kind === 'from' ? 'FROM' : edge.kind === 'mount' ? 'a mount from' : 'COPY from';
}

export function edgeDescription(edge: GraphEdge, nodes: Map<string, GraphNode>): string {
  const from = nodes.get(edge.from)?.label ?? edge.from;
  const to = nodes.get(edge.to)?.label ?? edge.to;
  const lines = edge.items.map((i) => i.line).join(', ');
  const what = edge.kind === 'from' ? `Stage ${to} is built FROM ${from}` : `${edge.kind === 'copy' ? 'COPY' : 'RUN --mount'} from ${from} into ${to}: ${edge.label.split('\n').join('; ')}`;
  return `${what}, line ${lines}.${edge.reachesTarget ? '' : ' Does not reach the shipped image.'}`;
}

function findingDescription(finding: GraphFinding): string {
  return `${finding.severity} ${finding.ruleId} on line ${finding.line}: ${finding.message}`;
}

// ---- drawing --------------------------------------------------------------------------------------------

interface Box {
  group: SVGGElement;
  width: number;
  height: number;
}

/**
 * Renders `graph` into `container`, replacing what was there. Focusable elements carry `data-key`,
 * so focus can be restored after the next render.
 */
export function renderGraph(container: HTMLElement, graph: BuildGraph, callbacks: RenderCallbacks): SVGSVGElement {
  const nodes = nodeById(graph);
  const stageCount = graph.nodes.filter((n) => n.kind === 'stage').length;
  const root = svg('svg', {
    class: 'graph-svg',
    role: 'group',
    'aria-label': `Build graph: ${stageCount} ${stageCount === 1 ? 'stage' : 'stages'}, ${graph.edges.length} ${graph.edges.length === 1 ? 'edge' : 'edges'}. Arrow keys move between stages, Enter shows the line.`,
  });
  const defs = svg('defs', {}, root);
  for (const kind of ['copy', 'from', 'mount', 'dimmed']) {
    const marker = svg('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrowhead arrowhead-${kind}` }, marker);
  }
  container.replaceChildren(root);

  const edgeLayer = svg('g', { class: 'edges' });
  const nodeLayer = svg('g', { class: 'nodes' });
  // Nodes first in the DOM, so Tab reaches the stages before the edges.
  root.append(nodeLayer, edgeLayer);

  const boxes = new Map<string, Box>();
  const adjacency = adjacencyOf(graph);
  for (const node of graph.nodes) boxes.set(node.id, drawNode(nodeLayer, node, adjacency, nodes, callbacks));
  const labels = new Map<string, Box>();
  for (const edge of graph.edges) labels.set(edge.id, drawEdgeLabel(edgeLayer, edge, nodes, callbacks));

  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 56, edgesep: 20, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    const box = boxes.get(node.id)!;
    g.setNode(node.id, { width: box.width, height: box.height });
  }
  for (const edge of graph.edges) {
    const label = labels.get(edge.id)!;
    g.setEdge(edge.from, edge.to, { width: label.width, height: label.height, labelpos: 'c', minlen: 1 }, edge.id);
  }
  layout(g);

  for (const node of graph.nodes) {
    const box = boxes.get(node.id)!;
    const placed = g.node(node.id);
    box.group.setAttribute('transform', `translate(${Math.round(placed.x! - box.width / 2)},${Math.round(placed.y! - box.height / 2)})`);
  }
  for (const edge of graph.edges) {
    const placed = g.edge({ v: edge.from, w: edge.to, name: edge.id });
    const label = labels.get(edge.id)!;
    const path = svg('path', { class: 'edge-line', d: curve(placed.points ?? []), 'marker-end': `url(#arrow-${edge.reachesTarget ? edge.kind : 'dimmed'})` });
    label.group.insertBefore(path, label.group.firstChild);
    const inner = label.group.querySelector('.edge-label');
    inner?.setAttribute('transform', `translate(${Math.round((placed.x ?? 0) - label.width / 2)},${Math.round((placed.y ?? 0) - label.height / 2)})`);
  }
  const size = g.graph();
  const width = Math.ceil(size.width ?? 0);
  const height = Math.ceil(size.height ?? 0);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return root;
}

function drawNode(layer: SVGGElement, node: GraphNode, adjacency: Adjacency, nodes: Map<string, GraphNode>, callbacks: RenderCallbacks): Box {
  const classes = ['node', `node-${node.kind}`];
  if (node.kind === 'stage' && node.isTarget) classes.push('target');
  if (!node.reachesTarget) classes.push('dimmed');
  if (node.kind === 'stage' && node.findings.some((f) => f.severity === 'error')) classes.push('has-error');
  else if (node.kind === 'stage' && node.findings.some((f) => f.severity === 'warning')) classes.push('has-warning');
  // The wrapper is positioned; inside it, the stage box and its finding rows are sibling buttons
  // (a button inside a button would hide the findings from screen readers).
  const wrapper = svg('g', { class: classes.join(' '), 'data-node': node.id }, layer);
  const body = svg('g', {
    class: 'node-body',
    role: 'button',
    tabindex: 0,
    'aria-roledescription': node.kind === 'stage' ? 'stage' : 'image',
    'aria-label': nodeDescription(node, adjacency, nodes),
    'data-key': `node:${node.id}`,
    'data-node': node.id,
  }, wrapper);
  const frame = svg('rect', { class: 'frame', rx: 6, ry: 6 }, body);
  const tooltip = svg('title', {}, body);
  const lines = nodeLines(node, nodes);
  tooltip.textContent = lines.filter((l) => l.kind !== 'finding').map((l) => l.text).join('\n');

  let y = PAD_Y;
  let width = MIN_NODE_WIDTH;
  const findingRows: SVGGElement[] = [];
  for (const line of lines) {
    const finding = line.finding;
    const row = finding ? svg('g', { class: `finding severity-${finding.severity}` }, wrapper) : body;
    const hit = finding ? svg('rect', { class: 'finding-hit', x: PAD_X - 4, y: y + 1, height: LINE_HEIGHT - 2, rx: 3 }, row) : undefined;
    const text = svg('text', { class: `line line-${line.kind}`, x: PAD_X, y: y + LINE_HEIGHT - 5 }, row);
    text.textContent = cut(line.text);
    let lineWidth = text.getComputedTextLength() + 2 * PAD_X;
    if (line.kind === 'title' && node.kind === 'stage' && node.isTarget) lineWidth += drawShipsPill(body, text, y) + 8;
    width = Math.max(width, lineWidth);
    if (finding && hit) {
      row.setAttribute('role', 'button');
      row.setAttribute('tabindex', '0');
      row.setAttribute('aria-label', findingDescription(finding));
      row.setAttribute('data-key', `finding:${node.id}:${finding.ruleId}:${finding.line}:${finding.column}`);
      row.setAttribute('data-node', node.id);
      const title = svg('title', {}, row);
      title.textContent = `${finding.ruleId}: ${finding.message}`;
      findingRows.push(row);
      const reveal = { line: finding.line, column: finding.column };
      setRevealTarget(row, reveal);
      row.addEventListener('click', () => callbacks.reveal(reveal));
    }
    if (line.kind === 'title' && lines.length > 1) y += 4;
    y += LINE_HEIGHT;
  }
  const height = y + PAD_Y;
  width = Math.ceil(width);
  frame.setAttribute('width', String(width));
  frame.setAttribute('height', String(height));
  for (const row of findingRows) row.querySelector('.finding-hit')?.setAttribute('width', String(width - 2 * PAD_X + 8));
  // A rule under the title separates the name from the details.
  if (lines.length > 1) svg('line', { class: 'divider', x1: 0, x2: width, y1: PAD_Y + LINE_HEIGHT + 1, y2: PAD_Y + LINE_HEIGHT + 1 }, body);
  const reveal = { line: node.line, column: 1 };
  setRevealTarget(body, reveal);
  body.addEventListener('click', () => callbacks.reveal(reveal));
  return { group: wrapper, width, height };
}

/** The "ships" pill after the shipped stage's name; returns its width. */
function drawShipsPill(group: SVGGElement, title: SVGTextElement, y: number): number {
  const x = PAD_X + title.getComputedTextLength() + 8;
  const pill = svg('g', { class: 'ships-pill', 'aria-hidden': 'true' }, group);
  const rect = svg('rect', { x, y: y + 2, height: LINE_HEIGHT - 3, rx: 7 }, pill);
  const text = svg('text', { x: x + 7, y: y + LINE_HEIGHT - 5 }, pill);
  text.textContent = 'ships';
  const width = text.getComputedTextLength() + 14;
  rect.setAttribute('width', String(width));
  return width;
}

function drawEdgeLabel(layer: SVGGElement, edge: GraphEdge, nodes: Map<string, GraphNode>, callbacks: RenderCallbacks): Box {
  const classes = ['edge', `edge-${edge.kind}`];
  if (!edge.reachesTarget) classes.push('dimmed');
  const group = svg('g', {
    class: classes.join(' '),
    role: 'button',
    tabindex: 0,
    'aria-roledescription': 'edge',
    'aria-label': edgeDescription(edge, nodes),
    'data-key': `edge:${edge.id}`,
    'data-from': edge.from,
    'data-to': edge.to,
  }, layer);
  const title = svg('title', {}, group);
  title.textContent = edge.label;
  const label = svg('g', { class: 'edge-label' }, group);
  const background = svg('rect', { class: 'edge-label-bg', rx: 3 }, label);
  // Long copies break after the arrow: "/out/app →" over "/usr/local/bin/app".
  let lines = edge.label.split('\n').flatMap((line) => {
    const arrow = line.indexOf(' → ');
    return line.length > MAX_EDGE_LINE_CHARS && arrow > 0 ? [line.slice(0, arrow + 2), `  ${line.slice(arrow + 3)}`] : [line];
  });
  if (lines.length > MAX_EDGE_LABEL_LINES) lines = [...lines.slice(0, MAX_EDGE_LABEL_LINES - 1), `+${lines.length - MAX_EDGE_LABEL_LINES + 1} more lines`];
  let width = 0;
  lines.forEach((line, i) => {
    const text = svg('text', { class: 'edge-text', x: 5, y: 4 + (i + 1) * 15 - 3 }, label);
    text.textContent = cut(line, MAX_EDGE_LINE_CHARS);
    width = Math.max(width, text.getComputedTextLength() + 10);
  });
  const height = lines.length * 15 + 6;
  background.setAttribute('width', String(Math.ceil(width)));
  background.setAttribute('height', String(height));
  const reveal = { line: edge.items[0]?.line ?? 1, column: 1 };
  setRevealTarget(group, reveal);
  group.addEventListener('click', () => callbacks.reveal(reveal));
  return { group, width: Math.ceil(width), height };
}

/** A smooth path through dagre's points (a uniform B-spline, as graph drawings usually use). */
export function curve(points: Array<{ x: number; y: number }>): string {
  if (points.length === 0) return '';
  const f = (n: number) => Math.round(n * 10) / 10;
  if (points.length < 3) return `M${points.map((p) => `${f(p.x)},${f(p.y)}`).join('L')}`;
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  let [x0, y0, x1, y1] = [points[0].x, points[0].y, points[1].x, points[1].y];
  d += `L${f((5 * x0 + x1) / 6)},${f((5 * y0 + y1) / 6)}`;
  for (let i = 2; i < points.length; i++) {
    const { x, y } = points[i];
    d += `C${f((2 * x0 + x1) / 3)},${f((2 * y0 + y1) / 3)} ${f((x0 + 2 * x1) / 3)},${f((y0 + 2 * y1) / 3)} ${f((x0 + 4 * x1 + x) / 6)},${f((y0 + 4 * y1 + y) / 6)}`;
    [x0, y0, x1, y1] = [x1, y1, x, y];
  }
  d += `C${f((2 * x0 + x1) / 3)},${f((2 * y0 + y1) / 3)} ${f((x0 + 2 * x1) / 3)},${f((y0 + 2 * y1) / 3)} ${f((x0 + 5 * x1) / 6)},${f((y0 + 5 * y1) / 6)}`;
  return `${d}L${f(x1)},${f(y1)}`;
}

const revealTargets = new WeakMap<Element, RevealTarget>();

function setRevealTarget(element: Element, target: RevealTarget): void {
  revealTargets.set(element, target);
}

/** The line a focusable element shows in the editor (set when drawn). */
export function revealTargetOf(element: Element): RevealTarget | undefined {
  return revealTargets.get(element);
}
