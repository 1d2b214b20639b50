// The build graph request (`goDockerfile/buildGraph`) and the CodeLens that opens the graph from the
// first FROM. The graph itself comes from the engine (engine/build-graph.ts); this file only checks
// the parameters and attaches the findings the server already linted.
import type { CodeLens } from 'vscode-languageserver';
import { buildGraph } from '../engine/build-graph.ts';
import type { Finding } from '../engine/index.ts';
import { scanDockerfile } from '../engine/scan.ts';
import { TextIndex } from '../engine/text.ts';
import { skipReason } from './diagnostics.ts';
import { SHOW_BUILD_GRAPH_COMMAND, type BuildGraphParams, type BuildGraphResult, type RequestError } from './protocol.ts';

export interface GraphDocument {
  uri: string;
  version: number;
  text: string;
}

/** Parameters from the wire, checked: a uri string, and an optional non-empty target name. */
export function readBuildGraphParams(params: unknown): BuildGraphParams | RequestError {
  const p = params as Partial<BuildGraphParams> | null | undefined;
  const uri = p?.textDocument?.uri;
  if (typeof uri !== 'string' || uri === '') return { error: 'buildGraph needs textDocument.uri.' };
  if (p?.target !== undefined && p.target !== null && typeof p.target !== 'string') return { error: 'buildGraph: target must be a stage name.' };
  return typeof p?.target === 'string' && p.target.trim() !== '' ? { textDocument: { uri }, target: p.target } : { textDocument: { uri } };
}

export function buildGraphResult(doc: GraphDocument, maxFileSize: number, findings: () => Finding[], target: string | undefined): BuildGraphResult | RequestError {
  const reason = skipReason(doc.text, maxFileSize);
  if (reason) return { error: `The Dockerfile ${reason}; no graph is drawn for it.` };
  return { uri: doc.uri, version: doc.version, graph: buildGraph(doc.text, { target, findings: findings() }) };
}

/** One lens on the first FROM line: "Show build graph". None for files that are not linted. */
export function buildGraphLenses(doc: GraphDocument, maxFileSize: number): CodeLens[] {
  if (skipReason(doc.text, maxFileSize)) return [];
  const text = doc.text.charCodeAt(0) === 0xfeff ? ' ' + doc.text.slice(1) : doc.text;
  const from = scanDockerfile(text).instructions.find((i) => i.keyword === 'FROM');
  if (!from) return [];
  const range = new TextIndex(doc.text).range(from.start, from.keywordEnd);
  return [{ range, command: { title: 'Show build graph', command: SHOW_BUILD_GRAPH_COMMAND, arguments: [doc.uri] } }];
}
