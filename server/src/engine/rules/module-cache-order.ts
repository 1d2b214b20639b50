import { deleteInstruction, insertLinesBefore } from '../fixer.ts';
import { hasGo } from '../go-commands.ts';
import { foldLineage } from '../stage-graph.ts';
import { resolvePath, trimTrailingSlashes } from '../model/index.ts';
import type { CopyInfo, DockerfileModel, GoCommand, Instr, RunInfo, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { isOutsideModule } from '../types.ts';
import type { FixProposal } from '../types.ts';

/** Go commands that resolve the local module graph, and so download missing modules. */
const RESOLVING = new Set(['build', 'install', 'test', 'vet', 'run', 'generate', 'get']);
/** Extension-less names that are files, not source directories. Go directories are lower-case by convention. */
const FILE_NAMES = /^([A-Z]|gimme$|makefile$|gnumakefile$|dockerfile|containerfile|license|readme|version$|taskfile|justfile|magefile$|\.)/;

/**
 * Docker caches a layer until one of its inputs changes. When the sources are copied before the
 * modules are downloaded, any source edit invalidates the download too.
 */
export default defineRule({
  meta: {
    id: 'module-cache-order',
    description: 'Sources are copied into a Go build stage before go.mod/go.sum are copied and modules downloaded.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      sourcesBeforeModules:
        'The sources are copied before go.mod/go.sum and `go mod download`, so every source change downloads all modules again. Copy go.mod and go.sum and download the modules first.',
      downloadAfterSources:
        'go.mod is copied, but the modules are only downloaded after the sources, so every source change downloads them again. Run `go mod download` before copying the sources.',
    },
  },
  check({ model, goFacts, report }) {
    // No go.sum means no dependencies to download; without go.mod there is no module to download for.
    if (goFacts?.hasGoSum === false || goFacts?.vendored || isOutsideModule(goFacts)) return;
    const reported = new Set<Instr>();
    // One walk for all stages: each stage continues its base stage's (a chain is walked once).
    const walk = walkStageIn(moduleFolder(goFacts?.moduleDirInContext));
    for (const stage of model.stages) {
      const finding = firstSlowCopy(stage, walk);
      if (!finding || reported.has(finding.copy.instr)) continue;
      reported.add(finding.copy.instr);
      report({
        messageId: finding.modCopied ? 'downloadAfterSources' : 'sourcesBeforeModules',
        start: finding.copy.sources[0].start,
        end: finding.copy.sources.at(-1)!.end,
        fix: downloadFirstFix(model, stage, finding),
      });
    }
  },
});

interface SlowCopy {
  copy: CopyInfo;
  /** go.mod had been copied when the sources came in (only the download is missing)… */
  modCopied: boolean;
  /** …to this directory, when known. */
  modDir?: string;
  /** A plain `RUN go mod download` after the sources, which the fix moves up. */
  lateDownload?: Instr;
}

/** Where the walk of a stage's build stands at its end (or what it found, which ends it). */
interface CacheWalk {
  modCopied: boolean;
  modDir?: string;
  downloaded: boolean;
  vendored: boolean;
  firstSource?: SlowCopy;
  broadBeforeDownload?: SlowCopy;
  found?: SlowCopy;
}

/**
 * Walks the stage's instructions (ancestors first) the way the build runs them. Narrow copies
 * (a directory, a script) before the download are taken as deliberate — local `replace`
 * directories must come first — so only a broad copy (the whole context, *.go) before the
 * download is reported; with no download at all, any source copy before the build is.
 * A stage continues its parent's walk (foldLineage), so a chain of stages is walked once.
 */
function firstSlowCopy(stage: Stage, walk: WalkStep): SlowCopy | undefined {
  return foldLineage(stage, walk).found;
}

type WalkStep = (stage: Stage, parent: CacheWalk | undefined) => CacheWalk;

