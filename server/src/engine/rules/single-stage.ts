import { appendLines, deleteInstruction, insertAt } from '../fixer.ts';
import { cgoState, goCommandsOf, hasCCompiler, hasGo, outputPaths } from '../go-commands.ts';
import { properties, resolvePath } from '../model/index.ts';
import type { CommandLine, DockerfileModel, GoCommand, Instr, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { chainOf } from './rule-chain.ts';
import { hasShellSyntax, splitWords } from '../shell.ts';
import type { FixProposal, TextEdit } from '../types.ts';
import { DISTROLESS_CC, disableCgoFix, rootImage } from './rule-helpers.ts';
import { launchedProgram, launcherOf } from './rule-binaries.ts';

/** Programs that make a toolchain image intentional: the image runs Go itself, or a dev tool. */
const TOOLCHAIN_ENTRYPOINTS = new Set(['go', 'air', 'dlv', 'compiledaemon', 'reflex', 'gow', 'gotestsum', 'golangci-lint', 'ginkgo', 'goreleaser', 'staticcheck', 'govulncheck', 'mage', 'make', 'task']);
/** Stage names that say the last stage is meant for development or CI, not for shipping. */
const TOOLCHAIN_STAGE_NAMES = /^(dev|develop|development|debug|test|tests|testing|ci|lint|tools?|toolchain|builder|build)$/;
/** Build-time Go variables that have no business in the runtime image. */
const BUILD_ONLY_VARS = /^(CGO_ENABLED|CGO_\w+|GO\w*|PATH|CC|CXX)$/;
const STATIC_FINAL = 'gcr.io/distroless/static-debian12:nonroot';
const GLIBC_FINAL = `${DISTROLESS_CC}:nonroot`;

export default defineRule({
  meta: {
    id: 'single-stage',
    description: 'The shipped image is a Go toolchain image that builds the program.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      goRunAtStart:
        'The image runs `go run {{pkg}}` when it starts: it ships {{image}}, a Go toolchain image (hundreds of MB), and compiles the program on every start. Build the binary in a build stage and copy only it into a small final image.',
      toolchainShipped:
        'The shipped image is {{image}}, a Go toolchain image (hundreds of MB of compiler, sources and caches) that builds the program. Build in one stage and copy only the binary into a small final image.',
    },
  },
  check({ model, report }) {
    const final = model.final;
    if (!final || !hasGo(final)) return;
    if (final.name && TOOLCHAIN_STAGE_NAMES.test(final.name) && model.stages.length > 1) return;
    const run = goRunAtStart(model, final);
    if (run && final.imageToken) {
      // It compiles at start-up, so nothing was built to copy out: the conversion is left to the author.
      report({ messageId: 'goRunAtStart', data: { pkg: run.pkg, image: rootImage(final) }, start: run.start, end: run.end });
      return;
    }
    const builds = goCommandsOf(final, ['build', 'install', 'run']);
    if (builds.length === 0) return;
    // Only `go install pkg@version` tools (protoc plugins, linters) around another program: a tool
    // image, not a build of the program. When it launches one of those tools, it is the program.
    // (`go install tool` installs the tools go.mod declares, Go 1.24+.)
    const remote = (c: GoCommand) => c.packages.length > 0 && c.packages.every((p) => p.includes('@') || p === 'tool');
    if (builds.every(remote)) {
      const launched = launchedProgram(final.entrypoint?.words ?? final.cmd?.words ?? []);
      const name = launched?.slice(launched.lastIndexOf('/') + 1);
      if (!name || !builds.flatMap(outputPaths).some((o) => o.slice(o.lastIndexOf('/') + 1) === name)) return;
    }
    const launcher = final.entrypoint ?? final.cmd;
    const program = launchedProgram(launcher?.words ?? []);
    if (program && TOOLCHAIN_ENTRYPOINTS.has(program.slice(program.lastIndexOf('/') + 1).toLowerCase())) return;
    const token = final.imageToken;
    if (!token) return;
    const conversion = convertToMultiStage(model, final, builds);
    // Files copied or made after the build (config, templates) stay behind in the build stage:
    // then the conversion is only a suggestion, never applied by fix-all.
    const safe = conversion && !producesRuntimeFiles(final, builds);
    report({
      messageId: 'toolchainShipped',
      data: { image: rootImage(final) },
      start: token.start,
      end: token.end,
      ...(conversion && safe ? { fix: conversion } : {}),
      ...(conversion && !safe ? { suggestions: [conversion] } : {}),
    });
  },
});

