import { deleteInstruction, replaceSpan } from '../fixer.ts';
import { cgoState, hasCCompiler, isCCompilerPackage } from '../go-commands.ts';
import { anyInLineage, descendsFrom, foldLineage, rootStage } from '../stage-graph.ts';
import type { DockerfileModel, GoCommand, Instr, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import type { FixProposal, TextEdit } from '../types.ts';
import { DISTROLESS_CC, disableCgoFix, goCommandSpan, hasRuns, shippedLinuxBuilds } from './rule-helpers.ts';


/**
 * cgo binaries link against the builder's C library. Alpine has musl, almost everything else
 * glibc; a binary built against one does not start on the other.
 */
export default defineRule({
  meta: {
    id: 'alpine-cgo',
    description: 'cgo together with alpine (musl): a binary built against one C library shipped onto another, or musl caveats.',
    defaultSeverity: 'warning',
    fixable: false,
    messages: {
      muslBinaryCannotStart:
        'This cgo build on {{builder}} links against musl, but the binary runs in {{final}}, which has no musl: it will not start ("no such file or directory").',
      glibcBinaryOnAlpine:
        'This cgo build on {{builder}} links against glibc, but the binary runs in {{final}} (alpine, musl): it will not start ("no such file or directory").',
      cgoOnAlpine:
        'cgo on alpine links against musl: DNS resolution, locale and performance differ from glibc, and many C libraries are less tested there. Prefer a Debian builder with distroless/cc, or CGO_ENABLED=0.',
    },
  },
  check({ model, goFacts, report }) {
    for (const { stage, cmd, runtime, runtimeLibc, data } of shippedLinuxBuilds(model)) {
      const state = cgoState(cmd).kind;
      const cgoOn = state === 'enabled' || (state === 'unset' && hasCCompiler(stage) === true);
      if (!cgoOn) continue;
      const builderLibc = stage.traits.libc;
      // Build tags can switch cgo code on (pam, sqlite, extended…): then disabling cgo is no alternative.
      // Computed only for builds that are reported: it walks the stage's RUNs.
      const suggestions = () => alternatives(model, stage, runtime.final, cmd, goFacts?.needsCgo === true || cmd.flags.has('tags'));
      if (builderLibc === 'musl') {
        if (runtimeLibc === 'glibc' || runtimeLibc === 'none') {
          report({ messageId: 'muslBinaryCannotStart', data, ...goCommandSpan(cmd), severity: 'error', suggestions: suggestions() });
        } else {
          // It runs; musl is a trade-off many projects make on purpose, so this is information,
          // and only a hint when the code visibly needs cgo (a cgo dependency, build tags).
          const deliberate = goFacts?.needsCgo === true || cmd.flags.has('tags');
          report({ messageId: 'cgoOnAlpine', data, ...goCommandSpan(cmd), severity: deliberate ? 'hint' : 'info', suggestions: suggestions() });
        }
      } else if (builderLibc === 'glibc' && state === 'enabled' && runtimeLibc === 'musl') {
        report({ messageId: 'glibcBinaryOnAlpine', data, ...goCommandSpan(cmd), severity: 'error', suggestions: suggestions() });
      }
    }
  },
});

function alternatives(model: DockerfileModel, build: Stage, final: Stage, cmd: GoCommand, needsCgo: boolean): FixProposal[] {
  const out: FixProposal[] = [];
  const glibc = glibcSwitch(model, build, final);
  if (glibc) out.push(glibc);
  if (!needsCgo) out.push(disableCgoFix(model, cmd, 'Disable cgo (CGO_ENABLED=0)'));
  return out;
}

/**
 * "Build on golang:<v>-bookworm and ship distroless/cc": only offered when it cannot break the
 * build — a golang builder whose alpine-only RUNs merely install the C toolchain (Debian's
 * golang image already has it) and a final stage without RUN (distroless has no shell).
 */
function glibcSwitch(model: DockerfileModel, build: Stage, final: Stage): FixProposal | undefined {
  const builderRoot = rootStage(build);
  const token = builderRoot.imageToken;
  if (!token || !builderRoot.traits.isGolang) return undefined;
  const edits: TextEdit[] = [];
  const newBuilder = bookwormVariant(token.value);
  if (newBuilder !== undefined) edits.push(replaceSpan(model.index, token.start, token.end, newBuilder));
  else if (builderRoot.traits.libc === 'musl') return undefined;
  const apk = foldLineage(build, apkToolchainRunsOf(model));
  if (apk.blocked) return undefined;
  // Nearest stage first, each stage's RUNs in order, as the list was built.
  for (let node = apk.runs; node; node = node.next) edits.push(deleteInstruction(model.index, node.instr));
  const finalRoot = rootStage(final);
  if (!descendsFrom(model, final, build)) {
    if (!finalRoot.imageToken || finalRoot.baseStage || anyInLineage(final, hasRuns)) return undefined;
    if (finalRoot.traits.libc !== 'glibc') edits.push(replaceSpan(model.index, finalRoot.imageToken.start, finalRoot.imageToken.end, DISTROLESS_CC));
  }
  if (edits.length === 0) return undefined;
  if (newBuilder === undefined) return { title: `Ship ${DISTROLESS_CC} (glibc) instead of alpine`, edits };
  const version = builderRoot.traits.goVersion;
  return { title: `Build on golang:${version ? `${version}-` : ''}bookworm and ship ${DISTROLESS_CC}`, edits };
}

/**
 * The image reference with its alpine variant replaced by bookworm (`golang:1.22-alpine3.20` →
 * `golang:1.22-bookworm`, `golang:alpine` → `golang:bookworm`), or undefined when the tag does not
 * end in an alpine variant. Index arithmetic: a regular expression here backtracked quadratically
 * on references with many colons.
 */
export function bookwormVariant(reference: string): string | undefined {
  // The tag starts at the first ':' after the last '/'.
  const colon = reference.indexOf(':', reference.lastIndexOf('/') + 1);
  if (colon < 0) return undefined;
  let end = reference.length;
  while (end > colon + 1 && /[\d.]/.test(reference[end - 1])) end--;
  if (end - 'alpine'.length < colon + 1 || reference.slice(end - 'alpine'.length, end) !== 'alpine') return undefined;
  let head = end - 'alpine'.length;
  if (head > colon + 1 && reference[head - 1] === '-') head--;
  return head === colon + 1 ? `${reference.slice(0, head)}bookworm` : `${reference.slice(0, head)}-bookworm`;
}

interface RunList {
  instr: Instr;
  next?: RunList;
}

interface ApkRuns {
  blocked: boolean;
  runs?: RunList;
}

type ApkStep = (stage: Stage, parent: ApkRuns | undefined) => ApkRuns;
const apkSteps = new WeakMap<DockerfileModel, ApkStep>();

/**
 * The alpine RUNs of a stage's lineage that only install the C toolchain (a Debian golang builder
 * has it), nearest stage first; blocked when such a RUN installs anything else. Folded down the
 * FROM chain once per stage (one step function per model, so foldLineage memoises it), sharing
 * the ancestors' list.
 */
function apkToolchainRunsOf(model: DockerfileModel): ApkStep {
  let step = apkSteps.get(model);
  if (step) return step;
  step = (stage, parent) => {
    if (parent?.blocked) return parent;
    const own: Instr[] = [];
    for (const run of stage.runs) {
      const onlyInstalls = run.installs.length > 0 && run.goCommands.length === 0 && !run.opaqueBuild;
      if (!onlyInstalls) continue;
      if (!/\bapk\b/.test(model.text.slice(run.instr.start, run.instr.end))) continue;
      if (!run.installs.every((p) => isCCompilerPackage(p) || p === 'git' || p === 'add')) return { blocked: true };
      own.push(run.instr);
    }
    let runs = parent?.runs;
    for (let i = own.length - 1; i >= 0; i--) runs = { instr: own[i], next: runs };
    return { blocked: false, runs };
  };
  apkSteps.set(model, step);
  return step;
}
