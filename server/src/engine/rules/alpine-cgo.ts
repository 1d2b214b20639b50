import { deleteInstruction, replaceSpan } from '../fixer.ts';
import { cgoState, hasCCompiler, isCCompilerPackage } from '../go-commands.ts';
import { lineage } from '../stage-graph.ts';
import type { DockerfileModel, GoCommand, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import type { FixProposal, TextEdit } from '../types.ts';
import { DISTROLESS_CC, disableCgoFix, goCommandSpan, shippedLinuxBuilds } from './rule-helpers.ts';


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
  const builderRoot = lineage(build).at(-1)!;
  const token = builderRoot.imageToken;
  if (!token || !builderRoot.traits.isGolang) return undefined;
  const edits: TextEdit[] = [];
  const newBuilder = token.value.replace(/(:[^/]*?)(?:-?alpine[\d.]*)$/, (_, head: string) => (head === ':' ? ':bookworm' : `${head}-bookworm`));
  if (newBuilder !== token.value) edits.push(replaceSpan(model.index, token.start, token.end, newBuilder));
  else if (builderRoot.traits.libc === 'musl') return undefined;
  for (const stage of lineage(build)) {
    for (const run of stage.runs) {
      const onlyApk = run.installs.length > 0 && run.goCommands.length === 0 && !run.opaqueBuild;
      if (!onlyApk) continue;
      const apkLine = model.text.slice(run.instr.start, run.instr.end);
      if (!/\bapk\b/.test(apkLine)) continue;
      if (!run.installs.every((p) => isCCompilerPackage(p) || p === 'git' || p === 'add')) return undefined;
      edits.push(deleteInstruction(model.index, run.instr));
    }
  }
  const finalRoot = lineage(final).at(-1)!;
  if (!lineage(final).includes(build)) {
    if (!finalRoot.imageToken || finalRoot.baseStage || lineage(final).some((s) => s.runs.length > 0)) return undefined;
    if (finalRoot.traits.libc !== 'glibc') edits.push(replaceSpan(model.index, finalRoot.imageToken.start, finalRoot.imageToken.end, DISTROLESS_CC));
  }
  if (edits.length === 0) return undefined;
  if (newBuilder === token.value) return { title: `Ship ${DISTROLESS_CC} (glibc) instead of alpine`, edits };
  const version = builderRoot.traits.goVersion;
  return { title: `Build on golang:${version ? `${version}-` : ''}bookworm and ship ${DISTROLESS_CC}`, edits };
}
