import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeModel, fixAll, type AnalyzeOptions, type FileCreation, type Finding } from '../engine/index.ts';
import { isWithinPath } from '../files/index.ts';
import type { GoFactsCache } from '../go/index.ts';
import type { LintArgs } from './args.ts';
import { ConfigResolver } from './config.ts';
import { cliFactsCache, cliGoFacts } from './facts.ts';
import { modelInputs, modelWithRecipes } from '../engine/build-inputs.ts';
import { unifiedDiff } from './diff.ts';
import { discoverDockerfiles } from './discover.ts';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, messageOf } from './errors.ts';
import { nodeProjectRoot } from '../config/node.ts';
import { assertInsideRoot, createFileExclusive, encodeDockerfile, type DockerfileText } from './files.ts';
import { FORMATTERS } from './format.ts';
import type { Output } from './output.ts';
import { displayPath } from './paths.ts';
import { compareFindings, SEVERITY_RANK, type FileReport } from './report.ts';
import { lintInputs, type LintInput } from './stdin-input.ts';
import { writeFileAtomic } from './write-file.ts';

interface LintContext {
  args: LintArgs;
  cwd: string;
  output: Output;
  facts: GoFactsCache;
  configs: ConfigResolver;
  /** `--context`, absolute. */
  context?: string;
  /** Rules already reported as failing: one warning line per rule per run. */
  failedRules: Set<string>;
}


/** Lints (and with --fix, fixes) one input; the findings returned are those left in it, with its final text. */
async function processFile(context: LintContext, input: LintInput): Promise<{ findings: Finding[]; source: DockerfileText; text: string }> {
  const { args } = context;
  const { path: file, label } = input;
  // The project root bounds what is read (the Dockerfile, the config file) and where a fix may write.
  const root = nodeProjectRoot(file, { fallback: context.cwd });
  if (!input.stdin) assertInsideRoot(file, label, root, () => displayPath(root, context.cwd));
  const source = input.read();
  const config = await context.configs.forDockerfile(file, root);
  const built = modelInputs(source.text);
  const options: AnalyzeOptions = {
    // The facts follow the build context (--context, or the config's `contexts`) and what the Dockerfile copies and runs.
    goFacts: await cliGoFacts(context.facts, file, source.text, label, context.output, built),
    rules: { ...config?.settings.rules, ...args.ruleOverrides },
    onRuleError: (ruleId, error) => {
      if (context.failedRules.has(ruleId)) return;
      context.failedRules.add(ruleId);
      context.output.warn(`${label}: rule ${ruleId} failed, so its findings are missing (a bug; please report it): ${messageOf(error)}`);
    },
  };
  if (!args.fix) return { findings: analyzeModel(modelWithRecipes(source.text, built, options.goFacts), options), source, text: source.text };

  const result = fixAll(source.text, options);
  // Files a fix creates (a .dockerignore) go beside a Dockerfile on disk, never for standard input.
  const created = input.stdin ? new Set<string>() : createFiles(context, file, result.creates, root);
  // A finding whose fix created its file is resolved, though the facts read before do not know it yet.
  const remaining = result.remaining.filter((f) => !(f.fix?.creates?.length && f.fix.creates.every((c) => created.has(c.path))));
  if (result.text === source.text) return { findings: remaining, source, text: result.text };
  if (!source.validUtf8) throw new CliError(`${label}: not valid UTF-8; not rewriting it`);
  if (args.dryRun) {
    context.output.out(unifiedDiff(source.text, result.text, `a/${label}`, `b/${label}`));
  } else if (!input.stdin) {
    // Standard input is not written anywhere: lintAll prints the fixed text.
    writeFileAtomic(file, encodeDockerfile(result.text, source), label, { root, rootLabel: displayPath(root, context.cwd) });
    context.output.info(`${label}: fixed ${result.applied} ${result.applied === 1 ? 'problem' : 'problems'}`);
  }
  return { findings: remaining, source, text: result.text };
}

/**
 * Writes the files the fixes create (a .dockerignore), relative paths from the Dockerfile's folder,
 * only inside the project root (its real path, so no symlink leads out). An existing file is kept;
 * --dry-run prints each as a new-file diff. Returns the paths handled.
 */
