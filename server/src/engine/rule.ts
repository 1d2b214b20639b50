// What a rule module looks like, and the context it checks with.
import type { DockerfileModel } from './model/index.ts';
import type { FixProposal, GoFacts, Range, Severity } from './types.ts';

export interface RuleMeta {
  /** Stable kebab-case id: public API, never renamed or reused. */
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** Whether the rule offers a preferred fix (applied by fix-all and the CLI's --fix). */
  fixable: boolean;
  /** Message templates by id; `{{name}}` is replaced by report data. */
  messages: Record<string, string>;
}

export interface Report {
  messageId: string;
  data?: Record<string, string>;
  /** Document offsets of the token to underline. */
  start: number;
  end: number;
  /** Overrides the default severity for this finding (e.g. error when the image cannot start). */
  severity?: Severity;
  fix?: FixProposal;
  suggestions?: FixProposal[];
}

export interface RuleContext {
  model: DockerfileModel;
  goFacts?: GoFacts;
  report(report: Report): void;
}

export interface RuleModule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export function defineRule(rule: RuleModule): RuleModule {
  return rule;
}

export function formatMessage(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => data[key] ?? `{{${key}}}`);
}

export type { Range };