/**
 * `CMD ["go", "run", "."]`: the project is compiled each time the container starts. `go run
 * pkg@version` (a tool image) and any other `go` subcommand (the image is the go tool) are not.
 */
function goRunAtStart(model: DockerfileModel, final: Stage): { pkg: string; start: number; end: number } | undefined {
  const launcher = launcherOf(final);
  if (!launcher || launcher.program.slice(launcher.program.lastIndexOf('/') + 1) !== 'go') return undefined;
  const words = launcher.line.execForm ? launcher.line.words : splitWords(launcher.line.shellText ?? '');
  const at = words.indexOf(launcher.program);
  if (words[at + 1] !== 'run') return undefined;
  let i = at + 2;
  while (i < words.length && words[i].startsWith('-')) i += /^-(tags|ldflags|gcflags|exec|mod|C|o|p|overlay|pgo)$/.test(words[i]) ? 2 : 1;
  const pkg = words[i];
  if (pkg === undefined || pkg.includes('@') || pkg.includes('$')) return undefined;
  // Without the sources copied in, they come from a volume at run time: a development container.
  if (!chainOf(final).some((s) => s.copies.some((c) => c.fromContext))) return undefined;
  // Underline `go run` as written; fall back to the keyword when the words cannot be found.
  const instr = launcher.line.instr;
  const text = model.text.slice(instr.start, instr.end);
  const goAt = text.indexOf(launcher.program, instr.scan.argsStart - instr.start);
  const runAt = goAt < 0 ? -1 : text.indexOf('run', goAt + launcher.program.length);
  if (goAt < 0 || runAt < 0) return { pkg, start: instr.start, end: instr.scan.keywordEnd };
  return { pkg, start: instr.start + goAt, end: instr.start + runAt + 3 };
}

/**
 * "Convert to multi-stage build": the stage becomes the build stage, and a distroless final
 * stage gets the binary (at the same path, so ENTRYPOINT keeps working) and the runtime
 * settings. Returns undefined when the binary or its launch cannot be determined safely.
 */
