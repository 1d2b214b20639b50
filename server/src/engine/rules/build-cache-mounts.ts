import { insertAt } from '../fixer.ts';
import { goVariable } from '../go-commands.ts';
import { effectiveUser, isRootUser } from '../final-image.ts';
import { trimTrailingSlashes } from '../model/index.ts';
import type { DockerfileModel, GoCommand, Instr, RunInfo, Stage } from '../model/index.ts';
import { defineRule, type RuleContext } from '../rule.ts';
import { foldLineage, rootStage } from '../stage-graph.ts';
import type { GoFacts } from '../types.ts';
import { goCommandSpan } from './rule-helpers.ts';

/** Instruction flags that only BuildKit understands: a file using them is built with BuildKit. */
/** Mount targets that name the cache through its variable or its usual last element. */
const BUILD_CACHE_NAMES = /GOCACHE|go-build\/?$/;
const MODULE_CACHE_NAMES = /GOMODCACHE|GOPATH|pkg\/mod\/?$/;
const BUILDKIT_FLAGS = new Set(['mount', 'network', 'security', 'link', 'chmod', 'parents', 'exclude']);

/**
 * A RUN layer is rebuilt from nothing whenever its inputs change, and `COPY . .` changes with every
 * edit: without cache mounts, each build recompiles every package and re-downloads every module.
 * BuildKit cache mounts keep Go's build cache and module cache between builds.
 */
export default defineRule({
  meta: {
    id: 'build-cache-mounts',
    description: 'A BuildKit Go build has no cache mount for the Go build cache or the module cache.',
    defaultSeverity: 'hint',
    fixable: true,
    messages: {
      noBuildCache: 'This go {{subcommand}} recompiles every package on each build: mount the Go build cache with --mount=type=cache,target={{buildCache}}.',
      noModuleCache:
        'This go {{subcommand}} downloads the modules again on each build: mount the module cache with --mount=type=cache,target={{moduleCache}}.',
      noCaches:
        'This go {{subcommand}} recompiles every package and downloads every module on each build: mount the caches with --mount=type=cache,target={{buildCache}} and --mount=type=cache,target={{moduleCache}}.',
    },
  },
  check({ model, goFacts, report }) {
    if (!usesBuildKit(model)) return;
    for (const stage of model.stages) {
      // What ran before each RUN, in build order: the ancestors' instructions (folded once per
      // stage), then this stage's own as the walk passes them. Walking them again per build was quadratic.
      const base = stage.baseStage && stage.baseStage.index < stage.index ? stage.baseStage : undefined;
      let earlier = base ? foldLineage(base, afterStage) : NOTHING_EARLIER;
      for (const instr of stage.instructions) {
        const run = instr.run;
        if (run) checkRun(model, stage, run, earlier, goFacts, report);
        earlier = after(earlier, instr);
      }
    }
  },
});

/** Judges one RUN, knowing what ran before it. */
function checkRun(model: DockerfileModel, stage: Stage, run: RunInfo, earlier: Earlier, goFacts: GoFacts | undefined, report: RuleContext['report']): void {
  const cmd = run.goCommands.find((c) => c.subcommand === 'build' || c.subcommand === 'install');
  // Judged where caches pay: a RUN that source changes rerun, or one that tried to mount a cache.
  if (!cmd || !(rebuiltOnSourceChange(run, earlier) || run.mounts.some((m) => m.type === 'cache'))) return;
  const buildCache = buildCacheDir(model, stage, cmd);
  const moduleCache = moduleCacheDir(model, stage, cmd);
  const missBuild = buildCache !== undefined && !hasCacheMount(run, buildCache, BUILD_CACHE_NAMES);
  const missModules =
    moduleCache !== undefined && !hasCacheMount(run, moduleCache, MODULE_CACHE_NAMES) && needsModuleCache(cmd, earlier, moduleCache, goFacts);
  if (!missBuild && !missModules) return;
  const messageId = missBuild && missModules ? 'noCaches' : missBuild ? 'noBuildCache' : 'noModuleCache';
  const targets = [missBuild ? buildCache : undefined, missModules ? moduleCache : undefined].filter((t): t is string => t !== undefined);
  const mounts = targets.map((t) => ` --mount=type=cache,target=${t}`).join('');
  report({
    messageId,
    data: { subcommand: cmd.subcommand, buildCache: buildCache ?? '', moduleCache: moduleCache ?? '' },
    ...goCommandSpan(cmd),
    fix: { title: targets.length > 1 ? 'Add cache mounts for the build and module caches' : `Add a cache mount for ${targets[0]}`, edits: [insertAt(model.index, run.instr.scan.keywordEnd, mounts)] },
  });
}

