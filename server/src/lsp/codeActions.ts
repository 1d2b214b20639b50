// Code actions for our own diagnostics: the preferred fix, suggestions, "Disable <id> for this line",
// and the source.fixAll.go-dockerfile action. Every edit is stamped with the document version it was computed on.

import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type CodeAction,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { buildModel, fixAll, suppressionEdit, type AnalyzeOptions, type DockerfileModel, type Finding, type FixProposal } from '../engine/index.ts';
import { DIAGNOSTIC_SOURCE } from './diagnostics.ts';
import { siblingUri } from '../files/uri.ts';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${DIAGNOSTIC_SOURCE}`;

export interface VersionedDocument {
  uri: string;
  version: number;
  text: string;
}

/** Whether an action of `kind` is wanted by a request restricted to `only` (LSP kinds are dot-separated hierarchies). */
export function kindRequested(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

export function workspaceEdit(doc: VersionedDocument, edits: TextEdit[], documentChanges: boolean): WorkspaceEdit {
  if (documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, edits)] };
  return { changes: { [doc.uri]: edits } };
}

/** What the client can do with a WorkspaceEdit. */
export interface EditSupport {
  /** `documentChanges` (versioned TextDocumentEdits) are understood. */
  documentChanges: boolean;
  /** `CreateFile` resource operations are understood (needs documentChanges). */
  createFiles: boolean;
}

/**
 * The WorkspaceEdit of a fix. A fix that creates files becomes CreateFile operations (failing, not
 * overwriting, when the file exists) plus an insert into each new file; without client support for
 * that, or for a document that is not on disk, there is no edit (undefined).
 */
export function proposalEdit(doc: VersionedDocument, proposal: FixProposal, support: EditSupport): WorkspaceEdit | undefined {
  const creates = proposal.creates ?? [];
  if (creates.length === 0) return proposal.edits.length > 0 ? workspaceEdit(doc, proposal.edits, support.documentChanges) : undefined;
  if (!support.documentChanges || !support.createFiles) return undefined;
  // Beside the document, whatever the scheme (file:, or a virtual workspace's in a browser).
  const uris = creates.map((creation) => siblingUri(doc.uri, creation.path));
  if (uris.some((uri) => uri === undefined)) return undefined;
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const [index, creation] of creates.entries()) {
    const uri = uris[index]!;
    documentChanges.push(CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }));
    documentChanges.push(TextDocumentEdit.create({ uri, version: null }, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: creation.text }]));
  }
  if (proposal.edits.length > 0) documentChanges.push(TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, proposal.edits));
  return { documentChanges };
}

/** What matches a published diagnostic to its finding on the same document version: rule id and range. */
function findingKey(ruleId: unknown, range: Diagnostic['range'] | undefined): string | undefined {
  if (typeof ruleId !== 'string' || !range?.start || !range.end) return undefined;
  return `${ruleId} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** Findings by rule id and range (the first of equal ones), for one lookup per diagnostic. */
function indexFindings(findings: readonly Finding[]): Map<string, Finding> {
  const byKey = new Map<string, Finding>();
  for (const f of findings) {
    const key = findingKey(f.ruleId, f.range);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, f);
  }
  return byKey;
}

/**
 * The quick fixes for the diagnostics of a code-action request. `model` is the document's model
 * for this version, when the caller kept it from the analysis; otherwise it is built once here,
 * and only if a suppression comment is needed. Linear in diagnostics + findings.
 */
export function quickFixesFor(
  doc: VersionedDocument,
  diagnostics: readonly Diagnostic[],
  findings: readonly Finding[],
  documentChanges: boolean,
  createFiles = false,
  model?: DockerfileModel,
): CodeAction[] {
  const support: EditSupport = { documentChanges, createFiles };
  const actions: CodeAction[] = [];
  const suppressions = new Set<string>();
  const byKey = indexFindings(findings);
  let shared = model;
  const modelOfDocument = () => (shared ??= buildModel(doc.text));
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const key = findingKey(diagnostic.code, diagnostic.range);
    const finding = key === undefined ? undefined : byKey.get(key);
    if (!finding) continue; // stale diagnostic: the document moved on since it was published
    const fixEdit = finding.fix ? proposalEdit(doc, finding.fix, support) : undefined;
    if (finding.fix && fixEdit) {
      actions.push({
        title: finding.fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: fixEdit,
      });
    }
    for (const suggestion of finding.suggestions ?? []) {
      const edit = proposalEdit(doc, suggestion, support);
      if (!edit) continue;
      actions.push({
        title: suggestion.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: false,
        edit,
      });
    }
    const edit = suppressionEdit(modelOfDocument(), finding);
    // Two findings of one rule on one instruction need only one suppression comment.
    const suppressionKey = `${finding.ruleId}@${edit.range.start.line}:${edit.range.start.character}`;
    if (suppressions.has(suppressionKey)) continue;
    suppressions.add(suppressionKey);
    actions.push({
      title: `Disable ${finding.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: false,
      edit: workspaceEdit(doc, [edit], documentChanges),
    });
  }
  return actions;
}

/** End position of the whole text, for a full-document replacement. */
export function endPosition(text: string): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: text.length - lineStart };
}

/**
 * "Fix all go-dockerfile problems": every preferred fix to this document, applied until it converges,
 * as one replacement (one undo step). Fixes that create other files (a .dockerignore) are left to
 * their own quick fix: saving a Dockerfile should not make files appear beside it.
 */
export function fixAllAction(doc: VersionedDocument, options: AnalyzeOptions, documentChanges: boolean, findings?: readonly Finding[]): CodeAction | undefined {
  // `findings`: the analysis of this version, when the caller has it (fix-all's first pass).
  const result = fixAll(doc.text, options, undefined, findings);
  if (result.text === doc.text) return undefined;
  const edit: TextEdit = { range: { start: { line: 0, character: 0 }, end: endPosition(doc.text) }, newText: result.text };
  return {
    title: 'Fix all go-dockerfile problems',
    kind: FIX_ALL_KIND,
    edit: workspaceEdit(doc, [edit], documentChanges),
  };
}
