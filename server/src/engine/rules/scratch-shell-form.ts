import { replaceSpan } from '../fixer.ts';
import { imageFacts, rootImageName } from '../final-image.ts';
import type { CommandLine, DockerfileModel, Instr, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { hasShellSyntax, splitWords } from '../shell.ts';
import type { FixProposal } from '../types.ts';
import { rootImage } from './rule-helpers.ts';

/**
 * Shell form means `/bin/sh -c "…"`. scratch and distroless have no /bin/sh: a shell-form RUN fails
 * the build, and a shell-form ENTRYPOINT, CMD or HEALTHCHECK fails when the container starts
 * ("exec: \"/bin/sh\": stat /bin/sh: no such file or directory").
 */
export default defineRule({
  meta: {
    id: 'scratch-shell-form',
    description: 'A shell-form RUN, CMD, ENTRYPOINT or HEALTHCHECK in an image without /bin/sh (scratch, distroless).',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      runWithoutShell: '{{image}} has no /bin/sh (nor any other program), so this RUN fails the build. Do this step in the build stage and copy the result.',
      shellFormStart:
        'Shell-form {{keyword}} runs `/bin/sh -c`, and {{image}} has no /bin/sh: the container cannot start. Use exec form: {{keyword}} ["/app", "arg"].',
      shellFormCmdArgs:
        'With an exec-form ENTRYPOINT, this shell-form CMD passes `/bin/sh -c "…"` as its arguments ({{image}} has no shell to run it anyway). Use exec form: CMD ["arg"].',
      shellFormHealthcheck: 'HEALTHCHECK CMD in shell form runs `/bin/sh -c`, and {{image}} has no /bin/sh: every check fails. Use exec form: HEALTHCHECK CMD ["/app", "health"].',
    },
  },
  check({ model, report }) {
    const reported = new Set<Instr>();
    const report1 = (instr: Instr, messageId: string, start: number, end: number, data: Record<string, string>, fix?: FixProposal) => {
      if (reported.has(instr)) return;
      reported.add(instr);
      report({ messageId, data, start, end, ...(fix ? { fix } : {}) });
    };
    const bases = new Set(model.stages.map((s) => s.baseStage).filter((s) => s !== undefined));
    for (const stage of model.stages) {
      if (!stage.traits.noShell || imageFacts(stage).addsShell) continue;
      const data = { image: describeImage(stage) };
      for (const run of stage.runs) {
        const instr = run.instr;
        if (isExecForm(instr)) continue;
        const word = firstArgument(instr);
        report1(instr, 'runWithoutShell', word.start, word.end, data);
      }
      // What the container starts with matters for the images that are run: stages nothing builds on.
      if (bases.has(stage)) continue;
      const entrypoint = stage.entrypoint;
      if (entrypoint && !entrypoint.execForm && entrypoint.words.length > 0) {
        report1(entrypoint.instr, 'shellFormStart', ...span(model, entrypoint.instr), { ...data, keyword: 'ENTRYPOINT' }, execFormFix(model, entrypoint));
      }
      const cmd = stage.cmd;
      if (cmd && !cmd.execForm && cmd.words.length > 0) {
        const messageId = entrypoint?.execForm ? 'shellFormCmdArgs' : 'shellFormStart';
        report1(cmd.instr, messageId, ...span(model, cmd.instr), { ...data, keyword: 'CMD' }, execFormFix(model, cmd));
      }
      const healthcheck = lastHealthcheck(stage);
      if (healthcheck) {
        const shellForm = healthcheckShellForm(healthcheck);
        if (shellForm) report1(healthcheck, 'shellFormHealthcheck', shellForm.start, shellForm.end, data, healthcheckFix(model, healthcheck, shellForm));
      }
    }
  },
});

function describeImage(stage: Stage): string {
  const image = rootImageName(stage);
  return image?.repository === 'scratch' ? 'scratch' : rootImage(stage);
}

function isExecForm(instr: Instr): boolean {
  const args = instr.scan.args.trim();
  if (!args.startsWith('[')) return false;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((w) => typeof w === 'string');
  } catch {
    return false;
  }
}

/** The first word of the instruction's arguments (the program), to underline. */
function firstArgument(instr: Instr): { start: number; end: number } {
  const args = instr.scan.args;
  const lead = args.length - args.trimStart().length;
  const word = /^\S+/.exec(args.slice(lead))?.[0] ?? '';
  const start = instr.scan.argOffsets[lead] ?? instr.start;
  const end = word.length > 0 ? instr.scan.argOffsets[lead + word.length - 1] + 1 : instr.scan.keywordEnd;
  return word.length > 0 ? { start, end } : { start: instr.start, end: instr.scan.keywordEnd };
}

/** The arguments of an instruction on its first line, as a [start, end] span, for underlining. */
function span(model: DockerfileModel, instr: Instr): [number, number] {
  const { start } = firstArgument(instr);
  const firstLineEnd = model.index.lineEnd(instr.range.start.line);
  return [start, Math.max(start, Math.min(instr.end, firstLineEnd))];
}

/** The exec-form text of a shell-form command without shell syntax, or undefined. */
function execFormOf(shellText: string): string | undefined {
  if (shellText.trim() === '' || hasShellSyntax(shellText) || shellText.includes('#')) return undefined;
  const words = splitWords(shellText);
  if (words.length === 0) return undefined;
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

function execFormFix(model: DockerfileModel, line: CommandLine): FixProposal | undefined {
  const instr = line.instr;
  const raw = model.text.slice(instr.scan.argsStart, instr.end);
  if (raw.includes('#')) return undefined; // a comment line inside a continuation would be lost
  const exec = execFormOf(line.shellText ?? '');
  if (!exec) return undefined;
  return { title: `Convert ${instr.keyword} to exec form`, edits: [replaceSpan(model.index, instr.scan.argsStart, instr.end, exec)] };
}

/** The HEALTHCHECK in effect: the last one of the stage and its FROM <stage> ancestors. */
function lastHealthcheck(stage: Stage): Instr | undefined {
  for (let s: Stage | undefined = stage; s; s = s.baseStage) {
    const found = [...s.instructions].reverse().find((i) => i.keyword === 'HEALTHCHECK');
    if (found) return found;
  }
  return undefined;
}

/** For `HEALTHCHECK [opts] CMD <shell command>`: where the command starts and ends, and its text. */
function healthcheckShellForm(instr: Instr): { start: number; end: number; text: string; textOffset: number } | undefined {
  const args = instr.scan.args;
  const m = /^\s*CMD\s+/i.exec(args);
  if (!m) return undefined;
  const text = args.slice(m[0].length).trimEnd();
  if (text === '' || text.startsWith('[')) return undefined;
  const start = instr.scan.argOffsets[m[0].length];
  const end = instr.scan.argOffsets[m[0].length + text.length - 1] + 1;
  return { start, end, text, textOffset: m[0].length };
}

function healthcheckFix(model: DockerfileModel, instr: Instr, shellForm: { start: number; text: string }): FixProposal | undefined {
  const raw = model.text.slice(shellForm.start, instr.end);
  if (raw.includes('#') || /\r?\n/.test(raw)) return undefined;
  const exec = execFormOf(shellForm.text);
  if (!exec) return undefined;
  return { title: 'Convert HEALTHCHECK CMD to exec form', edits: [replaceSpan(model.index, shellForm.start, instr.end, exec)] };
}