export function createFiles(context: Pick<LintContext, 'cwd' | 'output'> & { args: Pick<LintArgs, 'dryRun'> }, dockerfile: string, creates: readonly FileCreation[], root: string): Set<string> {
  const handled = new Set<string>();
  for (const creation of creates) {
    const target = path.resolve(path.dirname(dockerfile), creation.path);
    const label = displayPath(target, context.cwd);
    if (fs.existsSync(target)) continue;
    if (!insideRoot(path.dirname(target), root)) {
      context.output.warn(`${label}: outside the project root ${displayPath(root, context.cwd)}; not creating it`);
      continue;
    }
    if (context.args.dryRun) {
      context.output.out(unifiedDiff('', creation.text, '/dev/null', `b/${label}`));
      handled.add(creation.path);
      continue;
    }
    if (createFileExclusive(target, creation.text, label) === 'created') {
      context.output.info(`created ${label}`);
      handled.add(creation.path);
    }
  }
  return handled;
}

/** Whether a folder, symlinks resolved, is the root or inside it. */
function insideRoot(dir: string, root: string): boolean {
  try {
    return isWithinPath(fs.realpathSync.native(dir), fs.realpathSync.native(root));
  } catch {
    return false;
  }
}

/** The findings of every input, and how many inputs (or folders) could not be linted. */
export interface LintRun {
  reports: FileReport[];
  failedFiles: number;
}

/** Lints every input of `args`, reporting problems on stderr as it goes; prints nothing on stdout but fixes. */
export async function lintAll(args: LintArgs, cwd: string, output: Output): Promise<LintRun> {
  const label = (file: string) => displayPath(file, cwd);
  const configs = new ConfigResolver(label, (message) => output.warn(message), args.configFile);
  const contextArg = args.context !== undefined ? checkedContext(args.context, cwd) : undefined;
  const context: LintContext = {
    args,
    cwd,
    output,
    facts: cliFactsCache(cwd, configs, output, contextArg),
    configs,
    failedRules: new Set(),
  };
  if (contextArg !== undefined) context.context = contextArg;
  const { inputs, problems, warnings } = lintInputs(args, cwd, label, (paths) => discoverDockerfiles(paths, cwd, args.recursive, label));
  for (const warning of warnings) output.warn(warning);
  // Paths and folders that could not be searched are reported; the Dockerfiles found elsewhere are still linted.
  for (const problem of problems) output.error(problem);

  const reports: FileReport[] = [];
  let failedFiles = problems.length;
  // A broken config file fails every Dockerfile below it; say so once.
  const reported = new Set<string>();
  for (const input of inputs) {
    try {
      const { findings, source, text } = await processFile(context, input);
      reports.push({ path: input.path, displayPath: input.label, findings: findings.sort(compareFindings), text });
      // Fixing standard input prints the fixed Dockerfile, in its own shape (BOM, line endings).
      if (input.stdin && args.fix && !args.dryRun) output.out(encodeDockerfile(text, source).toString('utf8'));
    } catch (error) {
      // One bad file must not hide the results for the others.
      const message = error instanceof CliError ? error.message : `${input.label}: internal error: ${messageOf(error)}`;
      if (!reported.has(message)) output.error(message);
      reported.add(message);
      failedFiles++;
    }
  }
  return { reports, failedFiles };
}

/** 2 when something could not be linted, else 1 when a finding is at or above the threshold, else 0. */
export function lintExitCode(run: LintRun, failureThreshold: LintArgs['failureThreshold']): number {
  if (run.failedFiles > 0) return EXIT_ERROR;
  if (failureThreshold === 'none') return EXIT_OK;
  const threshold = SEVERITY_RANK[failureThreshold];
  const failing = run.reports.some((report) => report.findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

/** `go-dockerfile lint` and `go-dockerfile fix`. Returns the exit code. */
export async function runLint(args: LintArgs, cwd: string, output: Output): Promise<number> {
  const run = await lintAll(args, cwd, output);
  const stdinFixed = args.fix && !args.dryRun && args.paths.includes('-');
  const report = FORMATTERS[args.format](run.reports, { cwd, toolVersion: output.toolVersion });
  // With the fixed Dockerfile on stdout, what is left to report goes to stderr.
  if (stdinFixed) {
    if (report.trim()) output.info(report.trimEnd());
  }
  else if (!args.dryRun) output.out(report);
  return lintExitCode(run, args.failureThreshold);
}

function checkedContext(context: string, cwd: string): string {
  const full = path.resolve(cwd, context);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    throw new CliError(`--context ${context}: no such folder`);
  }
  if (!stat.isDirectory()) throw new CliError(`--context ${context}: not a folder`);
  return full;
}
