// The build graph: the Dockerfile's stages, what each one builds, what flows between them and what
// ends up in the shipped image. It is what "Go: Show Dockerfile Build Graph" draws and what
// `go-dockerfile graph` prints. Computed from the same model the rules read (no second parser),
// pure, and linear in the Dockerfile: every walk is over instructions, stages or copies once, and
// the file tracing below has a step budget.
//
// The JSON shape is public (docs/build-graph.md) and versioned: add fields freely, but a renamed or
// removed field or a changed meaning bumps BUILD_GRAPH_VERSION.
import { cgoState, goVariable, isCCompilerPackage, outputPaths, ownBuilds, type CgoState } from './go-commands.ts';
import { argWords, buildModel, resolvePath, trimTrailingSlashes } from './model/index.ts';
import { hasWildcards, matchesPathPrefix } from './glob.ts';
import type { CommandLine, CopyInfo, DockerfileModel, GoCommand, Instr, Stage } from './model/index.ts';
import { copiesProgram, lineage } from './stage-graph.ts';
import { baseContents, rootImageName } from './final-image.ts';
import type { Libc } from './images.ts';
import type { Finding, Severity } from './types.ts';

export const BUILD_GRAPH_VERSION = 1;

/** Every line and column in the graph is 1-based, as editors and the CLI show them. */
export interface BuildGraph {
  version: typeof BUILD_GRAPH_VERSION;
  /** Stages in document order, then the external images that COPY --from / RUN --mount=from read. */
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The stage that ships: the last one, or the one `--target` names. */
  target: GraphTarget;
  /** The stage names `--target` can pick, in document order. */
  targets: string[];
  /** What ends up in the shipped image; null when the Dockerfile has no stage. */
  finalImage: FinalImageSummary | null;
  /** Findings on lines that belong to no stage (before the first FROM). */
  otherFindings: GraphFinding[];
}

export type GraphNode = StageNode | ImageNode;

export interface StageNode {
  /** `stage-<index>`. */
  id: string;
  kind: 'stage';
  index: number;
  /** The `AS` name (lower-cased, as BuildKit matches it), or null. */
  name: string | null;
  /** The name, or `stage <index>` for an unnamed stage. */
  label: string;
  /** The FROM line, and the stage's last line (comments and blank lines up to the next FROM included). */
  line: number;
  endLine: number;
  base: BaseImage;
  builds: GoBuild[];
  /** RUN lines whose build the engine cannot see into (make, a script, goreleaser…). */
  opaqueBuilds: Array<{ line: number }>;
  /** The stage contributes to the shipped image (through FROM, COPY --from or RUN --mount=from). */
  reachesTarget: boolean;
  isTarget: boolean;
  findings: GraphFinding[];
}

/** An image that is not a stage, read by COPY --from=<image> or RUN --mount=from=<image>. */
export interface ImageNode {
  /** `image:<reference as written>`. */
  id: string;
  kind: 'image';
  /** The reference as written in --from. */
  label: string;
  /** The first line that reads it. */
  line: number;
  reachesTarget: boolean;
}

export interface BaseImage {
  /** `image` for a registry image, `stage` for FROM <earlier stage>. */
  kind: 'image' | 'stage';
  /** The FROM argument as written, e.g. `golang:${GO_VERSION}-alpine`. */
  written: string;
  /** After expanding the global ARGs; null when a build argument without default leaves it open. */
  ref: string | null;
  /** The node id of the base stage, for kind `stage`. */
  stage: string | null;
  /** FROM --platform, as written. */
  platform: string | null;
  /** The registry image the stage finally rests on (through FROM <stage> chains), as resolved or written. */
  rootImage: string | null;
  /** Facts about that image (and what the stage installs on top of it). */
  goVersion: string | null;
  libc: Libc;
  /** Whether /bin/sh exists; null when the image is not one the engine knows. */
  shell: boolean | null;
  /** Go toolchain present: a golang image, or Go installed in the stage or an ancestor. */
  go: boolean;
  /** C compiler present (cgo is then on by default); null when unknown. */
  cCompiler: boolean | null;
}

