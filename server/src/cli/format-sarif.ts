import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules, type Severity } from '../engine/index.ts';
import { displayRange, type FileReport, type FormatContext } from './report.ts';

// The subset of SARIF 2.1.0 that go-dockerfile emits.
type SarifLevel = 'error' | 'warning' | 'note';

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }>;
}

interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: SarifRule[] } };
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }>;
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/**
 * A relative URI for files below the working directory (what code-scanning uploads expect),
 * an absolute file URI otherwise. Each segment is percent-encoded so spaces and `#` stay valid.
 */
export function artifactUri(filePath: string, cwd: string): string {
  const relative = path.relative(cwd, filePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return pathToFileURL(filePath).href;
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}

export function formatSarif(reports: readonly FileReport[], context: FormatContext): string {
  // The rule's docs page is a relative path; SARIF's helpUri must be an absolute URI, so it goes in help.text.
  const sarifRules: SarifRule[] = rules.map((rule) => ({
    id: rule.meta.id,
    shortDescription: { text: rule.meta.description },
    help: { text: `${rule.meta.description} See docs/rules/${rule.meta.id}.md` },
    defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
  }));
  const ruleIndex = new Map(sarifRules.map((rule, index) => [rule.id, index]));

  const results: SarifResult[] = [];
  for (const report of reports) {
    const uri = artifactUri(report.path, context.cwd);
    for (const finding of report.findings) {
      const r = displayRange(finding);
      const index = ruleIndex.get(finding.ruleId);
      results.push({
        ruleId: finding.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
            },
          },
        ],
      });
    }
  }

  const log: SarifLog = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'go-dockerfile', version: context.toolVersion, rules: sarifRules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
