// analyze(text, options) → Finding[]: build the model once, run every enabled rule, apply
// suppressions and severity overrides. Never throws: a rule that throws loses its findings for
// this text, the others keep theirs, and options.onRuleError hears about it.
import { inAnalysis } from './analysis-memo.ts';
import { buildModel } from './model/index.ts';
import type { DockerfileModel } from './model/index.ts';
import { formatMessage } from './rule.ts';
import type { Report } from './rule.ts';
import { rules } from './rules/index.ts';
import { isSuppressed, readSuppressions } from './suppression.ts';
import type { AnalyzeOptions, Finding } from './types.ts';

export function analyze(text: string, options: AnalyzeOptions = {}): Finding[] {
  // Recipes behind `make`/scripts are read into the RUNs that call them.
  return analyzeModel(buildModel(typeof text === 'string' ? text : '', { recipes: options.goFacts?.recipes }), options);
}

/**
 * analyze() on a model already built (the server keeps one per document version for its code
 * actions): build it with the same recipes, `buildModel(text, { recipes: options.goFacts?.recipes })`.
 */
export function analyzeModel(model: DockerfileModel, options: AnalyzeOptions = {}): Finding[] {
  if (model.stages.length === 0) return [];
  return inAnalysis(() => runRules(model, options));
}

function runRules(model: DockerfileModel, options: AnalyzeOptions): Finding[] {
  const suppressions = readSuppressions(model);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = options.rules?.[rule.meta.id];
    if (setting === 'off') continue;
    const reports: Report[] = [];
    try {
      rule.check({ model, goFacts: options.goFacts, report: (r) => reports.push(r) });
    } catch (error) {
      // A rule bug must not take the editor down, nor pass unnoticed: the shells log it, tests fail.
      options.onRuleError?.(rule.meta.id, error);
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
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || byRuleId(a.ruleId, b.ruleId));
}

// Findings at the same place are ordered by rule id as localeCompare orders them: the ids are ranked
// once, since comparing through the collator for every tie was a visible cost on files with many findings.
// For kebab-case ids ([a-z0-9-], test/unit/meta.test.ts) that order is code-point order, so the
// ranking needs no collator: the first localeCompare of a process sets one up (~6 ms of each CLI run).
const ruleRank = new Map(
  rules
    .map((r) => r.meta.id)
    .sort()
    .map((id, i) => [id, i]),
);

function byRuleId(a: string, b: string): number {
  const ra = ruleRank.get(a);
  const rb = ruleRank.get(b);
  return ra !== undefined && rb !== undefined ? ra - rb : a.localeCompare(b);
}
