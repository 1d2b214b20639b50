import { resolvePath } from '../model/index.ts';
import type { DockerfileModel, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { anyUp, chainOf, rootStage } from './rule-chain.ts';
import type { GoFacts } from '../types.ts';
import {
  baseName,
  binaryOutputs,
  copyMayCreate,
  indexOutputs,
  dirName,
  isPlainPath,
  isWithin,
  launchCandidates,
  launcherOf,
  outputMeets,
  runMayWriteFiles,
  shippedBinaries,
  type BinaryOutput,
} from './rule-binaries.ts';

/**
 * `go build -o /out/server` followed by `COPY --from=build /out/app …`, or a binary copied to
 * /usr/local/bin while ENTRYPOINT runs /app: the build fails, or the container cannot start.
 * Reported only when nothing else in the stage could have made the path.
 */
export default defineRule({
  meta: {
    id: 'binary-path-mismatch',
    description: 'A COPY --from names a path the Go build does not produce, or ENTRYPOINT/CMD runs a binary that is not where it was copied.',
    defaultSeverity: 'warning',
    fixable: false,
    messages: {
      notBuilt: '`{{path}}` is not what stage {{stage}} builds: its Go build writes {{built}}. This COPY fails with "not found".',
      builtInMount:
        '`{{path}}` is written inside the `--mount` target {{mount}} of its RUN, so it is not in the stage\'s filesystem: this COPY fails with "not found". Write the binary outside the mount.',
      launchNotCopied: '{{keyword}} runs {{program}}, but the binary was copied to {{copiedTo}}: the container fails to start ("no such file or directory").',
      launchNotOnPath:
        '{{keyword}} runs `{{program}}`, which is looked up on PATH, but the binary was copied to {{copiedTo}}, which is not on PATH: the container fails to start ("executable file not found in $PATH").',
    },
  },
  check({ model, goFacts, report }) {
    checkCopies(model, goFacts, report);
    checkLauncher(model, goFacts, report);
  },
});

type Reporter = Parameters<Parameters<typeof defineRule>[0]['check']>[0]['report'];

function stageLabel(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

/** What a stage's chain writes with go build/install, or undefined when some output is unknown. */
function stageOutputs(stage: Stage, facts: GoFacts | undefined): BinaryOutput[] | undefined {
  const out: BinaryOutput[] = [];
  for (const s of chainOf(stage)) {
    for (const run of s.runs) {
      for (const cmd of run.goCommands) {
        if (cmd.subcommand !== 'build' && cmd.subcommand !== 'install') continue;
        const outputs = binaryOutputs(cmd, facts);
        if (!outputs) return undefined;
        out.push(...outputs);
      }
    }
  }
  return out;
}

/** Whether something other than the Go builds could have put `path` into the stage. */
function otherWriterCovers(stage: Stage, path: string, writesUp: (s: Stage) => boolean): boolean {
  const root = rootStage(stage);
  // An image the engine does not know may ship anything.
  if (!root.traits.isGolang && root.traits.libc === 'unknown') return true;
  if (writesUp(stage)) return true;
  return chainOf(stage).some((s) => s.copies.some((copy) => copyMayCreate(copy, path)));
}

function checkCopies(model: DockerfileModel, facts: GoFacts | undefined, report: Reporter): void {
  const writesUp = anyUp((s) => s.runs.some(runMayWriteFiles));
  const outputsMemo = new Map<Stage, BinaryOutput[] | undefined>();
  const persistentMemo = new WeakMap<BinaryOutput[], BinaryOutput[]>();
  const persistentOf = (outputs: BinaryOutput[]) => {
    let kept = persistentMemo.get(outputs);
    if (!kept) persistentMemo.set(outputs, (kept = outputs.filter((o) => !o.inMount)));
    return kept;
  };
  /** Each output's place in its stage's list, so the message lists them in build order. */
  const order = new Map<BinaryOutput, number>();
  const outputsOf = (s: Stage) => {
    if (!outputsMemo.has(s)) {
      const outputs = stageOutputs(s, facts);
      outputs?.forEach((o, i) => order.set(o, i));
      outputsMemo.set(s, outputs);
    }
    return outputsMemo.get(s);
  };
  for (const stage of model.stages) {
    for (const copy of stage.copies) {
      const from = copy.fromStage;
      if (!from) continue;
      const outputs = outputsOf(from);
      if (!outputs || outputs.length === 0) continue;
      // Looked up, not scanned: a chain of builds copied from once per binary stays linear.
      const all = indexOutputs(outputs);
      const persistent = indexOutputs(persistentOf(outputs));
      for (const src of copy.sources) {
        if (!isPlainPath(src.value)) continue;
        const path = resolvePath('/', src.value);
        // Produced: the binary itself, or a directory holding one.
        if (outputMeets(persistent, path)) continue;
        // Lookalikes: the same file name, or the same folder.
        if (!all.byBaseName.has(baseName(path)) && !all.byDirName.has(dirName(path))) continue;
        const ephemeral = all.byPath.get(path)?.find((o) => o.inMount);
        if (ephemeral) {
          const mount = ephemeral.cmd.run.mounts.find((m) => m.target !== undefined && isWithin(path, resolvePath(ephemeral.cmd.cwd ?? '/', m.target)));
          report({ messageId: 'builtInMount', data: { path, mount: mount?.target ?? '' }, start: src.start, end: src.end });
          continue;
        }
        if (otherWriterCovers(from, path, writesUp)) continue;
        const lookalikes = [...(persistent.byBaseName.get(baseName(path)) ?? []), ...(persistent.byDirName.get(dirName(path)) ?? [])];
        const built = [...new Set(lookalikes.sort((a, b) => order.get(a)! - order.get(b)!).map((o) => o.path))];
        if (built.length === 0) continue;
        report({ messageId: 'notBuilt', data: { path, stage: stageLabel(from), built: built.join(', ') }, start: src.start, end: src.end });
      }
    }
  }
}

function checkLauncher(model: DockerfileModel, facts: GoFacts | undefined, report: Reporter): void {
  const final = model.final;
  if (!final) return;
  const launcher = launcherOf(final);
  if (!launcher) return;
  const root = rootStage(final);
  // Toolchain images and images the engine does not know carry many programs of their own.
  if (root.traits.hasGo || (root.traits.libc === 'unknown' && !root.traits.noShell)) return;
  const candidates = launchCandidates(final, launcher.program);
  if (!candidates) return;
  const binaries = shippedBinaries(model, facts) ?? [];
  if (binaries.some((b) => b.at.some((p) => candidates.paths.includes(p)))) return;
  const name = baseName(launcher.program);
  const copies = binaries.filter((b) => b.individually && b.at.some((p) => baseName(p) === name));
  if (copies.length === 0) return;
  // Anything else in the final image that could provide the program keeps the rule quiet.
  const ours = new Set(copies.map((b) => b.build.path));
  for (const s of chainOf(final)) {
    if (s.runs.some(runMayWriteFiles)) return;
    for (const copy of s.copies) {
      const isOurs = copy.fromStage !== undefined && copy.sources.every((src) => isPlainPath(src.value) && ours.has(resolvePath('/', src.value)));
      if (!isOurs && candidates.paths.some((p) => copyMayCreate(copy, p))) return;
    }
  }
  // Where it went, in the reading the file most likely means (a COPY to `/app/server` makes that file).
  const copiedTo = [...new Set(copies.map((b) => b.at.find((p) => baseName(p) === name)!))];
  const keyword = launcher.line.instr.keyword;
  const at = model.text.indexOf(launcher.program, launcher.line.instr.scan.argsStart);
  const span = at >= 0 && at < launcher.line.instr.end ? { start: at, end: at + launcher.program.length } : { start: launcher.line.instr.start, end: launcher.line.instr.scan.keywordEnd };
  report({
    messageId: candidates.viaPath ? 'launchNotOnPath' : 'launchNotCopied',
    data: { keyword, program: launcher.program, copiedTo: copiedTo.join(', ') },
    ...span,
  });
}
