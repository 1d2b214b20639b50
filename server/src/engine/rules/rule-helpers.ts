// Helpers shared by several rules: describing images and proposing cgo edits.
import { memoized } from '../analysis-memo.ts';
import { insertAt, replaceSpan } from '../fixer.ts';
import { anyInLineage, rootStage, runtimeOf } from '../stage-graph.ts';
import { linksStatically, ownBuilds, targetOs } from '../go-commands.ts';
import type { DockerfileModel, GoCommand, Stage } from '../model/index.ts';
import type { Libc } from '../images.ts';
import type { FixProposal } from '../types.ts';

/** The image a stage finally rests on, as written after ARG expansion (e.g. "golang:1.22"). */
export function rootImage(stage: Stage): string {
  const root = rootStage(stage);
  return root.imageRef ?? root.imageToken?.value ?? 'the base image';
}

/** The span to underline for a Go command: `go build`. */
export function goCommandSpan(cmd: GoCommand): { start: number; end: number } {
  return { start: cmd.goWord.start, end: (cmd.subcommandWord ?? cmd.goWord).end };
}

/**
 * Edit that makes CGO_ENABLED=0 apply to one go command: rewrite its own inline assignment,
 * else prefix the command (an inline assignment beats ENV, ARG, export and go env -w).
 * Exec-form RUNs cannot take an inline variable, so they get an ENV line before the RUN.
 */
export function disableCgoFix(model: DockerfileModel, cmd: GoCommand, title: string): FixProposal {
  const { index } = model;
  const inline = cmd.inlineWords.get('CGO_ENABLED');
  if (inline) return { title, edits: [replaceSpan(index, inline.start, inline.end, '0')] };
  if (cmd.execForm) {
    const instr = cmd.run.instr;
    const line = instr.range.start.line;
    const pos = { line, character: 0 };
    return { title, edits: [{ range: { start: pos, end: pos }, newText: `${index.indentOf(line)}ENV CGO_ENABLED=0${index.eolOf(line)}` }] };
  }
  return { title, edits: [insertAt(index, cmd.commandStart, 'CGO_ENABLED=0 ')] };
}

/** The glibc final image the cgo suggestions ship (distroless with libc and libgcc). */
export const DISTROLESS_CC = 'gcr.io/distroless/cc-debian12';

/** Whether the stage has RUN instructions of its own (for anyInLineage). */
export const hasRuns = (stage: Stage): boolean => stage.runs.length > 0;

/** Suggestion: replace a libc-less final image by distroless/cc (glibc), when that cannot break it (no RUN there). */
export function shipGlibcImage(model: DockerfileModel, final: Stage): FixProposal | undefined {
  const root = rootStage(final);
  if (!root.imageToken || anyInLineage(final, hasRuns)) return undefined;
  const nonroot = /:nonroot$/.test(root.imageToken.value) ? ':nonroot' : '';
  return { title: `Ship ${DISTROLESS_CC} (glibc)`, edits: [replaceSpan(model.index, root.imageToken.start, root.imageToken.end, `${DISTROLESS_CC}${nonroot}`)] };
}

export interface ShippedBuild {
  stage: Stage;
  cmd: GoCommand;
  /** The final stage the binary runs in; sameImage when it descends from the build stage. */
  runtime: { final: Stage; sameImage: boolean };
  /** The libc the binary runs against. */
  runtimeLibc: Libc;
  /** Message data shared by the cgo rules. */
  data: { builder: string; final: string };
}

/**
 * Linux Go builds whose binary ships in the final image, and are not linked statically. Two rules
 * ask: found once per analysis, as a list (a generator made a result object per build and rule).
 */
export function shippedLinuxBuilds(model: DockerfileModel): readonly ShippedBuild[] {
  return memoized(shippedLinuxBuilds, model, findShippedLinuxBuilds);
}

function findShippedLinuxBuilds(model: DockerfileModel): ShippedBuild[] {
  const builds: ShippedBuild[] = [];
  for (const stage of model.stages) {
    for (const cmd of ownBuilds(stage)) {
      if (targetOs(cmd) !== 'linux' || linksStatically(cmd)) continue;
      const runtime = runtimeOf(model, stage, cmd);
      if (!runtime) continue;
      const runtimeLibc = runtime.sameImage ? stage.traits.libc : runtime.final.traits.libc;
      builds.push({ stage, cmd, runtime, runtimeLibc, data: { builder: rootImage(stage), final: rootImage(runtime.final) } });
    }
  }
  return builds;
}
