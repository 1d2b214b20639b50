import type { Severity } from '../engine/index.ts';
import { displayRange, type FileReport } from './report.ts';

const COUNT_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

function countLabel(severity: Severity, count: number): string {
  // "info" reads as a mass noun; the others take a plural.
  const noun = severity === 'info' || count === 1 ? severity : `${severity}s`;
  return `${count} ${noun}`;
}

/** "3 problems (1 error, 2 warnings)", or an empty string when there is nothing to report. */
export function summaryLine(reports: readonly FileReport[]): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let total = 0;
  for (const report of reports) {
    for (const finding of report.findings) {
      counts[finding.severity]++;
      total++;
    }
  }
  if (total === 0) return '';
  const parts = COUNT_ORDER.filter((s) => counts[s] > 0).map((s) => countLabel(s, counts[s]));
  return `${total} ${total === 1 ? 'problem' : 'problems'} (${parts.join(', ')})`;
}

/** One line per finding, `path:line:col: severity rule-id message`, then a summary line. */
export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const finding of report.findings) {
      const { line, column } = displayRange(finding);
      const message = finding.message.replace(/\r?\n/g, ' ');
      lines.push(`${report.displayPath}:${line}:${column}: ${finding.severity} ${finding.ruleId} ${message}`);
    }
  }
  const summary = summaryLine(reports);
  if (summary) lines.push(summary);
  return lines.length ? lines.join('\n') + '\n' : '';
}
