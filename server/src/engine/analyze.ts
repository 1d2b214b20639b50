// analyze(text, options) → Finding[]: build the model once, run every enabled rule, apply
// suppressions and severity overrides. Never throws: a failing rule is skipped, not fatal.
import { buildModel } from './model/index.ts';
import { formatMessage } from './rule.ts';
import type { Report } from './rule.ts';
import { rules } from './rules/index.ts';
import { isSuppressed, readSuppressions } from './suppression.ts';
import type { AnalyzeOptions, Finding } from './types.ts';

export function analyze(text: string, options: AnalyzeOptions = {}): Finding[] {
  // Recipes behind `make`/scripts are read into the RUNs that call them.
  const model = buildModel(typeof text === 'string' ? text : '', { recipes: options.goFacts?.recipes });
  if (model.stages.length === 0) return [];
  const suppressions = readSuppressions(model);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = options.rules?.[rule.meta.id];
    if (setting === 'off') continue;
    const reports: Report[] = [];
    try {
      rule.check({ model, goFacts: options.goFacts, report: (r) => reports.push(r) });
    } catch {
      // A rule bug must not take the editor down; the RuleTester calls rules directly and sees it.
      continue;
    }
    for (const r of reports) {
      if (isSuppressed(model, suppressions, rule.meta.id, r.start)) continue;
      const data = r.data ?? {};
      const template = rule.meta.messages[r.messageId];
      findings.push({
        ruleId: rule.meta.id,
        severity: setting ?? r.severity ?? rule.meta.defaultSeverity,
        messageId: r.messageId,
        data,
        message: template === undefined ? r.messageId : formatMessage(template, data),
        range: model.index.range(r.start, r.end),
        ...(r.fix ? { fix: r.fix } : {}),
        ...(r.suggestions && r.suggestions.length > 0 ? { suggestions: r.suggestions } : {}),
      });
    }
  }
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
}
