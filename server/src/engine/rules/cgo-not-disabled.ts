import { cgoState, hasCCompiler, linksStatically, runtimeOf, targetOs } from '../model.ts';
import { defineRule } from '../rule.ts';
import { disableCgoFix, goCommandSpan, ownBuilds, rootImage } from './rule-helpers.ts';

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
      implicitlyStatic:
        'cgo is off here only because {{builder}} has no C compiler. Set CGO_ENABLED=0 explicitly so the {{final}} image keeps working if a C compiler is ever installed.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const compiler = hasCCompiler(stage);
      for (const cmd of ownBuilds(stage)) {
        const runtime = runtimeOf(model, stage, cmd);
        if (!runtime || runtime.sameImage) continue;
        const runtimeLibc = runtime.final.traits.libc;
        if (runtimeLibc !== 'none' && runtimeLibc !== 'musl') continue;
        if (targetOs(cmd) !== 'linux' || cgoState(cmd).kind !== 'unset' || linksStatically(cmd)) continue;
        const data = { builder: rootImage(stage), final: rootImage(runtime.final) };
        const fix = disableCgoFix(model, cmd, 'Set CGO_ENABLED=0 for this go build');
        if (stage.traits.libc === 'glibc' && compiler === true) {
          report({ messageId: 'dynamicBinary', data, ...goCommandSpan(cmd), severity: 'error', fix });
        } else if (stage.traits.libc === 'musl' && compiler === false && runtimeLibc === 'none') {
          // Only where nothing else could run it: a static binary in an alpine image works either way.
          report({ messageId: 'implicitlyStatic', data, ...goCommandSpan(cmd), severity: 'hint', fix });
        }
        // A musl builder with gcc is alpine-cgo's case; an unknown builder is left alone.
      }
    }
  },
});
