// The recommended multi-stage Dockerfile for a Go module. Pure: workspace facts + options → text.
// What each program needs (cgo, CA certificates, zoneinfo, ports) comes from its own per-program
// facts; how it is built (version stamping, tags, CGO_ENABLED) from the project's build settings.

import type { ProgramFacts, ProgramQuery } from '../engine/types.ts';
import type { GoWorkspace, MainPackage } from '../go/workspace.ts';
import { binaryNameFor } from '../go/workspace.ts';
import { compareGoVersions, isGoReleaseVersion } from '../go/gomod.ts';
import { hasPathPrefix } from '../go/known-modules.ts';
import { workspaceModuleOf } from '../go/go-work.ts';
import { carryOver, type BuildArg, type CarriedBuild } from './build-flags.ts';
import { generateDockerignore } from './dockerignore.ts';

export type FinalImage = 'distroless' | 'scratch' | 'alpine';
export const FINAL_IMAGES: readonly FinalImage[] = ['distroless', 'scratch', 'alpine'];

/** One program per image (the default); every program in one image; or one `--target` per program. */
export type ScaffoldLayout = 'single' | 'all-in-one' | 'per-target';
export const SCAFFOLD_LAYOUTS: readonly ScaffoldLayout[] = ['single', 'all-in-one', 'per-target'];

export interface ScaffoldOptions {
  /** A MainPackage.dir: '.' or './cmd/server'. With several programs, the one the image runs by default. */
  mainPackage: string;
  finalImage?: FinalImage;
  /** Overrides the project's and the facts' cgo answer for every program. */
  cgo?: boolean;
  layout?: ScaffoldLayout;
  /** The programs of an all-in-one or per-target layout (default: mainPackage alone). */
  mainPackages?: string[];
  /** The Dockerfile's file name: anything but `Dockerfile` is passed with -f in the header's command. */
  dockerfileName?: string;
  /**
   * go.work-relative folders of the workspace modules the programs need (from neededWorkModules).
   * Without it, the direct needs are derived from the facts alone.
   */
  workspaceModules?: string[];
}

export interface Scaffold {
  dockerfile: string;
  dockerignore: string;
  /** `.dockerignore`, or `<Dockerfile name>.dockerignore` beside the Dockerfile when the context is the go.work folder. */
  dockerignoreName: string;
  /** The build context relative to the module folder: '.' or, for a go.work build, '..' and so on. */
  contextDir: string;
}

/** golang:1-bookworm: the newest Go 1.x, for a go.mod without a usable `go` line (Go then assumes 1.16). */
const FALLBACK_GO_VERSION = '1';
const ALPINE_IMAGE = 'alpine:3.20';
const DISTROLESS_STATIC = 'gcr.io/distroless/static-debian12:nonroot';
const DISTROLESS_CC = 'gcr.io/distroless/cc-debian12:nonroot';
const BINARY_DIR = '/usr/local/bin';
const CONTINUATION = ' \\\n    ';
/** A go build line longer than this is broken before -ldflags and -o. */
const BUILD_LINE_WIDTH = 88;
const COMMENT_WIDTH = 100;

/**
 * The oldest Go with golang:<version>-bookworm images. A module that asks for less builds with it:
 * the go line is a minimum, and newer Go builds older modules by their go line's rules.
 */
export const OLDEST_BOOKWORM_GO = '1.20';

/** The Go version for the builder tag: the newest of the go and toolchain lines given, as written. */
export function builderGoVersion(ws: Pick<GoWorkspace, 'goVersion' | 'toolchainVersion'>, ...more: Array<string | undefined>): string {
  const candidates = [ws.goVersion, ws.toolchainVersion, ...more].filter((v): v is string => v !== undefined && isGoReleaseVersion(v));
  if (candidates.length === 0) return FALLBACK_GO_VERSION;
  const newest = candidates.reduce((best, v) => (compareGoVersions(v, best) > 0 ? v : best));
  return compareGoVersions(newest, OLDEST_BOOKWORM_GO) < 0 ? OLDEST_BOOKWORM_GO : newest;
}

