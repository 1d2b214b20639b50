// Go-aware hover: what a golang tag, CGO_ENABLED, -ldflags, -trimpath, --platform=$BUILDPLATFORM,
// TARGETARCH or a scratch/distroless final image means, and what this workspace's program needs.
// Answers from the engine's model and the Go facts; it shows beside (or merged with) the general
// Dockerfile hover of dockerfile-language-service.
import type { Hover, MarkupContent, Position } from 'vscode-languageserver';
import { imageFacts, rootImageName, shippedGoBuilds, shippedStage } from '../engine/final-image.ts';
import { cgoState, goVariable, ownBuilds } from '../engine/go-commands.ts';
import { programFactsOf } from '../engine/go-program.ts';
import { argWords, buildModel, instructionAt, properties } from '../engine/model/index.ts';
import type { DockerfileModel, GoCommand, Instr, Stage } from '../engine/model/index.ts';
import { flagOccurrences } from '../engine/rules/rule-go-flags.ts';
import { lineage } from '../engine/stage-graph.ts';
import type { GoFacts, ProgramFacts } from '../engine/types.ts';

const PLATFORM_ARGS = new Set(['TARGETARCH', 'TARGETOS', 'TARGETPLATFORM', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDARCH', 'BUILDOS']);

interface Topic {
  /** Document offsets of the hovered token. */
  start: number;
  end: number;
  markdown: string;
}

/** A rule's docs address, as the platform gives it (a file: link on disk, the extension's address in a browser). */
export type DocsUrl = (ruleId: string) => string | undefined;

/** The Go hover at a position, or null when the token there is not one we explain. */
export function goHover(text: string, position: Position, facts: GoFacts | undefined, docsRoot: DocsUrl = () => undefined): Hover | null {
  const model = buildModel(text);
  const offset = model.index.offsetAt(position);
  const instr = instructionAt(model, offset);
  if (!instr || offset < instr.start) return null;
  const topic = topicAt(model, instr, offset, facts, docsRoot);
  if (!topic) return null;
  return { contents: { kind: 'markdown', value: topic.markdown }, range: model.index.range(topic.start, topic.end) };
}

/** One hover from ours and the general one: ours first, then theirs, under a rule. */
export function mergeHovers(ours: Hover | null, theirs: Hover | null): Hover | null {
  if (!ours) return theirs;
  if (!theirs) return ours;
  const text = (h: Hover) => {
    const c = h.contents;
    if (typeof c === 'string') return c;
    if (Array.isArray(c)) return c.map((m) => (typeof m === 'string' ? m : `\`\`\`${m.language}\n${m.value}\n\`\`\``)).join('\n\n');
    return (c as MarkupContent).value ?? (c as { value: string }).value;
  };
  return { contents: { kind: 'markdown', value: `${text(ours)}\n\n---\n\n${text(theirs)}` }, range: ours.range ?? theirs.range };
}

function topicAt(model: DockerfileModel, instr: Instr, offset: number, facts: GoFacts | undefined, docsRoot: DocsUrl): Topic | undefined {
  const word = identifierAt(model.text, offset);
  if (instr.keyword === 'FROM') return fromTopic(model, instr, offset, facts, docsRoot);
  if (instr.keyword === 'ARG') {
    const argTopic = argDefaultTopic(model, instr, offset, facts);
    if (argTopic) return argTopic;
  }
  if (instr.keyword === 'RUN' && instr.run) {
    for (const cmd of instr.run.goCommands) {
      const flag = flagTopic(model, cmd, offset, facts, docsRoot);
      if (flag) return flag;
    }
  }
  if (!word) return undefined;
  if (word.text === 'CGO_ENABLED') return { ...word, markdown: cgoText(model, instr, facts, docsRoot) };
  if (PLATFORM_ARGS.has(word.text)) return { ...word, markdown: platformArgText(word.text, model, instr, facts) };
  return undefined;
}

// ---- FROM ---------------------------------------------------------------------------------------

function fromTopic(model: DockerfileModel, instr: Instr, offset: number, facts: GoFacts | undefined, docsRoot: DocsUrl): Topic | undefined {
  const stage = instr.stage;
  if (!stage) return undefined;
  const platform = instr.scan.flags.find((f) => f.name === 'platform');
  if (platform && offset >= platform.start && offset <= platform.end && /\$\{?BUILDPLATFORM\b/.test(platform.value ?? '')) {
    return { start: platform.start, end: platform.end, markdown: buildPlatformText(stage, facts) };
  }
  const token = stage.imageToken;
  if (!token || offset < token.start || offset > token.end) return undefined;
  if (stage.traits.isGolang && !stage.baseStage) return { start: token.start, end: token.end, markdown: golangText(stage.imageRef ?? token.value, stage.traits.goVersion, facts) };
  if (stage === shippedStage(model) && isMinimalImage(stage)) {
    return { start: token.start, end: token.end, markdown: finalImageText(model, stage, facts, docsRoot) };
  }
  return undefined;
}

function isMinimalImage(stage: Stage): boolean {
  const image = rootImageName(stage);
  return image !== undefined && (image.repository === 'scratch' || image.repository.includes('distroless/'));
}

/** `ARG GO_VERSION=1.22` whose value feeds a `FROM golang:${GO_VERSION}…`. */
function argDefaultTopic(model: DockerfileModel, instr: Instr, offset: number, facts: GoFacts | undefined): Topic | undefined {
  for (const word of argWords(instr)) {
    if (offset < word.start || offset > word.end) continue;
    const eq = word.value.indexOf('=');
    const name = eq < 0 ? word.value : word.value.slice(0, eq);
    if (PLATFORM_ARGS.has(name)) return { start: word.start, end: word.end, markdown: platformArgText(name, model, instr, facts) };
    if (eq < 0) return undefined;
    const fed = model.stages.find((s) => !s.baseStage && s.traits.isGolang && s.imageToken && referencesVariable(s.imageToken.value, name));
    if (!fed) return undefined;
    const valueStart = word.valueOffsets[eq + 1] ?? word.end;
    return { start: valueStart, end: word.end, markdown: golangText(fed.imageRef ?? fed.imageToken!.value, fed.traits.goVersion, facts, name) };
  }
  return undefined;
}

// ---- RUN flags -----------------------------------------------------------------------------------

function flagTopic(model: DockerfileModel, cmd: GoCommand, offset: number, facts: GoFacts | undefined, docsRoot: DocsUrl): Topic | undefined {
  for (const flag of flagOccurrences(cmd)) {
    const end = flag.valueWord?.end ?? flag.word.end;
    if (offset < flag.word.start || offset > end) continue;
    if (flag.name === 'ldflags') return { start: flag.word.start, end, markdown: ldflagsText(model, cmd, facts, docsRoot) };
    if (flag.name === 'trimpath') return { start: flag.word.start, end, markdown: trimpathText(docsRoot) };
    return undefined;
  }
  return undefined;
}

// ---- texts -----------------------------------------------------------------------------------------

const docsLink = (ruleId: string, docsUrl: DocsUrl): string => {
  const href = docsUrl(ruleId);
  return href === undefined ? `\`${ruleId}\`` : `[${ruleId}](${href})`;
};

/** Go versions as comparable numbers: "1.22" → [1, 22, 0], "1.23rc1" → [1, 23, -1]. */
function versionParts(version: string): number[] | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?((?:rc|beta)\d+)?$/.exec(version.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), m[4] ? -1 : Number(m[3] ?? 0)];
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Whether an image tag's Go (a "1.22" tag is the newest 1.22.x) is at least `required`. */
function imageMeets(imageVersion: string, required: string): boolean | undefined {
  const image = versionParts(imageVersion);
  const need = versionParts(required);
  if (!image || !need) return undefined;
  const patchless = !/^\d+\.\d+\.\d+/.test(imageVersion.replace(/^go/, ''));
  if (patchless) return image[0] !== need[0] ? image[0] > need[0] : image[1] >= need[1];
  return compareVersions(image, need) >= 0;
}

function golangText(imageRef: string, imageVersion: string | undefined, facts: GoFacts | undefined, argName?: string): string {
  const lines = [`**${imageRef}**${argName ? ` (through \`ARG ${argName}\`)` : ''}: the official Go image. It sets \`GOTOOLCHAIN=local\`, so it builds with its own Go and never downloads another toolchain.`];
  if (!facts?.goVersion && !facts?.toolchainVersion) {
    lines.push('', facts ? 'No `go.mod` was found for this Dockerfile.' : 'Open the Dockerfile inside a Go module to compare with its `go.mod`.');
    return lines.join('\n');
  }
  lines.push('', '| go.mod | means | this image |', '| --- | --- | --- |');
  const shown = imageVersion ?? 'unpinned';
  if (facts.goVersion) {
    const meets = imageVersion ? imageMeets(imageVersion, facts.goVersion) : undefined;
    const verdict = meets === true ? '✓ satisfied' : meets === false ? '✗ too old: the build fails' : '? unknown';
    lines.push(`| \`go ${facts.goVersion}\` | required | ${shown} ${verdict} |`);
  }
  if (facts.toolchainVersion) {
    const meets = imageVersion ? imageMeets(imageVersion, facts.toolchainVersion) : undefined;
    const verdict = meets === true ? '✓ satisfied' : meets === false ? '~ older (a preference only; it still builds)' : '? unknown';
    lines.push(`| \`toolchain go${facts.toolchainVersion}\` | preferred | ${shown} ${verdict} |`);
  }
  if (!imageVersion) lines.push('', 'The tag pins no Go version: the build uses whatever the tag points to that day.');
  const image = imageVersion ? versionParts(imageVersion) : undefined;
  if (image && compareVersions(image, [1, 21, 0]) < 0 && facts.goVersion && /^\d+\.\d+\.\d+/.test(facts.goVersion)) {
    lines.push('', `Go before 1.21 rejects a three-part \`go ${facts.goVersion}\` line.`);
  }
  return lines.join('\n');
}

/** The go command that the instruction under the cursor runs, if any. */
function goCommandOf(instr: Instr): GoCommand | undefined {
  return instr.run?.goCommands.find((c) => c.subcommand === 'build' || c.subcommand === 'install');
}

function programOf(model: DockerfileModel, instr: Instr, facts: GoFacts | undefined): ProgramFacts | undefined {
  const cmd = goCommandOf(instr) ?? shippedGoBuilds(model, facts)[0]?.cmd;
  return cmd ? programFactsOf(cmd, facts) : undefined;
}

function cgoText(model: DockerfileModel, instr: Instr, facts: GoFacts | undefined, docsRoot: DocsUrl): string {
  const lines = [
    '**CGO_ENABLED** decides whether Go may call C. Unset, Go turns cgo on when it finds a C compiler (Debian `golang` images have gcc), and then `net` and `os/user` link against the C library: the binary needs glibc at run time and does not start in `scratch` or `distroless/static`. `CGO_ENABLED=0` gives a static binary that runs anywhere.',
  ];
  const cmd = goCommandOf(instr);
  if (cmd) {
    const state = cgoState(cmd).kind;
    lines.push('', `Here: ${state === 'disabled' ? 'off' : state === 'enabled' ? 'on' : state === 'unknown' ? 'set by a build argument' : 'not set (on if the stage has a C compiler)'}.`);
  }
  const program = programOf(model, instr, facts);
  if (facts?.needsCgo) lines.push('', `**This workspace needs cgo** (${facts.cgoReason ?? 'a cgo package'}): keep it on, build on a glibc image and ship \`gcr.io/distroless/cc-debian12\`.`);
  else if (program?.dynamicWithCgo === 'yes') lines.push('', 'This program imports `net` or `os/user`: with cgo on it links dynamically. It needs no cgo, so `CGO_ENABLED=0` is safe.');
  else if (program?.dynamicWithCgo === 'no') lines.push('', 'This program uses nothing that cgo changes: it links statically either way.');
  else if (facts?.needsCgo === false) lines.push('', 'This workspace does not need cgo: `CGO_ENABLED=0` is safe.');
  lines.push('', `Rules: ${docsLink('cgo-not-disabled', docsRoot)}, ${docsLink('alpine-cgo', docsRoot)}.`);
  return lines.join('\n');
}

function ldflagsText(model: DockerfileModel, cmd: GoCommand, facts: GoFacts | undefined, docsRoot: DocsUrl): string {
  const lines = [
    '**-ldflags** passes flags to the Go linker. `-s` drops the symbol table and `-w` the DWARF debug data: typically a quarter to a third off the binary, and stack traces still work. `-X importpath.name=value` sets a string variable at link time, e.g. a version.',
  ];
  const runtime = shippedGoBuilds(model, facts).find((b) => b.cmd === cmd)?.runtime;
  if (runtime) lines.push('', `This binary ships in \`${rootImageRef(runtime)}\`.`);
  const program = programFactsOf(cmd, facts);
  if (program?.binaryName) lines.push('', `It builds \`${program.dir}\` (${program.binaryName}).`);
  lines.push('', `Rule: ${docsLink('strip-symbols', docsRoot)}.`);
  return lines.join('\n');
}

function trimpathText(docsRoot: DocsUrl): string {
  return [
    '**-trimpath** removes the build machine\'s file system paths (`/src/…`, `/go/pkg/mod/…`) from the binary and its stack traces, and records module paths instead: the same sources built in any folder give the same binary.',
    '',
    `Rule: ${docsLink('trimpath', docsRoot)}.`,
  ].join('\n');
}

function buildPlatformText(stage: Stage, facts: GoFacts | undefined): string {
  const lines = [
    '**--platform=$BUILDPLATFORM** runs this stage on the machine that builds, not on the target platform, so a multi-platform build (`docker buildx build --platform linux/amd64,linux/arm64`) compiles natively instead of under QEMU emulation. Go then cross-compiles with `GOOS=$TARGETOS GOARCH=$TARGETARCH`.',
  ];
  const builds = ownBuilds(stage);
  if (builds.length > 0 && !builds.some((c) => goVariable(c, 'GOARCH'))) {
    lines.push('', 'No `GOARCH` is set for the build in this stage: every platform would get a binary for the build machine.');
  }
  if (facts?.needsCgo) lines.push('', `**This workspace needs cgo** (${facts.cgoReason ?? 'a cgo package'}): cross-compiling cgo needs a C cross toolchain for each target; without one, drop \`--platform=$BUILDPLATFORM\` and build under emulation.`);
  else if (facts?.needsCgo === false) lines.push('', 'This workspace is pure Go: it cross-compiles with `CGO_ENABLED=0` and no extra toolchain.');
  lines.push('', '[Docker: multi-platform builds](https://docs.docker.com/build/building/multi-platform/)');
  return lines.join('\n');
}

function platformArgText(name: string, model: DockerfileModel, instr: Instr, facts: GoFacts | undefined): string {
  const meaning: Record<string, string> = {
    TARGETARCH: 'the architecture being built for (`amd64`, `arm64`, …), in Go\'s spelling, so `GOARCH=$TARGETARCH` works as is',
    TARGETOS: 'the OS being built for (`linux`), for `GOOS=$TARGETOS`',
    TARGETPLATFORM: 'the platform being built for, e.g. `linux/arm64`',
    TARGETVARIANT: 'the architecture variant, e.g. `v7` for `linux/arm/v7` (for `GOARM`)',
    BUILDPLATFORM: 'the platform of the machine that builds, e.g. `linux/amd64`',
    BUILDARCH: 'the architecture of the machine that builds',
    BUILDOS: 'the OS of the machine that builds',
  };
  const stage = instr.stage;
  const declared = stage ? lineage(stage).some((s) => s.instructions.some((i) => i.keyword === 'ARG' && properties(i).some(([n]) => n === name))) : instr.keyword === 'ARG';
  const lines = [
    `**${name}** is set by BuildKit for every build: ${meaning[name] ?? 'a platform value'}.`,
    '',
    declared || instr.keyword === 'ARG' || instr.keyword === 'FROM' ? `Inside a stage it is visible only after \`ARG ${name}\`${declared ? ' (declared here)' : ''}.` : `**Not declared in this stage**: without \`ARG ${name}\` it expands to an empty string here.`,
  ];
  if (name === 'TARGETARCH' && facts?.needsCgo) lines.push('', 'This workspace needs cgo: a `GOARCH` other than the builder\'s needs a C cross compiler.');
  else if (name === 'TARGETARCH' && shippedGoBuilds(model, facts).length > 0) lines.push('', 'Pure Go cross-compiles for it with `CGO_ENABLED=0 GOARCH=$TARGETARCH`.');
  lines.push('', '[Docker: automatic platform ARGs](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)');
  return lines.join('\n');
}

function rootImageRef(stage: Stage): string {
  const root = lineage(stage).at(-1)!;
  return root.imageRef ?? root.imageToken?.value ?? 'the image';
}

function finalImageText(model: DockerfileModel, stage: Stage, facts: GoFacts | undefined, docsRoot: DocsUrl): string {
  const image = rootImageName(stage)!;
  const scratch = image.repository === 'scratch';
  const contents = imageFacts(stage);
  const lines = [
    scratch
      ? '**scratch** is an empty image: no shell, no C library, no CA certificates, no zone data, no `/etc/passwd`. Only a static binary runs here; `CMD`/`ENTRYPOINT` need exec form, and `USER` must be numeric.'
      : `**${rootImageRef(stage)}** (distroless): no shell or package manager; CA certificates, zone data and users \`root\`, \`nonroot\` (65532) and \`nobody\` are there. ${image.repository.includes('/static') ? '`static` has no C library: only a static binary (`CGO_ENABLED=0`) runs.' : 'It has glibc for cgo binaries.'}`,
  ];
  const needs: string[] = [];
  const programs = shippedGoBuilds(model, facts)
    .filter((b) => b.runtime === stage)
    .map((b) => programFactsOf(b.cmd, facts))
    .filter((p): p is ProgramFacts => p !== undefined);
  if (programs.some((p) => p.usesTLS === 'yes' && !p.embedsRootCAs)) {
    needs.push(contents.base.caCertificates || contents.addsCaCertificates ? 'uses TLS: CA certificates are here ✓' : 'uses TLS: **needs CA certificates** (copy `/etc/ssl/certs/ca-certificates.crt` from the builder)');
  }
  if (programs.some((p) => p.loadsTimezones === 'yes' && !p.embedsTzdata)) {
    needs.push(contents.base.zoneinfo || contents.addsZoneinfo ? 'loads time zones: zone data is here ✓' : 'loads time zones: **needs zone data** (build with `-tags timetzdata`)');
  }
  if (facts?.needsCgo) needs.push(`needs cgo (${facts.cgoReason ?? 'a cgo package'}): **needs glibc** (\`gcr.io/distroless/cc-debian12\`)`);
  if (needs.length > 0) lines.push('', 'This program:', ...needs.map((n) => `- ${n}`));
  else if (programs.length > 0) lines.push('', 'This program needs nothing more from the image.');
  lines.push('', `Rules: ${docsLink('scratch-shell-form', docsRoot)}, ${docsLink('missing-ca-certificates', docsRoot)}, ${docsLink('root-user', docsRoot)}.`);
  return lines.join('\n');
}

/** Whether `text` expands the variable `name` (`$NAME`, `${NAME}`, `${NAME:-…}`). */
function referencesVariable(text: string, name: string): boolean {
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
    const braced = text[i + 1] === '{';
    const start = i + (braced ? 2 : 1);
    if (text.startsWith(name, start) && !/[A-Za-z0-9_]/.test(text[start + name.length] ?? '')) return true;
  }
  return false;
}

/** The identifier (letters, digits, underscore) around an offset. */
function identifierAt(text: string, offset: number): { text: string; start: number; end: number } | undefined {
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let start = offset;
  while (start > 0 && isWord(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && isWord(text[end])) end++;
  if (start === end) return undefined;
  return { text: text.slice(start, end), start, end };
}
