// The stage graph: which stage a stage rests on, and where a build's binary ends up running.
// (What ships at all, `model.shipped`, is computed when the model is built.)
//
// Everything here is linear in the model: questions asked per build (the root image, whether the
// final stage descends from a stage, which copies take from a stage's descendants) are answered
// from facts computed once per model or memoised per stage, never by walking the chain per call.
import { hasWildcards, matchesPathPrefix } from './glob.ts';
import { resolvePath, trimTrailingSlashes } from './model/paths.ts';
import type { CopyInfo, DockerfileModel, GoCommand, Stage } from './model/types.ts';
import { outputPaths } from './go-commands.ts';

/** The stage a stage is based on (FROM <stage>). Always an earlier stage, so chains end. */
function parentOf(stage: Stage): Stage | undefined {
  const base = stage.baseStage;
  return base && base.index < stage.index ? base : undefined;
}

/**
 * The stage and its ancestors via FROM <stage>, nearest first. Costs the chain's length: where a
 * question is asked per build, use rootStage, descendsFrom or anyInLineage instead.
 */
export function lineage(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = parentOf(s)) out.push(s);
  return out;
}

const roots = new WeakMap<Stage, Stage>();

/** The stage at the top of a stage's FROM chain: the one that names an image. Memoised. */
export function rootStage(stage: Stage): Stage {
  const pending: Stage[] = [];
  let s: Stage = stage;
  let root: Stage | undefined;
  for (;;) {
    root = roots.get(s);
    if (root) break;
    pending.push(s);
    const parent = parentOf(s);
    if (!parent) {
      root = s;
      break;
    }
    s = parent;
  }
  for (const p of pending) roots.set(p, root);
  return root;
}

const folds = new WeakMap<object, WeakMap<Stage, unknown>>();

/**
 * A value computed down a stage's FROM chain: `step(stage, value of its parent stage)`, the root
 * getting undefined. Memoised per stage and per step function (pass a function defined once, not
 * a fresh closure), so a chain of stages costs one step per stage however often it is asked.
 */
export function foldLineage<T>(stage: Stage, step: (stage: Stage, parent: T | undefined) => T): T {
  let memo = folds.get(step) as WeakMap<Stage, T> | undefined;
  if (!memo) folds.set(step, (memo = new WeakMap<Stage, T>()));
  const pending: Stage[] = [];
  let value: T | undefined;
  for (let s: Stage | undefined = stage; s; s = parentOf(s)) {
    if (memo.has(s)) {
      value = memo.get(s);
      break;
    }
    pending.push(s);
  }
  for (let i = pending.length - 1; i >= 0; i--) {
    value = step(pending[i], value);
    memo.set(pending[i], value);
  }
  return value as T;
}

const anySteps = new WeakMap<(stage: Stage) => boolean, (stage: Stage, parent: boolean | undefined) => boolean>();

/** Whether `test` holds for the stage or one of its ancestors; memoised like foldLineage. */
export function anyInLineage(stage: Stage, test: (stage: Stage) => boolean): boolean {
  let step = anySteps.get(test);
  if (!step) anySteps.set(test, (step = (s, parent) => parent === true || test(s)));
  return foldLineage(stage, step);
}

/** Facts about a model's stage tree and its shipped copies, computed once per model. */
interface StageTree {
  /** Entry and exit times of a depth-first walk of the FROM-<stage> forest, by stage index. */
  enter: number[];
  exit: number[];
  copies: CopyIndex;
}

const trees = new WeakMap<DockerfileModel, StageTree>();

