// analyze and fixAll for tests: a rule that throws fails the test, where the engine itself would
// drop that rule's findings and carry on (which keeps the editor alive, but hides the bug).
// Unit tests import analyze/fixAll from here rather than from the engine.
import { analyze as engineAnalyze, fixAll as engineFixAll } from '../server/src/engine/index.ts';
import type { AnalyzeOptions, Finding, FixAllResult } from '../server/src/engine/index.ts';

export function failOnRuleError(ruleId: string, error: unknown): never {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  throw new Error(`rule ${ruleId} threw while analysing: ${message}`, { cause: error });
}

export function analyze(text: string, options: AnalyzeOptions = {}): Finding[] {
  return engineAnalyze(text, { ...options, onRuleError: failOnRuleError });
}

export function fixAll(text: string, options: AnalyzeOptions = {}, maxPasses?: number): FixAllResult {
  return engineFixAll(text, { ...options, onRuleError: failOnRuleError }, maxPasses);
}
