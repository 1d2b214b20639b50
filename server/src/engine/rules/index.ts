// The rule registry: every rule, explicitly, sorted by id.
import type { RuleModule } from '../rule.ts';
import alpineCgo from './alpine-cgo.ts';
import binaryPathMismatch from './binary-path-mismatch.ts';
import buildCacheMounts from './build-cache-mounts.ts';
import cgoNotDisabled from './cgo-not-disabled.ts';
import cgoRequired from './cgo-required.ts';
import dockerignoreExcludesInput from './dockerignore-excludes-input.ts';
import emulatedBuild from './emulated-build.ts';
import goEnvTypo from './go-env-typo.ts';
import goGetInstall from './go-get-install.ts';
import goVersionMismatch from './go-version-mismatch.ts';
import hardcodedGoarch from './hardcoded-goarch.ts';
import missingCaCertificates from './missing-ca-certificates.ts';
import missingDockerignore from './missing-dockerignore.ts';
import missingTzdata from './missing-tzdata.ts';
import moduleCacheOrder from './module-cache-order.ts';
import rootUser from './root-user.ts';
import scratchShellForm from './scratch-shell-form.ts';
import singleStage from './single-stage.ts';
import stripSymbols from './strip-symbols.ts';
import trimpath from './trimpath.ts';
import undeclaredPlatformArg from './undeclared-platform-arg.ts';
import unpinnedGoImage from './unpinned-go-image.ts';

export const rules: readonly RuleModule[] = [
  alpineCgo,
  binaryPathMismatch,
  buildCacheMounts,
  cgoNotDisabled,
  cgoRequired,
  dockerignoreExcludesInput,
  emulatedBuild,
  goEnvTypo,
  goGetInstall,
  goVersionMismatch,
  hardcodedGoarch,
  missingCaCertificates,
  missingDockerignore,
  missingTzdata,
  moduleCacheOrder,
  rootUser,
  scratchShellForm,
  singleStage,
  stripSymbols,
  trimpath,
  undeclaredPlatformArg,
  unpinnedGoImage,
];

const byId = new Map(rules.map((r) => [r.meta.id, r]));

export function ruleById(id: string): RuleModule | undefined {
  return byId.get(id);
}
