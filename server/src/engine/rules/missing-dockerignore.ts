import { generateDockerignore } from '../../scaffold/dockerignore.ts';
import { hasGo } from '../go-commands.ts';
import type { DockerfileModel } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import type { FileCreation, GoFacts } from '../types.ts';

/**
 * Without a .dockerignore, `COPY . .` sends and bakes in everything: .git (often the biggest folder),
 * local binaries, editor folders, and .env files with secrets. Any change to them also invalidates
 * the layer and everything after it.
 */
export default defineRule({
  meta: {
    id: 'missing-dockerignore',
    description: 'The build copies the whole context, and there is no .dockerignore.',
    defaultSeverity: 'info',
    fixable: true,
    messages: {
      noDockerignore:
        'This copies the whole build context, and there is no .dockerignore: .git, local binaries and .env files go into the image, and any change to them invalidates this layer. Add a .dockerignore.',
    },
  },
  check({ model, goFacts, report }) {
    // Only when the facts looked and found none: unknown is not absent.
    if (!goFacts?.dockerignoreChecked || goFacts.dockerignore || !buildsGo(model)) return;
    const whole = wholeContextSource(model);
    if (!whole) return;
    report({
      messageId: 'noDockerignore',
      start: whole.start,
      end: whole.end,
      fix: { title: 'Create a .dockerignore', edits: [], creates: [lazyDockerignore(dockerignorePath(goFacts), goFacts, model)] },
    });
  },
});

/**
 * The file to create, its text written on first read: a lint only reports that there is a fix, and
 * most findings are never fixed, so the file's text is not worth building for each.
 */
function lazyDockerignore(path: string, goFacts: GoFacts, model: DockerfileModel): FileCreation {
  let text: string | undefined;
  return {
    path,
    get text() {
      return (text ??= generateDockerignore(goFacts, { needed: neededPaths(model) }));
    },
  };
}

/**
 * The Dockerfile builds Go: a Go toolchain stage, a go command, or go.mod copied in. A Node or JVM
 * Dockerfile elsewhere in a Go repository is not ours to give a Go-flavoured .dockerignore.
 */
function buildsGo(model: DockerfileModel): boolean {
  return model.stages.some(
    (s) => hasGo(s) || s.runs.some((r) => r.goCommands.length > 0) || s.copies.some((c) => c.fromContext && c.sources.some((src) => /(^|\/)go\.(mod|work)$/.test(src.value))),
  );
}

/** A source that takes the whole context: `COPY . .`, `ADD ./ /src`, `COPY * ./`, a bind mount of the context root. */
function wholeContextSource(model: DockerfileModel): { start: number; end: number } | undefined {
  for (const instr of model.instructions) {
    const copy = instr.copy;
    if (copy?.fromContext) {
      const source = copy.sources.find((s) => /^(\.\/?|\*|\.\/\*)$/.test(s.value));
      if (source) return { start: source.start, end: source.end };
    }
    const run = instr.run;
    if (run?.mounts.some((m) => m.type === 'bind' && m.from === undefined && (m.source === undefined || /^\.?\/?$/.test(m.source)))) {
      const flag = instr.scan.flags.find((f) => f.name === 'mount' && f.options.some(([k, v]) => k === 'type' && v === 'bind'));
      if (flag) return { start: flag.start, end: flag.end };
    }
  }
  return undefined;
}

/** git commands that read the repository (a version stamp from `git describe`, a commit id). */
const READS_GIT = /\bgit\s+(-C\s+\S+\s+)?(describe|rev-parse|log|show|status|diff|tag|branch|symbolic-ref|rev-list|config|ls-files|archive)\b/;

/** What the build reads from the context by name, so the new file excludes none of it. */
function neededPaths(model: DockerfileModel): string[] {
  const paths: string[] = [];
  for (const instr of model.instructions) {
    if (instr.copy?.fromContext) paths.push(...instr.copy.sources.map((s) => s.value));
    for (const m of instr.run?.mounts ?? []) if (m.type === 'bind' && m.from === undefined && m.source) paths.push(m.source);
    // A build that asks git for its version needs .git in the context.
    if (instr.keyword === 'RUN' && READS_GIT.test(instr.scan.args)) paths.push('.git');
  }
  // The sources are the Dockerfile's own folder's names when they contain no variables.
  return paths.filter((p) => !p.includes('$'));
}

/** Beside the build context: the context folder when the facts know it, else the Dockerfile's folder. */
function dockerignorePath(facts: GoFacts): string {
  const dir = facts.contextDir;
  if (!dir) return '.dockerignore';
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}.dockerignore` : `${dir}${sep}.dockerignore`;
}