function convertToMultiStage(model: DockerfileModel, final: Stage, builds: GoCommand[]): FixProposal | undefined {
  if (final.baseStage || !final.imageToken) return undefined;
  const launcher = final.entrypoint ?? final.cmd;
  if (!launcher || launcher.instr.stage !== final) return undefined;
  const binary = locateBinary(final, launcher, builds);
  if (!binary) return undefined;
  const cgoOn = builds.some((b) => b.subcommand !== 'run' && cgoState(b).kind === 'enabled');
  if (cgoOn && final.traits.libc !== 'glibc') return undefined;
  const { index } = model;
  const edits: TextEdit[] = [];
  const stageName = final.name ?? ['build', 'builder', 'go-build'].find((n) => !model.stages.some((s) => s.name === n))!;
  if (!final.name) edits.push(insertAt(index, final.imageToken.end, ` AS ${stageName}`));
  // The binary must not need the builder's libc any more.
  for (const b of builds) {
    if (b.subcommand === 'run' || cgoState(b).kind !== 'unset' || hasCCompiler(final) !== true) continue;
    for (const edit of disableCgoFix(model, b, '').edits) edits.push(edit);
  }
  const lines: string[] = ['', `FROM ${cgoOn ? GLIBC_FINAL : STATIC_FINAL}`];
  const moved = new Set(['LABEL', 'EXPOSE', 'STOPSIGNAL', 'VOLUME', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD']);
  const verbatim = (instr: Instr) => model.text.slice(instr.start, instr.end).replace(/^\s+/, '');
  // The working directory matters only when the program is launched by a relative path.
  const program = (launcher.execForm ? launcher.words : splitWords(launcher.shellText ?? ''))[0] ?? '';
  const relativeLaunch = program.includes('/') && !program.startsWith('/');
  if (relativeLaunch && final.workdirAtEnd && final.workdirAtEnd !== '/') lines.push(`WORKDIR ${final.workdirAtEnd}`);
  for (const instr of final.instructions) {
    if (instr.keyword === 'ENV') {
      const kept = runtimeEnv(instr);
      if (kept.length > 0) lines.push(`ENV ${kept.join(' ')}`);
    } else if (instr.keyword === 'LABEL' || instr.keyword === 'EXPOSE' || instr.keyword === 'STOPSIGNAL' || instr.keyword === 'VOLUME') {
      lines.push(verbatim(instr));
    }
  }
  lines.push(`COPY --from=${stageName} ${binary.source} ${binary.target}`);
  for (const instr of final.instructions) {
    // Distroless has no shell: only exec-form checks survive.
    if (instr.keyword === 'HEALTHCHECK' && survivesWithoutShell(instr)) lines.push(verbatim(instr));
  }
  for (const which of ['ENTRYPOINT', 'CMD'] as const) {
    const line = which === 'ENTRYPOINT' ? final.entrypoint : final.cmd;
    if (!line || line.instr.stage !== final) continue;
    // Distroless has no shell: shell form becomes exec form, when it uses no shell syntax.
    if (!line.execForm && hasShellSyntax(line.shellText ?? '')) return undefined;
    const words = line.execForm ? line.words : splitWords(line.shellText ?? '');
    lines.push(`${which} [${words.map((w) => JSON.stringify(w)).join(', ')}]`);
  }
  for (const instr of final.instructions) if (moved.has(instr.keyword)) edits.push(deleteInstruction(index, instr));
  edits.push(appendLines(index, lines));
  return { title: 'Convert to multi-stage build', edits };
}

/**
 * HEALTHCHECK NONE, or an exec-form check (`[--flags] CMD ["…"]`), which needs no shell. Read from
 * the scanned arguments (flags already set apart): a regular expression over the whole text
 * (^HEALTHCHECK\s+(NONE|.*\bCMD\s*\[)) backtracked quadratically on long blanks.
 */
export function survivesWithoutShell(instr: Instr): boolean {
  const args = instr.scan.args;
  let i = 0;
  while (i < args.length && (args[i] === ' ' || args[i] === '\t')) i++;
  const word = args.slice(i, i + 4).toUpperCase();
  if (word === 'NONE') return instr.scan.flags.length === 0;
  if (word.slice(0, 3) !== 'CMD') return false;
  i += 3;
  while (i < args.length && /\s/.test(args[i])) i++;
  return args[i] === '[';
}

/** Whether the stage copies or creates files after its last build (config, templates the program reads). */
function producesRuntimeFiles(final: Stage, builds: GoCommand[]): boolean {
  const lastBuild = builds.filter((b) => b.run.instr.stage === final).at(-1);
  if (!lastBuild) return true;
  return final.instructions.some((i) => i.start > lastBuild.run.instr.end && (i.keyword === 'COPY' || i.keyword === 'ADD' || i.keyword === 'RUN'));
}

function runtimeEnv(instr: Instr): string[] {
  return properties(instr)
    .filter(([name, value]) => !BUILD_ONLY_VARS.test(name) && !(value ?? '').includes('$'))
    .map(([name, raw]) => {
      const value = raw ?? '';
      return `${name}=${/^[\w./:@,+-]*$/.test(value) ? value : JSON.stringify(value)}`;
    });
}

/**
 * Where the program is and where it goes. The launch command names it: an absolute or
 * relative path is copied to the same absolute path; a bare name must match a build output and
 * lands in /usr/local/bin (on distroless's PATH).
 */
function locateBinary(final: Stage, launcher: CommandLine, builds: GoCommand[]): { source: string; target: string } | undefined {
  const words = launcher.execForm ? launcher.words : splitWords(launcher.shellText ?? '');
  const program = words[0];
  if (!program || /\.(sh|bash|py|rb|js)$/.test(program) || /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|tini|dumb-init|su-exec|gosu|env)$/.test(program)) return undefined;
  const workdir = final.workdirAtEnd ?? '/';
  if (program.includes('/')) {
    if (program.includes('$')) return undefined;
    const path = resolvePath(workdir, program);
    return { source: path, target: path };
  }
  for (const output of builds.flatMap(outputPaths)) {
    if (output.slice(output.lastIndexOf('/') + 1) === program) return { source: output, target: `/usr/local/bin/${program}` };
  }
  return undefined;
}

