// What the shipped image holds and how it runs: which stage is the image people run, its user, and
// whether it carries CA certificates, zone data, a passwd file or a shell (from its base image, a
// package install, or a COPY). The image-hygiene rules ask these questions; they stay quiet where
// the answer is unknown.
import type { ImageName } from './images.ts';
import { Env, argWords, expand, properties, resolvePath } from './model/index.ts';
import type { CommandLine, CopyInfo, DockerfileModel, GoCommand, Instr, RunInfo, Stage } from './model/index.ts';
import type { GoFacts } from './types.ts';
import { foldLineage, lineage, rootStage, runtimeOf } from './stage-graph.ts';
import { hasGo, targetOs } from './go-commands.ts';

/**
 * Names of a last stage that is for development or CI, built with `--target`: not what ships.
 * (A file whose last stage is `test` does not say which earlier stage ships.)
 */
const DEVELOPMENT_STAGE = /^(dev|devel|develop|development|debug|debugger|test|tests|testing|unit-?tests?|integration(-?tests?)?|e2e|ci|lint|linter|golangci(-lint)?|vet|check|checks|tools?|toolchain|local|live|hot-?reload|watch)$/;

/** The stage's own name says it is for development or CI. */
export function isDevelopmentStage(stage: Stage): boolean {
  return stage.name !== undefined && DEVELOPMENT_STAGE.test(stage.name);
}

/**
 * The stage the image-hygiene rules judge: the last stage, unless it is a development/CI stage of a
 * multi-stage file (then the image that ships is picked by `--target`, and nothing is judged).
 */
export function shippedStage(model: DockerfileModel): Stage | undefined {
  const final = model.final;
  if (!final) return undefined;
  if (model.stages.length > 1 && isDevelopmentStage(final)) return undefined;
  return final;
}

/** The command the image starts with: ENTRYPOINT (plus CMD), or CMD alone, inherited through FROM <stage>. */
export function startCommand(stage: Stage): CommandLine | undefined {
  return stage.entrypoint ?? stage.cmd;
}

/**
 * Whether the image is meant to run as a container. A scratch image without ENTRYPOINT or CMD only
 * carries files: it is exported with `--output`, or copied from by other builds.
 */
export function runsAsContainer(stage: Stage): boolean {
  if (startCommand(stage)) return true;
  return rootImageName(stage)?.repository !== 'scratch';
}

/** The image the stage finally rests on (through FROM <stage>), parsed; undefined when unknown. */
export function rootImageName(stage: Stage): ImageName | undefined {
  return rootStage(stage).image;
}

/**
 * The project's Go builds whose binary ships (in the final image, or copied into it), for Linux.
 * Left out: tools installed from elsewhere (`go install pkg@version`, `go install tool`, foreign import paths), binaries
 * that end up in a Go toolchain image (a development image, or single-stage's finding), and
 * Windows images.
 */
export function shippedGoBuilds(model: DockerfileModel, goFacts?: GoFacts): Array<{ stage: Stage; cmd: GoCommand; runtime: Stage }> {
  const out: Array<{ stage: Stage; cmd: GoCommand; runtime: Stage }> = [];
  const final = shippedStage(model);
  if (!final || hasGo(final) || isWindowsImage(rootImageName(final))) return out;
  for (const stage of model.stages) {
    if (!model.shipped.has(stage)) continue;
    for (const run of stage.runs) {
      for (const cmd of run.goCommands) {
        if (!compilesProgram(cmd) || installsTool(cmd, goFacts?.modulePath) || targetOs(cmd) !== 'linux') continue;
        const runtime = runtimeOf(model, stage, cmd);
        if (runtime) out.push({ stage, cmd, runtime: runtime.final });
      }
    }
  }
  return out;
}

/**
 * `go install` of packages that are not the project's own: `pkg@version`, `go install tool`, or
 * import paths outside the module (a tool from go.mod's requirements, or dependencies pre-built to
 * warm the cache, which produce no binary at all). Without the module path, any full import path
 * counts as foreign.
 */
