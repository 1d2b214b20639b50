import { parseGraphArgs, parseInitArgs, parseLintArgs } from './args.ts';
import { CliError, EXIT_ERROR, EXIT_OK, messageOf } from './errors.ts';
import { FIX_HELP, GRAPH_HELP, INIT_HELP, LINT_HELP, MAIN_HELP } from './help.ts';
import { runGraph } from './graph.ts';
import { runInit } from './init.ts';
import { runLint } from './lint.ts';
import { RULES_HELP, runRules } from './rules-command.ts';
import type { Output } from './output.ts';

const COMMAND_HELP: Record<string, string> = { lint: LINT_HELP, fix: FIX_HELP, init: INIT_HELP, graph: GRAPH_HELP, rules: RULES_HELP };

async function dispatch(argv: string[], cwd: string, output: Output): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      output.error(`missing command.\n\n${MAIN_HELP.trimEnd()}`);
      return EXIT_ERROR;
    case '-h':
    case '--help':
      output.out(MAIN_HELP);
      return EXIT_OK;
    case 'help': {
      const topic = rest[0];
      if (topic === undefined) output.out(MAIN_HELP);
      else if (COMMAND_HELP[topic]) output.out(COMMAND_HELP[topic]);
      else throw new CliError(`unknown command '${topic}'. Commands: lint, fix, init, graph, rules`);
      return EXIT_OK;
    }
    case '-v':
    case '--version':
      output.out(`${output.toolVersion}\n`);
      return EXIT_OK;
    case 'lint':
    case 'fix': {
      const args = parseLintArgs(command, rest);
      if (args.help) {
        output.out(COMMAND_HELP[command]);
        return EXIT_OK;
      }
      return runLint(args, cwd, output);
    }
    case 'rules':
      return runRules(rest, output);
    case 'init': {
      const args = parseInitArgs(rest);
      if (args.help) {
        output.out(INIT_HELP);
        return EXIT_OK;
      }
      return runInit(args, cwd, output);
    }
    case 'graph': {
      const args = parseGraphArgs(rest);
      if (args.help) {
        output.out(GRAPH_HELP);
        return EXIT_OK;
      }
      return runGraph(args, cwd, output);
    }
    default:
      if (command.startsWith('-')) throw new CliError(`unknown option '${command}'. Run 'go-dockerfile --help' for usage.`);
      throw new CliError(`unknown command '${command}'. Commands: lint, fix, init, graph, rules. Run 'go-dockerfile --help' for usage.`);
  }
}

/** Runs one CLI invocation and returns its exit code. Errors become one line on stderr and exit code 2. */
export async function runCli(argv: string[], cwd: string, output: Output): Promise<number> {
  try {
    return await dispatch(argv, cwd, output);
  } catch (error) {
    output.error(error instanceof CliError ? error.message : `internal error: ${messageOf(error)}`);
    return EXIT_ERROR;
  }
}
