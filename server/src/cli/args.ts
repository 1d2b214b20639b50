import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ruleById, rules, type Severity, type SeveritySetting } from '../engine/index.ts';
import { isSeveritySetting, SEVERITY_SETTINGS } from './config.ts';
import { CliError } from './errors.ts';
import { FORMATS, isFormatName, type FormatName } from './format.ts';
import { GRAPH_FORMATS, isGraphFormat, type GraphFormat } from './format-graph.ts';

export type FailureThreshold = Severity | 'none';
const FAILURE_THRESHOLDS: readonly FailureThreshold[] = ['error', 'warning', 'info', 'hint', 'none'];

export const FINAL_IMAGES = ['distroless', 'scratch', 'alpine'] as const;
export type FinalImage = (typeof FINAL_IMAGES)[number];

export interface LintArgs {
  help: boolean;
  paths: string[];
  format: FormatName;
  ruleOverrides: Record<string, SeveritySetting>;
  failureThreshold: FailureThreshold;
  fix: boolean;
  dryRun: boolean;
  recursive: boolean;
  /** `--stdin-filename`: the path a Dockerfile read from standard input (`-`) stands for. */
  stdinFilename?: string;
  /** `--config`: this config file instead of the nearest .go-dockerfile.json. */
  configFile?: string;
  /** `--context`: the build context of every Dockerfile linted, instead of its `contexts` entry or folder. */
  context?: string;
}

export interface GraphArgs {
  help: boolean;
  /** The Dockerfile (or a folder holding one); undefined: ./Dockerfile. */
  path?: string;
  format: GraphFormat;
  target?: string;
}

export interface InitArgs {
  help: boolean;
  dir: string;
  main?: string;
  final?: FinalImage;
  force: boolean;
  stdout: boolean;
  /** Every program in one image (`--all`), or one build target per program (`--targets`). */
  layout?: 'all-in-one' | 'per-target';
}

/** parseArgs with one-line messages: its own mention how to pass positionals after `--`, which is noise here. */
function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    const flag = /(--[\w-]+)/.exec(message)?.[1];
    let reason = message.split('. ')[0].replace(/\.$/, '');
    if (unknown) reason = `unknown option '${unknown[1]}'`;
    else if (flag && /argument missing/.test(message)) reason = `option '${flag}' needs a value`;
    else if (flag && /does not take an argument/.test(message)) reason = `option '${flag}' takes no value`;
    throw new CliError(`${command}: ${reason}. Run 'go-dockerfile ${command} --help' for usage.`);
  }
}

