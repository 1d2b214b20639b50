// "Generate the recommended Dockerfile for <module>": offered as a CodeLens and a quick fix on an
// empty Dockerfile inside a Go module, to clients that have the generate command. The command
// itself (client side) asks the server for the content and writes it into that Dockerfile.
import { CodeActionKind, type CodeAction, type CodeLens } from 'vscode-languageserver';
import type { GoFacts } from '../engine/index.ts';
import { basenameOf } from '../files/index.ts';
import { GENERATE_COMMAND, type GenerateCommandOptions } from './protocol.ts';

/** Nothing but blanks (and a BOM): a Dockerfile just created, waiting for content. */
export function isEmptyDockerfile(text: string): boolean {
  return /^\uFEFF?\s*$/.test(text);
}

function offerTitle(facts: GoFacts): string {
  const name = facts.modulePath || (facts.moduleDir ? basenameOf(facts.moduleDir) : 'this module');
  return `Generate the recommended Dockerfile for ${name}`;
}

function offerCommand(uri: string, facts: GoFacts | undefined): { title: string; command: string; arguments: [string, GenerateCommandOptions] } | undefined {
  if (!facts?.moduleDir) return undefined;
  return { title: offerTitle(facts), command: GENERATE_COMMAND, arguments: [uri, { recommended: true }] };
}

export function generateLenses(uri: string, text: string, facts: GoFacts | undefined): CodeLens[] {
  if (!isEmptyDockerfile(text)) return [];
  const command = offerCommand(uri, facts);
  return command ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command }] : [];
}

export function generateAction(uri: string, text: string, facts: GoFacts | undefined): CodeAction | undefined {
  if (!isEmptyDockerfile(text)) return undefined;
  const command = offerCommand(uri, facts);
  return command ? { title: command.title, kind: CodeActionKind.QuickFix, isPreferred: true, command } : undefined;
}
