import { insertLinesBefore, replaceSpan } from '../fixer.ts';
import { goVariable } from '../go-commands.ts';
import { instructionAt } from '../model/index.ts';
import type { DockerfileModel, GoCommand, Instr, Stage, VarValue } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { chainOf } from './rule-chain.ts';
import type { FixProposal, TextEdit } from '../types.ts';
import { launchCandidates, launcherOf, shippedBinaries, type ShippedBinary } from './rule-binaries.ts';

/** The OS/architecture of a literal `--platform` value ("linux/arm64/v8" → linux, arm64). */
function literalPlatform(platform: string | undefined): { os: string; arch: string } | undefined {
  if (!platform || platform.includes('$')) return undefined;
  const [os, arch] = platform.split('/');
  return os && arch ? { os, arch } : undefined;
}

/** The `--platform` the final image is built for, when a FROM in its chain pins it. */
function finalPlatform(final: Stage): string | undefined {
  return chainOf(final).find((s) => s.platform !== undefined)?.platform;
}

/** A variable set to a literal (no `$`): where it is written, when the model saw it. */
function literal(entry: VarValue | undefined): (VarValue & { value: string }) | undefined {
  if (!entry || entry.value === undefined || entry.value === '' || entry.raw === undefined || entry.raw.includes('$')) return undefined;
  return entry as VarValue & { value: string };
}

/**
 * The binaries the image runs: the one ENTRYPOINT/CMD launches, or, when the launch cannot be
 * followed (a script, a wrapper), the image's only Go binary. Binaries shipped in bulk (a folder
 * of cross-compiled downloads) are not the image's program.
 */
function programsOf(model: DockerfileModel, binaries: ShippedBinary[]): ShippedBinary[] {
  const final = model.final!;
  const launcher = launcherOf(final);
  if (!launcher) return [];
  const candidates = launchCandidates(final, launcher.program);
  const launched = candidates ? binaries.filter((b) => b.at.some((p) => candidates.paths.includes(p))) : [];
  if (launched.length > 0) return launched;
  const individual = binaries.filter((b) => b.individually);
  const distinct = new Set(individual.map((b) => b.build.cmd));
  return distinct.size === 1 ? individual.slice(0, 1) : [];
}

/**
 * `GOARCH=amd64 go build` ships an amd64 binary whatever platform the image is built for:
 * on an arm64 machine, or with `--platform linux/arm64`, the container dies with "exec format error".
 */
export default defineRule({
  meta: {
    id: 'hardcoded-goarch',
    description: 'A Go build sets GOARCH (or GOOS) to a literal, while the final image is not pinned to that platform.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      hardcodedArch:
        'GOARCH={{arch}} builds an {{arch}} binary whatever platform the image is built for: built on another machine or with `--platform`, the image fails with "exec format error". Use GOARCH=$TARGETARCH.',
      wrongArch: 'GOARCH={{arch}}, but the final image is pinned to {{platform}}: the binary cannot run there ("exec format error").',
      foreignOs: 'GOOS={{os}} builds a {{os}} binary, but the image runs Linux: it cannot start ("exec format error").',
    },
  },
  check({ model, goFacts, report }) {
    const final = model.final;
    if (!final) return;
    const binaries = shippedBinaries(model, goFacts) ?? [];
    const platform = finalPlatform(final);
    const pinned = literalPlatform(platform);
    const seen = new Set<GoCommand>();
    for (const { build } of programsOf(model, binaries)) {
      const cmd = build.cmd;
      if (seen.has(cmd)) continue;
      seen.add(cmd);
      const goos = literal(goVariable(cmd, 'GOOS'));
      if (goos && goos.value !== 'linux' && (!pinned || pinned.os === 'linux')) {
        report({ messageId: 'foreignOs', data: { os: goos.value }, ...spanOf(cmd, goos, 'GOOS') });
        continue;
      }
      const goarch = literal(goVariable(cmd, 'GOARCH'));
      if (!goarch) continue;
      if (pinned && pinned.arch === goarch.value) continue;
      const fix = pinned ? pinnedArchFix(model, goarch, pinned.arch) : targetArchFix(model, cmd, goarch);
      report({
        messageId: pinned ? 'wrongArch' : 'hardcodedArch',
        data: { arch: goarch.value, platform: platform ?? '' },
        ...spanOf(cmd, goarch, 'GOARCH'),
        ...(pinned ? { severity: 'error' as const } : {}),
        ...(fix ? { fix } : {}),
      });
    }
  },
});

/** The written value to underline, or the go command when the value's place is unknown. */
function spanOf(cmd: GoCommand, entry: VarValue, name: string): { start: number; end: number } {
  const inline = cmd.inlineWords.get(name);
  if (inline && entry.origin === 'inline') return { start: inline.start, end: inline.end };
  if (entry.span) return entry.span;
  return { start: cmd.goWord.start, end: (cmd.subcommandWord ?? cmd.goWord).end };
}

/** With the final image pinned, the binary must match the pin (TARGETARCH follows the build, not the pin). */
function pinnedArchFix(model: DockerfileModel, entry: VarValue, arch: string): FixProposal | undefined {
  if (!entry.span || entry.origin === 'GOFLAGS') return undefined;
  return { title: `Build for ${arch} (GOARCH=${arch})`, edits: [replaceSpan(model.index, entry.span.start, entry.span.end, arch)] };
}

function declaresBefore(stage: Stage, name: string, before: Instr): boolean {
  return stage.instructions.some((i) => i.keyword === 'ARG' && i.start < before.start && i.scan.args.split(/\s+/).some((w) => w === name || w.startsWith(`${name}=`)));
}

/** GOARCH=$TARGETARCH where the literal is written, and `ARG TARGETARCH` in that stage when missing. */
function targetArchFix(model: DockerfileModel, cmd: GoCommand, entry: VarValue): FixProposal | undefined {
  if (!entry.span || entry.origin === 'GOFLAGS') return undefined;
  const instr = entry.origin === 'inline' || entry.origin === 'export' || entry.origin === 'go env -w' ? cmd.run.instr : instructionAt(model, entry.span.start);
  // A global ARG default is outside every stage: leave that one to the author.
  if (!instr?.stage || instr.keyword === 'FROM') return undefined;
  if (entry.origin === 'go env -w') {
    const writer = instructionAt(model, entry.span.start);
    if (!writer?.stage) return undefined;
    return withArg(model, writer, entry);
  }
  return withArg(model, instr, entry);
}

function withArg(model: DockerfileModel, instr: Instr, entry: VarValue): FixProposal {
  const edits: TextEdit[] = [replaceSpan(model.index, entry.span!.start, entry.span!.end, '$TARGETARCH')];
  if (!declaresBefore(instr.stage!, 'TARGETARCH', instr)) edits.push(insertLinesBefore(model.index, instr, ['ARG TARGETARCH']));
  return { title: 'Build for the target platform (GOARCH=$TARGETARCH)', edits };
}