function treeOf(model: DockerfileModel): StageTree {
  let tree = trees.get(model);
  if (tree) return tree;
  const count = model.stages.length;
  const children: Stage[][] = model.stages.map(() => []);
  const tops: Stage[] = [];
  for (const s of model.stages) {
    const parent = parentOf(s);
    if (parent) children[parent.index].push(s);
    else tops.push(s);
  }
  const enter = new Array<number>(count).fill(0);
  const exit = new Array<number>(count).fill(0);
  let clock = 0;
  // Iterative depth-first walk: a chain of thousands of stages must not overflow the stack.
  for (const top of tops) {
    const stack: Array<{ stage: Stage; next: number }> = [{ stage: top, next: 0 }];
    enter[top.index] = clock++;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const kids = children[frame.stage.index];
      if (frame.next < kids.length) {
        const child = kids[frame.next++];
        enter[child.index] = clock++;
        stack.push({ stage: child, next: 0 });
      } else {
        exit[frame.stage.index] = clock;
        stack.pop();
      }
    }
  }
  tree = { enter, exit, copies: indexCopies(model, enter) };
  trees.set(model, tree);
  return tree;
}

/** Whether `stage` is `ancestor` or descends from it through FROM <stage>. O(1) after the first call. */
export function descendsFrom(model: DockerfileModel, stage: Stage, ancestor: Stage): boolean {
  const { enter, exit } = treeOf(model);
  return enter[ancestor.index] <= enter[stage.index] && enter[stage.index] < exit[ancestor.index];
}

/** Linux's PATH_MAX: no file the build writes or copies has a longer path. */
const PATH_MAX = 4096;

/**
 * The COPY --from instructions of shipped stages, indexed so that "does a copy from this stage or
 * its descendants take this file" costs the file's path length, not the number of copies. Copies
 * are numbered in the order of their source stage's `enter` time, so the copies from a stage's
 * descendants are one contiguous range of positions. Literal sources sit in a trie of path
 * segments: a source takes a file when it is the file or a parent of it (`exact` at a node on the
 * file's path), or lies inside it (`under` at the file's node). Wildcard sources are matched one by
 * one, but only those in the range.
 */
interface CopyIndex {
  /** `enter` of each copy's source stage, ascending: the position order. */
  keys: number[];
  /** programs[i]: how many of the first i copies look like they carry a program. */
  programs: number[];
  trie: Map<string, number>;
  exact: Map<number, number[]>;
  under: Map<number, number[]>;
  /** Copies with a source of `/`, which takes everything. */
  everything: number[];
  /** Wildcard sources, by position. */
  globs: Array<{ position: number; source: string }>;
  globPositions: number[];
}

const ROOT = 0;

function indexCopies(model: DockerfileModel, enter: number[]): CopyIndex {
  const copies = model.stages
    .filter((s) => model.shipped.has(s))
    .flatMap((s) => s.copies.filter((c) => c.fromStage !== undefined))
    .sort((a, b) => enter[a.fromStage!.index] - enter[b.fromStage!.index]);
  const index: CopyIndex = { keys: [], programs: [0], trie: new Map(), exact: new Map(), under: new Map(), everything: [], globs: [], globPositions: [] };
  // Positions are added in ascending order, each at most once per list.
  const add = (map: Map<number, number[]>, node: number, position: number) => {
    const list = map.get(node);
    if (!list) map.set(node, [position]);
    else if (list[list.length - 1] !== position) list.push(position);
  };
  copies.forEach((copy, position) => {
    index.keys.push(enter[copy.fromStage!.index]);
    index.programs.push(index.programs[position] + (copiesProgram(copy) ? 1 : 0));
    for (const { value } of copy.sources) {
      const src = resolvePath('/', trimTrailingSlashes(value) || '/');
      if (src === '/') {
        if (index.everything[index.everything.length - 1] !== position) index.everything.push(position);
        continue;
      }
      // A path Linux cannot hold is no file of the image.
      if (src.length > PATH_MAX) continue;
      const segments = src.split('/').filter(Boolean);
      if (segments.some(hasWildcards)) {
        index.globs.push({ position, source: value });
        index.globPositions.push(position);
        continue;
      }
      let node = ROOT;
      for (const segment of segments) {
        add(index.under, node, position);
        const key = `${node}/${segment}`;
        let child = index.trie.get(key);
        if (child === undefined) index.trie.set(key, (child = index.trie.size + 1));
        node = child;
      }
      add(index.exact, node, position);
    }
  });
  return index;
}

/** Whether an ascending list has an element in [lo, hi). */
function hasIn(list: number[] | undefined, lo: number, hi: number): boolean {
  if (!list) return false;
  const i = lowerBound(list, lo);
  return i < list.length && list[i] < hi;
}