/** '.', 'cmd/server', './cmd/server/' → '.', './cmd/server'. Throws for paths that cannot be a package inside the module. */
export function normalizePackageDir(dir: string): string {
  const trimmed = dir.trim().replace(/\\/g, '/').replace(/\/+$/, '').replace(/^\.\//, '');
  if (trimmed === '' || trimmed === '.') return '.';
  const parts = trimmed.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..') || trimmed.startsWith('/')) {
    throw new Error(`Main package "${dir}" is outside the module`);
  }
  if (parts.some((p) => !/^[\w.+@~-]+$/.test(p))) {
    throw new Error(`Main package "${dir}" has characters that do not belong in a Go package path`);
  }
  return './' + parts.join('/');
}

/** A binary name safe in paths, JSON exec form and shell words. */
function safeBinaryName(name: string): string {
  const cleaned = name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+/, '');
  return cleaned || 'app';
}

/** A repository name docker accepts: lowercase alphanumerics separated by single . _ or -. */
function imageName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/[._-]{2,}/g, '-').replace(/^[._-]+|[._-]+$/g, '');
  return cleaned || 'app';
}

/** A stage name BuildKit accepts: lowercase letters, digits, `-`, `_`, `.`, starting with a letter. */
function stageName(name: string): string {
  const cleaned = imageName(name);
  return /^[a-z]/.test(cleaned) ? cleaned : `app-${cleaned}`;
}

function findMain(ws: GoWorkspace, dir: string): MainPackage | undefined {
  return ws.mainPackages.find((m) => {
    try {
      return normalizePackageDir(m.dir) === dir;
    } catch {
      return false;
    }
  });
}

