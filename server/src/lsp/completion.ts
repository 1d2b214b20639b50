// FROM image-tag completion, answered here so that nothing reaches Docker Hub unless the user opts in.
// dockerfile-language-service fetches tags live whenever the cursor is inside a FROM image's tag range;
// we detect exactly that range with the same parser call (dockerfile-ast's getImageTagRange).

import type { DockerfileParser } from 'dockerfile-ast';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import type { GoFacts } from '../engine/index.ts';

export interface FromTagContext {
  /** Image name as dockerfile-ast reports it (registry stripped), e.g. "golang" or "library/golang". */
  imageName: string;
  /** The tag written so far (may be empty, e.g. `FROM golang:`). */
  tagRange: Range;
}

function inside(position: Position, range: Range): boolean {
  if (position.line < range.start.line || position.line > range.end.line) return false;
  if (position.line === range.start.line && position.character < range.start.character) return false;
  if (position.line === range.end.line && position.character > range.end.character) return false;
  return true;
}

let parser: typeof DockerfileParser | undefined;
/** dockerfile-ast, required on the first completion (the Node server takes it from dist/dockerfile.js), not at start-up. */
function dockerfileParser(): typeof DockerfileParser {
  return (parser ??= (require('dockerfile-ast') as typeof import('dockerfile-ast')).DockerfileParser);
}

/** The FROM image tag under the cursor, if any. */
export function fromTagContext(text: string, position: Position): FromTagContext | undefined {
  const dockerfile = dockerfileParser().parse(text);
  for (const from of dockerfile.getFROMs()) {
    if (!inside(position, from.getRange())) continue;
    const tagRange = from.getImageTagRange();
    if (tagRange && inside(position, tagRange)) return { imageName: from.getImageName() ?? '', tagRange };
  }
  return undefined;
}

export function isGolangImage(imageName: string): boolean {
  return imageName === 'golang' || imageName === 'library/golang';
}

interface ParsedGoVersion {
  majorMinor: string;
  full: string;
  /** A pre-release such as "1.23rc1": only that exact tag exists. */
  prerelease: boolean;
}

function parseGoVersion(version: string | undefined): ParsedGoVersion | undefined {
  if (!version) return undefined;
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?([a-z]+\d*)?$/.exec(version.trim().replace(/^go/, ''));
  if (!match) return undefined;
  return { majorMinor: `${match[1]}.${match[2]}`, full: match[0], prerelease: match[4] !== undefined };
}

const VARIANTS = ['', '-bookworm', '-alpine'];

/** golang image tags that match go.mod: the toolchain version first (if any), then the `go` line, each also as major.minor. */
export function golangTagsFor(facts: GoFacts | undefined): Array<{ tag: string; source: string }> {
  if (!facts) return [];
  const tags: Array<{ tag: string; source: string }> = [];
  const seen = new Set<string>();
  const add = (tag: string, source: string) => {
    if (seen.has(tag)) return;
    seen.add(tag);
    tags.push({ tag, source });
  };
  const sources: Array<[ParsedGoVersion | undefined, string]> = [
    [parseGoVersion(facts.toolchainVersion), `go.mod toolchain go${facts.toolchainVersion}`],
    [parseGoVersion(facts.goVersion), `go.mod go ${facts.goVersion}`],
  ];
  for (const [version, source] of sources) {
    if (!version) continue;
    if (version.prerelease) {
      add(version.full, source);
      continue;
    }
    for (const variant of VARIANTS) add(version.full + variant, source);
    for (const variant of VARIANTS) add(version.majorMinor + variant, source);
  }
  return tags;
}

export function golangTagCompletions(context: FromTagContext, facts: GoFacts | undefined): CompletionItem[] {
  return golangTagsFor(facts).map(({ tag, source }, index) => ({
    label: tag,
    kind: CompletionItemKind.Value,
    detail: `golang:${tag}`,
    documentation: `Matches ${source}.`,
    sortText: String(index).padStart(4, '0'),
    filterText: tag,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range: context.tagRange, newText: tag },
    data: { goDockerfile: true },
  }));
}
