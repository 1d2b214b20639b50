import { replaceSpan } from '../fixer.ts';
import { imageBefore121, imageProvides, parseGoVersion, tagVersionFor, type GoVersion } from '../go-version.ts';
import { defineRule } from '../rule.ts';
import { stageGoCommands } from '../go-commands.ts';
import type { FixProposal } from '../types.ts';
import type { DockerfileModel } from '../model/index.ts';
import { golangImageOf, loadsLocalModule, seesBuildContext, moduleVersion, toolchainPolicy, variantIsStable, versionSpot, type GolangImage, type VersionSpot } from './rule-go-image.ts';

/**
 * Since Go 1.21 the go.mod `go` line is a minimum, and the official golang images set
 * GOTOOLCHAIN=local, so a builder older than the go line stops with "go.mod requires go >= …".
 */
export default defineRule({
  meta: {
    id: 'go-version-mismatch',
    description: "The builder's Go version (image tag or the ARG that feeds it) is older than go.mod asks for.",
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      olderThanGoLine:
        '{{image}} has Go {{builder}}, but go.mod says `go {{required}}`. The golang images set GOTOOLCHAIN=local, so the build fails with "go.mod requires go >= {{required}}". Build with Go {{required}} or later.',
      olderThanGoLineAdvisory:
        '{{image}} has Go {{builder}}, older than go.mod\'s `go {{required}}`. Before Go 1.21 the go line is advisory: the build fails as soon as the code uses a newer language feature or standard library API. Build with Go {{required}} or later.',
      threePartGoLine:
        'go.mod says `go {{required}}`, a three-part version that Go {{builder}} rejects ("invalid go version": Go before 1.21 accepts only `go 1.N`). Build with Go 1.21 or later, or write `go {{twoPart}}`.',
      trailsToolchain:
        '{{image}} has Go {{builder}}, older than go.mod\'s `toolchain go{{toolchain}}`. That line is only a preference (the image builds with its own Go), but it is the version the module is developed with.',
    },
  },
  check({ model, goFacts, report }) {
    const goLine = parseGoVersion(goFacts?.goVersion);
    const toolchain = parseGoVersion(goFacts?.toolchainVersion);
    if (!goLine && !toolchain) return;
    const target = moduleVersion(goFacts)!;
    const reported = new Set<number>();
    for (const stage of model.stages) {
      const image = golangImageOf(stage);
      if (!image?.version) continue;
      const commands = stageGoCommands(stage).filter((c) => loadsLocalModule(c) && seesBuildContext(c));
      if (commands.length === 0) continue;
      // GOTOOLCHAIN=auto (or goX.Y.Z) downloads the toolchain go.mod asks for; unknown values are not judged.
      if (commands.some((c) => toolchainPolicy(c) !== 'local')) continue;
      const builder = image.version;
      // Go before 1.11 knows no modules at all: go.mod is not read.
      if (!imageProvides(builder, GO_111)) continue;
      const spot = versionSpot(model, image);
      const underline = spot ?? { start: image.root.imageToken!.start, end: image.root.imageToken!.end };
      if (reported.has(underline.start)) continue;
      const data = { image: image.ref, builder: builder.text, required: goLine?.text ?? '', toolchain: toolchain?.text ?? '' };
      const old = imageBefore121(builder);
      if (goLine && !imageProvides(builder, goLine)) {
        reported.add(underline.start);
        const bump = bumpFix(model, image, spot, target, builder);
        report({
          messageId: old ? 'olderThanGoLineAdvisory' : 'olderThanGoLine',
          data,
          ...underline,
          severity: old ? 'warning' : 'error',
          ...(bump && variantIsStable(image.variant) ? { fix: bump } : bump ? { suggestions: [bump] } : {}),
        });
      } else if (goLine && old && goLine.parts === 3) {
        reported.add(underline.start);
        const bump = bumpFix(model, image, spot, imageBefore121(target) ? parseGoVersion('1.21')! : target, builder);
        report({
          messageId: 'threePartGoLine',
          data: { ...data, twoPart: `${goLine.major}.${goLine.minor}` },
          ...underline,
          ...(bump ? { suggestions: [bump] } : {}),
        });
      } else if (toolchain && !imageProvides(builder, toolchain)) {
        reported.add(underline.start);
        // The build works: moving to the preferred toolchain changes it, so it is only offered.
        const bump = bumpFix(model, image, spot, toolchain, builder);
        report({ messageId: 'trailsToolchain', data, ...underline, severity: 'hint', ...(bump ? { suggestions: [bump] } : {}) });
      }
    }
  },
});

const GO_111 = parseGoVersion('1.11')!;

/** Rewrites the tag's version (where it is written) to one that satisfies `target`, keeping the variant. */
function bumpFix(model: DockerfileModel, image: GolangImage, spot: VersionSpot | undefined, target: GoVersion, builder: GoVersion): FixProposal | undefined {
  // A digest pins the image: a new tag in front of it would change nothing.
  if (!spot || image.pinnedByDigest) return undefined;
  const version = tagVersionFor(target, builder);
  const where = spot.argName ? `ARG ${spot.argName}=${version}` : `golang:${version}${image.variant ? `-${image.variant}` : ''}`;
  return { title: `Build with Go ${version} (${where})`, edits: [replaceSpan(model.index, spot.start, spot.end, version)] };
}

