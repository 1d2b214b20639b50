import type { Finding, Severity } from '../engine/index.ts';

/** The findings for one linted file, as the formatters see them. */
export interface FileReport {
  /** Absolute path of the file. */
  path: string;
  /** The path as printed: relative to the working directory when the file is below it. */
  displayPath: string;
  findings: Finding[];
  /** The text the findings are in (after fixes, with --fix): formatters that quote source lines read it. */
  text?: string;
}

/** What a formatter may need besides the findings. */
export interface FormatContext {
  cwd: string;
  toolVersion: string;
}

export type Formatter = (reports: readonly FileReport[], context: FormatContext) => string;

/** 1-based positions for display. Engine ranges are 0-based LSP ranges with an exclusive end. */
export interface DisplayRange {
  line: number;
  column: number;
  endLine: number;
  /** The column just after the last underlined character, as SARIF and GitHub expect. */
  endColumn: number;
}

export function displayRange(finding: Finding): DisplayRange {
  const { start, end } = finding.range;
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export const SEVERITY_RANK: Record<Severity, number> = { hint: 1, info: 2, warning: 3, error: 4 };

/** Document order, then rule id, so output is stable whatever order the rules ran in. */
export function compareFindings(a: Finding, b: Finding): number {
  const as = a.range.start;
  const bs = b.range.start;
  return as.line - bs.line || as.character - bs.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
