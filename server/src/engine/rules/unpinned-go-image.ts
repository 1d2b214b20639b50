import { replaceSpan } from '../fixer.ts';
import { goVariable } from '../go-commands.ts';
import type { Stage, VarValue } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import { withDescendants } from './rule-chain.ts';
import { loadsLocalModule, moduleVersion, seesBuildContext } from './rule-go-image.ts';

/**
 * `golang`, `golang:latest`, `golang:alpine`: the Go version changes under the build whenever a new
 * release is tagged, so the same commit builds with a different compiler from one day to the next.
 */
export default defineRule({
  meta: {
    id: 'unpinned-go-image',
    description: 'A golang image without a Go version in its tag (golang, golang:latest, golang:alpine).',
    defaultSeverity: 'info',
    fixable: true,
    messages: {
      unpinned:
        '{{image}} names no Go version: every new Go release changes what this builds with. Pin the version go.mod asks for, e.g. golang:{{suggested}}.',
      unpinnedNoModule: '{{image}} names no Go version: every new Go release changes what this builds with. Pin one, e.g. golang:1.N{{variantSuffix}}.',
    },
  },
  check({ model, goFacts, report }) {
    const moduleTarget = moduleVersion(goFacts);
    // Both walks below read every RUN: they are taken only once a stage has a golang image
    // without a version (most files have none).
    let buildingModule: Set<Stage> | undefined;
    let choosesGo: Set<Stage> | undefined;
    for (const stage of model.stages) {
      // Stages based on an earlier stage are judged at that stage's FROM.
      if (stage.baseStage || !stage.traits.isGolang || !stage.image || !stage.imageToken) continue;
      if (stage.traits.goVersion !== undefined || stage.image.digest !== undefined) continue;
      // Stages whose builds pick their own Go (GOTOOLCHAIN=go1.x, gimme): the image's Go is a bootstrap.
      choosesGo ??= withDescendants(model.stages, choosesOwnToolchain);
      if (choosesGo.has(stage)) continue;
      // Stages (and the stages they rest on) that build the project's own module.
      buildingModule ??= withDescendants(model.stages, (s) => s.runs.some((r) => r.goCommands.some((c) => loadsLocalModule(c) && seesBuildContext(c))));
      const tag = stage.image.tag;
      const variant = tag === undefined || tag.toLowerCase() === 'latest' ? undefined : tag;
      const token = stage.imageToken;
      const written = model.text.slice(token.start, token.end);
      // go.mod's version is only the right pin when this image builds that module (not a cloned
      // or downloaded one).
      const target = buildingModule.has(stage) ? moduleTarget : undefined;
      if (!target) {
        report({ messageId: 'unpinnedNoModule', data: { image: stage.imageRef ?? written, variantSuffix: variant ? `-${variant}` : '' }, start: token.start, end: token.end });
        continue;
      }
      const version = target.pre ? target.text : `${target.major}.${target.minor ?? 0}`;
      const newTag = variant ? `${version}-${variant}` : version;
      // Only a literal reference can be rewritten in place; an ARG-built one is left to the author.
      const literal = !written.includes('$') && written === token.value;
      const fix = literal
        ? { title: `Pin golang:${newTag}`, edits: [tag === undefined ? replaceSpan(model.index, token.end, token.end, `:${newTag}`) : replaceSpan(model.index, token.end - tag.length, token.end, newTag)] }
        : undefined;
      report({ messageId: 'unpinned', data: { image: stage.imageRef ?? written, suggested: newTag }, start: token.start, end: token.end, ...(fix ? { fix } : {}) });
    }
  },
});

/** GOTOOLCHAIN set to a Go release (`go1.22.3`, `go${GO_VERSION}`), not `local` or `auto`. */
function namesRelease(entry: VarValue | undefined): boolean {
  if (!entry) return false;
  const written = entry.raw ?? entry.value ?? '';
  const start = written.startsWith('"') || written.startsWith("'") ? 1 : 0;
  return written.startsWith('go', start);
}

/**
 * Whether a stage's builds choose their Go release themselves: GOTOOLCHAIN names one (ENV, ARG, an
 * export or an inline variable), or gimme installs one. The base image's Go then only bootstraps it.
 */
function choosesOwnToolchain(stage: Stage): boolean {
  if (namesRelease(stage.envAtEnd.get('GOTOOLCHAIN'))) return true;
  return stage.runs.some(
    (run) => run.instr.scan.args.includes('gimme') || run.goCommands.some((c) => namesRelease(goVariable(c, 'GOTOOLCHAIN'))),
  );
}
