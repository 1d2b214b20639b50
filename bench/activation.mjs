// The activation figure of npm run bench: dist/client.js required and activate() awaited in a fresh
// Node process, with a stand-in for the `vscode` module (every API a no-op that returns another
// stand-in). What is timed is the extension's own work on the extension host's thread: loading its
// bundle and activate() until its promise settles. The language server's start is not in it unless
// activate() waits for it. Median of `runs` processes.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Runs in the child: a `vscode` stand-in, then the timing.
const probe = `
const Module = require('node:module');
const noop = function () {};
const handler = {
  get(target, key) {
    if (key === 'then') return undefined; // not a thenable
    if (key === Symbol.toPrimitive) return () => '';
    if (key === Symbol.iterator) return function* () {};
    if (key === 'prototype') return target.prototype;
    if (!(key in target.cache)) target.cache[key] = stub();
    return target.cache[key];
  },
  set(target, key, value) { target.cache[key] = value; return true; },
  defineProperty(target, key, descriptor) { target.cache[key] = descriptor.value; return true; },
  apply() { return stub(); },
  construct() { return stub(); },
};
function stub() { const f = function () {}; f.cache = {}; f.prototype = {}; return new Proxy(f, handler); }
// A bundle reads the module through esbuild's namespace copy, which takes its own property names.
const vscode = {};
for (const name of ['window', 'workspace', 'commands', 'languages', 'extensions', 'env', 'l10n', 'tasks', 'debug', 'scm', 'tests', 'authentication', 'notebooks', 'chat', 'lm', 'comments',
  'Uri', 'Disposable', 'EventEmitter', 'Position', 'Range', 'Selection', 'Location', 'Diagnostic', 'DiagnosticSeverity', 'DiagnosticTag', 'DiagnosticRelatedInformation', 'CodeAction', 'CodeActionKind',
  'CodeLens', 'Command', 'CompletionItem', 'CompletionItemKind', 'CompletionList', 'Hover', 'MarkdownString', 'MarkedString', 'TextEdit', 'WorkspaceEdit', 'SnippetString', 'StatusBarAlignment', 'ThemeColor',
  'ThemeIcon', 'TreeItem', 'ViewColumn', 'ProgressLocation', 'ConfigurationTarget', 'FileType', 'RelativePattern', 'CancellationTokenSource', 'CancellationError', 'SemanticTokens', 'SemanticTokensLegend',
  'SemanticTokensBuilder', 'FoldingRange', 'FoldingRangeKind', 'DocumentLink', 'DocumentHighlight', 'DocumentSymbol', 'SymbolInformation', 'SymbolKind', 'SignatureHelp', 'SignatureInformation',
  'ParameterInformation', 'CallHierarchyItem', 'TypeHierarchyItem', 'InlayHint', 'InlineValueText', 'LinkedEditingRanges', 'SelectionRange', 'ColorInformation', 'Color', 'ColorPresentation',
  'TextDocumentChangeReason', 'TextDocumentSaveReason', 'EndOfLine', 'UIKind', 'ExtensionMode', 'ExtensionKind', 'LogLevel', 'TabInputText', 'NotebookCellKind', 'NotebookRange', 'InlineCompletionItem',
  'CodeActionTriggerKind', 'CompletionTriggerKind', 'SignatureHelpTriggerKind', 'DocumentDropEdit', 'FileSystemError', 'QuickPickItemKind', 'InlayHintKind', 'InlayHintLabelPart', 'TextEditorRevealType',
  'OverviewRulerLane', 'DecorationRangeBehavior', 'TreeItemCollapsibleState']) vscode[name] = stub();
vscode.version = '1.95.0';
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const context = { subscriptions: [], extensionPath: ${JSON.stringify(repoRoot)}, extensionUri: stub(), asAbsolutePath: (p) => require('node:path').join(${JSON.stringify(repoRoot)}, p),
  workspaceState: stub(), globalState: stub(), environmentVariableCollection: stub(), extensionMode: 1, storageUri: undefined, globalStorageUri: stub(), logUri: stub() };
const t0 = performance.now();
const extension = require(${JSON.stringify(path.join(repoRoot, 'dist/client.js'))});
const t1 = performance.now();
Promise.race([Promise.resolve(extension.activate(context)).catch((e) => 'failed: ' + e.message), new Promise((r) => setTimeout(() => r('timeout'), 5000))]).then((outcome) => {
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, outcome: typeof outcome === 'string' ? outcome : 'resolved' }));
  process.exit(0);
});
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function activationBench(runs = 7) {
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const out = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 20_000 });
    if (out.status !== 0) throw new Error(`activation probe failed: ${out.stderr}`);
    samples.push(JSON.parse(out.stdout));
  }
  const outcomes = [...new Set(samples.map((s) => s.outcome))];
  return {
    requireMs: median(samples.map((s) => s.requireMs)),
    activateMs: median(samples.map((s) => s.activateMs)),
    totalMs: median(samples.map((s) => s.requireMs + s.activateMs)),
    outcome: outcomes.join(', '),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(activationBench(Number(process.argv[2] ?? 7))));
}
