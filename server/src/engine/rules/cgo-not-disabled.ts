import { cgoState, hasCCompiler } from '../go-commands.ts';
import { programFactsOf } from '../go-program.ts';
import type { GoCommand } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import type { Certainty, GoFacts } from '../types.ts';
import { disableCgoFix, goCommandSpan, shipGlibcImage, shippedLinuxBuilds } from './rule-helpers.ts';

/**
 * A Go build on an image with a C compiler links the binary against the builder's libc as soon
 * as it imports net or os/user. Shipped into an image without that libc, it cannot start.
 */
export default defineRule({
  meta: {
    id: 'cgo-not-disabled',
    description: 'A Go binary that ships in an image without a matching C library is built without CGO_ENABLED=0.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      dynamicBinary:
        'cgo is on for this build ({{builder}} has a C compiler), so the binary links dynamically against glibc and will not start in {{final}} ("no such file or directory"). Set CGO_ENABLED=0.',
      explicitCgoNoLibc:
        'CGO_ENABLED=1 on {{builder}} links the binary against glibc, but {{final}} has no C library: it will not start ("no such file or directory"). Ship a glibc image such as gcr.io/distroless/cc-debian12, or disable cgo.',
      staticProgram:
        'cgo is on for this build ({{builder}} has a C compiler), but this program uses nothing that links against the C library, so today it is static and starts in {{final}}. Set CGO_ENABLED=0 so it stays that way when it starts using net or os/user.',
      implicitlyStatic:
        'cgo is off here only because {{builder}} has no C compiler. Set CGO_ENABLED=0 explicitly so the {{final}} image keeps working if a C compiler is ever installed.',
    },
  },
  check({ model, goFacts, report }) {
    for (const { stage, cmd, runtime, runtimeLibc, data } of shippedLinuxBuilds(model)) {
      if (runtime.sameImage || (runtimeLibc !== 'none' && runtimeLibc !== 'musl')) continue;
      const state = cgoState(cmd).kind;
      const links = linksLibc(cmd, goFacts);
      if (state === 'enabled' && stage.traits.libc === 'glibc' && runtimeLibc === 'none') {
        if (links === 'no') {
          report({ messageId: 'staticProgram', data, ...goCommandSpan(cmd), severity: 'hint', suggestions: [disableCgoFix(model, cmd, 'Disable cgo (CGO_ENABLED=0)')] });
          continue;
        }
        // Deliberate cgo: no preferred fix, the alternatives change the image or the program.
        const disable = goFacts?.needsCgo || cmd.flags.has('tags') ? [] : [disableCgoFix(model, cmd, 'Disable cgo (CGO_ENABLED=0)')];
        const suggestions = [shipGlibcImage(model, runtime.final), ...disable].filter((f) => f !== undefined);
        report({ messageId: 'explicitCgoNoLibc', data, ...goCommandSpan(cmd), severity: 'error', suggestions });
        continue;
      }
      if (state !== 'unset') continue;
      const compiler = hasCCompiler(stage);
      const fix = disableCgoFix(model, cmd, 'Set CGO_ENABLED=0 for this go build');
      if (stage.traits.libc === 'glibc' && compiler === true) {
        // A program that provably uses no libc-linked package (only fmt, say) links statically even with cgo on.
        if (links === 'no') report({ messageId: 'staticProgram', data, ...goCommandSpan(cmd), severity: 'hint', fix });
        else report({ messageId: 'dynamicBinary', data, ...goCommandSpan(cmd), severity: 'error', fix });
      } else if (stage.traits.libc === 'musl' && compiler === false && runtimeLibc === 'none') {
        // Only where nothing else could run it: a static binary in an alpine image works either way.
        report({ messageId: 'implicitlyStatic', data, ...goCommandSpan(cmd), severity: 'hint', fix });
      }
      // A musl builder with gcc is alpine-cgo's case; an unknown builder is left alone.
    }
  },
});

/**
 * Whether the program, built with cgo on, links against the C library: 'yes' when it imports
 * net/os/user/plugin or compiles cgo code, 'no' when its facts rule all of that out, else 'unknown'.
 */
function linksLibc(cmd: GoCommand, facts: GoFacts | undefined): Certainty {
  const program = programFactsOf(cmd, facts);
  if (!program) return 'unknown';
  if (program.dynamicWithCgo === 'yes' || program.cgoFiles.length > 0 || program.cgoModules.length > 0) return 'yes';
  return program.dynamicWithCgo;
}