export interface GoBuild {
  /** Where the `go` word is. */
  line: number;
  column: number;
  command: 'build' | 'install';
  /** Package arguments as written; empty means the current directory. */
  packages: string[];
  cgo: {
    /** CGO_ENABLED as the command sees it: `0`, `1`, `unset`, or `unknown` (a build argument). */
    setting: '0' | '1' | 'unset' | 'unknown';
    /** Whether cgo is on: the setting, else on exactly when the stage has a C compiler. */
    effective: 'on' | 'off' | 'unknown';
  };
  /**
   * GOOS and GOARCH: the value when known, the expression as written (`$TARGETARCH`) when it comes
   * from a build argument, or null when not set (the builder's own platform).
   */
  goos: string | null;
  goarch: string | null;
  /** Flags other than -o, as `-name` or `-name=value` (GOFLAGS entries included). */
  flags: string[];
  /** The absolute path the binary is written to, when it can be told. */
  output: string | null;
  /** The binary ends up in the shipped image. */
  ships: boolean;
}

export interface GraphEdge {
  /** `<kind>:<from>-><to>`. */
  id: string;
  /** `from`: FROM <stage>; `copy`: COPY/ADD --from; `mount`: RUN --mount=from. */
  kind: 'from' | 'copy' | 'mount';
  /** The node the content comes from. */
  from: string;
  /** The stage that uses it. */
  to: string;
  /** A short description: what is copied or mounted (`/out/app → /app`), or `FROM`. */
  label: string;
  /** One entry per instruction, in document order. */
  items: EdgeItem[];
  /** Both ends reach the shipped stage. */
  reachesTarget: boolean;
}

export interface EdgeItem {
  line: number;
  /** Sources as written (a COPY's sources, a mount's source); empty for FROM. */
  sources: string[];
  /** Destination (a COPY's destination, a mount's target), as written. */
  dest: string | null;
}

export interface GraphTarget {
  /** Node id of the shipped stage; null when there is no stage. */
  node: string | null;
  /** Its name, when it has one. */
  name: string | null;
  /** `--target` as asked for; null for the default (the last stage). */
  requested: string | null;
  /** False when `requested` names no stage (the last stage is shown instead). */
  found: boolean;
}

export interface FinalImageSummary {
  stage: string;
  /** The registry image the shipped stage rests on. */
  image: string | null;
  binaries: ShippedBinary[];
  caCertificates: Provision<'image' | 'copied' | 'installed' | 'missing' | 'unknown'>;
  zoneinfo: Provision<'image' | 'copied' | 'installed' | 'embedded' | 'missing' | 'unknown'>;
  /** The user the container runs as; name null when the image's default is not known. */
  user: { name: string | null; line: number | null };
  entrypoint: CommandSummary | null;
  cmd: CommandSummary | null;
}

export interface ShippedBinary {
  /** Where it is in the shipped image; null when it cannot be told (no -o). */
  path: string | null;
  /** The stage that builds it, and the line of the `go` command. */
  builtIn: string;
  line: number;
  packages: string[];
  /** The stages it passes through, from the build stage to the shipped stage. */
  via: string[];
}

export interface Provision<S extends string> {
  status: S;
  /** The line that provides it (a COPY or RUN), when there is one. */
  line: number | null;
}

export interface CommandSummary {
  exec: boolean;
  words: string[];
  line: number;
}

export interface GraphFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface BuildGraphOptions {
  /** `--target`: the stage to ship instead of the last one (matched case-insensitively). */
  target?: string;
  /** Findings of `analyze` on the same text, attached to the stage whose lines they are on. */
  findings?: readonly Finding[];
}

