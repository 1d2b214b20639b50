import { deleteInstruction, insertLinesBefore } from '../fixer.ts';
import { lineage, resolvePath } from '../model.ts';
import type { CopyInfo, DockerfileModel, GoCommand, Instr, RunInfo, Stage } from '../model.ts';
import { defineRule } from '../rule.ts';
import type { FixProposal, GoFacts } from '../types.ts';

/** Go commands that resolve the module graph, and so download missing modules. */
const RESOLVING = new Set(['build', 'install', 'test', 'vet', 'run', 'generate', 'get']);

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
    const reported = new Set<Instr>();
    for (const stage of model.stages) {
      const finding = firstSlowCopy(stage, goFacts);
      if (!finding || reported.has(finding.copy.instr)) continue;
      reported.add(finding.copy.instr);
      const source = finding.copy.sources[0];
      report({
        messageId: finding.modCopied ? 'downloadAfterSources' : 'sourcesBeforeModules',
        start: source.start,
        end: finding.copy.sources.at(-1)!.end,
        fix: downloadFirstFix(model, finding, goFacts),
      });
    }
  },
});

interface SlowCopy {
  copy: CopyInfo;
  /** go.mod was already copied when the sources came in (only the download is missing). */
  modCopied: boolean;
  /** A plain `RUN go mod download` after the sources, which the fix moves up. */
  lateDownload?: Instr;
}

/** Walks the stage's instructions (ancestors first) the way the build runs them. */
function firstSlowCopy(stage: Stage, goFacts: GoFacts | undefined): SlowCopy | undefined {
  let modCopied = false;
  let downloaded = false;
  let vendored = goFacts?.vendored === true;
  let sourceCopy: SlowCopy | undefined;
  let sourcesReady = false;
  for (const s of lineage(stage).reverse()) {
    for (const instr of s.instructions) {
      const copy = instr.copy;
      if (copy && copy.fromContext) {
        const names = copy.sources.map((src) => baseName(src.value));
        if (names.some((n) => n === 'vendor')) vendored = true;
        if (!sourceCopy && names.some(isModFile)) modCopied = true;
        if (!sourceCopy && copy.sources.some((src) => isSourcePath(src.value))) {
          sourceCopy = { copy, modCopied };
          sourcesReady = downloaded;
        }
        continue;
      }
      const run = instr.run;
      if (!run) continue;
      for (const cmd of run.goCommands) {
        if (cmd.subcommand === 'mod' && cmd.modSubcommand === 'vendor') vendored = true;
        if (cmd.subcommand === 'mod' && (cmd.modSubcommand === 'download' || cmd.modSubcommand === 'tidy')) {
          if (!sourceCopy && (modCopied || bindsGoMod(run))) downloaded = true;
          else if (sourceCopy && !sourceCopy.lateDownload && isPlainDownload(run)) sourceCopy.lateDownload = instr;
          continue;
        }
        if (!RESOLVING.has(cmd.subcommand) || !sourceCopy || sourcesReady) continue;
        if (vendored || usesVendor(cmd) || modulesOff(cmd) || hasModuleCacheMount(run, cmd)) continue;
        return sourceCopy;
      }
    }
  }
  return undefined;
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function isModFile(name: string): boolean {
  return name === 'go.mod' || /^go\.(\*|mod\*|\[.*\]\*?)$/.test(name) || name === '*.mod';
}

/** Whether a COPY source brings Go sources: the context, a directory, or *.go files. */
function isSourcePath(path: string): boolean {
  const name = baseName(path);
  if (path === '.' || path === './' || name === '*' || name === '') return true;
  if (/\.go$/.test(name)) return true;
  if (/^go\.(mod|sum|work|work\.sum)$/.test(name) || isModFile(name) || name === 'go.sum' || /^go\.sum\*?$/.test(name)) return false;
  if (name === 'vendor') return false;
  // A name with an extension is a file (config, script); a bare name is a directory of sources.
  return !/\.[A-Za-z0-9]+$/.test(name);
}

/** `RUN go mod download` with nothing else in it, so moving it changes nothing but the cache. */
function isPlainDownload(run: RunInfo): boolean {
  const node = run.instr.node;
  return run.mounts.length === 0 && /^go\s+mod\s+download(\s+-x)?$/.test((node.getArgumentsContent?.() ?? '').trim());
}

function bindsGoMod(run: RunInfo): boolean {
  return run.mounts.some((m) => m.type === 'bind' && [m.source, m.target].some((p) => p !== undefined && baseName(p) === 'go.mod'));
}

function hasModuleCacheMount(run: RunInfo, cmd: GoCommand): boolean {
  const modcache = cmd.env.get('GOMODCACHE')?.value ?? cmd.goEnv.get('GOMODCACHE')?.value;
  return run.mounts.some((m) => m.type === 'cache' && m.target !== undefined && (/pkg\/mod\/?$/.test(m.target) || m.target === modcache || /GOMODCACHE/.test(m.target)));
}

function usesVendor(cmd: GoCommand): boolean {
  return cmd.flags.get('mod') === 'vendor';
}

function modulesOff(cmd: GoCommand): boolean {
  return (cmd.env.get('GO111MODULE') ?? cmd.goEnv.get('GO111MODULE'))?.value === 'off';
}

/**
 * Inserts `COPY go.mod go.sum <dir>` and `RUN go mod download` just before the source copy,
 * into the directory the sources land in.
 */
function downloadFirstFix(model: DockerfileModel, { copy, modCopied, lateDownload }: SlowCopy, goFacts: GoFacts | undefined): FixProposal | undefined {
  const dest = copy.dest?.value;
  if (!dest || dest.includes('$')) return undefined;
  const sources = copy.sources.map((s) => s.value);
  // `COPY src/ .` copies src's contents: go.mod is then src/go.mod.
  const prefix = sources.length === 1 && !['.', './'].includes(sources[0]) && isSourcePath(sources[0]) && !/\*|\.go$/.test(sources[0]) ? sources[0].replace(/\/*$/, '/') : '';
  const destDir = dest === '.' ? './' : dest.endsWith('/') ? dest : `${dest}/`;
  const lines: string[] = [];
  if (!modCopied) {
    const files = [`${prefix}go.mod`, ...(goFacts?.hasGoSum === false ? [] : [`${prefix}go.sum`])];
    lines.push(`COPY ${files.join(' ')} ${destDir}`);
  }
  // The download runs where go.mod lands.
  const moduleDir = destDir.startsWith('/') ? resolvePath('/', destDir) : copy.workdir === undefined ? undefined : resolvePath(copy.workdir, destDir);
  if (moduleDir === undefined) return undefined;
  lines.push(moduleDir === copy.workdir ? 'RUN go mod download' : `RUN cd ${moduleDir} && go mod download`);
  const edits = [insertLinesBefore(model.index, copy.instr, lines)];
  if (lateDownload) edits.push(deleteInstruction(model.index, lateDownload));
  return { title: modCopied ? 'Download modules before copying the sources' : 'Copy go.mod and go.sum and download modules before the sources', edits };
}
