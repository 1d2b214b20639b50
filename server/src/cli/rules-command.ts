// `go-dockerfile rules`: every rule with its id, default severity, whether `fix` repairs it, and its docs page.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { rules, type Severity } from '../engine/index.ts';
import { CliError, EXIT_OK } from './errors.ts';
import type { Output } from './output.ts';
import { packageRoot } from './version.ts';

export interface RuleListing {
  id: string;
  description: string;
  defaultSeverity: Severity;
  fixable: boolean;
  /** The rule's page shipped with this installation (docs/rules/<id>.md), as a file URL. */
  docs: string;
}

export const RULES_HELP = `Usage: go-dockerfile rules [--format text|json]

List every rule: its id, default severity, whether 'go-dockerfile fix' repairs it, and its docs page.

Options:
  -f, --format <name>   text (default) or json
  -h, --help            Show this help
`;

export function ruleListing(root = packageRoot()): RuleListing[] {
  return rules
    .map((rule) => ({
      id: rule.meta.id,
      description: rule.meta.description,
      defaultSeverity: rule.meta.defaultSeverity,
      fixable: rule.meta.fixable,
      docs: pathToFileURL(path.join(root, 'docs', 'rules', `${rule.meta.id}.md`)).href,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function table(listing: readonly RuleListing[]): string {
  const header = ['RULE', 'SEVERITY', 'FIXABLE', 'DOCS'];
  const rows = listing.map((rule) => [rule.id, rule.defaultSeverity, rule.fixable ? 'yes' : 'no', rule.docs]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')).join('\n') + '\n';
}

export function runRules(argv: string[], output: Output): number {
  let values: { format?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('. ')[0] : String(error);
    throw new CliError(`rules: ${reason}. Run 'go-dockerfile rules --help' for usage.`);
  }
  if (values.help) {
    output.out(RULES_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new CliError(`rules: takes no arguments (got '${positionals[0]}')`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new CliError(`rules: --format must be one of text, json (got '${format}')`);
  const listing = ruleListing();
  output.out(format === 'json' ? JSON.stringify(listing, null, 2) + '\n' : table(listing));
  return EXIT_OK;
}
