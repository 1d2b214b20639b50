import { excludedByDockerignore } from '../dockerignore.ts';
import { stageGoCommands } from '../go-commands.ts';
import { programFactsOf } from '../go-program.ts';
import { resolvePath } from '../model/index.ts';
import { isPatternSource, normalizeContextPath } from '../model/context-paths.ts';
import type { GoCommand, Instr, Mount, Stage, Token } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { chainOf, withDescendants } from './rule-chain.ts';
import type { GoFacts } from '../types.ts';
import { loadsLocalModule } from './rule-go-image.ts';
import { copyDestination, copyMayCreate, runMayWriteFiles } from './rule-binaries.ts';

/** A context-relative path in normal form ('.' for the root), or undefined when it holds variables/globs. */
function contextPath(p: string): string | undefined {
  return isPatternSource(p) ? undefined : normalizeContextPath(p);
}

function join(...parts: string[]): string {
  return contextPath(parts.filter((p) => p !== '' && p !== '.').join('/')) ?? '.';
}

/** Whether context path `inner` is `outer` or lies inside it. */
function within(inner: string, outer: string): boolean {
  return outer === '.' || inner === outer || inner.startsWith(`${outer}/`);
}

/** The written part of a //go:embed pattern before its first wildcard element ('' when it starts with one). */
function literalPrefix(pattern: string): string {
  const clean = pattern.replace(/^all:/, '');
  const out: string[] = [];
  for (const element of clean.split('/')) {
    if (/[*?[\\]/.test(element)) break;
    out.push(element);
  }
  return out.join('/');
}

interface Need {
  path: string;
  messageId: 'goModExcluded' | 'goSumExcluded' | 'goWorkExcluded' | 'vendorExcluded' | 'packageExcluded' | 'embedExcluded';
  severity: 'error' | 'warning';
}

/**
 * The .dockerignore keeps files out of the build context. When one of them is an input of the
 * Go build — a COPY source, go.mod/go.sum, a package, a //go:embed target, vendor/ — the build
 * fails ("not found", "missing go.sum entry", "pattern …: no matching files found") or quietly
 * builds something else.
 */
export default defineRule({
  meta: {
    id: 'dockerignore-excludes-input',
    description: 'The .dockerignore excludes something the Go build needs: a COPY source, go.mod/go.sum/go.work, a package, a //go:embed target or vendor/.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      sourceExcluded: '`{{path}}` is excluded by {{file}}, so it is not in the build context: this COPY fails with "not found". Add `!{{path}}` to {{file}}, or stop excluding it.',
      goModExcluded: '{{file}} excludes `{{path}}`: the sources arrive without go.mod and the go command stops ("go.mod file not found"). Add `!{{path}}` to {{file}}.',
      goSumExcluded: '{{file}} excludes `{{path}}`: without go.sum the build stops with "missing go.sum entry". Add `!{{path}}` to {{file}}.',
      goWorkExcluded: '{{file}} excludes `{{path}}`: the build runs without the workspace, with different module versions than your editor. Add `!{{path}}` to {{file}} if the image should build the workspace.',
      vendorExcluded: '{{file}} excludes `{{path}}`, but this build uses -mod=vendor: it stops with "inconsistent vendoring" or missing packages. Add `!{{path}}` to {{file}}, or download the modules instead.',
      packageExcluded: '{{file}} excludes `{{path}}`, a package this program compiles: the build fails ("no required module provides package" or "no Go files"). Add `!{{path}}` to {{file}}.',
      embedExcluded: '{{file}} excludes `{{path}}`, which a //go:embed directive of this program reads: the build fails ("pattern …: no matching files found"). Add `!{{path}}` to {{file}}.',
    },
  },
  check({ model, goFacts, report }) {
    const ignore = goFacts?.dockerignore;
    if (!ignore || ignore.patterns.length === 0) return;
    const file = ignore.file.slice(Math.max(ignore.file.lastIndexOf('/'), ignore.file.lastIndexOf('\\')) + 1) || '.dockerignore';
    const excluded = (path: string) => excludedByDockerignore(ignore, path) === true;
    // One finding per excluded path: where a COPY names it, that COPY; else the copy of the module.
    const reported = new Set<string>();
    const say = (messageId: string, path: string, token: Token, severity?: 'error' | 'warning') => {
      // An embed target inside an excluded package is the same mistake, already reported.
      if ([...reported].some((p) => within(path, p))) return;
      reported.add(path);
      report({ messageId, data: { path, file }, start: token.start, end: token.end, ...(severity ? { severity } : {}) });
    };

    // Stages that run the Go build, and the stages they rest on: their inputs are the build's.
    const goStages = withDescendants(model.stages, (stage) => stage.runs.some((r) => r.goCommands.some(loadsLocalModule)));

    // 1. What COPY/ADD and bind mounts of those stages name explicitly.
    for (const stage of model.stages) {
      if (!goStages.has(stage)) continue;
      for (const copy of stage.copies) {
        if (!copy.fromContext) continue;
        for (const src of copy.sources) {
          const path = contextPath(src.value);
          if (path !== undefined && path !== '.' && excluded(path)) say('sourceExcluded', path, src);
        }
      }
      for (const run of stage.runs) {
        for (const m of run.mounts) {
          if (m.type !== 'bind' || m.from !== undefined || m.source === undefined) continue;
          const path = contextPath(m.source);
          const flag = run.instr.scan.flags.find((f) => f.name === 'mount' && f.options.some(([k, v]) => (k === 'source' || k === 'src') && v === m.source));
          if (path !== undefined && path !== '.' && excluded(path) && flag) say('sourceExcluded', path, { value: m.source, start: flag.start, end: flag.end });
        }
      }
    }

    // 2. What each go command needs from the copy (or bind mount) that brought the whole module,
    // unless something after that copy puts it back (a COPY --from of built assets) or may make it.
    const moduleDir = contextPath(goFacts?.moduleDirInContext ?? '.') ?? '.';
    for (const stage of model.stages) {
      for (const cmd of stageGoCommands(stage).filter(loadsLocalModule)) {
        // Excluded needs first: the walk back to the module's copy is only done for them.
        const needs = buildNeeds([cmd], goFacts, moduleDir).filter((need) => excluded(need.path));
        if (needs.length === 0) continue;
        const source = moduleSource(stage, cmd, moduleDir);
        if (!source) continue;
        for (const need of needs) {
          if (suppliedLater(source, need, cmd)) continue;
          say(need.messageId, need.path, source.token, need.severity === 'warning' ? 'warning' : undefined);
        }
      }
    }
  },
});

