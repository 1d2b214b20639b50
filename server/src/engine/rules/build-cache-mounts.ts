import { insertAt } from '../fixer.ts';
import { effectiveUser, isRootUser } from '../final-image.ts';
import type { DockerfileModel, GoCommand, RunInfo, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { lineage } from '../stage-graph.ts';
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
      for (const run of stage.runs) {
        const cmd = run.goCommands.find((c) => c.subcommand === 'build' || c.subcommand === 'install');
        // Judged where caches pay: a RUN that source changes rerun, or one that tried to mount a cache.
        if (!cmd || !(rebuiltOnSourceChange(stage, run) || run.mounts.some((m) => m.type === 'cache'))) continue;
        const buildCache = buildCacheDir(model, stage, cmd);
        const moduleCache = moduleCacheDir(model, stage, cmd);
        const missBuild = buildCache !== undefined && !hasCacheMount(run, buildCache, BUILD_CACHE_NAMES);
        const missModules =
          moduleCache !== undefined && !hasCacheMount(run, moduleCache, MODULE_CACHE_NAMES) && needsModuleCache(run, cmd, stage, moduleCache, goFacts);
        if (!missBuild && !missModules) continue;
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
    }
  },
});

/**
 * Whether the RUN comes after something from the build context (a COPY/ADD of it, or a bind mount
 * in the RUN itself): then every source change reruns it. A tool installed before any source copy
 * is rebuilt only when the base image or an ARG changes, and the layer cache already serves it.
 */
function rebuiltOnSourceChange(stage: Stage, run: RunInfo): boolean {
  if (run.mounts.some((m) => m.type === 'bind' && m.from === undefined)) return true;
  return lineage(stage).some((s) => s.copies.some((c) => c.fromContext && c.instr.start < run.instr.start));
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

function variable(cmd: GoCommand, name: string): { set: boolean; value?: string } {
  const entry = cmd.env.get(name) ?? cmd.goEnv.get(name);
  return entry ? { set: true, value: entry.value } : { set: false };
}

/** Where the build cache is: GOCACHE, else $XDG_CACHE_HOME/go-build, else $HOME/.cache/go-build. */
function buildCacheDir(model: DockerfileModel, stage: Stage, cmd: GoCommand): string | undefined {
  const gocache = variable(cmd, 'GOCACHE');
  if (gocache.set) return gocache.value && gocache.value !== 'off' && gocache.value.startsWith('/') ? gocache.value.replace(/\/+$/, '') : undefined;
  const xdg = variable(cmd, 'XDG_CACHE_HOME');
  if (xdg.set) return xdg.value?.startsWith('/') ? `${xdg.value.replace(/\/+$/, '')}/go-build` : undefined;
  const home = homeOf(model, stage, cmd);
  return home?.startsWith('/') ? `${home.replace(/\/+$/, '')}/.cache/go-build` : undefined;
}

/** Where modules are cached: GOMODCACHE, else $GOPATH/pkg/mod (GOPATH is /go in golang images, $HOME/go elsewhere). */
function moduleCacheDir(model: DockerfileModel, stage: Stage, cmd: GoCommand): string | undefined {
  const modcache = variable(cmd, 'GOMODCACHE');
  if (modcache.set) return modcache.value?.startsWith('/') ? modcache.value.replace(/\/+$/, '') : undefined;
  const gopath = variable(cmd, 'GOPATH');
  if (gopath.set) {
    const first = gopath.value?.split(':')[0];
    return first?.startsWith('/') ? `${first.replace(/\/+$/, '')}/pkg/mod` : undefined;
  }
  if (lineage(stage).at(-1)!.traits.isGolang) return '/go/pkg/mod';
  if (stage.traits.libc === 'unknown') return undefined; // an unknown image may set GOPATH itself
  const home = homeOf(model, stage, cmd);
  return home?.startsWith('/') ? `${home.replace(/\/+$/, '')}/go/pkg/mod` : undefined;
}

/** A cache mount on `dir` or a parent of it, or one whose target names the variable. */
function hasCacheMount(run: RunInfo, dir: string, named: RegExp): boolean {
  return run.mounts.some((m) => {
    if (m.type !== 'cache' || m.target === undefined) return false;
    if (named.test(m.target)) return true;
    const target = m.target.replace(/\/+$/, '');
    return target === '' || dir === target || dir.startsWith(`${target}/`);
  });
}

/**
 * The build needs the module cache unless modules are vendored, GOPATH mode is on, or an earlier
 * RUN downloaded them into a layer (a download into a cache mount leaves nothing in the layer, so
 * the build needs that mount again).
 */
function needsModuleCache(run: RunInfo, cmd: GoCommand, stage: Stage, moduleCache: string, goFacts: GoFacts | undefined): boolean {
  if (cmd.flags.get('mod') === 'vendor' || variable(cmd, 'GO111MODULE').value === 'off') return false;
  const remote = cmd.packages.length > 0 && cmd.packages.every((p) => p.includes('@'));
  const earlier = lineage(stage)
    .reverse()
    .flatMap((s) => s.instructions)
    .filter((i) => i.start < run.instr.start);
  // Go 1.14+ builds from vendor/ by default when vendor/modules.txt is there and copied in.
  if (!remote && (goFacts?.vendored || earlier.some((i) => i.copy?.sources.some((s) => /(^|\/)vendor\/?$/.test(s.value))))) return false;
  if (earlier.some((i) => i.run?.goCommands.some((c) => c.subcommand === 'mod' && c.modSubcommand === 'vendor'))) return false;
  const downloadedIntoLayer = earlier.some((i) => {
    const r = i.run;
    if (!r || !r.goCommands.some((c) => c.subcommand === 'mod' && (c.modSubcommand === 'download' || c.modSubcommand === 'tidy'))) return false;
    return !hasCacheMount(r, moduleCache, MODULE_CACHE_NAMES);
  });
  return remote || !downloadedIntoLayer;
}