/** Download RUNs that had a cache mount: whether they filled the module cache's layer depends on where it is. */
interface RunList {
  run: RunInfo;
  next?: RunList;
}

/** What the instructions before a RUN did, as far as the caches are concerned. */
interface Earlier {
  /** Something came from the build context (COPY/ADD), so source changes rerun what follows. */
  contextCopied: boolean;
  /** vendor/ was copied in. */
  vendorCopied: boolean;
  /** `go mod vendor` ran. */
  modVendor: boolean;
  /** `go mod download`/`tidy` ran without any cache mount: the modules are in a layer. */
  plainDownload: boolean;
  cachedDownloads?: RunList;
}

const NOTHING_EARLIER: Earlier = { contextCopied: false, vendorCopied: false, modVendor: false, plainDownload: false };

function after(earlier: Earlier, instr: Instr): Earlier {
  const copy = instr.copy;
  if (copy) {
    const contextCopied = earlier.contextCopied || copy.fromContext;
    const vendorCopied = earlier.vendorCopied || copy.sources.some((s) => /(^|\/)vendor\/?$/.test(s.value));
    return contextCopied === earlier.contextCopied && vendorCopied === earlier.vendorCopied ? earlier : { ...earlier, contextCopied, vendorCopied };
  }
  const run = instr.run;
  if (!run) return earlier;
  const modVendor = run.goCommands.some((c) => c.subcommand === 'mod' && c.modSubcommand === 'vendor');
  const downloads = run.goCommands.some((c) => c.subcommand === 'mod' && (c.modSubcommand === 'download' || c.modSubcommand === 'tidy'));
  if (!modVendor && !downloads) return earlier;
  const next = { ...earlier, modVendor: earlier.modVendor || modVendor };
  if (downloads) {
    if (run.mounts.some((m) => m.type === 'cache' && m.target !== undefined)) next.cachedDownloads = { run, next: earlier.cachedDownloads };
    else next.plainDownload = true;
  }
  return next;
}

/** The state after a whole stage, from its base stage's (for foldLineage: defined once). */
const afterStage = (stage: Stage, parent: Earlier | undefined): Earlier => stage.instructions.reduce(after, parent ?? NOTHING_EARLIER);

/**
 * Whether the RUN comes after something from the build context (a COPY/ADD of it, or a bind mount
 * in the RUN itself): then every source change reruns it. A tool installed before any source copy
 * is rebuilt only when the base image or an ARG changes, and the layer cache already serves it.
 */
function rebuiltOnSourceChange(run: RunInfo, earlier: Earlier): boolean {
  return run.mounts.some((m) => m.type === 'bind' && m.from === undefined) || earlier.contextCopied;
}

