import { analyze, fixAll, type AnalyzeOptions, type Finding, type GoFacts } from '../engine/index.ts';
import { GoFactsCache } from '../go/index.ts';
import type { LintArgs } from './args.ts';
import { ConfigResolver } from './config.ts';
import { unifiedDiff } from './diff.ts';
import { discoverDockerfiles } from './discover.ts';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, messageOf } from './errors.ts';
import { nodeProjectRoot } from '../config/node.ts';
import { encodeDockerfile, readDockerfile } from './files.ts';
import { FORMATTERS } from './format.ts';
import type { Output } from './output.ts';
import { displayPath } from './paths.ts';
import { compareFindings, SEVERITY_RANK, type FileReport } from './report.ts';
import { writeFileAtomic } from './write-file.ts';

interface LintContext {
  args: LintArgs;
  cwd: string;
  output: Output;
  facts: GoFactsCache;
  configs: ConfigResolver;
}

function goFactsFor(context: LintContext, file: string, label: string): GoFacts | undefined {
  try {
    return context.facts.factsFor(file);
  } catch (error) {
    // Lint without Go facts rather than not at all; the rules stay quiet about what they cannot know.
    context.output.warn(`${label}: could not read the Go workspace: ${messageOf(error)}`);
    return undefined;
  }
}

/** Lints (and with --fix, fixes) one file; the findings returned are those left in the file. */
function processFile(context: LintContext, file: string, label: string): Finding[] {
  const { args } = context;
  const source = readDockerfile(file, label);
  // The project root bounds what is read (the config file) and where a fix may write.
  const root = nodeProjectRoot(file, { fallback: context.cwd });
  const config = context.configs.forDockerfile(file, root);
  const options: AnalyzeOptions = {
    goFacts: goFactsFor(context, file, label),
    rules: { ...config?.settings.rules, ...args.ruleOverrides },
  };
  if (!args.fix) return analyze(source.text, options);

  const result = fixAll(source.text, options);
  if (result.text === source.text) return result.remaining;
  if (!source.validUtf8) throw new CliError(`${label}: not valid UTF-8; not rewriting it`);
  if (args.dryRun) {
    context.output.out(unifiedDiff(source.text, result.text, `a/${label}`, `b/${label}`));
  } else {
    writeFileAtomic(file, encodeDockerfile(result.text, source), label, { root, rootLabel: displayPath(root, context.cwd) });
    context.output.info(`${label}: fixed ${result.applied} ${result.applied === 1 ? 'problem' : 'problems'}`);
  }
  return result.remaining;
}

/** `go-dockerfile lint` and `go-dockerfile fix`. Returns the exit code. */
export function runLint(args: LintArgs, cwd: string, output: Output): number {
  const label = (file: string) => displayPath(file, cwd);
  const context: LintContext = {
    args,
    cwd,
    output,
    facts: new GoFactsCache(),
    configs: new ConfigResolver(label, (message) => output.warn(message)),
  };
  const { files, problems } = discoverDockerfiles(args.paths, cwd, args.recursive, label);
  // Folders that could not be searched are reported; the Dockerfiles found elsewhere are still linted.
  for (const problem of problems) output.error(problem);

  const reports: FileReport[] = [];
  let failedFiles = problems.length;
  // A broken config file fails every Dockerfile below it; say so once.
  const reported = new Set<string>();
  for (const file of files) {
    try {
      const findings = processFile(context, file, label(file)).sort(compareFindings);
      reports.push({ path: file, displayPath: label(file), findings });
    } catch (error) {
      // One bad file must not hide the results for the others.
      const message = error instanceof CliError ? error.message : `${label(file)}: internal error: ${messageOf(error)}`;
      if (!reported.has(message)) output.error(message);
      reported.add(message);
      failedFiles++;
    }
  }

  if (!args.dryRun) output.out(FORMATTERS[args.format](reports, { cwd, toolVersion: output.toolVersion }));

  if (failedFiles > 0) return EXIT_ERROR;
  if (args.failureThreshold === 'none') return EXIT_OK;
  const threshold = SEVERITY_RANK[args.failureThreshold];
  const failing = reports.some((report) => report.findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}