/** The walk of one stage, continuing its parent's; one step function per check (its module folder). */
function walkStageIn(moduleDir: string | undefined): WalkStep {
  return (stage, parent) => {
    if (parent?.found) return parent;
    // A copy of the parent's state: sibling stages continue from the same point independently.
    const w: CacheWalk = parent ? { ...parent } : { modCopied: false, downloaded: false, vendored: false };
    for (const instr of stage.instructions) {
      const copy = instr.copy;
      if (copy && copy.fromContext) {
        const names = copy.sources.map((src) => baseName(src.value));
        if (names.includes('vendor')) w.vendored = true;
        // What was there before this copy: a copy that brings go.mod together with sources
        // (`COPY go.mod main.go ./`) still needs go.mod copied on its own before it.
        const before = { modCopied: w.modCopied, modDir: w.modDir };
        if (names.some(isModFile)) {
          w.modCopied = true;
          w.modDir ??= moduleDirOfModCopy(copy);
        }
        const kind = sourceKind(copy, moduleDir);
        if (kind === 'none') continue;
        w.firstSource ??= { copy, ...before };
        if (kind === 'broad' && !w.downloaded) w.broadBeforeDownload ??= { copy, ...before };
        continue;
      }
      const run = instr.run;
      if (!run) continue;
      // An opaque step (make dep, a script) after go.mod is in may well download the modules.
      if (run.opaqueBuild && w.modCopied && !w.broadBeforeDownload) w.downloaded = true;
      for (const cmd of run.goCommands) {
        if (cmd.subcommand === 'mod' && cmd.modSubcommand === 'vendor') w.vendored = true;
        if (cmd.subcommand === 'mod' && (cmd.modSubcommand === 'download' || cmd.modSubcommand === 'tidy')) {
          // go.mod is there when copied on its own, bind-mounted, or brought in by a broad copy.
          if (w.modCopied || bindsGoMod(run) || w.broadBeforeDownload) {
            const broad = w.broadBeforeDownload;
            // Copied, not changed in place: an ancestor's state is shared by its child stages.
            if (broad && !broad.lateDownload && isPlainDownload(run)) w.broadBeforeDownload = { ...broad, lateDownload: instr };
            w.downloaded = true;
          }
          continue;
        }
        if (!RESOLVING.has(cmd.subcommand) || usesRemoteVersion(cmd)) continue;
        if (w.vendored || usesVendor(cmd) || modulesOff(cmd) || hasModuleCacheMount(run, cmd)) continue;
        const slow = w.downloaded ? w.broadBeforeDownload : w.firstSource;
        if (slow) {
          w.found = slow;
          return w;
        }
      }
    }
    return w;
  };
}