/** Where the module's folder came from for a go command: the context path copied, where it landed, and what ran after. */
interface ModuleSource {
  token: Token;
  /** Context path of the copied folder ('.' for the context). */
  from: string;
  /** Image folder it landed in, when known. */
  to?: string;
  /** Instructions between the copy and the go command's RUN (that RUN included). */
  after: Instr[];
  /** For a bind mount: the RUN's other mounts, which may lay something over the module (`--mount=from=ui,target=./ui/build`). */
  overlays?: Mount[];
}

/** The latest copy (or bind mount of the RUN itself) before `cmd` that brings the module's whole folder. */
function moduleSource(stage: Stage, cmd: GoCommand, moduleDir: string): ModuleSource | undefined {
  const run = cmd.run;
  for (const m of run.mounts) {
    if (m.type !== 'bind' || m.from !== undefined) continue;
    const path = contextPath(m.source ?? '.');
    const flag = run.instr.scan.flags.find((f) => f.name === 'mount');
    if (path !== undefined && within(moduleDir, path) && flag) {
      // Mounted for this RUN only: nothing runs in between.
      return { token: { value: m.source ?? '.', start: flag.start, end: flag.end }, from: path, after: [], overlays: run.mounts.filter((o) => o !== m && o.target !== undefined && (o.type === 'bind' || o.from !== undefined)) };
    }
  }
  // Instructions in build order, ancestors first, up to the go command's RUN.
  const ordered = chainOf(stage).reverse().flatMap((s) => s.instructions);
  const end = ordered.indexOf(run.instr);
  for (let i = end - 1; i >= 0; i--) {
    const copy = ordered[i].copy;
    if (!copy?.fromContext) continue;
    const src = copy.sources.find((t) => {
      const path = contextPath(t.value);
      return path !== undefined && within(moduleDir, path);
    });
    if (!src) continue;
    const to = copyDestination(copy);
    return { token: src, from: contextPath(src.value)!, ...(to ? { to } : {}), after: ordered.slice(i + 1, end + 1) };
  }
  return undefined;
}

