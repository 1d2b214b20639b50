// The rule registry: every rule, explicitly, sorted by id.
import type { RuleModule } from '../rule.ts';
import alpineCgo from './alpine-cgo.ts';
import cgoNotDisabled from './cgo-not-disabled.ts';
import moduleCacheOrder from './module-cache-order.ts';
import singleStage from './single-stage.ts';

export const rules: readonly RuleModule[] = [alpineCgo, cgoNotDisabled, moduleCacheOrder, singleStage];

const byId = new Map(rules.map((r) => [r.meta.id, r]));

export function ruleById(id: string): RuleModule | undefined {
  return byId.get(id);
}