function lines(...parts: (string | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string').map((p) => p + '\n').join('');
}

/** Everything the Dockerfile needs to know about one program. */
interface ProgramPlan {
  dir: string;
  binary: string;
  cgo: boolean;
  carried: CarriedBuild;
  tags: string[];
  ports: number[];
  /** It may open TLS connections and brings no root certificates of its own. */
  needsCACerts: boolean;
  /** It loads time zones by name and embeds no zone database. */
  needsZoneinfo: boolean;
}

/** The final images without /usr/share/zoneinfo. */
const WITHOUT_ZONEINFO = new Set<FinalImage>(['scratch', 'alpine']);

function programFacts(ws: GoWorkspace, dir: string, tags: string[], cgo: boolean): ProgramFacts | undefined {
  const query: ProgramQuery = { pkg: dir, dir: '.', tags, cgo };
  return ws.program?.(query);
}

/** Whether a program needs cgo: a CGO_ENABLED=0 build of it lacks cgo files, or it imports a known cgo module. */
function programNeedsCgo(ws: GoWorkspace, dir: string, main: MainPackage | undefined, tags: string[]): boolean {
  if (ws.cgoOutsideCode !== undefined) return true;
  if (ws.program) {
    // What a CGO_ENABLED=0 build compiles: a cgo file without a pure-Go fallback beside it, or a
    // known cgo module imported where cgo being off does not swap it out (//go:build cgo files).
    const withoutCgo = programFacts(ws, dir, tags, false);
    if (withoutCgo) return withoutCgo.cgoFiles.length > 0 || withoutCgo.cgoModules.length > 0;
    // A main package made of cgo files only.
    if (programFacts(ws, dir, tags, true)) return true;
  }
  // No per-program facts (a package the index does not know): the module's answer.
  return main?.needsCgo ?? ws.needsCgo ?? false;
}

function planProgram(ws: GoWorkspace, dir: string, options: ScaffoldOptions, final: FinalImage | undefined, forceCgo: boolean | undefined): ProgramPlan {
  const main = findMain(ws, dir);
  const build = ws.projectBuilds?.find((b) => b.main === dir);
  const projectTags = carryOver(build, false).tags;
  const cgo = forceCgo ?? options.cgo ?? build?.cgo ?? programNeedsCgo(ws, dir, main, projectTags);
  const carried = carryOver(build, cgo);
  const tags = [...carried.tags];
  const facts = programFacts(ws, dir, tags, cgo);
  const effectiveFinal: FinalImage = cgo ? 'distroless' : final ?? 'distroless';
  const loadsZones = facts ? facts.loadsTimezones === 'yes' && !facts.embedsTzdata : ws.usesTimezones;
  // scratch and alpine ship no zone database: embed Go's (time/tzdata) with a build tag.
  const needsZoneinfo = loadsZones && WITHOUT_ZONEINFO.has(effectiveFinal);
  if (needsZoneinfo && !tags.includes('timetzdata')) tags.push('timetzdata');
  const binary = safeBinaryName(carried.binary ?? main?.binaryName ?? binaryNameFor(dir === '.' ? '.' : dir.slice(2), ws.modulePath, ws.moduleDir));
  return {
    dir,
    binary,
    cgo,
    carried,
    tags,
    ports: facts?.ports ?? main?.ports ?? ws.ports,
    // Unknown (code we cannot see) counts as yes: a missing bundle fails at run time.
    needsCACerts: facts ? facts.usesTLS !== 'no' && !facts.embedsRootCAs : true,
    needsZoneinfo,
  };
}

/** The go.work part of a build, when the programs need other modules of the workspace. */
interface WorkspaceBuild {
  /** From the module folder up to the go.work folder: '..', '../..'. */
  up: string;
  /** The module folder relative to the go.work folder. */
  moduleDir: string;
  hasWorkSum: boolean;
  /** Every module go.work uses: its go.mod (and go.sum) is bound for the download and copied for the build. */
  modules: Array<{ dir: string; hasGoSum: boolean; needed: boolean }>;
  goVersions: Array<string | undefined>;
}

/** Workspace modules the programs need directly: those their code imports, and those go.mod requires. */
function directWorkModules(ws: GoWorkspace, dirs: string[], cgo: boolean): string[] {
  const work = ws.goWork!;
  const needed = new Set<string>([work.moduleDir]);
  const imports = dirs.flatMap((dir) => programFacts(ws, dir, [], cgo)?.modules ?? []);
  for (const imp of imports) {
    const mod = workspaceModuleOf(imp, work.modules);
    if (mod) needed.add(mod.dir);
  }
  return [...needed];
}

function workspaceBuild(ws: GoWorkspace, plans: ProgramPlan[], options: ScaffoldOptions): WorkspaceBuild | undefined {
  const work = ws.goWork;
  if (!work) return undefined;
  const given = options.workspaceModules ?? directWorkModules(ws, plans.map((p) => p.dir), plans.some((p) => p.cgo));
  const needed = new Set(given);
  // A module go.mod requires from the workspace resolves only through go.work.
  for (const mod of work.modules) {
    if (mod.dir !== work.moduleDir && mod.modulePath !== '' && needed.has(work.moduleDir) && requiresModule(ws, mod.modulePath)) needed.add(mod.dir);
  }
  if (![...needed].some((dir) => dir !== work.moduleDir)) return undefined;
  const depth = work.moduleDir === '.' ? 0 : work.moduleDir.split('/').length;
  return {
    up: depth === 0 ? '.' : Array.from({ length: depth }, () => '..').join('/'),
    moduleDir: work.moduleDir,
    hasWorkSum: work.hasWorkSum,
    modules: work.modules.map((m) => ({ dir: m.dir, hasGoSum: m.hasGoSum, needed: needed.has(m.dir) })),
    goVersions: [work.goVersion, work.toolchainVersion, ...work.modules.filter((m) => needed.has(m.dir)).flatMap((m) => [m.goVersion, m.toolchainVersion])],
  };
}

function requiresModule(ws: GoWorkspace, modulePath: string): boolean {
  return (ws.requires ?? []).some((req) => hasPathPrefix(req, modulePath) || hasPathPrefix(modulePath, req));
}

/** `ARG NAME=value` lines for build-args, one per line. */
function argLines(args: readonly BuildArg[]): string[] {
  return args.map((arg) => `ARG ${arg.name}=${arg.value}`);
}

/** The package argument of go build: from /src, which is the go.work folder in a workspace build. */
function packageArg(work: WorkspaceBuild | undefined, dir: string): string {
  if (!work || work.moduleDir === '.') return dir;
  return dir === '.' ? `./${work.moduleDir}` : `./${work.moduleDir}/${dir.slice(2)}`;
}

/** The build stage up to (and including) the source copy: the module download stays cached until go.mod/go.sum change. */
function buildBase(ws: GoWorkspace, work: WorkspaceBuild | undefined, crossCompile: boolean): string {
  const vendored = !work && ws.vendored === true;
  const from = crossCompile ? 'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build' : 'FROM golang:${GO_VERSION}-bookworm AS build';
  if (work) {
    const binds = ['--mount=type=bind,source=go.work,target=go.work'];
    if (work.hasWorkSum) binds.push('--mount=type=bind,source=go.work.sum,target=go.work.sum');
    for (const mod of work.modules) {
      const prefix = mod.dir === '.' ? '' : `${mod.dir}/`;
      binds.push(`--mount=type=bind,source=${prefix}go.mod,target=${prefix}go.mod`);
      if (mod.hasGoSum) binds.push(`--mount=type=bind,source=${prefix}go.sum,target=${prefix}go.sum`);
    }
    const needed = work.modules.filter((m) => m.needed);
    const others = work.modules.filter((m) => !m.needed);
    const copies = needed.some((m) => m.dir === '.')
      ? ['COPY . .']
      : [
          work.hasWorkSum ? 'COPY go.work go.work.sum ./' : 'COPY go.work ./',
          ...others.map((m) => `COPY ${m.dir}/go.mod ${m.dir}/`),
          ...needed.map((m) => `COPY ${m.dir}/ ${m.dir}/`),
        ];
    return lines(
      from,
      'WORKDIR /src',
      '',
      '# Download modules first: this layer stays cached until go.work or a go.mod or go.sum changes.',
      ['RUN --mount=type=cache,target=/go/pkg/mod', ...binds, 'go mod download'].join(CONTINUATION),
      '',
      others.length > 0 && needed.every((m) => m.dir !== '.')
        ? `# The workspace needs every module's go.mod; the sources come from ${needed.map((m) => m.dir).join(', ')}.`
        : undefined,
      ...copies,
      '',
    );
  }
  return lines(
    from,
    'WORKDIR /src',
    '',
    vendored ? '# Dependencies come from vendor/, so there is nothing to download.' : '# Download modules first: this layer stays cached until go.mod or go.sum changes.',
    !vendored &&
      ['RUN --mount=type=cache,target=/go/pkg/mod', '--mount=type=bind,source=go.mod,target=go.mod', ws.hasGoSum ? '--mount=type=bind,source=go.sum,target=go.sum' : undefined, 'go mod download']
        .filter(Boolean)
        .join(CONTINUATION),
    !vendored && '',
    'COPY . .',
    '',
  );
}

/** Comment lines of at most COMMENT_WIDTH columns (a word longer than that gets a line of its own). */
function commentLines(text: string): string[] {
  const out: string[] = [];
  let line = '#';
  for (const word of text.split(' ')) {
    if (line.length > 1 && line.length + 1 + word.length > COMMENT_WIDTH) {
      out.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  out.push(line);
  return out;
}

/** The comment that says where the build settings came from and what was left out. */
function carriedComment(plan: ProgramPlan): string[] {
  const { carried } = plan;
  if (!carried.source) return [];
  const out = commentLines(`Build settings from ${carried.source}${carried.carried.length > 0 ? `: ${carried.carried.join(', ')}` : ''}.`);
  if (carried.dropped.length > 0) out.push(...commentLines(`Left out: ${carried.dropped.join(', ')}.`));
  return out;
}

/** The RUN that builds one program into /out/<binary>. */
function buildRun(ws: GoWorkspace, plan: ProgramPlan, work: WorkspaceBuild | undefined, crossCompile: boolean): string {
  const vendored = !work && ws.vendored === true;
  const env = plan.cgo ? 'CGO_ENABLED=1' : crossCompile ? 'CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH' : 'CGO_ENABLED=0';
  const flags = [
    '-trimpath',
    vendored ? '-mod=vendor' : undefined,
    ...plan.carried.flags,
    plan.tags.length > 0 ? `-tags ${plan.tags.join(',')}` : undefined,
  ].filter((f): f is string => f !== undefined);
  const ldflags = `-ldflags="${plan.carried.ldflags}"`;
  const output = `-o /out/${plan.binary} ${packageArg(work, plan.dir)}`;
  const oneLine = `go build ${[...flags, ldflags, output].join(' ')}`;
  const goBuild = oneLine.length <= BUILD_LINE_WIDTH ? oneLine : [`go build ${flags.join(' ')}`, ldflags, output].join(CONTINUATION);
  return [
    vendored ? 'RUN --mount=type=cache,target=/root/.cache/go-build' : 'RUN --mount=type=cache,target=/go/pkg/mod',
    vendored ? undefined : '--mount=type=cache,target=/root/.cache/go-build',
    env,
    goBuild,
  ]
    .filter(Boolean)
    .join(CONTINUATION);
}

/** The platform ARGs a build stage declares: TARGETOS/TARGETARCH to cross-compile, plus any the ldflags use. */
function platformArgLine(plans: ProgramPlan[], crossCompile: boolean): string | undefined {
  const names = new Set<string>();
  if (crossCompile && plans.some((p) => !p.cgo)) {
    names.add('TARGETOS');
    names.add('TARGETARCH');
  }
  for (const plan of plans) for (const name of plan.carried.platformArgs) names.add(name);
  return names.size > 0 ? `ARG ${[...names].join(' ')}` : undefined;
}

/** The build-args of several programs, each once. */
function unionArgs(plans: ProgramPlan[]): BuildArg[] {
  const out: BuildArg[] = [];
  for (const plan of plans) for (const arg of plan.carried.args) if (!out.some((a) => a.name === arg.name)) out.push(arg);
  return out;
}

function finalFrom(final: FinalImage, cgo: boolean): string {
  if (cgo) return DISTROLESS_CC;
  return final === 'distroless' ? DISTROLESS_STATIC : final === 'scratch' ? 'scratch' : ALPINE_IMAGE;
}

function userLine(final: FinalImage): string {
  return final === 'distroless' ? 'USER nonroot:nonroot' : final === 'scratch' ? 'USER 65534:65534' : 'USER nobody';
}

/** The final stage (FROM … to ENTRYPOINT) for programs copied from `fromStage`; the first program is the entrypoint. */
function finalStage(plans: ProgramPlan[], final: FinalImage, fromStage: string, name?: string): string {
  const cgo = plans.some((p) => p.cgo);
  const effective: FinalImage = cgo ? 'distroless' : final;
  const ports = [...new Set(plans.flatMap((p) => p.ports))].sort((a, b) => a - b);
  const certs = effective === 'scratch' && plans.some((p) => p.needsCACerts);
  return lines(
    `FROM ${finalFrom(final, cgo)}${name ? ` AS ${name}` : ''}`,
    certs && "# scratch has no CA certificates: bring the builder's bundle for outgoing TLS.",
    certs && `COPY --from=${fromStage} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`,
    ...plans.map((p) => `COPY --from=${fromStage} /out/${p.binary} ${BINARY_DIR}/${p.binary}`),
    userLine(effective),
    ports.length > 0 && `EXPOSE ${ports.join(' ')}`,
    `ENTRYPOINT ${JSON.stringify([`${BINARY_DIR}/${plans[0].binary}`])}`,
  );
}

/** Distinct binary names: a second `server` becomes `server-2`. */
function distinctBinaries(plans: ProgramPlan[]): void {
  const used = new Set<string>();
  for (const plan of plans) {
    let name = plan.binary;
    for (let n = 2; used.has(name); n++) name = `${plan.binary}-${n}`;
    plan.binary = name;
    used.add(name);
  }
}

function headerLines(ws: GoWorkspace, plans: ProgramPlan[], layout: ScaffoldLayout, requestedFinal: FinalImage, work: WorkspaceBuild | undefined, dockerfileName: string): string[] {
  const entry = plans[0];
  const moduleName = ws.modulePath || entry.binary;
  const file = work ? `${work.moduleDir === '.' ? '' : `${work.moduleDir}/`}${dockerfileName}` : dockerfileName;
  const fileFlag = file === 'Dockerfile' ? '' : ` -f ${file}`;
  const platforms = '--platform linux/amd64,linux/arm64';
  const out: string[] = [];
  const build = work ? `Build and tag it there${layout === 'per-target' ? ', one with --target' : ''}` : layout === 'per-target' ? 'Build one with --target' : 'Build and tag it';
  const context = work ? ` It needs other modules of the Go workspace, so the build context is the go.work folder${work.up === '.' ? '' : ` (${work.up})`}.` : '';
  if (layout === 'single') out.push(...commentLines(`Multi-stage build for ${moduleName}${entry.dir === '.' ? '' : ` (${entry.dir})`}.${context} ${build} with:`));
  else if (layout === 'all-in-one') out.push(...commentLines(`Multi-stage build for ${moduleName}: ${plans.map((p) => p.binary).join(', ')} in one image.${context} ${build} with:`));
  else out.push(...commentLines(`Multi-stage build for ${moduleName}: one target per program (${plans.map((p) => stageName(p.binary)).join(', ')}; ${stageName(entry.binary)} is the default).${context} ${build}:`));
  const target = layout === 'per-target' ? ` --target ${stageName(entry.binary)}` : '';
  out.push(`#   docker buildx build ${platforms}${fileFlag}${target} -t ${imageName(layout === 'all-in-one' ? ws.modulePath.split('/').pop() || entry.binary : entry.binary)}:latest .`);
  const args = unionArgs(plans);
  if (args.length > 0) {
    out.push('# Stamp a release by adding build-args (the defaults are for local builds):');
    for (const arg of args) out.push(`#   --build-arg ${arg.name}=${arg.hint}`);
  }
  if (layout === 'all-in-one' && plans.length > 1) {
    out.push(`# The image runs ${entry.binary}; run another program with --entrypoint ${BINARY_DIR}/${plans[1].binary}.`);
  }
  if (plans.some((p) => p.cgo)) {
    out.push('# cgo is on, so each platform compiles natively (under emulation for foreign platforms):');
    out.push('# cross-compiling cgo would need a C cross toolchain.');
    if (requestedFinal !== 'distroless') out.push(`# The binary links against glibc, so it ships in distroless/cc instead of ${requestedFinal}.`);
  }
  if (ws.hasGoWork === true && !work) {
    out.push('# A go.work governs this module, but the build needs no other module of it:');
    out.push('# it resolves dependencies from go.mod alone.');
  }
  return out;
}

/** The Dockerfile, the .dockerignore and where they go, for one program or several. */
export function generateScaffold(ws: GoWorkspace, options: ScaffoldOptions): Scaffold {
  const requestedFinal = options.finalImage ?? 'distroless';
  if (!FINAL_IMAGES.includes(requestedFinal)) {
    // Options arrive over LSP as plain JSON; refuse rather than silently pick another image.
    throw new Error(`Unknown final image "${String(requestedFinal)}": expected ${FINAL_IMAGES.join(', ')}`);
  }
  const layout = options.layout ?? 'single';
  if (!SCAFFOLD_LAYOUTS.includes(layout)) throw new Error(`Unknown layout "${String(layout)}": expected ${SCAFFOLD_LAYOUTS.join(', ')}`);
  const entryDir = normalizePackageDir(options.mainPackage);
  const dirs = [entryDir];
  if (layout !== 'single') for (const dir of options.mainPackages ?? []) if (!dirs.includes(normalizePackageDir(dir))) dirs.push(normalizePackageDir(dir));
  const dockerfileName = options.dockerfileName ?? 'Dockerfile';

  // In one image, one cgo program puts every program on glibc: they share the final stage.
  let plans = dirs.map((dir) => planProgram(ws, dir, options, requestedFinal, undefined));
  if (layout === 'all-in-one' && plans.some((p) => p.cgo)) plans = plans.map((p) => (p.cgo ? p : planProgram(ws, p.dir, options, 'distroless', false)));
  distinctBinaries(plans);
  // One native builder when any program needs cgo; otherwise cross-compile on the build platform.
  const crossCompile = !plans.some((p) => p.cgo);
  const work = workspaceBuild(ws, plans, options);
  const goVersion = builderGoVersion(ws, ...(work?.goVersions ?? []));

  const header = lines('# syntax=docker/dockerfile:1', '', ...headerLines(ws, plans, layout, requestedFinal, work, dockerfileName), '', `ARG GO_VERSION=${goVersion}`, '');
  const base = buildBase(ws, work, crossCompile);
  const platformArgs = platformArgLine(plans, crossCompile);

  let body: string;
  if (layout === 'per-target') {
    // The entry program's stages come last, so a build without --target builds it.
    const ordered = [...plans.slice(1), plans[0]];
    const names = new Set(['build', ...ordered.map((p) => `build-${stageName(p.binary)}`)]);
    body = base + ordered.map((plan) => {
      let imageStage = stageName(plan.binary);
      if (names.has(imageStage)) imageStage = `${imageStage}-image`;
      const buildStage = `build-${stageName(plan.binary)}`;
      return (
        lines(
          `FROM build AS ${buildStage}`,
          platformArgLine([plan], crossCompile),
          ...carriedComment(plan),
          ...argLines(plan.carried.args),
          buildRun(ws, plan, work, crossCompile),
          '',
        ) + finalStage([plan], requestedFinal, buildStage, imageStage)
      );
    }).join('\n');
  } else {
    body =
      base +
      lines(
        crossCompile && !plans.some((p) => p.cgo) ? '# Cross-compile on the build platform for each target platform.' : undefined,
        platformArgs,
        ...plans.flatMap((plan) => (plans.length > 1 ? [] : carriedComment(plan))),
        ...argLines(unionArgs(plans)),
        ...plans.flatMap((plan) => [...(plans.length > 1 ? carriedComment(plan) : []), buildRun(ws, plan, work, crossCompile)]),
        '',
      ) +
      finalStage(plans, requestedFinal, 'build');
  }
  return {
    dockerfile: header + body,
    dockerignore: generateDockerignore(ws),
    dockerignoreName: work ? `${dockerfileName}.dockerignore` : '.dockerignore',
    contextDir: work?.up ?? '.',
  };
}

/** The Dockerfile alone (see generateScaffold). */
export function generateDockerfile(ws: GoWorkspace, options: ScaffoldOptions): string {
  return generateScaffold(ws, options).dockerfile;
}