/** Builds the graph of a Dockerfile. Never throws; garbage gives an empty graph. */
export function buildGraph(text: string, options: BuildGraphOptions = {}): BuildGraph {
  return graphOfModel(buildModel(typeof text === 'string' ? text : ''), options);
}

export function graphOfModel(model: DockerfileModel, options: BuildGraphOptions = {}): BuildGraph {
  const stages = model.stages;
  const requested = options.target?.trim() ? options.target.trim() : null;
  const named = requested === null ? undefined : stages.find((s) => s.name === requested.toLowerCase());
  const target = named ?? stages.at(-1);
  const reaching = target ? reachableFrom(target) : new Set<Stage>();
  const line = (offset: number) => model.index.positionAt(offset).line + 1;

  const shippedBuilds = target ? traceBinaries(model, target) : { binaries: [], shipping: new Set<GoCommand>() };
  const chains = chainFacts(model);

  const stageNodes: StageNode[] = stages.map((stage, i) => {
    const next = stages[i + 1];
    const endLine = next ? Math.max(line(stage.from.start), line(next.from.start) - 1) : model.index.lineCount;
    return {
      id: stageId(stage),
      kind: 'stage',
      index: stage.index,
      name: stage.name ?? null,
      label: stageLabel(stage),
      line: line(stage.from.start),
      endLine,
      base: baseImage(stage, chains.get(stage)!),
      builds: ownBuilds(stage).map((cmd) => goBuild(model, cmd, chains.get(stage)!, shippedBuilds.shipping.has(cmd))),
      opaqueBuilds: stage.runs.filter((r) => r.opaqueBuild).map((r) => ({ line: line(r.instr.start) })),
      reachesTarget: reaching.has(stage),
      isTarget: stage === target,
      findings: [],
    };
  });

  const { edges, images } = collectEdges(model, reaching, line);
  const otherFindings = attachFindings(stageNodes, options.findings ?? []);

  return {
    version: BUILD_GRAPH_VERSION,
    nodes: [...stageNodes, ...images],
    edges,
    target: { node: target ? stageId(target) : null, name: target?.name ?? null, requested, found: requested === null || named !== undefined },
    targets: stages.filter((s) => s.name !== undefined).map((s) => s.name!),
    finalImage: target ? finalImageSummary(target, shippedBuilds.binaries, line) : null,
    otherFindings,
  };
}

// ---- stages ---------------------------------------------------------------------------------------------

function stageId(stage: Stage): string {
  return `stage-${stage.index}`;
}

function stageLabel(stage: Stage): string {
  return stage.name ?? `stage ${stage.index}`;
}

/** The stage and every stage it reads from, transitively (each visited once). */
function reachableFrom(target: Stage): Set<Stage> {
  const seen = new Set<Stage>([target]);
  const pending = [target];
  while (pending.length > 0) {
    for (const dep of pending.pop()!.dependsOn) {
      if (!seen.has(dep)) {
        seen.add(dep);
        pending.push(dep);
      }
    }
  }
  return seen;
}

/** What a stage has through its FROM <stage> chain: the root image, and Go or a C compiler installed on the way. */
interface ChainFacts {
  root: Stage;
  go: boolean;
  cCompiler: boolean | undefined;
}

/**
 * The chain facts of every stage in one pass (a base stage always comes earlier), rather than a
 * walk up the chain per stage. Same answers as go-commands' hasGo and hasCCompiler.
 */
function chainFacts(model: DockerfileModel): Map<Stage, ChainFacts> {
  const facts = new Map<Stage, ChainFacts>();
  for (const stage of model.stages) {
    const parent = stage.baseStage ? facts.get(stage.baseStage) : undefined;
    const installsGo = stage.runs.some((r) => r.installsGo);
    const installsCC = stage.runs.some((r) => r.installs.some(isCCompilerPackage));
    const inheritedCC = parent?.cCompiler === true;
    facts.set(stage, {
      root: parent?.root ?? stage,
      go: stage.traits.hasGo || installsGo || (parent?.go ?? false),
      cCompiler: installsCC || inheritedCC ? true : stage.traits.hasCCompiler,
    });
  }
  return facts;
}

