// `go-dockerfile graph`: prints the build graph of one Dockerfile as Mermaid, DOT or JSON, with the
// findings of the same lint attached to the stages they are on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../engine/index.ts';
import { buildGraph } from '../engine/build-graph.ts';
import { nodeProjectRoot } from '../config/node.ts';
import type { GraphArgs } from './args.ts';
import { ConfigResolver } from './config.ts';
import { discoverDockerfiles } from './discover.ts';
import { CliError, EXIT_OK, messageOf } from './errors.ts';
import { cliFactsCache, cliGoFacts } from './facts.ts';
import { assertInsideRoot, readDockerfile } from './files.ts';
import { formatGraph } from './format-graph.ts';
import type { Output } from './output.ts';
import { displayPath } from './paths.ts';

export async function runGraph(args: GraphArgs, cwd: string, output: Output): Promise<number> {
  const label = (file: string) => displayPath(file, cwd);
  if (args.path === undefined && !fs.existsSync(path.join(cwd, 'Dockerfile'))) {
    throw new CliError(`Dockerfile: no such file or directory (name the Dockerfile to draw: go-dockerfile graph <file>)`);
  }
  const { files, problems } = discoverDockerfiles([args.path ?? 'Dockerfile'], cwd, false, label);
  if (problems.length > 0) throw new CliError(problems[0]);
  if (files.length > 1) {
    throw new CliError(`graph: ${args.path} holds several Dockerfiles (${files.map(label).join(', ')}); name one`);
  }
  const file = files[0];
  // The project root bounds what is read: the Dockerfile, and the config file looked for up to it.
  const root = nodeProjectRoot(file, { fallback: cwd });
  assertInsideRoot(file, label(file), root, () => displayPath(root, cwd));
  const source = readDockerfile(file, label(file));
  const configs = new ConfigResolver(label, (message) => output.warn(message));
  const config = await configs.forDockerfile(file, root);
  // Draw without Go facts rather than not at all; only findings that need them go missing.
  const goFacts = await cliGoFacts(cliFactsCache(cwd, configs, output), file, source.text, label(file), output);
  const findings = analyze(source.text, {
    goFacts,
    rules: config?.settings.rules ?? {},
    // A rule bug costs its findings on the graph, not silently: one warning line per rule.
    onRuleError: (ruleId, error) => output.warn(`${label(file)}: rule ${ruleId} failed, so its findings are missing (a bug; please report it): ${messageOf(error)}`),
  });
  const graph = buildGraph(source.text, { target: args.target, findings });
  if (graph.target.node === null) throw new CliError(`${label(file)}: no FROM instruction, so no stage to draw`);
  if (!graph.target.found) {
    const known = graph.targets.length > 0 ? `; named stages: ${graph.targets.join(', ')}` : '; no stage has a name (FROM … AS <name>)';
    throw new CliError(`graph: ${label(file)} has no stage named '${args.target}'${known}`);
  }
  output.out(formatGraph(graph, args.format));
  return EXIT_OK;
}
