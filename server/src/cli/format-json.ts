import { displayRange, type FileReport } from './report.ts';

/** One flat record per finding; positions are 1-based like the text output. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
  message: string;
  /** Whether `go-dockerfile fix` would change something for this finding. */
  fixable: boolean;
}

export function formatJson(reports: readonly FileReport[]): string {
  const records: JsonFinding[] = [];
  for (const report of reports) {
    for (const finding of report.findings) {
      records.push({
        file: report.displayPath,
        ...displayRange(finding),
        ruleId: finding.ruleId,
        severity: finding.severity,
        message: finding.message,
        fixable: finding.fix !== undefined,
      });
    }
  }
  return JSON.stringify(records, null, 2) + '\n';
}
