// Mapping engine findings to LSP diagnostics, and the guards that decide whether a document is linted at all.

import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/index.ts';

export const DIAGNOSTIC_SOURCE = 'go-dockerfile';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `docsUrl`: where the rule's page is (the platform decides: a file: link on disk, the extension's resource in a browser). */
export function toDiagnostic(finding: Finding, docsUrl: (ruleId: string) => string | undefined): Diagnostic {
  const href = docsUrl(finding.ruleId);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    ...(href !== undefined ? { codeDescription: { href } } : {}),
    message: finding.message,
    data: { messageId: finding.messageId },
  };
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** Share of NUL characters above which a document is treated as binary and not linted (text never has NULs). */
const MAX_NUL_SHARE = 0.001;
const NUL_SAMPLE = 64 * 1024;

/** Why a document is not linted, or undefined when it should be. */
export function skipReason(text: string, maxFileSize: number): string | undefined {
  if (text.length > maxFileSize) {
    return `is larger than goDockerfile.maxFileSize (${text.length} > ${maxFileSize} characters)`;
  }
  // NULs among the first NUL_SAMPLE characters, found with indexOf (a native scan: this runs on
  // every lint and code action, and a per-character loop showed in the server's profile).
  const sampleLength = Math.min(text.length, NUL_SAMPLE);
  const allowed = sampleLength * MAX_NUL_SHARE;
  let nuls = 0;
  for (let i = text.indexOf('\0'); i !== -1 && i < sampleLength; i = text.indexOf('\0', i + 1)) {
    if (++nuls > allowed) return 'looks like a binary file (NUL characters)';
  }
  return undefined;
}

/** True when the text holds nothing but whitespace (a file just created). Linear, no RegExp. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // space, tab, LF, CR, BOM
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13 && code !== 0xfeff) return false;
  }
  return true;
}