function baseImage(stage: Stage, chain: ChainFacts): BaseImage {
  const root = chain.root;
  const traits = stage.traits;
  const cCompiler = chain.cCompiler;
  return {
    kind: stage.baseStage ? 'stage' : 'image',
    written: stage.imageToken?.value ?? '',
    ref: stage.imageRef ?? null,
    stage: stage.baseStage ? stageId(stage.baseStage) : null,
    platform: stage.platform ?? null,
    rootImage: root.imageRef ?? root.imageToken?.value ?? null,
    goVersion: traits.goVersion ?? null,
    libc: traits.libc,
    shell: hasShell(root),
    go: chain.go,
    cCompiler: cCompiler ?? null,
  };
}

/** /bin/sh in the root image: no for scratch and distroless, yes for images the engine knows, else unknown. */
function hasShell(root: Stage): boolean | null {
  const traits = root.traits;
  if (traits.noShell) return false;
  if (traits.libc !== 'unknown' || traits.hasGo) return true;
  return root.image?.repository === 'busybox' ? true : null;
}

function goBuild(model: DockerfileModel, cmd: GoCommand, chain: ChainFacts, ships: boolean): GoBuild {
  const position = model.index.positionAt(cmd.goWord.start);
  const output = outputPaths(cmd)[0] ?? null;
  const flags: string[] = [];
  for (const [name, value] of cmd.flags) {
    if (name === 'o') continue;
    flags.push(value === true ? `-${name}` : `-${name}=${value}`);
  }
  return {
    line: position.line + 1,
    column: position.character + 1,
    command: cmd.subcommand as 'build' | 'install',
    packages: [...cmd.packages],
    cgo: cgoOf(cgoState(cmd), chain.cCompiler),
    goos: platformVariable(cmd, 'GOOS'),
    goarch: platformVariable(cmd, 'GOARCH'),
    flags,
    output,
    ships,
  };
}

function cgoOf(state: CgoState, cc: boolean | undefined): GoBuild['cgo'] {
  switch (state.kind) {
    case 'disabled':
      return { setting: '0', effective: 'off' };
    case 'enabled':
      return { setting: '1', effective: 'on' };
    case 'unknown':
      return { setting: 'unknown', effective: 'unknown' };
    case 'unset':
      return { setting: 'unset', effective: cc === undefined ? 'unknown' : cc ? 'on' : 'off' };
  }
}

/** GOOS/GOARCH: known value, else the inline expression as written, else `$NAME` (a build argument). */
function platformVariable(cmd: GoCommand, name: 'GOOS' | 'GOARCH'): string | null {
  const entry = goVariable(cmd, name);
  if (!entry) return null;
  if (entry.value !== undefined) return entry.value;
  return cmd.inlineWords.get(name)?.value ?? `$${name}`;
}

// ---- edges ----------------------------------------------------------------------------------------------

