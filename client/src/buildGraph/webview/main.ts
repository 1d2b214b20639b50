// The build graph webview: receives graphs from the extension, draws them, and sends back what the
// user picks (a line to reveal, a --target). Runs in the webview's sandbox, with no network.
import type { BuildGraph, FromWebview, ToWebview } from '../messages.ts';
import { renderGraph, revealTargetOf, type RevealTarget } from './render.ts';
import './style.css';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const graphContainer = document.getElementById('graph')!;
const summaryContainer = document.getElementById('summary')!;
const fileLabel = document.getElementById('file')!;
const status = document.getElementById('status')!;
const targetPicker = document.getElementById('target') as HTMLSelectElement;
const zoomFit = document.getElementById('zoom-fit') as HTMLButtonElement;

// ---- zoom: fit to the panel's width by default (never below a readable size), or a fixed scale -----------

const MIN_FIT_SCALE = 0.6;
const ZOOM_STEPS = [0.5, 0.6, 0.75, 0.9, 1, 1.25, 1.5, 2];
let zoom: number | 'fit' = 'fit';

function applyZoom(): void {
  const svgElement = graphContainer.querySelector('svg.graph-svg');
  if (!svgElement) return;
  const [, , width, height] = (svgElement.getAttribute('viewBox') ?? '0 0 0 0').split(' ').map(Number);
  const available = graphContainer.clientWidth - 12;
  const scale = zoom === 'fit' ? Math.max(MIN_FIT_SCALE, Math.min(1, available / Math.max(1, width))) : zoom;
  svgElement.setAttribute('width', String(Math.round(width * scale)));
  svgElement.setAttribute('height', String(Math.round(height * scale)));
  svgElement.setAttribute('data-scale', scale.toFixed(2));
  zoomFit.setAttribute('aria-pressed', String(zoom === 'fit'));
}

function currentScale(): number {
  return Number(graphContainer.querySelector('svg.graph-svg')?.getAttribute('data-scale') ?? '1');
}

document.getElementById('zoom-in')!.addEventListener('click', () => {
  zoom = ZOOM_STEPS.find((step) => step > currentScale() + 0.01) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1];
  applyZoom();
});
document.getElementById('zoom-out')!.addEventListener('click', () => {
  zoom = [...ZOOM_STEPS].reverse().find((step) => step < currentScale() - 0.01) ?? ZOOM_STEPS[0];
  applyZoom();
});
zoomFit.addEventListener('click', () => {
  zoom = 'fit';
  applyZoom();
});
window.addEventListener('resize', () => {
  if (zoom === 'fit') applyZoom();
});

function reveal(target: RevealTarget): void {
  vscode.postMessage({ type: 'reveal', line: target.line, column: target.column });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  if (message.type === 'graph') show(message.fileName, message.graph, message.target);
  else if (message.type === 'message') showMessage(message.fileName, message.text);
});

function showMessage(fileName: string | null, text: string): void {
  fileLabel.textContent = fileName ?? '';
  status.textContent = '';
  targetPicker.replaceChildren();
  targetPicker.disabled = true;
  summaryContainer.replaceChildren();
  const paragraph = document.createElement('p');
  paragraph.className = 'message';
  paragraph.textContent = text;
  graphContainer.replaceChildren(paragraph);
}

function show(fileName: string, graph: BuildGraph, target: string | null): void {
  // Keep the user's place: what had focus, and the scroll position.
  const focusedKey = (document.activeElement as Element | null)?.getAttribute?.('data-key') ?? null;
  const scroll = { left: graphContainer.scrollLeft, top: graphContainer.scrollTop };
  fileLabel.textContent = fileName;
  fillTargetPicker(graph, target);
  if (graph.target.node === null) {
    summaryContainer.replaceChildren();
    const paragraph = document.createElement('p');
    paragraph.className = 'message';
    paragraph.textContent = 'No FROM instruction yet: nothing to draw.';
    graphContainer.replaceChildren(paragraph);
    status.textContent = '';
    return;
  }
  renderGraph(graphContainer, graph, { reveal });
  applyZoom();
  renderSummary(graph);
  graphContainer.scrollLeft = scroll.left;
  graphContainer.scrollTop = scroll.top;
  const stages = graph.nodes.filter((n) => n.kind === 'stage');
  const findings = stages.reduce((sum, n) => sum + (n.kind === 'stage' ? n.findings.length : 0), 0) + graph.otherFindings.length;
  const shipped = stages.find((n) => n.id === graph.target.node);
  status.textContent = `${stages.length} ${stages.length === 1 ? 'stage' : 'stages'} · ships ${shipped?.label ?? '?'} · ${findings} ${findings === 1 ? 'finding' : 'findings'}`;
  if (focusedKey) focusables().find((el) => el.getAttribute('data-key') === focusedKey)?.focus();
}

