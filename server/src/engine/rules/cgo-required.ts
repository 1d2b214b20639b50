import { replaceSpan } from '../fixer.ts';
import { cgoState, goVariable, stageGoCommands } from '../go-commands.ts';
import { programFactsOf } from '../go-program.ts';
import type { DockerfileModel, GoCommand } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { runtimeOf } from '../stage-graph.ts';
import { chainOf, rootStage } from './rule-chain.ts';
import type { FixProposal, GoFacts, TextEdit } from '../types.ts';
import { DISTROLESS_CC, goCommandSpan } from './rule-helpers.ts';
import { seesBuildContext } from './rule-go-image.ts';

/** Why the program needs cgo, from the per-program facts; undefined when it does not (or nobody knows). */
function cgoNeed(cmd: GoCommand, facts: GoFacts | undefined): string | undefined {
  // Asked for this very build (cgo off), the facts list the `import "C"` files it leaves out for
  // want of cgo (a package with a `!cgo` twin has none), and the cgo-only modules it still imports.
  const program = programFactsOf(cmd, facts);
  if (!program) return undefined;
  return program.cgoFiles[0] ?? program.cgoModules[0];
}

/**
 * CGO_ENABLED=0 on a program that needs cgo: files with `import "C"` are left out (the build
 * fails, or their functions go missing), and cgo-only modules such as mattn/go-sqlite3 compile to
 * a stub that fails at run time.
 */
export default defineRule({
  meta: {
    id: 'cgo-required',
    description: 'The program needs cgo (import "C", or a cgo-only module such as mattn/go-sqlite3), but the build sets CGO_ENABLED=0.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      cgoFile:
        'CGO_ENABLED=0, but this program compiles {{reason}}, which uses cgo (`import "C"`): with cgo off that file is left out and the build fails. Enable cgo and ship an image with a C library.',
      cgoModule:
        'CGO_ENABLED=0, but this program imports {{reason}}, which needs cgo: it compiles without it and then fails at run time. Enable cgo and ship an image with a C library.',
    },
  },
  check({ model, goFacts, report }) {
    for (const stage of model.stages) {
      for (const cmd of stageGoCommands(stage)) {
        if (!['build', 'install', 'run', 'test'].includes(cmd.subcommand)) continue;
        if (cmd.packages.length > 0 && cmd.packages.every((p) => p.includes('@'))) continue;
        if (cgoState(cmd).kind !== 'disabled' || !seesBuildContext(cmd)) continue;
        const reason = cgoNeed(cmd, goFacts);
        if (!reason) continue;
        const suggestion = enableCgo(model, cmd);
        report({
          messageId: reason.endsWith('.go') ? 'cgoFile' : 'cgoModule',
          data: { reason },
          ...goCommandSpan(cmd),
          ...(suggestion ? { suggestions: [suggestion] } : {}),
        });
      }
    }
  },
});

/**
 * "Enable cgo, ship distroless/cc": CGO_ENABLED=1 where the 0 is written, and a glibc final
 * image when the binary would otherwise land in one without a C library. Offered only when
 * that cannot break the build: a glibc builder with a C compiler (Debian golang), a final
 * image without RUN, and no cross-compilation (cgo would need a cross C toolchain).
 */
function enableCgo(model: DockerfileModel, cmd: GoCommand): FixProposal | undefined {
  const stage = cmd.run.instr.stage!;
  const entry = goVariable(cmd, 'CGO_ENABLED');
  if (!entry?.span || entry.raw !== '0') return undefined;
  const builder = rootStage(stage);
  if (builder.traits.libc !== 'glibc' || builder.traits.hasCCompiler !== true) return undefined;
  if (chainOf(stage).some((s) => s.platform?.includes('BUILDPLATFORM'))) return undefined;
  const edits: TextEdit[] = [replaceSpan(model.index, entry.span.start, entry.span.end, '1')];
  const runtime = runtimeOf(model, stage, cmd);
  if (runtime && !runtime.sameImage) {
    const finalRoot = rootStage(runtime.final);
    if (finalRoot.traits.libc !== 'glibc') {
      if (!finalRoot.imageToken || chainOf(runtime.final).some((s) => s.runs.length > 0)) return undefined;
      const nonroot = /:nonroot$/.test(finalRoot.imageToken.value) ? ':nonroot' : '';
      edits.push(replaceSpan(model.index, finalRoot.imageToken.start, finalRoot.imageToken.end, `${DISTROLESS_CC}${nonroot}`));
    }
  }
  return { title: `Enable cgo (CGO_ENABLED=1)${edits.length > 1 ? ` and ship ${DISTROLESS_CC}` : ''}`, edits };
}