function collectEdges(model: DockerfileModel, reaching: Set<Stage>, line: (offset: number) => number): { edges: GraphEdge[]; images: ImageNode[] } {
  const edges = new Map<string, GraphEdge>();
  const images = new Map<string, ImageNode>();
  const byName = new Map<string, Stage>();

  const imageNode = (ref: string, at: number, reaches: boolean): string => {
    const id = `image:${ref}`;
    const node = images.get(id);
    if (node) node.reachesTarget ||= reaches;
    else images.set(id, { id, kind: 'image', label: ref, line: at, reachesTarget: reaches });
    return id;
  };
  const add = (kind: GraphEdge['kind'], from: string, to: Stage, item: EdgeItem) => {
    const id = `${kind}:${from}->${stageId(to)}`;
    const edge = edges.get(id);
    if (edge) edge.items.push(item);
    else edges.set(id, { id, kind, from, to: stageId(to), label: '', items: [item], reachesTarget: reaching.has(to) });
  };

  for (const stage of model.stages) {
    if (stage.baseStage) add('from', stageId(stage.baseStage), stage, { line: line(stage.from.start), sources: [], dest: null });
    for (const instr of stage.instructions) {
      const at = line(instr.start);
      if (instr.copy?.from !== undefined) {
        const copy = instr.copy;
        const source = copy.fromStage ? stageId(copy.fromStage) : imageNode(copy.from!, at, reaching.has(stage));
        add('copy', source, stage, { line: at, sources: copy.sources.map((s) => s.value), dest: copy.dest?.value ?? null });
      }
      for (const mount of instr.run?.mounts ?? []) {
        if (mount.from === undefined) continue;
        // The model resolves mount stages by name or index among the stages before this one.
        const dep = byName.get(mount.from.toLowerCase()) ?? (/^\d+$/.test(mount.from) && Number(mount.from) < stage.index ? model.stages[Number(mount.from)] : undefined);
        const source = dep ? stageId(dep) : imageNode(mount.from, at, reaching.has(stage));
        add('mount', source, stage, { line: at, sources: mount.source ? [mount.source] : [], dest: mount.target ?? null });
      }
    }
    if (stage.name !== undefined && !byName.has(stage.name)) byName.set(stage.name, stage);
  }
  for (const edge of edges.values()) edge.label = edgeLabel(edge);
  return { edges: [...edges.values()], images: [...images.values()] };
}

function edgeLabel(edge: GraphEdge): string {
  if (edge.kind === 'from') return 'FROM';
  const parts = edge.items.map((item) => {
    const sources = item.sources.length > 0 ? item.sources.join(' ') : edge.kind === 'mount' ? '/' : '';
    return item.dest === null ? sources : `${sources} → ${item.dest}`;
  });
  const prefix = edge.kind === 'mount' ? 'mount ' : '';
  return parts.map((p) => prefix + p).join('\n');
}

// ---- findings -------------------------------------------------------------------------------------------

/** Attaches each finding to the stage whose lines hold its start; returns the ones before the first FROM. */
function attachFindings(nodes: StageNode[], findings: readonly Finding[]): GraphFinding[] {
  const other: GraphFinding[] = [];
  for (const finding of findings) {
    const entry: GraphFinding = {
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      line: finding.range.start.line + 1,
      column: finding.range.start.character + 1,
      endLine: finding.range.end.line + 1,
      endColumn: finding.range.end.character + 1,
    };
    // Stages are in line order: binary search for the last one starting at or before the line.
    let lo = 0;
    let hi = nodes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (nodes[mid].line <= entry.line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found >= 0) nodes[found].findings.push(entry);
    else other.push(entry);
  }
  return other;
}

// ---- what ships -----------------------------------------------------------------------------------------

/** The stages a traced file passed through, newest first (a shared list, so a step copies nothing). */
interface Via {
  stage: Stage;
  previous?: Via;
}

function viaList(via: Via): Stage[] {
  const out: Stage[] = [];
  for (let v: Via | undefined = via; v; v = v.previous) out.push(v.stage);
  return out.reverse();
}

/** A binary at `path` in `stage`, built by `origin`. */
interface TracedFile {
  stage: Stage;
  path: string;
  via: Via;
  origin: { stage: Stage; cmd: GoCommand };
}

interface TracedBinary {
  origin: { stage: Stage; cmd: GoCommand };
  /** Where it is in the shipped stage; null when it cannot be told. */
  path: string | null;
  via: Stage[];
}

/** A COPY --from source, as the tracer looks it up. */
interface CopySource {
  copy: CopyInfo;
  source: string;
}

