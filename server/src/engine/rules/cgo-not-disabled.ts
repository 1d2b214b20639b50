import { cgoState, hasCCompiler } from '../go-commands.ts';
import { defineRule } from '../rule.ts';
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
      implicitlyStatic:
        'cgo is off here only because {{builder}} has no C compiler. Set CGO_ENABLED=0 explicitly so the {{final}} image keeps working if a C compiler is ever installed.',
    },
  },
  check({ model, goFacts, report }) {
    for (const { stage, cmd, runtime, runtimeLibc, data } of shippedLinuxBuilds(model)) {
      if (runtime.sameImage || (runtimeLibc !== 'none' && runtimeLibc !== 'musl')) continue;
      const state = cgoState(cmd).kind;
      if (state === 'enabled' && stage.traits.libc === 'glibc' && runtimeLibc === 'none') {
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
        report({ messageId: 'dynamicBinary', data, ...goCommandSpan(cmd), severity: 'error', fix });
      } else if (stage.traits.libc === 'musl' && compiler === false && runtimeLibc === 'none') {
        // Only where nothing else could run it: a static binary in an alpine image works either way.
        report({ messageId: 'implicitlyStatic', data, ...goCommandSpan(cmd), severity: 'hint', fix });
      }
      // A musl builder with gcc is alpine-cgo's case; an unknown builder is left alone.
    }
  },
});