/** The first index whose key is >= `key` in an ascending array. */
function lowerBound(keys: number[], key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether a shipped stage copies, from `stage` or one of its descendants, one of `outputs` (or,
 * with no outputs known, anything that looks like a program).
 */
function copiedFrom(model: DockerfileModel, stage: Stage, outputs: string[]): boolean {
  const { enter, exit, copies } = treeOf(model);
  const lo = lowerBound(copies.keys, enter[stage.index]);
  const hi = lowerBound(copies.keys, exit[stage.index]);
  if (lo === hi) return false;
  if (outputs.length === 0) return copies.programs[hi] - copies.programs[lo] > 0;
  if (hasIn(copies.everything, lo, hi)) return true;
  const files = outputs.map((o) => resolvePath('/', o)).filter((o) => o.length <= PATH_MAX);
  for (const file of files) {
    // The literal sources on the file's path (the file or a parent), then those inside it.
    let node: number | undefined = ROOT;
    for (const segment of file.split('/').filter(Boolean)) {
      node = copies.trie.get(`${node}/${segment}`);
      if (node === undefined) break;
      if (hasIn(copies.exact.get(node), lo, hi)) return true;
    }
    if (node !== undefined && hasIn(copies.under.get(node), lo, hi)) return true;
  }
  for (let g = lowerBound(copies.globPositions, lo); g < copies.globs.length && copies.globs[g].position < hi; g++) {
    const { source } = copies.globs[g];
    if (files.some((file) => copySourceCovers(source, file))) return true;
  }
  return false;
}

/** Whether a COPY --from looks like it carries a program rather than certificates or zoneinfo. */
export function copiesProgram(copy: CopyInfo): boolean {
  return copy.sources.some((s) => !/^\/(etc|usr\/share\/(zoneinfo|ca-certificates))(\/|$)/.test(s.value));
}

/**
 * Whether a COPY --from source path takes `file`: the path itself, a parent directory, a path
 * inside it, or a wildcard source (Docker's filepath.Match, segment by segment) naming it or a
 * parent. A malformed wildcard source matches nothing: BuildKit finds no file for it.
 */
export function copySourceCovers(source: string, file: string): boolean {
  const src = resolvePath('/', trimTrailingSlashes(source) || '/');
  const target = trimTrailingSlashes(file);
  if (src === '/' || target === src || target.startsWith(`${src}/`) || src.startsWith(`${target}/`)) return true;
  return matchesPathPrefix(src, target) === true;
}

type Runtime = { final: Stage; sameImage: boolean } | undefined;
const runtimesByCommand = new WeakMap<GoCommand, Runtime>();
const runtimesByStage = new WeakMap<Stage, Runtime>();

/**
 * Where the binary of `cmd`, built in `stage`, ends up running: the final image, when the final
 * stage descends from the build stage (sameImage), or when a shipped stage copies the binary out
 * (or, when the output path is unknown, copies anything that looks like a program). Memoised per
 * command: several rules ask about the same build.
 */
export function runtimeOf(model: DockerfileModel, stage: Stage, cmd?: GoCommand): Runtime {
  if (cmd && cmd.run.instr.stage !== stage) return computeRuntime(model, stage, cmd);
  if (cmd ? runtimesByCommand.has(cmd) : runtimesByStage.has(stage)) return cmd ? runtimesByCommand.get(cmd) : runtimesByStage.get(stage);
  const runtime = computeRuntime(model, stage, cmd);
  if (cmd) runtimesByCommand.set(cmd, runtime);
  else runtimesByStage.set(stage, runtime);
  return runtime;
}

function computeRuntime(model: DockerfileModel, stage: Stage, cmd?: GoCommand): Runtime {
  const final = model.final;
  if (!final || !model.shipped.has(stage)) return undefined;
  if (descendsFrom(model, final, stage)) return { final, sameImage: true };
  return copiedFrom(model, stage, cmd ? outputPaths(cmd) : []) ? { final, sameImage: false } : undefined;
}