/** The COPY --from sources that read one stage: plain paths by normalized path, globs apart. */
interface SourceIndex {
  byPath: Map<string, CopySource[]>;
  /** Plain sources by the folder that holds them ("/out/app" under "/out"). */
  byFolder: Map<string, CopySource[]>;
  globs: CopySource[];
}

/** Linux's PATH_MAX. */
const PATH_MAX = 4096;

/** At most this many paths are reported for one binary (the same file copied to several places). */
const MAX_PATHS_PER_BUILD = 4;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The sources that take `file`: the path itself, a folder above it, `/`, or a matching glob. */
function sourcesTaking(index: SourceIndex | undefined, file: string): CopySource[] {
  if (!index) return [];
  const out: CopySource[] = [];
  const path = normalize(file);
  // A path longer than Linux allows is no file (and walking its folders would cost its length squared).
  if (path.length > PATH_MAX) return out;
  for (let dir = path; ; dir = dir.slice(0, Math.max(1, dir.lastIndexOf('/')))) {
    for (const source of index.byPath.get(dir) ?? []) out.push(source);
    if (dir === '/') break;
  }
  for (const glob of index.globs) if (sourceTakes(glob.source, path)) out.push(glob);
  return out;
}

/**
 * Follows each Go binary from where it is built, through FROM <stage> and COPY --from, into the
 * stages that copy it, and reports those that land in the shipped stage's filesystem. Each
 * (stage, path, build) is visited once, copies are looked up by path, and a step budget bounds
 * pathological files.
 */
