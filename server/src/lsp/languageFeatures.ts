// General Dockerfile features delegated to dockerfile-language-service (validation, completion, hover,
// formatting, symbols, folding, semantic tokens, rename, highlight, definition, links, signature help).
// The service is created on first use so start-up stays cheap.

import type { Capabilities as ServiceCapabilities, DockerfileLanguageService } from 'dockerfile-language-service';
import {
  CodeActionKind,
  SemanticTokenModifiers,
  SemanticTokenTypes,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type Range,
  type SemanticTokensLegend,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { workspaceEdit, type VersionedDocument } from './codeActions.ts';

/** The service's commands that change a keyword's case (CommandIds.LOWERCASE and .UPPERCASE). */
const TO_LOWERCASE = 'docker.command.convertToLowercase';
const TO_UPPERCASE = 'docker.command.convertToUppercase';

/** The edit of a case-changing command, read from an already indexed document; undefined for other commands. */
function caseEdit(document: TextDocument, command: string, args: unknown[]): TextEdit[] | undefined {
  if (command !== TO_LOWERCASE && command !== TO_UPPERCASE) return undefined;
  const range = args[1] as Range | undefined;
  if (!range) return undefined;
  const text = document.getText(range);
  return [{ range, newText: command === TO_LOWERCASE ? text.toLowerCase() : text.toUpperCase() }];
}

export const DOCKERFILE_UTILS_SOURCE = 'dockerfile-utils';

/** The service's token legend, in the order its encoder numbers them (dockerSemanticTokens TokensLegend). */
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [
    SemanticTokenTypes.keyword,
    SemanticTokenTypes.comment,
    SemanticTokenTypes.parameter,
    SemanticTokenTypes.property,
    SemanticTokenTypes.namespace,
    SemanticTokenTypes.class,
    SemanticTokenTypes.macro,
    SemanticTokenTypes.string,
    SemanticTokenTypes.variable,
    SemanticTokenTypes.operator,
    SemanticTokenTypes.modifier,
  ],
  tokenModifiers: [SemanticTokenModifiers.declaration, SemanticTokenModifiers.definition, SemanticTokenModifiers.deprecated],
};

/** Translates the client's capabilities into the few the service reads. */
function serviceCapabilities(client: ClientCapabilities): ServiceCapabilities {
  const completionItem = client.textDocument?.completion?.completionItem;
  const folding = client.textDocument?.foldingRange;
  const hover = client.textDocument?.hover;
  const capabilities: ServiceCapabilities = {
    completion: {
      completionItem: {
        snippetSupport: completionItem?.snippetSupport === true,
        deprecatedSupport: completionItem?.deprecatedSupport === true,
      },
    },
    foldingRange: { lineFoldingOnly: folding?.lineFoldingOnly === true },
  };
  if (completionItem?.documentationFormat) capabilities.completion!.completionItem!.documentationFormat = completionItem.documentationFormat;
  if (completionItem?.tagSupport) capabilities.completion!.completionItem!.tagSupport = completionItem.tagSupport;
  if (folding?.rangeLimit !== undefined) capabilities.foldingRange!.rangeLimit = folding.rangeLimit;
  if (hover?.contentFormat) capabilities.hover = { contentFormat: hover.contentFormat };
  return capabilities;
}

export class LanguageFeatures {
  private instance: DockerfileLanguageService | undefined;

  constructor(
    private readonly clientCapabilities: ClientCapabilities,
    private readonly log: (message: string) => void,
  ) {}

  get service(): DockerfileLanguageService {
    if (!this.instance) {
      // Loaded on first use, not at start-up: a Go-only session never pays for it.
      const { DockerfileLanguageServiceFactory } = require('dockerfile-language-service') as typeof import('dockerfile-language-service');
      const service = DockerfileLanguageServiceFactory.createLanguageService();
      service.setCapabilities(serviceCapabilities(this.clientCapabilities));
      service.setLogger({ log: (message: string) => this.log(message) });
      this.instance = service;
    }
    return this.instance;
  }

  /** dockerfile-utils syntax diagnostics; they keep their own source and numeric codes. */
  validate(text: string): Diagnostic[] {
    return this.service.validate(text) as Diagnostic[];
  }

  /** Quick fixes for dockerfile-utils diagnostics, with the edits computed up front (no command round-trip). */
  codeActions(doc: VersionedDocument, diagnostics: readonly Diagnostic[], documentChanges: boolean): CodeAction[] {
    const theirs = diagnostics.filter((d) => d.source === DOCKERFILE_UTILS_SOURCE);
    if (theirs.length === 0) return [];
    const actions: CodeAction[] = [];
    // One indexed document for the whole request: the service builds one per command, and reading a
    // range from it indexes every line, which made a request with many diagnostics quadratic.
    let indexed: TextDocument | undefined;
    const document = () => (indexed ??= TextDocument.create(doc.uri, 'dockerfile', doc.version, doc.text));
    for (const diagnostic of theirs) {
      // The service rewrites string codes into numbers in place: hand it a copy.
      const copy = { ...diagnostic };
      const commands = this.service.computeCodeActions({ uri: doc.uri }, diagnostic.range, { diagnostics: [copy] as never });
      for (const command of commands) {
        const edits = caseEdit(document(), command.command, command.arguments ?? []) ?? this.service.computeCommandEdits(doc.text, command.command, command.arguments ?? []);
        if (!edits || edits.length === 0) continue;
        actions.push({
          title: command.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: workspaceEdit(doc, edits, documentChanges),
        });
      }
    }
    return actions;
  }
}
