import type { Severity } from '../engine/index.ts';
import { displayRange, type FileReport } from './report.ts';

// GitHub Actions workflow commands know error, warning and notice.
const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** Escaping for the message part of a workflow command. */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also must not contain the `,` and `:` that delimit properties. */
function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=go-dockerfile(rule-id)::message` per finding. */
export function formatGithub(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const finding of report.findings) {
      const r = displayRange(finding);
      const properties = [
        `file=${escapeProperty(report.displayPath)}`,
        `line=${r.line}`,
        `col=${r.column}`,
        `endLine=${r.endLine}`,
        `endColumn=${r.endColumn}`,
        `title=${escapeProperty(`go-dockerfile(${finding.ruleId})`)}`,
      ];
      lines.push(`::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
