// GitLab Code Quality: a Code Climate JSON array, one issue per finding.
// https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
import * as path from 'node:path';
import type { Severity } from '../engine/index.ts';
import { displayRange, type FileReport, type FormatContext } from './report.ts';

export interface CodeQualityIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  fingerprint: string;
  location: { path: string; lines: { begin: number; end: number } };
}

const SEVERITY: Record<Severity, CodeQualityIssue['severity']> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

/** The path GitLab links to: relative to the working folder (the checkout), with forward slashes. */
function reportPath(report: FileReport, cwd: string): string {
  const relative = path.relative(cwd, report.path);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return (inside ? relative : report.path).split(path.sep).join('/');
}

/** A line's text without its indentation, trailing space or the exact spacing between words. */
export function normaliseLine(line: string | undefined): string {
  if (line === undefined) return '';
  return line
    .split(/[ \t\r]+/)
    .filter((word) => word !== '')
    .join(' ');
}

/**
 * A fingerprint that survives unrelated edits: the rule, the file, the finding's own line as text
 * (not its number) and which occurrence of that same line and rule it is. Inserting lines above a
 * finding keeps it; fixing it, or changing its line, makes it a new issue.
 */
export function fingerprint(ruleId: string, filePath: string, lineText: string, occurrence: number): string {
  // Loaded on first use, not at start-up: the other formats never need node:crypto.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(JSON.stringify([ruleId, filePath, lineText, occurrence])).digest('hex').slice(0, 32);
}

export function codeQualityIssues(reports: readonly FileReport[], context: FormatContext): CodeQualityIssue[] {
  const issues: CodeQualityIssue[] = [];
  for (const report of reports) {
    const file = reportPath(report, context.cwd);
    const seen = new Map<string, number>();
    // Split once per file: findings are many, lines are many.
    const lines = report.text?.split('\n') ?? [];
    for (const finding of report.findings) {
      const r = displayRange(finding);
      const lineText = normaliseLine(lines[finding.range.start.line]);
      const key = JSON.stringify([finding.ruleId, lineText]);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      issues.push({
        type: 'issue',
        check_name: finding.ruleId,
        description: `${finding.ruleId}: ${finding.message.replace(/\r?\n/g, ' ')}`,
        categories: ['Bug Risk'],
        severity: SEVERITY[finding.severity],
        fingerprint: fingerprint(finding.ruleId, file, lineText, occurrence),
        location: { path: file, lines: { begin: r.line, end: r.endLine } },
      });
    }
  }
  return issues;
}

export function formatGitlab(reports: readonly FileReport[], context: FormatContext): string {
  return JSON.stringify(codeQualityIssues(reports, context), null, 2) + '\n';
}
