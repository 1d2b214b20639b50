import { insertLinesBefore } from '../fixer.ts';
import { assignmentsOf } from '../model/index.ts';
import type { Instr } from '../model/index.ts';
import { defineRule } from '../rule.ts';

/** The platform variables BuildKit predefines in the global scope only. */
const PLATFORM_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);
const REFERENCE = /\$\{?(TARGETPLATFORM|TARGETOS|TARGETARCH|TARGETVARIANT|BUILDPLATFORM|BUILDOS|BUILDARCH|BUILDVARIANT)(?![A-Za-z0-9_])/g;

interface Reference {
  name: string;
  start: number;
  end: number;
}

/** The pieces of an instruction Docker or the shell expands, as [text, offset of each character]. */
function expandedTexts(text: string, instr: Instr): Array<{ text: string; offsetAt: (i: number) => number }> {
  const out: Array<{ text: string; offsetAt: (i: number) => number }> = [];
  for (const flag of instr.scan.flags) out.push({ text: text.slice(flag.start, flag.end), offsetAt: (i) => flag.start + i });
  // Read from the scanner's store (no view of it per instruction); i is at most args.length.
  const { args, offsetStore, offsetBase } = instr.scan;
  out.push({ text: args, offsetAt: (i) => offsetStore[offsetBase + i] });
  // A RUN heredoc body is a script the shell expands; COPY/ADD heredocs are file contents.
  const lineEnd = offsetStore[offsetBase + args.length] ?? instr.end;
  if (instr.keyword === 'RUN' && lineEnd < instr.end) out.push({ text: text.slice(lineEnd, instr.end), offsetAt: (i) => lineEnd + i });
  return out;
}

/** Whether a RUN script sets the variable itself (`TARGETARCH=$(uname -m)`, `export`, `for … in`, `read`). */
function setsItself(instr: Instr, name: string, texts: string[]): boolean {
  if (instr.run?.assignments.some((a) => a.name === name)) return true;
  return texts.some((t) => {
    for (let i = t.indexOf(name); i >= 0; i = t.indexOf(name, i + 1)) {
      const before = t.slice(Math.max(0, i - 4), i);
      if (t[i + name.length] === '=' && !/[A-Za-z0-9_$]/.test(t[i - 1] ?? '')) return true;
      if (/(for|read)\s+$/.test(t.slice(Math.max(0, i - 8), i)) || /-r\s+$/.test(before)) return true;
    }
    return false;
  });
}

/**
 * `$TARGETARCH` and friends are predefined only for FROM lines. Inside a stage they are empty
 * unless the stage declares them (`ARG TARGETARCH`): `GOARCH=$TARGETARCH` then builds for the
 * build host, and `COPY app-${TARGETARCH}` copies the wrong file.
 */
export default defineRule({
  meta: {
    id: 'undeclared-platform-arg',
    description: '$TARGETARCH, $TARGETOS, $TARGETPLATFORM or $BUILDPLATFORM is used in a stage without a matching ARG, so it is empty.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      undeclared:
        '${{name}} is empty here: BuildKit predefines it only for FROM lines, and this stage has no `ARG {{name}}`. Declare it in the stage.',
    },
  },
  check({ model, report }) {
    // Every reference starts with `$`, and most instructions have none: the next `$` of the file,
    // found with one cursor that moves forward with the instructions, tells which to read.
    let dollar = -1;
    let lastStart = -1;
    const hasDollar = (instr: Instr) => {
      if (dollar < instr.start || instr.start < lastStart) {
        dollar = model.text.indexOf('$', instr.start);
        if (dollar < 0) dollar = Infinity;
      }
      lastStart = instr.start;
      return dollar < instr.end;
    };
    for (const stage of model.stages) {
      // Made on first use: most stages declare and report none (two sets per stage otherwise).
      let declared: Set<string> | undefined;
      let reported: Set<string> | undefined;
      for (const instr of stage.instructions) {
        if (instr.keyword === 'ONBUILD') continue;
        // Most instructions have no `$`: no lists made for them.
        if (hasDollar(instr)) {
          const texts = expandedTexts(model.text, instr);
          const refs: Reference[] = [];
          for (const piece of texts) {
            for (const m of piece.text.matchAll(REFERENCE)) {
              const i = m.index ?? 0;
              // `\$TARGETARCH` is a literal dollar sign.
              if (piece.text[i - 1] === '\\' || piece.text[i - 1] === model.escapeChar) continue;
              refs.push({ name: m[1], start: piece.offsetAt(i), end: piece.offsetAt(i + m[0].length - 1) + 1 });
            }
          }
          for (const ref of refs) {
            if (declared?.has(ref.name) || reported?.has(ref.name)) continue;
            // ENV set in this stage or one it is based on also defines it.
            if (stage.baseStage?.envAtEnd.get(ref.name) !== undefined) continue;
            if (instr.run && setsItself(instr, ref.name, texts.map((t) => t.text))) continue;
            (reported ??= new Set()).add(ref.name);
            report({
              messageId: 'undeclared',
              data: { name: ref.name },
              start: ref.start,
              end: ref.end,
              fix: { title: `Declare ARG ${ref.name} in this stage`, edits: [insertLinesBefore(model.index, instr, [`ARG ${ref.name}`])] },
            });
          }
        }
        if (instr.keyword === 'ARG' || instr.keyword === 'ENV') {
          for (const a of assignmentsOf(instr)) if (PLATFORM_ARGS.has(a.name)) (declared ??= new Set()).add(a.name);
        }
      }
    }
  },
});