function fillTargetPicker(graph: BuildGraph, target: string | null): void {
  const last = graph.nodes.filter((n) => n.kind === 'stage').at(-1);
  const options: HTMLOptionElement[] = [new Option(`last stage${last ? ` (${last.label})` : ''}`, '')];
  for (const name of graph.targets) options.push(new Option(name, name));
  targetPicker.replaceChildren(...options);
  targetPicker.value = target ?? '';
  targetPicker.disabled = graph.targets.length === 0;
}

targetPicker.addEventListener('change', () => {
  vscode.postMessage({ type: 'target', target: targetPicker.value === '' ? null : targetPicker.value });
});

// ---- summary: what ends up in the shipped image -----------------------------------------------------------

function renderSummary(graph: BuildGraph): void {
  const final = graph.finalImage;
  if (!final) {
    summaryContainer.replaceChildren();
    return;
  }
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const label = (id: string) => nodes.get(id)?.label ?? id;
  const list = document.createElement('dl');
  const item = (term: string, text: string, line: number | null, state?: string) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    if (state) dd.className = `state-${state}`;
    if (line !== null) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = text;
      button.title = `Show line ${line}`;
      button.addEventListener('click', () => reveal({ line, column: 1 }));
      dd.append(button);
    } else {
      dd.textContent = text;
    }
    list.append(dt, dd);
  };
  const shipped = nodes.get(final.stage);
  item('Ships', `${label(final.stage)}${final.image ? ` · ${final.image}` : ''}`, shipped?.line ?? null);
  if (final.binaries.length === 0) item('Binary', 'no Go binary traced into this image', null, 'unknown');
  for (const binary of final.binaries) {
    const route = binary.via.map(label).join(' → ');
    item('Binary', `${binary.path ?? '(path not known)'} · built in ${label(binary.builtIn)}${binary.via.length > 1 ? ` · ${route}` : ''}`, binary.line);
  }
  item('CA certificates', provisionText(final.caCertificates.status), final.caCertificates.line, final.caCertificates.status);
  item('Zoneinfo', provisionText(final.zoneinfo.status), final.zoneinfo.line, final.zoneinfo.status);
  item('User', final.user.name ?? 'the image default', final.user.line, final.user.name === 'root' || final.user.name === '0' ? 'missing' : undefined);
  const start = final.entrypoint ?? final.cmd;
  if (start) item(final.entrypoint ? 'Entrypoint' : 'Cmd', start.exec ? JSON.stringify(start.words) : start.words.join(' '), start.line);
  else item('Entrypoint', 'none set here', null, 'unknown');
  summaryContainer.replaceChildren(list);
}

function provisionText(status: string): string {
  switch (status) {
    case 'image':
      return 'in the base image';
    case 'copied':
      return 'copied in';
    case 'installed':
      return 'installed';
    case 'embedded':
      return 'embedded in the binary (-tags timetzdata)';
    case 'missing':
      return 'none';
    default:
      return 'not known';
  }
}

// ---- keyboard -------------------------------------------------------------------------------------------

function focusables(): HTMLElement[] {
  return Array.from(graphContainer.querySelectorAll<HTMLElement>('[data-key]'));
}

function stageBodies(): HTMLElement[] {
  return Array.from(graphContainer.querySelectorAll<HTMLElement>('.node-body'));
}

function centre(element: Element): { x: number; y: number } {
  const box = element.getBoundingClientRect();
  return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
}

/** The nearest stage in the arrow's direction (cone of ±60°), preferring ones straight ahead. */
function nearestInDirection(from: HTMLElement, key: string): HTMLElement | undefined {
  const origin = centre(from);
  const direction = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] }[key];
  if (!direction) return undefined;
  let best: HTMLElement | undefined;
  let bestScore = Infinity;
  for (const candidate of stageBodies()) {
    if (candidate === from) continue;
    const c = centre(candidate);
    const dx = c.x - origin.x;
    const dy = c.y - origin.y;
    const along = dx * direction[0] + dy * direction[1];
    const across = Math.abs(dx * direction[1] - dy * direction[0]);
    if (along <= 0 || across > along * 1.8) continue;
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

graphContainer.addEventListener('keydown', (event) => {
  const element = event.target as HTMLElement;
  if (!element.getAttribute?.('data-key')) return;
  if (event.key === 'Enter' || event.key === ' ') {
    const target = revealTargetOf(element);
    if (target) {
      event.preventDefault();
      reveal(target);
    }
    return;
  }
  const stages = stageBodies();
  if (stages.length === 0) return;
  let next: HTMLElement | undefined;
  if (event.key === 'Home') next = stages[0];
  else if (event.key === 'End') next = stages[stages.length - 1];
  else if (event.key.startsWith('Arrow')) {
    // From a finding or an edge, arrows move from the stage it belongs to.
    const nodeId = element.getAttribute('data-node') ?? element.getAttribute('data-to');
    const from = element.classList.contains('node-body') ? element : stages.find((s) => s.getAttribute('data-node') === nodeId);
    next = from ? (nearestInDirection(from, event.key) ?? (from === element ? undefined : from)) : stages[0];
  }
  if (next) {
    event.preventDefault();
    next.focus();
    next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
});

vscode.postMessage({ type: 'ready' });