function traceBinaries(model: DockerfileModel, target: Stage): { binaries: TracedBinary[]; shipping: Set<GoCommand> } {
  const children = new Map<Stage, Stage[]>();
  const copiesFrom = new Map<Stage, CopyInfo[]>();
  const sources = new Map<Stage, SourceIndex>();
  for (const stage of model.stages) {
    if (stage.baseStage) push(children, stage.baseStage, stage);
    for (const copy of stage.copies) {
      if (!copy.fromStage) continue;
      push(copiesFrom, copy.fromStage, copy);
      let index = sources.get(copy.fromStage);
      if (!index) sources.set(copy.fromStage, (index = { byPath: new Map(), byFolder: new Map(), globs: [] }));
      for (const src of copy.sources) {
        const source = normalize(src.value);
        if (isGlob(source)) {
          index.globs.push({ copy, source });
        } else {
          push(index.byPath, source, { copy, source });
          if (source !== '/') push(index.byFolder, source.slice(0, Math.max(1, source.lastIndexOf('/'))), { copy, source });
        }
      }
    }
  }
  // The shipped stage's own chain, base first: a file in one of them is in the shipped image.
  const targetChain = lineage(target).reverse();
  const chainIndex = new Map(targetChain.map((stage, i) => [stage, i]));
  const inTarget = new Set(targetChain);
  const binaries: TracedBinary[] = [];
  const reported = new Set<string>();
  const pathsPerBuild = new Map<GoCommand, number>();
  const shipping = new Set<GoCommand>();
  const seen = new Set<string>();
  let budget = 20_000 + 20 * model.instructions.length;

  const ship = (origin: TracedFile['origin'], path: string | null, via: Via) => {
    const key = `${origin.cmd.goWord.start}\u0000${path ?? ''}`;
    shipping.add(origin.cmd);
    const count = pathsPerBuild.get(origin.cmd) ?? 0;
    if (reported.has(key) || count >= MAX_PATHS_PER_BUILD) return;
    reported.add(key);
    pathsPerBuild.set(origin.cmd, count + 1);
    // Down the FROM chain from where it landed to the shipped stage.
    const stages = viaList(via);
    for (let i = (chainIndex.get(via.stage) ?? -1) + 1; i < targetChain.length; i++) stages.push(targetChain[i]);
    binaries.push({ origin, path, via: stages });
  };
  const pending: TracedFile[] = [];
  const visit = (file: TracedFile) => {
    const key = `${file.stage.index}\u0000${file.path}\u0000${file.origin.cmd.goWord.start}`;
    if (seen.has(key)) return;
    seen.add(key);
    pending.push(file);
  };

  for (const stage of model.stages) {
    for (const cmd of ownBuilds(stage)) {
      const output = outputPaths(cmd)[0];
      const origin = { stage, cmd };
      if (inTarget.has(stage)) {
        // Built in the shipped image itself (single-stage, or FROM <build stage>).
        ship(origin, output ?? null, { stage });
      } else if (output !== undefined) {
        visit({ stage, path: output, via: { stage }, origin });
      } else {
        // No -o: the path is unknown; a COPY --from of something that looks like a program carries it.
        for (const copy of copiesFrom.get(stage) ?? []) {
          const into = copy.instr.stage;
          if (!into || !copiesProgram(copy)) continue;
          for (const src of copy.sources) visit({ stage: into, path: landing(copy, src.value, src.value), via: { stage: into, previous: { stage } }, origin });
        }
      }
    }
  }

  while (pending.length > 0 && budget > 0) {
    const file = pending.pop()!;
    budget--;
    if (inTarget.has(file.stage)) {
      ship(file.origin, file.path, file.via);
      continue;
    }
    // The file is also in every stage built FROM this one.
    for (const child of children.get(file.stage) ?? []) visit({ ...file, stage: child, via: { stage: child, previous: file.via } });
    for (const { copy, source } of sourcesTaking(sources.get(file.stage), file.path)) {
      budget--;
      const into = copy.instr.stage;
      if (into) visit({ ...file, stage: into, path: landing(copy, source, file.path), via: { stage: into, previous: file.via } });
    }
    // `go build -o /out/ ./cmd/...` writes one binary per main into the folder: a COPY of a file
    // directly in it (`COPY --from=build /out/server /app`) takes one of them.
    if (file.path.endsWith('/')) {
      for (const { copy, source } of sources.get(file.stage)?.byFolder.get(normalize(file.path)) ?? []) {
        budget--;
        const into = copy.instr.stage;
        if (into) visit({ ...file, stage: into, path: landing(copy, source, source), via: { stage: into, previous: file.via } });
      }
    }
  }
  binaries.sort((a, b) => a.origin.cmd.goWord.start - b.origin.cmd.goWord.start || (a.path ?? '').localeCompare(b.path ?? ''));
  return { binaries, shipping };
}

/** A wildcard source, as BuildKit tells one: `*`, `?` or `[` not escaped, in some path element. */
function isGlob(path: string): boolean {
  return path.split('/').some(hasWildcards);
}

function normalize(path: string): string {
  return resolvePath('/', trimTrailingSlashes(path) || '/');
}

/** Whether a COPY source takes the file at `file`: the file itself, a folder holding it, or a glob matching it. */
function sourceTakes(source: string, file: string): boolean {
  const src = normalize(source);
  const target = normalize(file);
  if (src === '/' || src === target || target.startsWith(`${src}/`)) return true;
  // Docker's COPY globs (Go's filepath.Match per path element, as the cgo rules read them too).
  return isGlob(src) && matchesPathPrefix(src, target) === true;
}

/** Where `file`, taken by COPY source `source`, lands in the copying stage. */
function landing(copy: CopyInfo, source: string, file: string): string {
  const destText = copy.dest?.value ?? '.';
  const dest = resolvePath(copy.workdir ?? '/', destText);
  const src = normalize(source);
  const path = normalize(file);
  const base = path.slice(path.lastIndexOf('/') + 1);
  // A folder source copies its contents: the file keeps its path below the folder.
  if (src !== path && path.startsWith(src === '/' ? '/' : `${src}/`)) return resolvePath(dest, path.slice(src === '/' ? 1 : src.length + 1));
  const intoFolder = destText.endsWith('/') || destText === '.' || copy.sources.length > 1 || isGlob(src);
  return intoFolder ? resolvePath(dest, base) : dest;
}

