// The rule registry: every rule, explicitly, sorted by id.
import type { RuleModule } from '../rule.ts';
import alpineCgo from './alpine-cgo.ts';
import buildCacheMounts from './build-cache-mounts.ts';
import cgoNotDisabled from './cgo-not-disabled.ts';
import missingCaCertificates from './missing-ca-certificates.ts';
import missingDockerignore from './missing-dockerignore.ts';
import missingTzdata from './missing-tzdata.ts';
import moduleCacheOrder from './module-cache-order.ts';
import rootUser from './root-user.ts';
import scratchShellForm from './scratch-shell-form.ts';
import singleStage from './single-stage.ts';
import stripSymbols from './strip-symbols.ts';
import trimpath from './trimpath.ts';

export const rules: readonly RuleModule[] = [
  alpineCgo,
  buildCacheMounts,
  cgoNotDisabled,
  missingCaCertificates,
  missingDockerignore,
  missingTzdata,
  moduleCacheOrder,
  rootUser,
  scratchShellForm,
  singleStage,
  stripSymbols,
  trimpath,
];
const byId = new Map(rules.map((r) => [r.meta.id, r]));

export function ruleById(id: string): RuleModule | undefined {
  return byId.get(id);
}