export function installsTool(cmd: GoCommand, modulePath?: string): boolean {
  if (cmd.subcommand !== 'install' || cmd.packages.length === 0) return false;
  const own = (p: string) => p.startsWith('.') || p.startsWith('/') || (modulePath !== undefined && modulePath !== '' && (p === modulePath || p.startsWith(`${modulePath}/`)));
  return cmd.packages.every((p) => p.includes('@') || p === 'tool' || !own(p));
}

/** Windows base images: their builds target Windows, not Linux. */
export function isWindowsImage(image: ImageName | undefined): boolean {
  if (!image) return false;
  return /(^|\/)windows(\/|$)|nanoserver|servercore/.test(image.repository) || /windowsservercore|nanoserver|ltsc\d/.test(image.tag ?? '');
}

/** `go build`/`go install` that writes a program (not `go build ./...`, which only checks, nor -o /dev/null). */
export function compilesProgram(cmd: GoCommand): boolean {
  if (cmd.subcommand !== 'build' && cmd.subcommand !== 'install') return false;
  const o = cmd.flags.get('o');
  if (o === '/dev/null' || o === 'NUL') return false;
  if (cmd.subcommand === 'build' && o === undefined && cmd.packages.some((p) => p.includes('...'))) return false;
  const mode = cmd.flags.get('buildmode');
  return mode === undefined || mode === 'exe' || mode === 'pie' || mode === 'default';
}

/**
 * A debug build for a debugger (`-gcflags=all=-N -l`), or one that may be (gcflags from a build
 * argument, as skaffold's SKAFFOLD_GO_GCFLAGS), or a race/coverage build: not the lean release binary.
 */