/** Paths that hold CA certificates or time zone data. */
const CA_PATH = /ca-certificates|\/etc\/ssl(\/|$)|\/etc\/pki(\/|$)|cert\.pem$/;
const ZONEINFO_PATH = /zoneinfo/;

function finalImageSummary(target: Stage, binaries: TracedBinary[], line: (offset: number) => number): FinalImageSummary {
  const chain = lineage(target).reverse();
  const root = chain[0];
  const instructions = chain.flatMap((s) => s.instructions);
  const lastLine = (instr: Instr | undefined) => (instr ? line(instr.start) : null);

  const copyOf = (pattern: RegExp) => instructions.filter((i) => i.copy && [...i.copy.sources, ...(i.copy.dest ? [i.copy.dest] : [])].some((t) => pattern.test(t.value))).at(-1);
  const installOf = (names: string[]) => instructions.filter((i) => i.run?.installs.some((n) => names.includes(n))).at(-1);

  const image = imageKnowledge(root);
  const caCopy = copyOf(CA_PATH);
  const caInstall = installOf(['ca-certificates', 'ca-certificates-bundle']);
  const caCertificates: FinalImageSummary['caCertificates'] = caCopy
    ? { status: 'copied', line: lastLine(caCopy) }
    : caInstall
      ? { status: 'installed', line: lastLine(caInstall) }
      : { status: image.caCertificates, line: null };

  const zoneCopy = copyOf(ZONEINFO_PATH);
  const zoneInstall = installOf(['tzdata']);
  const embedding = binaries.find((b) => String(b.origin.cmd.flags.get('tags') ?? '').split(/[,\s]+/).includes('timetzdata'));
  const zoneinfo: FinalImageSummary['zoneinfo'] = zoneCopy
    ? { status: 'copied', line: lastLine(zoneCopy) }
    : zoneInstall
      ? { status: 'installed', line: lastLine(zoneInstall) }
      : embedding
        ? { status: 'embedded', line: line(embedding.origin.cmd.goWord.start) }
        : { status: image.zoneinfo, line: null };

  const userInstr = instructions.filter((i) => i.keyword === 'USER').at(-1);
  const userWord = userInstr ? argWords(userInstr)[0]?.value : undefined;
  const user = userInstr ? { name: userWord ?? null, line: line(userInstr.start) } : { name: image.user, line: null };

  return {
    stage: stageId(target),
    image: root.imageRef ?? root.imageToken?.value ?? null,
    binaries: binaries.map((b) => ({
      path: b.path,
      builtIn: stageId(b.origin.stage),
      line: line(b.origin.cmd.goWord.start),
      packages: [...b.origin.cmd.packages],
      via: b.via.map(stageId),
    })),
    caCertificates,
    zoneinfo,
    user,
    entrypoint: commandSummary(target.entrypoint, line),
    cmd: commandSummary(target.cmd, line),
  };
}

function commandSummary(command: CommandLine | undefined, line: (offset: number) => number): CommandSummary | null {
  if (!command) return null;
  return { exec: command.execForm, words: command.execForm ? [...command.words] : [command.shellText ?? command.words.join(' ')], line: line(command.instr.start) };
}

type ImageStatus = 'image' | 'missing' | 'unknown';

/** What the base image brings, from the one table the rules use (final-image.ts): unknown images say so. */
function imageKnowledge(root: Stage): { caCertificates: ImageStatus; zoneinfo: ImageStatus; user: string | null } {
  const base = baseContents(rootImageName(root));
  const status = (has: boolean | undefined): ImageStatus => (has === undefined ? 'unknown' : has ? 'image' : 'missing');
  return { caCertificates: status(base.caCertificates), zoneinfo: status(base.zoneinfo), user: base.defaultUser ?? null };
}
