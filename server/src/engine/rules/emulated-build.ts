import { insertAt } from '../fixer.ts';
import { cgoState, goVariable, hasCCompiler, stageGoCommands } from '../go-commands.ts';
import type { DockerfileModel, GoCommand, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { anyUp, chainOf, rootStage } from './rule-chain.ts';
import type { FixProposal } from '../types.ts';

/** A GOOS/GOARCH value that follows the target platform. */
function followsTarget(cmd: GoCommand, name: 'GOOS' | 'GOARCH'): boolean {
  const entry = goVariable(cmd, name);
  return entry?.raw !== undefined && /TARGET(ARCH|OS|PLATFORM|VARIANT)/.test(entry.raw);
}

/** Commands that ask the machine it runs on for its architecture: under --platform=$BUILDPLATFORM they answer differently. */
const HOST_ARCH_PROBE = /\buname\b|dpkg\s+--print-architecture|\barch\b|go\s+env\s+GO(ARCH|OS)|\$\(\s*go\s+env|apk\s+--print-arch/;

/**
 * `GOARCH=$TARGETARCH go build` in a stage without `--platform=$BUILDPLATFORM`: buildx runs the
 * whole stage for the target platform, so building for arm64 on an amd64 machine runs the Go
 * compiler under QEMU emulation, many times slower, although Go could cross-compile natively.
 */
export default defineRule({
  meta: {
    id: 'emulated-build',
    description: 'A builder cross-compiles with TARGETOS/TARGETARCH but has no --platform=$BUILDPLATFORM, so buildx runs it under emulation.',
    defaultSeverity: 'hint',
    fixable: true,
    messages: {
      emulated:
        'This stage cross-compiles for $TARGETARCH, but it runs on the target platform: building for another platform runs the Go toolchain under QEMU emulation, often several times slower. Add --platform=$BUILDPLATFORM so Go cross-compiles natively.',
      emulatedInstall:
        'This stage cross-compiles for $TARGETARCH under emulation. With --platform=$BUILDPLATFORM, `go install` would write the cross-compiled binary to $GOPATH/bin/<os>_<arch>/ instead of $GOPATH/bin: switch to `go build -o <path>` first, then add --platform=$BUILDPLATFORM.',
    },
  },
  check({ model, report }) {
    const finalLineage = new Set(model.final ? chainOf(model.final) : []);
    const pinnedUp = anyUp((s) => s.platform !== undefined);
    const reported = new Set<Stage>();
    for (const stage of model.stages) {
      if (!model.shipped.has(stage)) continue;
      const cross = stageGoCommands(stage).filter((c) => (c.subcommand === 'build' || c.subcommand === 'install') && (followsTarget(c, 'GOARCH') || followsTarget(c, 'GOOS')));
      if (cross.length === 0) continue;
      const root = rootStage(stage);
      if (reported.has(root) || !root.imageToken || pinnedUp(stage)) continue;
      // The final image itself rests on this stage: moving it to the build platform would ship the wrong architecture.
      if (finalLineage.has(root)) continue;
      // Deliberate cgo is emulated on purpose: cross-compiling it needs a cross C toolchain.
      if (cross.some((c) => cgoState(c).kind === 'enabled' || cgoState(c).kind === 'unknown')) continue;
      reported.add(root);
      const token = root.imageToken;
      if (cross.some((c) => c.subcommand === 'install')) {
        report({ messageId: 'emulatedInstall', start: token.start, end: token.end });
        continue;
      }
      const fix = buildPlatformFix(model, root);
      // With a C compiler and cgo left to its default, moving to the build platform turns cgo off
      // (Go disables it when cross-compiling); and host probes (uname…) would answer for the build
      // machine. Both change the build, so the edit is only offered then.
      const changesBuild = cross.some((c) => cgoState(c).kind === 'unset' && hasCCompiler(c.run.instr.stage!) !== false) || chainOf(stage).some((s) => s.runs.some((r) => HOST_ARCH_PROBE.test(r.instr.scan.args)));
      report({ messageId: 'emulated', start: token.start, end: token.end, ...(changesBuild ? { suggestions: [fix] } : { fix }) });
    }
  },
});

function buildPlatformFix(model: DockerfileModel, root: Stage): FixProposal {
  return { title: 'Build on the build platform (--platform=$BUILDPLATFORM)', edits: [insertAt(model.index, root.from.scan.keywordEnd, ' --platform=$BUILDPLATFORM')] };
}