/** `# syntax=` at the top, or an instruction flag or heredoc that only BuildKit accepts. */
export function usesBuildKit(model: DockerfileModel): boolean {
  const { index } = model;
  for (let line = 0; line < index.lineCount; line++) {
    const text = index.lineText(line).replace(/^\uFEFF/, '');
    if (!/^\s*#/.test(text)) break;
    if (/^\s*#\s*syntax\s*=/i.test(text)) return true;
  }
  return model.instructions.some(
    (i) => i.scan.flags.some((f) => BUILDKIT_FLAGS.has(f.name)) || ((i.keyword === 'RUN' || i.keyword === 'COPY') && /<<-?\s*["']?[A-Za-z_]/.test(i.scan.args)),
  );
}

/** HOME for the command: ENV HOME, else /root when the stage runs as root; undefined when unknown. */
function homeOf(model: DockerfileModel, stage: Stage, cmd: GoCommand): string | undefined {
  const home = cmd.env.get('HOME');
  if (home) return home.value;
  const user = effectiveUser(model, stage);
  if (!user.instr) return '/root';
  return user.value !== undefined && isRootUser(user.value) ? '/root' : undefined;
}

/** Where the build cache is: GOCACHE, else $XDG_CACHE_HOME/go-build, else $HOME/.cache/go-build. */
function buildCacheDir(model: DockerfileModel, stage: Stage, cmd: GoCommand): string | undefined {
  const gocache = goVariable(cmd, 'GOCACHE');
  if (gocache) return gocache.value && gocache.value !== 'off' && gocache.value.startsWith('/') ? trimTrailingSlashes(gocache.value) : undefined;
  const xdg = goVariable(cmd, 'XDG_CACHE_HOME');
  if (xdg) return xdg.value?.startsWith('/') ? `${trimTrailingSlashes(xdg.value)}/go-build` : undefined;
  const home = homeOf(model, stage, cmd);
  return home?.startsWith('/') ? `${trimTrailingSlashes(home)}/.cache/go-build` : undefined;
}

/** Where modules are cached: GOMODCACHE, else $GOPATH/pkg/mod (GOPATH is /go in golang images, $HOME/go elsewhere). */
function moduleCacheDir(model: DockerfileModel, stage: Stage, cmd: GoCommand): string | undefined {
  const modcache = goVariable(cmd, 'GOMODCACHE');
  if (modcache) return modcache.value?.startsWith('/') ? trimTrailingSlashes(modcache.value) : undefined;
  const gopath = goVariable(cmd, 'GOPATH');
  if (gopath) {
    const first = gopath.value?.split(':')[0];
    return first?.startsWith('/') ? `${trimTrailingSlashes(first)}/pkg/mod` : undefined;
  }
  if (rootStage(stage).traits.isGolang) return '/go/pkg/mod';
  if (stage.traits.libc === 'unknown') return undefined; // an unknown image may set GOPATH itself
  const home = homeOf(model, stage, cmd);
  return home?.startsWith('/') ? `${trimTrailingSlashes(home)}/go/pkg/mod` : undefined;
}

/** A cache mount on `dir` or a parent of it, or one whose target names the variable. */
function hasCacheMount(run: RunInfo, dir: string, named: RegExp): boolean {
  return run.mounts.some((m) => {
    if (m.type !== 'cache' || m.target === undefined) return false;
    if (named.test(m.target)) return true;
    const target = trimTrailingSlashes(m.target);
    return target === '' || dir === target || dir.startsWith(`${target}/`);
  });
}

/**
 * The build needs the module cache unless modules are vendored, GOPATH mode is on, or an earlier
 * RUN downloaded them into a layer (a download into a cache mount leaves nothing in the layer, so
 * the build needs that mount again).
 */
function needsModuleCache(cmd: GoCommand, earlier: Earlier, moduleCache: string, goFacts: GoFacts | undefined): boolean {
  if (cmd.flags.get('mod') === 'vendor' || goVariable(cmd, 'GO111MODULE')?.value === 'off') return false;
  const remote = cmd.packages.length > 0 && cmd.packages.every((p) => p.includes('@'));
  // Go 1.14+ builds from vendor/ by default when vendor/modules.txt is there and copied in.
  if (!remote && (goFacts?.vendored || earlier.vendorCopied)) return false;
  if (earlier.modVendor) return false;
  let downloadedIntoLayer = earlier.plainDownload;
  for (let d = earlier.cachedDownloads; d && !downloadedIntoLayer; d = d.next) downloadedIntoLayer = !hasCacheMount(d.run, moduleCache, MODULE_CACHE_NAMES);
  return remote || !downloadedIntoLayer;
}
