// Walking a stage's FROM chain (the stage, the stage it is built on, and so on) without the
// repeated scans of lineage(): each stage's root and each "anywhere up the chain" answer is
// computed once and remembered, so rules stay linear in the number of stages even for long chains.
import type { Stage } from '../model/index.ts';

/** The stage and the stages it is built on, nearest first. A base is always an earlier stage. */
export function chainOf(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = baseOf(s)) out.push(s);
  return out;
}

function baseOf(stage: Stage): Stage | undefined {
  return stage.baseStage && stage.baseStage.index < stage.index ? stage.baseStage : undefined;
}

/**
 * Answers a per-stage question that depends on the base's answer, remembered per stage. Iterative:
 * a chain of thousands of stages does not deepen the call stack.
 */
function memoizedUp<T>(memo: WeakMap<Stage, T>, stage: Stage, compute: (stage: Stage, baseAnswer: T | undefined) => T): T {
  const pending: Stage[] = [];
  let s: Stage | undefined = stage;
  let answer: T | undefined;
  while (s) {
    if (memo.has(s)) {
      answer = memo.get(s);
      break;
    }
    pending.push(s);
    s = baseOf(s);
  }
  for (let i = pending.length - 1; i >= 0; i--) {
    answer = compute(pending[i], answer);
    memo.set(pending[i], answer);
  }
  return answer as T;
}

const roots = new WeakMap<Stage, Stage>();

/** The stage whose FROM names an image (the end of the chain). */
export function rootStage(stage: Stage): Stage {
  return memoizedUp(roots, stage, (s, baseRoot) => baseRoot ?? s);
}

/**
 * Whether `own` holds for the stage or any stage up its chain, remembered per stage. Build one per
 * question (`const writes = anyUp((s) => …)`); the answer for a stage reuses its base's.
 */
export function anyUp(own: (stage: Stage) => boolean): (stage: Stage) => boolean {
  const memo = new WeakMap<Stage, boolean>();
  return (stage) => memoizedUp(memo, stage, (s, baseAnswer) => baseAnswer === true || own(s));
}

/** Stages that hold `own` themselves or are built on by a stage that does (one pass, last stage first). */
export function withDescendants(stages: readonly Stage[], own: (stage: Stage) => boolean): Set<Stage> {
  const marked = new Set<Stage>();
  for (let i = stages.length - 1; i >= 0; i--) {
    const stage = stages[i];
    if (own(stage)) marked.add(stage);
    const base = baseOf(stage);
    if (marked.has(stage) && base) marked.add(base);
  }
  return marked;
}