/**
 * Whether an excluded path reaches the go command anyway: a later COPY puts something there
 * (`COPY --from=ui /app/dist ./web/dist`), or, for generated files (embedded assets, go.sum), a
 * later RUN may make them (`make assets`, `go generate`, `go mod tidy`).
 */
function suppliedLater(source: ModuleSource, need: Need, cmd: GoCommand): boolean {
  const rel = source.from === '.' ? need.path : need.path.slice(source.from.length + 1);
  const imagePath = source.to === undefined ? undefined : resolvePath(source.to, rel);
  for (const o of source.overlays ?? []) {
    // A relative target is relative to the RUN's folder, where the module is mounted; an absolute one cannot be placed.
    const target = contextPath(o.target!);
    if (o.target!.startsWith('/') || target === undefined || within(rel, target)) return true;
  }
  for (const instr of source.after) {
    if (instr.copy && (imagePath === undefined || copyMayCreate(instr.copy, imagePath))) return true;
    const run = instr.run;
    if (!run) continue;
    if (need.messageId === 'embedExcluded' && (run.opaqueBuild || runMayWriteFiles(run) || run.goCommands.some((c) => c.subcommand === 'generate'))) return true;
    if (need.messageId === 'goSumExcluded' && run.goCommands.some((c) => c !== cmd && (c.subcommand === 'get' || (c.subcommand === 'mod' && (c.modSubcommand === 'tidy' || c.modSubcommand === 'download'))))) return true;
  }
  return false;
}

/** The context paths the stage's go commands read, with what goes wrong without each. */
function buildNeeds(commands: GoCommand[], facts: GoFacts | undefined, moduleDir: string): Need[] {
  const needs: Need[] = [{ path: join(moduleDir, 'go.mod'), messageId: 'goModExcluded', severity: 'error' }];
  // go mod tidy/download and go get write go.sum themselves.
  const writesSum = commands.every((c) => c.subcommand === 'get' || (c.subcommand === 'mod' && (c.modSubcommand === 'tidy' || c.modSubcommand === 'download')));
  if (facts?.hasGoSum && !writesSum) needs.push({ path: join(moduleDir, 'go.sum'), messageId: 'goSumExcluded', severity: 'error' });
  if (facts?.hasGoWork && moduleDir === '.') needs.push({ path: 'go.work', messageId: 'goWorkExcluded', severity: 'warning' });
  if (facts?.vendored && commands.some((c) => c.flags.get('mod') === 'vendor')) needs.push({ path: join(moduleDir, 'vendor'), messageId: 'vendorExcluded', severity: 'error' });
  for (const cmd of commands) {
    if (cmd.subcommand !== 'build' && cmd.subcommand !== 'install' && cmd.subcommand !== 'run') continue;
    const program = programFactsOf(cmd, facts);
    if (!program) continue;
    for (const dir of program.packages) needs.push({ path: join(moduleDir, dir), messageId: 'packageExcluded', severity: 'error' });
    for (const embed of program.embeds) {
      const prefix = literalPrefix(embed.pattern);
      if (prefix !== '') needs.push({ path: join(moduleDir, embed.dir, prefix), messageId: 'embedExcluded', severity: 'error' });
    }
  }
  return needs;
}