function baseName(path: string): string {
  const trimmed = trimTrailingSlashes(path);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The path up to and including its last '/' ("a/b/go.mod" → "a/b/", "go.mod" → ""). */
function dirPart(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** "dir/", "dir//.", "dir/*" → "dir": trailing slashes, and a final "." or "*" after them, go (a backwards scan, linear). */
function trimDirectorySuffix(path: string): string {
  let end = path.length;
  const last = path[end - 1];
  if (last === '.' || last === '*') end--;
  let start = end;
  while (start > 0 && path[start - 1] === '/') start--;
  if (start === end) return path; // no slash before the end (or before the "." / "*"): nothing to trim
  return path.slice(0, start);
}

function isModFile(name: string): boolean {
  return name === 'go.mod' || /^go\.(\*|mod\*|\[.*\]\*?)$/.test(name) || name === '*.mod';
}

/** The module's folder in the build context ('server' when the Dockerfile builds server/go.mod), or undefined at the root. */
function moduleFolder(inContext: string | undefined): string | undefined {
  const dir = inContext === undefined ? undefined : trimTrailingSlashes(inContext.replace(/^\.\/+/, ''));
  return dir === undefined || dir === '' || dir === '.' ? undefined : dir;
}

/**
 * 'broad': the context, the module's own folder when it sits below the context, or all Go files;
 * 'narrow': a directory of sources; 'none': files, scripts, vendor, go.mod.
 */
function sourceKind(copy: CopyInfo, moduleDir?: string): 'broad' | 'narrow' | 'none' {
  let kind: 'broad' | 'narrow' | 'none' = 'none';
  for (const { value } of copy.sources) {
    const path = value.replace(/^\.\//, '');
    if (path === '.' || path === '' || path === '*' || /(^|\/)\*\*?\.go$|^\*\*$/.test(path)) return 'broad';
    const trimmed = trimDirectorySuffix(path);
    if (moduleDir !== undefined && trimmed === moduleDir) return 'broad';
    const name = baseName(value);
    if (/\.go$/.test(name)) {
      kind = 'narrow';
      continue;
    }
    if (name === 'vendor' || name.includes('*') || /\.[A-Za-z0-9]+$/.test(name) || FILE_NAMES.test(name) || /^go\./.test(name)) continue;
    kind = 'narrow';
  }
  return kind;
}

/** Where a COPY of go.mod puts it: the target directory, or the parent of a `…/go.mod` file target. */
function moduleDirOfModCopy(copy: CopyInfo): string | undefined {
  const dest = copy.dest?.value;
  if (dest && !dest.includes('$') && baseName(dest) === 'go.mod' && !dest.endsWith('/')) {
    const parent = dirPart(dest) || '.';
    return parent.startsWith('/') ? resolvePath('/', parent) : copy.workdir === undefined ? undefined : resolvePath(copy.workdir, parent);
  }
  return copyTargetDir(copy);
}

/** The directory a COPY writes into, when it is one and is known. */
function copyTargetDir(copy: CopyInfo): string | undefined {
  const dest = copy.dest?.value;
  if (!dest || dest.includes('$')) return undefined;
  const asDir = dest === '.' || dest.endsWith('/') || copy.sources.length > 1 ? dest : undefined;
  if (asDir === undefined) return undefined;
  if (asDir.startsWith('/')) return resolvePath('/', asDir);
  return copy.workdir === undefined ? undefined : resolvePath(copy.workdir, asDir);
}

/** `go install pkg@version` and `go run pkg@version` ignore the local go.mod. */
function usesRemoteVersion(cmd: GoCommand): boolean {
  return cmd.packages.length > 0 && cmd.packages.every((p) => p.includes('@'));
}

/** `RUN go mod download` with nothing else in it, so moving it changes nothing but the cache. */
function isPlainDownload(run: RunInfo): boolean {
  return run.mounts.length === 0 && /^go\s+mod\s+download(\s+-x)?$/.test(run.instr.scan.args.trim());
}

function bindsGoMod(run: RunInfo): boolean {
  return run.mounts.some((m) => m.type === 'bind' && [m.source, m.target].some((p) => p !== undefined && baseName(p) === 'go.mod'));
}

/** A cache mount on the module cache or any parent of it (/go/pkg, /go, /root/go). */
function hasModuleCacheMount(run: RunInfo, cmd: GoCommand): boolean {
  const modcache = cmd.env.get('GOMODCACHE')?.value ?? cmd.goEnv.get('GOMODCACHE')?.value ?? '/go/pkg/mod';
  return run.mounts.some((m) => {
    if (m.type !== 'cache' || m.target === undefined) return false;
    if (/GOMODCACHE|GOPATH/.test(m.target) || /pkg\/mod\/?$/.test(m.target)) return true;
    const target = trimTrailingSlashes(m.target);
    return target !== '' && (modcache === target || modcache.startsWith(`${target}/`));
  });
}

function usesVendor(cmd: GoCommand): boolean {
  return cmd.flags.get('mod') === 'vendor';
}

function modulesOff(cmd: GoCommand): boolean {
  return cmd.env.get('GO111MODULE')?.value === 'off' || cmd.goEnv.get('GO111MODULE')?.value === 'off';
}

/**
 * Inserts `COPY go.mod go.sum <dir>` and `RUN go mod download` just before the source copy,
 * into the directory the sources land in (or where go.mod already is). Offered only when that
 * directory is certain and Go is already there.
 */
function downloadFirstFix(model: DockerfileModel, stage: Stage, { copy, modCopied, modDir, lateDownload }: SlowCopy): FixProposal | undefined {
  if (modCopied && modDir === undefined) return undefined;
  const copyStage = copy.instr.stage ?? stage;
  const parent = copyStage.baseStage;
  const goBefore = copyStage.traits.hasGo || (parent !== undefined && hasGo(parent)) || copyStage.runs.some((r) => r.installsGo && r.instr.start < copy.instr.start);
  if (!goBefore) return undefined;
  const lines: string[] = [];
  let moduleDir = modDir;
  if (moduleDir === undefined) {
    const located = locateModule(copy);
    if (!located) return undefined;
    lines.push(`COPY ${copy.chown ? `--chown=${copy.chown} ` : ''}${located.prefix}go.mod ${located.prefix}go.sum ${located.destText}`);
    moduleDir = located.dir;
  }
  lines.push(moduleDir === copy.workdir ? 'RUN go mod download' : `RUN cd ${moduleDir} && go mod download`);
  const edits = [insertLinesBefore(model.index, copy.instr, lines)];
  if (lateDownload) edits.push(deleteInstruction(model.index, lateDownload));
  return { title: modDir !== undefined ? 'Download modules before copying the sources' : 'Copy go.mod and go.sum and download modules before the sources', edits };
}

/**
 * Where go.mod is in the context and where it lands, judged from the source copy:
 * - `COPY . <dir>` or `COPY main.go <dir>/`: go.mod at the context root, into <dir>;
 * - `COPY src/ .`: src's contents are the module;
 * - `COPY cmd ./cmd` (mirroring the tree): go.mod at the root, into the parent of ./cmd.
 * Anything else is too uncertain to edit.
 */
function locateModule(copy: CopyInfo): { prefix: string; destText: string; dir: string } | undefined {
  const dest = copy.dest?.value;
  if (!dest || dest.includes('$')) return undefined;
  if (copy.sources.length > 1) {
    // `COPY go.mod main.go ./`: names at the context root into one folder.
    if (!copy.sources.some((src) => isModFile(src.value.replace(/^\.\//, ''))) || copy.sources.some((src) => src.value.replace(/^\.\//, '').includes('/'))) return undefined;
    if (dest !== '.' && !dest.endsWith('/')) return undefined;
    const destText = dest === '.' ? './' : dest;
    const dir = destText.startsWith('/') ? resolvePath('/', destText) : copy.workdir === undefined ? undefined : resolvePath(copy.workdir, destText);
    return dir === undefined ? undefined : { prefix: '', destText, dir };
  }
  const source = trimTrailingSlashes(copy.sources[0].value.replace(/^\.\//, ''));
  const asDir = (d: string) => (d === '.' ? './' : d.endsWith('/') ? d : `${d}/`);
  const resolve = (d: string) => (d.startsWith('/') ? resolvePath('/', d) : copy.workdir === undefined ? undefined : resolvePath(copy.workdir, d));
  let prefix = '';
  let destText: string;
  if (source === '' || source === '.' || source === '*') {
    destText = asDir(dest);
  } else if (/\.go$/.test(source)) {
    if (dest !== '.' && !dest.endsWith('/')) return undefined;
    destText = asDir(dest);
  } else if (dest === '.' || dest === './') {
    prefix = `${source}/`;
    destText = './';
  } else if (baseName(dest) === baseName(source)) {
    const parent = dirPart(trimTrailingSlashes(dest));
    destText = parent === '' ? './' : parent;
  } else {
    return undefined;
  }
  const dir = resolve(destText);
  return dir === undefined ? undefined : { prefix, destText, dir };
}