export function isDebugBuild(cmd: GoCommand): boolean {
  const raw = cmd.flags.get('gcflags');
  if (typeof raw === 'string' && raw.includes('$') && expand(raw, cmd.env) === undefined) return true;
  const gcflags = String(raw ?? '');
  return /(^|[\s='"])-N(\s|$|['"])/.test(gcflags) || /(^|[\s='"])-l(\s|$|['"])/.test(gcflags) || cmd.flags.has('race') || cmd.flags.has('cover');
}

// ---- what the base image brings ---------------------------------------------------------------------

export interface BaseContents {
  /** A CA bundle at /etc/ssl/certs. */
  caCertificates?: boolean;
  /** /usr/share/zoneinfo. */
  zoneinfo?: boolean;
  /** /etc/passwd, and the user names it knows (undefined: any usual name). */
  passwd?: boolean;
  users?: readonly string[];
  /** The user the image runs as when no USER is set. */
  defaultUser?: 'root' | 'nonroot';
  /** Distroless-style image whose `:nonroot` tag flavour exists. */
  distroless?: boolean;
}

const DISTROLESS_USERS = ['root', 'nonroot', 'nobody'];

/** What a known base image contains. Unknown images give `{}`: every question unanswered. */
export function baseContents(image: ImageName | undefined): BaseContents {
  if (!image) return {};
  const repo = image.repository;
  const tag = (image.tag ?? 'latest').toLowerCase();
  const official = image.registry === '' || image.registry === 'mirror.gcr.io' || image.registry === 'public.ecr.aws';
  const name = official ? repo.replace(/^(docker\/library\/|library\/)/, '') : undefined;
  if (repo === 'scratch' && image.registry === '') {
    return { caCertificates: false, zoneinfo: false, passwd: false, users: [], defaultUser: 'root' };
  }
  if (repo.startsWith('distroless/') || repo.includes('/distroless/')) {
    // gcr.io/distroless/{static,base,cc,…}: CA bundle, zoneinfo and a passwd with root, nonroot, nobody.
    return { caCertificates: true, zoneinfo: true, passwd: true, users: DISTROLESS_USERS, defaultUser: tag.includes('nonroot') ? 'nonroot' : 'root', distroless: true };
  }
  if (image.registry === 'cgr.dev' || repo.startsWith('chainguard/')) {
    // Chainguard images run as nonroot (65532) unless a -dev variant switches back; their files vary by image.
    return { caCertificates: true, passwd: true, defaultUser: tag.includes('dev') ? undefined : 'nonroot' };
  }
  if (name === 'alpine') return { caCertificates: true, zoneinfo: false, passwd: true, defaultUser: 'root' };
  if (name === 'busybox') return { caCertificates: false, zoneinfo: false, passwd: true, defaultUser: 'root' };
  if (name === 'debian') {
    // Debian through bookworm has tzdata in the base image; trixie dropped it. No ca-certificates.
    const zoneinfo = /trixie|forky|sid|unstable|testing|^13|^14/.test(tag) ? undefined : true;
    return { caCertificates: false, zoneinfo, passwd: true, defaultUser: 'root' };
  }
  if (name === 'ubuntu') return { caCertificates: false, zoneinfo: false, passwd: true, defaultUser: 'root' };
  // Go falls back to $GOROOT/lib/time/zoneinfo.zip, which the toolchain images carry.
  if (name === 'golang') return { caCertificates: true, zoneinfo: true, passwd: true, defaultUser: 'root' };
  return {};
}

// ---- what the stage adds ----------------------------------------------------------------------------

/** The COPY and ADD instructions of the stage and its FROM <stage> ancestors, in build order. */
export function copiesInto(stage: Stage): CopyInfo[] {
  return lineage(stage)
    .reverse()
    .flatMap((s) => s.copies);
}

/**
 * Whether a COPY/ADD brings something in: a source or destination path that names it, or a whole
 * directory tree above it taken from another stage or image (`COPY --from=build /etc /etc`).
 * Deliberately generous: a copy that might bring it keeps the rules quiet.
 */
function copyBrings(copy: CopyInfo, names: RegExp, parents: readonly string[]): boolean {
  // Tested in place: no array of the paths per copy and per name pattern.
  for (const s of copy.sources) if (names.test(s.value)) return true;
  if (names.test(copy.dest?.value ?? '')) return true;
  return copy.from !== undefined && copy.sources.some((s) => parents.includes(resolvePath('/', s.value)));
}

const CA_NAMES = /ca-certificates|ca-bundle|cacert|(^|\/)etc\/(ssl|pki)(\/|$)|\.(crt|pem)$/;
const ZONEINFO_NAMES = /zoneinfo/;
const PASSWD_NAMES = /(^|\/)(passwd|group)$/;
const SHELL_NAMES = /(^|\/)(sh|bash|ash|dash|busybox)$|^\/(usr\/)?bin\/?$/;
// The folders whose copy from another image brings each along (made once, not per copy tested).
const CA_PARENTS = ['/', '/etc', '/etc/ssl'];
const CA_PACKAGES = ['ca-certificates', 'ca-certificates-bundle'];
const ZONEINFO_PACKAGES = ['tzdata'];
const ZONEINFO_PARENTS = ['/', '/usr', '/usr/share'];
const PASSWD_PARENTS = ['/', '/etc'];
const SHELL_PARENTS = ['/', '/bin', '/usr', '/usr/bin'];

/** Whether a RUN of `runs` installs a package of `names` (no set of all their packages per stage). */
function installsAny(runs: readonly RunInfo[], names: readonly string[]): boolean {
  return runs.some((r) => r.installs.some((p) => names.includes(p)));
}

export interface ImageFacts {
  stage: Stage;
  base: BaseContents;
  /** A CA bundle was copied in or installed. */
  addsCaCertificates: boolean;
  /** Zone data was copied in or installed. */
  addsZoneinfo: boolean;
  /** /etc/passwd was copied in or users were created (adduser/useradd). */
  addsPasswd: boolean;
  /** A shell was copied in (busybox, sh) or SHELL names one. */
  addsShell: boolean;
}

const imageFactsByStage = new WeakMap<Stage, ImageFacts>();

/** What the stage's image holds (memoised per stage: rules ask for the same stages). */
export function imageFacts(stage: Stage): ImageFacts {
  let facts = imageFactsByStage.get(stage);
  if (!facts) imageFactsByStage.set(stage, (facts = computeImageFacts(stage)));
  return facts;
}

function computeImageFacts(stage: Stage): ImageFacts {
  const copies = copiesInto(stage);
  const chain = lineage(stage).reverse();
  const runs = chain.flatMap((s) => s.runs);
  const createsUsers = runs.some((r) => /\b(adduser|useradd|addgroup|groupadd)\b|\/etc\/passwd/.test(r.instr.scan.args));
  return {
    stage,
    base: baseContents(rootImageName(stage)),
    addsCaCertificates: installsAny(runs, CA_PACKAGES) || copies.some((c) => copyBrings(c, CA_NAMES, CA_PARENTS)),
    addsZoneinfo: installsAny(runs, ZONEINFO_PACKAGES) || copies.some((c) => copyBrings(c, ZONEINFO_NAMES, ZONEINFO_PARENTS)),
    addsPasswd: createsUsers || copies.some((c) => copyBrings(c, PASSWD_NAMES, PASSWD_PARENTS)),
    addsShell: chain.some((s) => s.instructions.some((i) => i.keyword === 'SHELL')) || copies.some((c) => copyBrings(c, SHELL_NAMES, SHELL_PARENTS)),
  };
}

// ---- USER -------------------------------------------------------------------------------------------

export interface EffectiveUser {
  /** The USER instruction in effect, if any. */
  instr?: Instr;
  /** Its `user[:group]` after expansion; undefined when it depends on a build argument. */
  value?: string;
}

/** The USER instruction in effect at the end of a stage: its own last one, else its base stage's. */
interface UserSource {
  instr: Instr;
  stage: Stage;
}

const lastUser = (stage: Stage, parent: UserSource | null | undefined): UserSource | null => {
  for (let i = stage.instructions.length - 1; i >= 0; i--) if (stage.instructions[i].keyword === 'USER') return { instr: stage.instructions[i], stage };
  return parent ?? null;
};

const usersByInstr = new WeakMap<Instr, EffectiveUser>();

/**
 * The last USER of the stage and its FROM <stage> ancestors. Found and evaluated once per USER
 * instruction (foldLineage), so asking for every build's stage (build-cache-mounts wants HOME)
 * stays linear however long the FROM chain.
 */
export function effectiveUser(model: DockerfileModel, stage: Stage): EffectiveUser {
  const source = foldLineage(stage, lastUser);
  if (!source) return {};
  let user = usersByInstr.get(source.instr);
  if (!user) {
    const raw = argWords(source.instr).map((w) => w.value).join(' ');
    user = { instr: source.instr, value: expand(raw, userScope(model, source.stage, source.instr)) };
    usersByInstr.set(source.instr, user);
  }
  return user;
}

type ScopeStep = (stage: Stage, parent: Env | undefined) => Env;
const scopeSteps = new WeakMap<DockerfileModel, ScopeStep>();

/** ENV and ARG values as written (unexpanded), an ARG without default taking the global one. */
function addScope(model: DockerfileModel, env: Env, instr: Instr): Env {
  if (instr.keyword !== 'ENV' && instr.keyword !== 'ARG') return env;
  for (const [name, value] of properties(instr)) {
    if (value !== null) env = env.set(name, { value, origin: 'ENV' });
    else if (instr.keyword === 'ARG') env = env.set(name, { value: model.globalArgs.get(name)?.value, origin: 'ENV' });
  }
  return env;
}

/** Variables visible at a USER instruction: ENV and ARG of its stage and ancestors up to there. */
function userScope(model: DockerfileModel, stage: Stage, at: Instr): Env {
  // The model keeps ENV snapshots per RUN only; for USER, the ancestors' ENV/ARG are folded once
  // per stage, and the stage's own are read up to `at`.
  let step = scopeSteps.get(model);
  if (!step) {
    step = (s, parent) => s.instructions.reduce((env, instr) => addScope(model, env, instr), parent ?? Env.empty);
    scopeSteps.set(model, step);
  }
  const base = stage.baseStage && stage.baseStage.index < stage.index ? stage.baseStage : undefined;
  let env = base ? foldLineage(base, step) : Env.empty;
  for (const instr of stage.instructions) {
    if (instr.start >= at.start) break;
    env = addScope(model, env, instr);
  }
  return env;
}

/** Whether `user[:group]` names root (uid 0, or the name root). */
export function isRootUser(value: string): boolean {
  const user = value.split(':')[0].trim();
  return user === '0' || user === 'root';
}

/** The non-numeric names in `user[:group]`. */
export function userNames(value: string): string[] {
  return value
    .split(':')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !/^\d+$/.test(p));
}