function oneOf<T extends string>(command: string, flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`${command}: ${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}

/** `--rule id=severity`, checked against the registry so a typo fails loudly. */
function parseRuleOverride(command: string, spec: string): [string, SeveritySetting] {
  const eq = spec.indexOf('=');
  const id = eq < 0 ? spec : spec.slice(0, eq).trim();
  const severity = eq < 0 ? '' : spec.slice(eq + 1).trim();
  if (eq < 0 || !id) throw new CliError(`${command}: --rule expects <id>=<severity>, e.g. --rule single-stage=off (got '${spec}')`);
  if (!ruleById(id)) {
    throw new CliError(`${command}: unknown rule '${id}'. Known rules: ${rules.map((rule) => rule.meta.id).join(', ')}`);
  }
  if (!isSeveritySetting(severity)) {
    throw new CliError(`${command}: --rule ${id}: severity must be one of ${SEVERITY_SETTINGS.join(', ')} (got '${severity}')`);
  }
  return [id, severity];
}

const LINT_DEFAULTS: LintArgs = {
  help: false,
  paths: [],
  format: 'text',
  ruleOverrides: {},
  failureThreshold: 'warning',
  fix: false,
  dryRun: false,
  recursive: false,
};

export function parseLintArgs(command: 'lint' | 'fix', argv: string[]): LintArgs {
  const { values, positionals } = parse(command, argv, {
    format: { type: 'string', short: 'f' },
    rule: { type: 'string', multiple: true },
    'failure-threshold': { type: 'string' },
    recursive: { type: 'boolean', short: 'r' },
    'dry-run': { type: 'boolean' },
    ignore: { type: 'string', multiple: true },
    config: { type: 'string', short: 'c' },
    context: { type: 'string' },
    'stdin-filename': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    // Accepted by `fix` too, where it changes nothing.
    fix: { type: 'boolean' },
  } as const);
  if (values.help === true) return { ...LINT_DEFAULTS, help: true };
  const fix = command === 'fix' || values.fix === true;
  const dryRun = values['dry-run'] === true;
  if (dryRun && !fix) throw new CliError(`lint: --dry-run only makes sense with --fix (or use 'go-dockerfile fix --dry-run')`);
  if (dryRun && values.format !== undefined) throw new CliError(`${command}: --dry-run prints a diff; it cannot be combined with --format`);

  const format = values.format ?? 'text';
  if (!isFormatName(format)) throw new CliError(`${command}: --format must be one of ${FORMATS.join(', ')} (got '${format}')`);

  const ruleOverrides: Record<string, SeveritySetting> = {};
  for (const spec of values.rule ?? []) {
    const [id, severity] = parseRuleOverride(command, spec);
    ruleOverrides[id] = severity;
  }
  // --ignore <id> is --rule <id>=off, and wins over a --rule for the same id.
  for (const id of values.ignore ?? []) {
    if (!ruleById(id)) throw new CliError(`${command}: --ignore: unknown rule '${id}'. Known rules: ${rules.map((rule) => rule.meta.id).join(', ')}`);
    ruleOverrides[id] = 'off';
  }
  const stdinCount = positionals.filter((p) => p === '-').length;
  if (stdinCount > 1) throw new CliError(`${command}: standard input ('-') can be given only once`);
  const stdinFilename = values['stdin-filename'];
  if (stdinFilename !== undefined && stdinCount === 0) {
    throw new CliError(`${command}: --stdin-filename names the Dockerfile read from standard input; pass '-' to read it`);
  }
  if (stdinFilename === '') throw new CliError(`${command}: --stdin-filename needs a path`);
  if (stdinCount > 0 && fix && !dryRun && positionals.length > 1) {
    throw new CliError(`${command}: fixing standard input prints the fixed Dockerfile on stdout, so '-' cannot be combined with other paths`);
  }
  for (const [flag, value] of [['--config', values.config], ['--context', values.context]] as const) {
    if (value === '') throw new CliError(`${command}: ${flag} needs a path`);
  }
  return {
    help: false,
    paths: positionals,
    format,
    ruleOverrides,
    failureThreshold: oneOf(command, '--failure-threshold', values['failure-threshold'] ?? 'warning', FAILURE_THRESHOLDS),
    fix,
    dryRun,
    recursive: values.recursive === true,
    ...(stdinFilename === undefined ? {} : { stdinFilename }),
    ...(values.config === undefined ? {} : { configFile: values.config }),
    ...(values.context === undefined ? {} : { context: values.context }),
  };
}

export function parseInitArgs(argv: string[]): InitArgs {
  const { values, positionals } = parse('init', argv, {
    main: { type: 'string' },
    final: { type: 'string' },
    force: { type: 'boolean' },
    stdout: { type: 'boolean' },
    all: { type: 'boolean' },
    targets: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const);
  if (values.help === true) return { help: true, dir: '.', force: false, stdout: false };
  if (positionals.length > 1) throw new CliError(`init: expected at most one folder, got ${positionals.length}`);
  if (values.all === true && values.targets === true) throw new CliError('init: --all and --targets exclude each other');
  const args: InitArgs = {
    help: false,
    dir: positionals[0] ?? '.',
    main: values.main,
    final: values.final === undefined ? undefined : oneOf('init', '--final', values.final, FINAL_IMAGES),
    force: values.force === true,
    stdout: values.stdout === true,
  };
  if (values.all === true) args.layout = 'all-in-one';
  if (values.targets === true) args.layout = 'per-target';
  return args;
}

export function parseGraphArgs(argv: string[]): GraphArgs {
  const { values, positionals } = parse('graph', argv, {
    format: { type: 'string', short: 'f' },
    target: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const);
  if (values.help === true) return { help: true, format: 'mermaid' };
  if (positionals.length > 1) throw new CliError(`graph: expected one Dockerfile, got ${positionals.length}`);
  const format = values.format ?? 'mermaid';
  if (!isGraphFormat(format)) throw new CliError(`graph: --format must be one of ${GRAPH_FORMATS.join(', ')} (got '${format}')`);
  if (values.target !== undefined && values.target.trim() === '') throw new CliError(`graph: --target needs a stage name`);
  return { help: false, path: positionals[0], format, target: values.target };
}
