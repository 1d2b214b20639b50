// The GitHub Action (action.yml at the repository root runs dist/action.js): the CLI's lint, with
// inputs from INPUT_* variables, annotations or a SARIF file, and outputs through $GITHUB_OUTPUT.
// It lints in-process with the CLI's own code, so one run gives the annotations, the SARIF file and
// the counts together.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Severity } from '../engine/index.ts';
import { parseLintArgs } from './args.ts';
import { CliError, EXIT_ERROR, messageOf } from './errors.ts';
import { FORMATS, FORMATTERS, type FormatName } from './format.ts';
import { formatSarif } from './format-sarif.ts';
import { lintAll, lintExitCode } from './lint.ts';
import type { Output } from './output.ts';

export const ACTION_INPUTS = ['paths', 'format', 'failure-threshold', 'sarif-file'] as const;
export const ACTION_OUTPUTS = ['findings', 'errors', 'warnings', 'sarif-file', 'exit-code'] as const;
/** Where `format: sarif` writes when `sarif-file` is not set. */
export const DEFAULT_SARIF_FILE = 'go-dockerfile.sarif';

/** What the action needs from its process; tests pass their own. */
export interface ActionEnvironment {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout(text: string): void;
  toolVersion: string;
}

/** An input as the Actions runner passes it: INPUT_<NAME> with spaces as underscores, upper-cased (hyphens stay). */
export function actionInput(env: ActionEnvironment['env'], name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** `paths`: one path per line (a line is taken whole, so names with spaces work); default `.`. */
export function actionPaths(value: string): string[] {
  const paths = value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return paths.length > 0 ? paths : ['.'];
}

/** Escapes a workflow command's message (%, CR, LF). */
function commandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Appends `name=value` lines to the $GITHUB_OUTPUT file (values here are single-line). */
function writeOutputs(file: string | undefined, outputs: Record<string, string>): void {
  if (!file) return;
  fs.appendFileSync(file, Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));
}

function summaryMarkdown(counts: Record<Severity, number>, files: number, failed: number, sarifFile: string | undefined): string {
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const lines = [
    '### go-dockerfile',
    '',
    total === 0 ? `No problems in ${files} Dockerfile${files === 1 ? '' : 's'}.` : `${total} problem${total === 1 ? '' : 's'} in ${files} Dockerfile${files === 1 ? '' : 's'}.`,
    '',
    '| errors | warnings | info | hints |',
    '| --- | --- | --- | --- |',
    `| ${counts.error} | ${counts.warning} | ${counts.info} | ${counts.hint} |`,
  ];
  if (failed > 0) lines.push('', `${failed} path${failed === 1 ? '' : 's'} could not be linted (see the log).`);
  if (sarifFile) lines.push('', `SARIF: \`${sarifFile}\``);
  return lines.join('\n') + '\n';
}

/** Runs the action; returns the process exit code (0 clean, 1 findings at the threshold, 2 errors). */
export async function runAction(environment: ActionEnvironment): Promise<number> {
  const { env, cwd } = environment;
  // Problems go to the log as error annotations, which the job page shows.
  const error = (message: string) => environment.stdout(`::error title=go-dockerfile::${commandData(message)}\n`);
  const output: Output = {
    toolVersion: environment.toolVersion,
    out: (text) => environment.stdout(text),
    info: (message) => environment.stdout(`${message}\n`),
    warn: (message) => environment.stdout(`::warning title=go-dockerfile::${commandData(message)}\n`),
    error,
  };
  try {
    const format = actionInput(env, 'format') || 'github';
    if (!(FORMATS as readonly string[]).includes(format)) throw new CliError(`input 'format' must be one of ${FORMATS.join(', ')} (got '${format}')`);
    const threshold = actionInput(env, 'failure-threshold') || 'warning';
    let sarifFile = actionInput(env, 'sarif-file') || undefined;
    if (format === 'sarif') sarifFile ??= DEFAULT_SARIF_FILE;
    // The CLI's own parser checks the values; folders are searched recursively.
    const args = parseLintArgs('lint', ['--recursive', '--failure-threshold', threshold, '--', ...actionPaths(actionInput(env, 'paths'))]);

    const run = await lintAll(args, cwd, output);
    const context = { cwd, toolVersion: environment.toolVersion };
    // The log shows the annotations (github) or the chosen format; SARIF goes to its file, with a text summary in the log.
    const shown: FormatName = format === 'sarif' ? 'text' : (format as FormatName);
    environment.stdout(FORMATTERS[shown](run.reports, context));
    if (sarifFile) {
      const target = path.resolve(cwd, sarifFile);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, formatSarif(run.reports, context));
      environment.stdout(`go-dockerfile: SARIF written to ${sarifFile}\n`);
    }

    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const report of run.reports) for (const finding of report.findings) counts[finding.severity]++;
    const exitCode = lintExitCode(run, args.failureThreshold);
    writeOutputs(env.GITHUB_OUTPUT, {
      findings: String(counts.error + counts.warning + counts.info + counts.hint),
      errors: String(counts.error),
      warnings: String(counts.warning),
      'sarif-file': sarifFile ?? '',
      'exit-code': String(exitCode),
    });
    if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, summaryMarkdown(counts, run.reports.length, run.failedFiles, sarifFile));
    return exitCode;
  } catch (caught) {
    error(caught instanceof CliError ? caught.message.replace(/ Run 'go-dockerfile lint --help' for usage\.$/, '') : `internal error: ${messageOf(caught)}`);
    writeOutputs(env.GITHUB_OUTPUT, { 'exit-code': String(EXIT_ERROR) });
    return EXIT_ERROR;
  }
}
