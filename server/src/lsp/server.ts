// The language server: thin wiring between the LSP connection and the pure engine.
// Per document: debounced diagnostics that are never published for a superseded version, settings from
// workspace/configuration (cached per URI) over .go-dockerfile.json, Go facts from the nearest go.mod.

import {
  CodeActionKind,
  CodeActionTriggerKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeModel, buildModel, type AnalyzeOptions, type DockerfileModel, type Finding, type GoFacts } from '../engine/index.ts';
import { modelInputs, modelWithRecipes, type BuildInputs } from '../engine/build-inputs.ts';
import { GoFactsCache } from '../go/index.ts';
import { FIX_ALL_KIND, fixAllAction, kindRequested, quickFixesFor, type VersionedDocument } from './codeActions.ts';
import { fromTagContext, golangTagCompletions, isGolangImage } from './completion.ts';
import { goHover, mergeHovers } from './goHover.ts';
import { isBlank, skipReason, toDiagnostic } from './diagnostics.ts';
import type { ServerPlatform, SyntaxValidator } from './platform.ts';
import { LanguageFeatures, SEMANTIC_TOKENS_LEGEND } from './languageFeatures.ts';
import { BUILD_GRAPH_METHOD, SCAFFOLD_METHOD, WORKSPACE_INFO_METHOD, type InitializationOptions } from './protocol.ts';
import { buildGraphLenses, buildGraphResult, readBuildGraphParams } from './buildGraph.ts';
import { BusyStatus } from './status.ts';
import { ConfigStore } from '../config/index.ts';
import { CONFIG_FILE_NAME, languageFeaturesEnabled, mergeSettings, sanitizeSettings, trustedOnly, type PartialSettings, type Settings } from './settings.ts';
import { scaffold, workspaceInfo } from './workspaceRequests.ts';
import { generateAction, generateLenses, isEmptyDockerfile } from './generateOffer.ts';
import { warmUp, warmUpLargeDockerfile } from './warmUp.ts';

/** A document version's model and findings (no model when nothing was analysed). */
interface DocumentAnalysis {
  model?: DockerfileModel;
  findings: Finding[];
}

/**
 * From this size on (about 500 lines), a lint publishes the Go findings before the syntax ones when
 * that cannot take anything shown away: see lintNow.
 */
export const SPLIT_FIRST_PUBLISH_CHARS = 16 * 1024;

/** From this size on, the first lint after opening waits up to FACTS_WAIT_MS for the Go facts (one analysis instead of two). */
const FACTS_WAIT_MIN_CHARS = 16 * 1024;
const FACTS_WAIT_MS = 40;

/** Quiet time after the last change before a document is linted. */
export const LINT_DEBOUNCE_MS = 200;

/**
 * Files whose change can alter Go facts or our configuration. A function: the Node server loads the
 * engine (dist/engine.js, where CONFIG_FILE_NAME lives) after its initialize result, not before.
 */
export const watchedGlobs = (): string[] => [
  '**/go.mod',
  '**/go.sum',
  '**/go.work',
  '**/*.go',
  '**/vendor/modules.txt',
  `**/${CONFIG_FILE_NAME}`,
  '**/.dockerignore',
  '**/*.dockerignore',
  '**/{Makefile,makefile,GNUmakefile}',
  '**/*.{sh,bash}',
];

const SETTINGS_SECTION = 'goDockerfile';

function samePublish(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wires the LSP connection to the engine. `platform` is where the server runs: a Node process
 * (node-platform.ts) or a browser web worker (browser-platform.ts).
 */
export function startServer(connection: Connection, platform: ServerPlatform): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.log(message);

  let clientCapabilities: ClientCapabilities = {};
  let initOptions: InitializationOptions = {};
  /** Workspace folder URIs, as the client reported them. */
  let workspaceFolders: string[] = [];
  let configurationSupport = false;
  let documentChangesSupport = false;
  let createFilesSupport = false;
  let featuresAdvertised = false;
  let shuttingDown = false;

  const editorSettings = new Map<string, Promise<PartialSettings>>();
  /** A scheduled lint per document, as the function that cancels it. */
  const lintTimers = new Map<string, () => void>();
  const linted = new Set<string>();
  /** The model and findings of the last analysed version of each document: code actions share them. */
  const lastFindings = new Map<string, { version: number; settingsKey: string; text: string; analysis: DocumentAnalysis; goFacts?: GoFacts }>();
  /** Rules that threw on a document, each logged once per document. */
  const ruleErrorsLogged = new Map<string, Set<string>>();
  const skipLogged = new Map<string, string>();
  /** The syntax validation of the last text per document. */
  const syntaxResults = new Map<string, { text: string; result: Promise<Diagnostic[] | undefined> }>();
  /**
   * What was last published per document, so an identical republish is skipped; `syntaxShown` is
   * how many of them came from the syntax validation.
   */
  const lastPublished = new Map<string, { version: number; diagnostics: readonly Diagnostic[]; syntaxShown: number }>();
  let goFactsCache: GoFactsCache | undefined;
  let features: LanguageFeatures | undefined;
  const busy = new BusyStatus(connection, () => initOptions.statusNotifications === true);

  const languageFeatures = () => (features ??= new LanguageFeatures(clientCapabilities, log));
  let validation: SyntaxValidator | undefined;
  const syntaxValidation = () => (validation ??= platform.syntaxValidator((text) => languageFeatures().validate(text), log));
  /** Reads the workspace where the server runs: the disk, or the editor's file system in a browser. */
  const files = platform.workspace(() => workspaceFolders);
  let configStore: ConfigStore | undefined;
  // Made on first use, like everything of the engine's: the Node server answers initialize before loading it.
  const configFiles = () => (configStore ??= new ConfigStore((root) => files.access(root)));
  const docsUrl = (ruleId: string) => platform.ruleDocsUrl(ruleId);

  /** Every handler goes through this: an exception is one log line and an empty answer, never a crash. */
  function guarded<P, R>(name: string, fallback: R, handler: (params: P, token: CancellationToken) => R | Promise<R>) {
    return async (params: P, token: CancellationToken): Promise<R> => {
      try {
        return await handler(params, token);
      } catch (error) {
        log(`go-dockerfile: ${name} failed: ${errorText(error)}`);
        return fallback;
      }
    };
  }

  // ---- settings -------------------------------------------------------------------------------------------

  /**
   * The scope settings are asked for: the document's workspace folder (an editor's resource settings
   * differ by folder, not by file), so opening another Dockerfile there costs no round trip to the
   * client; the document itself outside every folder.
   */
  function settingsScope(uri: string): string {
    let scope: string | undefined;
    for (const folder of workspaceFolders) {
      const prefix = folder.endsWith('/') ? folder : `${folder}/`;
      if (uri.startsWith(prefix) && (scope === undefined || folder.length > scope.length)) scope = folder;
    }
    return scope ?? uri;
  }

  function editorSettingsFor(uri: string): Promise<PartialSettings> {
    if (!configurationSupport) return Promise.resolve({});
    const scopeUri = settingsScope(uri);
    let pending = editorSettings.get(scopeUri);
    if (!pending) {
      pending = connection.workspace
        .getConfiguration({ scopeUri, section: SETTINGS_SECTION })
        .then(sanitizeSettings, (error: unknown) => {
          log(`go-dockerfile: could not read settings for ${scopeUri}: ${errorText(error)}`);
          return {};
        });
      editorSettings.set(scopeUri, pending);
    }
    return pending;
  }

  /**
   * The .go-dockerfile.json settings for a document: the nearest file up to its project root (the
   * nearer of its workspace folder and its repository), found by the same rule as the CLI's. Its
   * problems are logged once per version of its content; the valid parts still apply.
   */
  async function fileSettingsFor(uri: string): Promise<PartialSettings> {
    const fsPath = files.pathOf(uri);
    if (!fsPath) return {};
    const { config, fresh } = await configFiles().lookup(fsPath, files.projectRoot(fsPath));
    if (!config) return {};
    if (fresh) {
      const consequence = config.usable ? '' : ' (the file is ignored until it is fixed)';
      for (const problem of config.problems) log(`go-dockerfile: ${config.file}: ${problem.message}${consequence}`);
    }
    return initOptions.workspaceTrusted === false ? trustedOnly(config.settings) : config.settings;
  }

  async function settingsFor(uri: string): Promise<Settings> {
    const [fromFile, fromEditor] = await Promise.all([fileSettingsFor(uri), editorSettingsFor(uri)]);
    return mergeSettings(fromFile, fromEditor);
  }

  function featuresOn(settings: Settings): boolean {
    return languageFeaturesEnabled(settings.languageFeatures, initOptions.otherDockerExtension);
  }

  // ---- Go facts -------------------------------------------------------------------------------------------
  // Facts are read asynchronously. A lint never waits for them: it publishes with the facts known
  // now (those of this Dockerfile's previous lint, or none on the first), and lints again when the
  // facts for this version land.

  /** The build context a `contexts` entry of .go-dockerfile.json names for a Dockerfile. */
  const contextFor = async (file: string): Promise<string | undefined> => {
    const context = await configFiles().contextFor(file, files.projectRoot(file));
    return context.configured ? context.dir : undefined;
  };
  const factsCache = () =>
    (goFactsCache ??= new GoFactsCache({
      projectRoot: files.projectRoot,
      access: files.access,
      contextFor,
      log,
      ...(files.walkLimits ? { walkLimits: files.walkLimits, targetedWalk: true } : {}),
    }));
  /**
   * The inputs of the last text seen per document, and the recipe-less model they were read from:
   * the analysis of the same text reuses that model when no recipe applies, so a lint builds it once.
   */
  const inputsByUri = new Map<string, { text: string; inputs: BuildInputs; model: DockerfileModel }>();
  /** The last facts used per document: what is known while newer ones are read. */
  const knownFacts = new Map<string, GoFacts>();
  /** Reads already counted in the busy status. */
  const readsInStatus = new WeakSet<Promise<GoFacts | undefined>>();
  /** Reads in flight, per document: a newer lint replaces the entry, older reads then go unused. */
  const factsReads = new Map<string, { inputs: BuildInputs; reading: Promise<GoFacts | undefined> }>();

  function inputsOf(uri: string, text: string): BuildInputs {
    const cached = inputsByUri.get(uri);
    if (cached && cached.text === text) return cached.inputs;
    const built = modelInputs(text);
    inputsByUri.set(uri, { text, ...built });
    return built.inputs;
  }

  /**
   * The model of `text` for analysis: the one built for the facts lookup when recipes cannot change
   * it (no RUN calls make or a script, or no recipes known), else a new one with the recipes read in.
   */
  function modelFor(uri: string, text: string, goFacts: GoFacts | undefined): DockerfileModel {
    const cached = inputsByUri.get(uri);
    return cached && cached.text === text ? modelWithRecipes(text, cached, goFacts) : buildModel(text, { recipes: goFacts?.recipes });
  }

  /** The facts ready for this text now (exact, or the last known), and whether newer ones are being read. */
  function goFactsFor(uri: string, text: string): { facts: GoFacts | undefined; reading?: Promise<GoFacts | undefined> } {
    const fsPath = files.pathOf(uri);
    if (!fsPath) return { facts: undefined };
    try {
      const inputs = inputsOf(uri, text);
      const ready = factsCache().peek(fsPath, inputs);
      if (ready) {
        knownFacts.set(uri, ready);
        return { facts: ready };
      }
      // One read per document and text at a time.
      const pending = factsReads.get(uri);
      if (pending && pending.inputs === inputs) return { facts: knownFacts.get(uri), reading: pending.reading };
      const reading = factsCache()
        .factsFor(fsPath, inputs)
        .catch((error: unknown) => {
          log(`go-dockerfile: could not read the Go module for ${fsPath}: ${errorText(error)}`);
          return undefined;
        });
      factsReads.set(uri, { inputs, reading });
      return { facts: knownFacts.get(uri), reading };
    } catch (error) {
      log(`go-dockerfile: could not read the Go module for ${fsPath}: ${errorText(error)}`);
      return { facts: undefined };
    }
  }

  /**
   * Runs `task` after the messages sent so far are written: vscode-jsonrpc writes on a turn of its
   * own (setImmediate in Node, a zero timeout in a browser), queued before this one.
   */
  const afterPendingWrites = (task: () => void): void => {
    if (typeof setImmediate === 'function') setImmediate(task);
    else setTimeout(task, 0);
  };

  /** Lints again once the facts being read for this version land, unless the document moved on. */
  function relintWhenFactsLand(uri: string, version: number, reading: Promise<GoFacts | undefined>, used: GoFacts | undefined): void {
    // A read in flight is work in progress: the status stays busy until it landed and was published.
    const counted = !readsInStatus.has(reading);
    if (counted) {
      readsInStatus.add(reading);
      busy.begin();
    }
    void reading.then((facts) => {
      try {
        const doc = documents.get(uri);
        if (!doc || doc.version !== version || factsReads.get(uri)?.reading !== reading) return;
        factsReads.delete(uri);
        if (facts === undefined || facts === used) return;
        knownFacts.set(uri, facts);
        lastFindings.delete(uri);
        // Linted on a later turn: this callback runs before the turn on which vscode-jsonrpc writes
        // the messages sent so far, so linting here would hold back the publish of the lint that
        // started this read (a small file's first publish then arrived only together with this
        // one's). Busy until that lint has marked itself busy, so no idle in between.
        busy.begin();
        afterPendingWrites(() => {
          try {
            void lint(uri);
          } finally {
            busy.end();
          }
        });
      } finally {
        if (counted) busy.end();
      }
    });
  }

  /** The facts for a text, waiting for a read in flight (requests may wait; diagnostics never do). */
  async function factsForRequest(uri: string, text: string): Promise<GoFacts | undefined> {
    const { facts, reading } = goFactsFor(uri, text);
    return reading ? ((await reading) ?? facts) : facts;
  }

  /** A rule that throws loses its findings; say so in the output channel, once per rule and document. */
  function logRuleError(uri: string, ruleId: string, error: unknown): void {
    let logged = ruleErrorsLogged.get(uri);
    if (!logged) ruleErrorsLogged.set(uri, (logged = new Set()));
    if (logged.has(ruleId)) return;
    logged.add(ruleId);
    const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
    log(`go-dockerfile: rule ${ruleId} failed on ${uri}, so its findings are missing there (a bug; please report it): ${errorText(error)}${stack}`);
  }

  function analyzeOptions(uri: string, settings: Settings, text: string): AnalyzeOptions {
    const goFacts = goFactsFor(uri, text).facts;
    const onRuleError = (ruleId: string, error: unknown) => logRuleError(uri, ruleId, error);
    return goFacts ? { goFacts, rules: settings.rules, onRuleError } : { rules: settings.rules, onRuleError };
  }

  /**
   * Our model and findings for a text (no findings when the document is skipped, too big or
   * binary, or linting is off). Cached for the version just linted: code actions on it reuse the
   * model and the findings instead of analysing again.
   */
  function analysisFor(uri: string, text: string, settings: Settings, version?: number): DocumentAnalysis {
    if (!settings.enable || skipReason(text, settings.maxFileSize)) return { findings: [] };
    const cached = lastFindings.get(uri);
    const settingsKey = JSON.stringify(settings);
    const options = analyzeOptions(uri, settings, text);
    // Not when they were computed with other facts: a code action that ran while newer facts were
    // being read (after a go.mod change) must not pin the older findings to this version.
    if (cached && version !== undefined && cached.version === version && cached.settingsKey === settingsKey && cached.text === text && cached.goFacts === options.goFacts) return cached.analysis;
    // Recipes behind make/scripts (from the Go facts) are read into the RUNs, as analyze() does.
    const model = modelFor(uri, text, options.goFacts);
    const analysis = { model, findings: analyzeModel(model, options) };
    if (version !== undefined) lastFindings.set(uri, { version, settingsKey, text, analysis, goFacts: options.goFacts });
    return analysis;
  }

  // ---- diagnostics ----------------------------------------------------------------------------------------

  function scheduleLint(uri: string, delay: number, firstLint = false): void {
    lintTimers.get(uri)?.();
    let cancelled = false;
    const run = () => {
      if (cancelled) return;
      lintTimers.delete(uri);
      void lint(uri, firstLint);
    };
    if (delay === 0) {
      // Right after the notification that asked for it: a zero timeout waits at least a millisecond
      // in Node, more in a browser, and that is most of a small file's time to diagnostics.
      queueMicrotask(run);
      lintTimers.set(uri, () => (cancelled = true));
    } else {
      const timer = setTimeout(run, delay);
      lintTimers.set(uri, () => {
        cancelled = true;
        clearTimeout(timer);
      });
    }
  }

  function relintAll(): void {
    for (const doc of documents.all()) scheduleLint(doc.uri, LINT_DEBOUNCE_MS);
  }

  async function lint(uri: string, firstLint = false): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    busy.begin();
    try {
      await lintNow(uri, doc, firstLint);
    } finally {
      busy.end();
    }
  }

  async function lintNow(uri: string, doc: TextDocument, firstLint: boolean): Promise<void> {
    const version = doc.version;
    // Still the same open document at the same version? Anything else means a newer lint is on its way.
    const current = () => documents.get(uri) === doc && doc.version === version;
    try {
      const settings = await settingsFor(uri);
      if (!current()) return;
      const text = doc.getText();
      const reason = skipReason(text, settings.maxFileSize);
      if (reason) {
        if (skipLogged.get(uri) !== reason) log(`go-dockerfile: not linting ${uri}: it ${reason}.`);
        skipLogged.set(uri, reason);
        lastPublished.set(uri, { version, diagnostics: [], syntaxShown: 0 });
        connection.sendDiagnostics({ uri, version, diagnostics: [] });
        return;
      }
      skipLogged.delete(uri);
      // Syntax validation on a worker thread starts first and runs beside the Go analysis; on this
      // thread it starts after the analysis and its publish (vscode-jsonrpc writes a message on a
      // later turn: a validation queued before it would hold the Go findings back).
      // The same text validates the same: a lint again after the facts landed reuses the result.
      let syntax: Promise<Diagnostic[] | undefined> | undefined;
      const startSyntax = () => {
        syntax = syntaxValidation().validate(text);
        syntaxResults.set(uri, { text, result: syntax });
      };
      let syntaxLater = false;
      // A blank file is a Dockerfile waiting for content (the generate CodeLens offers it), not a
      // Dockerfile without FROM: no error squiggle there.
      if (featuresOn(settings) && !isBlank(text)) {
        const cached = syntaxResults.get(uri);
        if (cached && cached.text === text) syntax = cached.result;
        else if (syntaxValidation().runsBeside?.(text)) startSyntax();
        else syntaxLater = true;
      }
      const diagnostics: Diagnostic[] = [];
      // Facts not read yet for this version: publish with what is known, lint again when they land.
      if (settings.enable) {
        let { facts, reading } = goFactsFor(uri, text);
        // Opening a large file: its analysis takes longer than a typical facts read, and a second
        // analysis once they land would cost as much again. Wait a little for them (never long).
        if (reading && firstLint && text.length >= FACTS_WAIT_MIN_CHARS) {
          await Promise.race([reading, new Promise<void>((resolve) => setTimeout(resolve, FACTS_WAIT_MS))]);
          if (!current()) return;
          ({ facts, reading } = goFactsFor(uri, text));
        }
        if (reading) relintWhenFactsLand(uri, version, reading, facts);
      }
      // Each producer can fail on its own without taking the other's diagnostics down.
      if (settings.enable) {
        try {
          for (const finding of analysisFor(uri, text, settings, version).findings) diagnostics.push(toDiagnostic(finding, docsUrl));
        } catch (error) {
          log(`go-dockerfile: analysing ${uri} failed: ${errorText(error)}`);
        }
      }
      let syntaxShown = 0;
      if (syntax || syntaxLater) {
        // A file of some size: publish the Go findings at once (an empty list on a clean file),
        // then add the syntax diagnostics when they arrive, whenever no syntax diagnostic is shown
        // (right after opening, or while typing in a file without one). Both publishes then only
        // add to what the syntax validation shows, so nothing flickers. When syntax diagnostics are
        // shown, the lint publishes once: publishing without them would make them disappear for a
        // moment. A small file validates in well under a millisecond: it is published once, complete.
        const split = text.length >= SPLIT_FIRST_PUBLISH_CHARS && (lastPublished.get(uri)?.syntaxShown ?? 0) === 0;
        if (split) {
          if (!current()) return;
          lastPublished.set(uri, { version, diagnostics: [...diagnostics], syntaxShown: 0 });
          connection.sendDiagnostics({ uri, version, diagnostics: [...diagnostics] });
        }
        if (syntaxLater) startSyntax();
        const syntaxDiagnostics = await syntax;
        // Nothing to add to the Go findings just published: they already are this version's result.
        if (split && syntaxDiagnostics?.length === 0) return;
        if (syntaxDiagnostics) for (const d of syntaxDiagnostics) diagnostics.push(d);
        else log(`go-dockerfile: no syntax diagnostics for ${uri} (validation failed or timed out).`);
        syntaxShown = syntaxDiagnostics?.length ?? 0;
      }
      if (!current()) return;
      // A lint again after the facts landed often finds the same: do not publish it twice. (Only
      // serialised to compare when this version was published before: a large file's lint does not
      // pay for it.)
      const previous = lastPublished.get(uri);
      if (previous && previous.version === version && samePublish(previous.diagnostics, diagnostics)) return;
      lastPublished.set(uri, { version, diagnostics, syntaxShown });
      connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      log(`go-dockerfile: linting ${uri} failed: ${errorText(error)}`);
    }
  }

  documents.onDidChangeContent((event) => {
    const uri = event.document.uri;
    // The first lint after opening runs at once; edits are debounced.
    const first = !linted.has(uri);
    scheduleLint(uri, first ? 0 : LINT_DEBOUNCE_MS, first);
    linted.add(uri);
  });

  documents.onDidClose((event) => {
    const uri = event.document.uri;
    lintTimers.get(uri)?.();
    lintTimers.delete(uri);
    linted.delete(uri);
    lastFindings.delete(uri);
    inputsByUri.delete(uri);
    knownFacts.delete(uri);
    lastPublished.delete(uri);
    syntaxResults.delete(uri);
    factsReads.delete(uri);
    ruleErrorsLogged.delete(uri);
    skipLogged.delete(uri);
    editorSettings.delete(uri); // a document outside every folder is its own settings scope
    connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  // ---- initialization -------------------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientCapabilities = params.capabilities ?? {};
    const options = params.initializationOptions as InitializationOptions | undefined;
    if (options && typeof options === 'object') {
      initOptions = {};
      if (typeof options.otherDockerExtension === 'boolean') initOptions.otherDockerExtension = options.otherDockerExtension;
      if (options.statusNotifications === true) initOptions.statusNotifications = true;
      if (options.workspaceTrusted === false) initOptions.workspaceTrusted = false;
      const lf = sanitizeSettings({ languageFeatures: options.languageFeatures }).languageFeatures;
      if (lf) initOptions.languageFeatures = lf;
      if (options.buildGraphCodeLens === true) initOptions.buildGraphCodeLens = true;
      if (options.generateCommand === true) initOptions.generateCommand = true;
      if (typeof options.ruleDocsBase === 'string') initOptions.ruleDocsBase = options.ruleDocsBase;
    }
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    platform.initialize?.(initOptions);
    configurationSupport = clientCapabilities.workspace?.configuration === true;
    documentChangesSupport = clientCapabilities.workspace?.workspaceEdit?.documentChanges === true;
    createFilesSupport = documentChangesSupport && (clientCapabilities.workspace?.workspaceEdit?.resourceOperations ?? []).includes('create');
    featuresAdvertised = languageFeaturesEnabled(initOptions.languageFeatures ?? 'auto', initOptions.otherDockerExtension);

    const capabilities: ServerCapabilities = {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      // The Go hover is a Go feature: offered even when the general features are off.
      hoverProvider: true,
      // FROM golang:<tag> completion is a Go feature: offered even when the general features are off.
      completionProvider: featuresAdvertised
        ? { resolveProvider: true, triggerCharacters: ['=', ' ', '$', '-', ':'] }
        : { triggerCharacters: [':'] },
    };
    if (clientCapabilities.textDocument?.codeAction?.codeActionLiteralSupport) {
      capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] };
    }
    if (featuresAdvertised) {
      const textDocument = clientCapabilities.textDocument;
      Object.assign(capabilities, {
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentHighlightProvider: true,
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: true },
        signatureHelpProvider: { triggerCharacters: ['-', '[', ',', ' ', '='] },
        renameProvider: textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
      } satisfies ServerCapabilities);
      if (textDocument?.semanticTokens) {
        capabilities.semanticTokensProvider = { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: false } };
      }
    }
    // Only a client that has the build graph (or generate) command gets a lens that runs it.
    if (initOptions.buildGraphCodeLens || initOptions.generateCommand) capabilities.codeLensProvider = { resolveProvider: false };
    if (clientCapabilities.workspace?.workspaceFolders) {
      capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
    }
    return { capabilities, serverInfo: { name: 'go-dockerfile', version: platform.version() } };
  });

  connection.onInitialized(() => {
    // The engine compiled in idle time, before the first Dockerfile needs it (warmUp.ts); the Node
    // server loads it (dist/engine.js) here, after its initialize result, not before it.
    void warmUp(() => {
      for (const finding of analyzeModel(buildModel(warmUpLargeDockerfile()))) toDiagnostic(finding, docsUrl);
    }, { stopped: () => shuttingDown });
    // Said once, as information: what this platform cannot do is absent, not broken.
    for (const feature of platform.absentFeatures) log(`go-dockerfile: ${feature}`);
    const workspace = clientCapabilities.workspace;
    if (configurationSupport && workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    }
    if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: watchedGlobs().map((globPattern) => ({ globPattern })) })
        .then(() => files.watched?.())
        .catch((error: unknown) => log(`go-dockerfile: could not watch Go files: ${errorText(error)}`));
    }
    if (workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => f.uri));
        workspaceFolders = [...workspaceFolders.filter((folder) => !removed.has(folder)), ...event.added.map((f) => f.uri)];
        editorSettings.clear(); // settings scopes follow the folders
        relintAll();
      });
    }
  });

  connection.onDidChangeConfiguration(() => {
    editorSettings.clear();
    relintAll();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    try {
      for (const change of params.changes) {
        const changed = files.pathOf(change.uri);
        if (!changed) continue;
        files.changed?.(changed);
        lastFindings.clear();
        factsReads.clear(); // reads begun before the change may carry what it replaced
        // The config file is read again on every lookup, but its `contexts` can move a build: the
        // facts assembled from it are dropped too. A .go change re-reads that one file.
        await goFactsCache?.invalidate(changed);
      }
    } catch (error) {
      log(`go-dockerfile: handling file changes failed: ${errorText(error)}`);
      goFactsCache = undefined; // start over rather than keep possibly stale facts
    }
    relintAll();
  });

  // ---- code actions ---------------------------------------------------------------------------------------

  connection.onCodeAction(
    guarded('codeAction', [] as CodeAction[], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const settings = await settingsFor(doc.uri);
      const versioned: VersionedDocument = { uri: doc.uri, version: doc.version, text: doc.getText() };
      const only = params.context.only;
      const actions: CodeAction[] = [];
      const options = analyzeOptions(doc.uri, settings, versioned.text);
      // One model and one analysis of this version for all the work below (the lint's, when current).
      const analysis = () => analysisFor(doc.uri, versioned.text, settings, versioned.version);
      if (kindRequested(only, CodeActionKind.QuickFix)) {
        if (initOptions.generateCommand && isEmptyDockerfile(versioned.text)) {
          const offer = generateAction(doc.uri, versioned.text, await factsForRequest(doc.uri, versioned.text));
          if (offer) actions.push(offer);
        }
        const { model, findings } = analysis();
        for (const action of quickFixesFor(versioned, params.context.diagnostics, findings, documentChangesSupport, createFilesSupport, model)) actions.push(action);
        if (featuresOn(settings) && !skipReason(versioned.text, settings.maxFileSize)) {
          for (const action of languageFeatures().codeActions(versioned, params.context.diagnostics, documentChangesSupport)) actions.push(action);
        }
      }
      // Fix-all re-analyses until it converges: offer it when asked for (the Source Action menu,
      // codeActionsOnSave) or when the user opens the menu, not for every automatic lightbulb check.
      const fixAllWanted = only && only.length > 0 ? kindRequested(only, FIX_ALL_KIND) : params.context.triggerKind !== CodeActionTriggerKind.Automatic;
      if (fixAllWanted && settings.enable && !skipReason(versioned.text, settings.maxFileSize)) {
        const fixAll = fixAllAction(versioned, options, documentChangesSupport, analysis().findings);
        if (fixAll) actions.push(fixAll);
      }
      return actions;
    }),
  );

  // ---- completion -----------------------------------------------------------------------------------------

  connection.onCompletion(
    guarded('completion', null as CompletionItem[] | null, async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const settings = await settingsFor(doc.uri);
      const text = doc.getText();
      if (skipReason(text, settings.maxFileSize)) return null;
      const tag = fromTagContext(text, params.position);
      if (tag) {
        // dockerfile-language-service would ask Docker Hub here; only golang tags are answered offline.
        // A request may wait for the facts (diagnostics never do).
        if (isGolangImage(tag.imageName)) {
          const { facts, reading } = goFactsFor(doc.uri, text);
          return golangTagCompletions(tag, reading ? ((await reading) ?? facts) : facts);
        }
        if (!settings.imageTagCompletion.network || !platform.networkTagLookups || !featuresOn(settings) || !featuresAdvertised) return [];
      }
      if (!featuresAdvertised || !featuresOn(settings)) return null;
      return (await languageFeatures().service.computeCompletionItems(text, params.position)) as CompletionItem[];
    }),
  );

  // Resolving only adds documentation: on failure the item comes back unchanged.
  connection.onCompletionResolve((item) => {
    const data = item.data as { goDockerfile?: boolean } | undefined;
    if (data?.goDockerfile || !features) return item;
    try {
      return features.service.resolveCompletionItem(item as never) as CompletionItem;
    } catch (error) {
      log(`go-dockerfile: completionResolve failed: ${errorText(error)}`);
      return item;
    }
  });

  // ---- general Dockerfile features (dockerfile-language-service) ------------------------------------------

  /** The document and its text, when the general features apply to it; otherwise undefined (answer null). */
  async function featureDocument(uri: string): Promise<{ text: string; uri: string } | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const settings = await settingsFor(uri);
    if (!featuresOn(settings)) return undefined;
    const text = doc.getText();
    if (skipReason(text, settings.maxFileSize)) return undefined;
    return { text, uri };
  }

  function registerLanguageFeatureHandlers(): void {
    const service = () => languageFeatures().service;
    // One hover: the Go explanation (always offered, also beside another Dockerfile extension)
    // merged with dockerfile-language-service's when the general features are on.
    connection.onHover(
      guarded('hover', null, async (params) => {
        const doc = documents.get(params.textDocument.uri);
        if (!doc) return null;
        const settings = await settingsFor(doc.uri);
        const text = doc.getText();
        if (skipReason(text, settings.maxFileSize)) return null;
        let ours: Hover | null = null;
        if (settings.enable) {
          // A request may wait for the facts (diagnostics never do).
          const { facts, reading } = goFactsFor(doc.uri, text);
          ours = goHover(text, params.position, reading ? ((await reading) ?? facts) : facts, docsUrl);
        }
        const theirs = featuresAdvertised && featuresOn(settings) ? (service().computeHover(text, params.position) as Hover | null) : null;
        return mergeHovers(ours, theirs);
      }),
    );
    connection.onDocumentFormatting(
      guarded('formatting', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? service().format(d.text, params.options) : null;
      }),
    );
    connection.onDocumentRangeFormatting(
      guarded('rangeFormatting', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? service().formatRange(d.text, params.range, params.options) : null;
      }),
    );
    connection.onDocumentSymbol(
      guarded('documentSymbol', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? (service().computeSymbols({ uri: d.uri }, d.text) as never) : null;
      }),
    );
    connection.onFoldingRanges(
      guarded('foldingRange', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? (service().computeFoldingRanges(d.text) as never) : null;
      }),
    );
    connection.onDocumentHighlight(
      guarded('documentHighlight', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? (service().computeHighlightRanges(d.text, params.position) as never) : null;
      }),
    );
    connection.onDefinition(
      guarded('definition', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? (service().computeDefinition({ uri: d.uri }, d.text, params.position) ?? null) : null;
      }),
    );
    connection.onDocumentLinks(
      guarded('documentLink', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? (service().computeLinks(d.text) as never) : null;
      }),
    );
    connection.onDocumentLinkResolve((link) => {
      try {
        return features ? (features.service.resolveLink(link as never) as typeof link) : link;
      } catch (error) {
        log(`go-dockerfile: documentLinkResolve failed: ${errorText(error)}`);
        return link;
      }
    });
    connection.onSignatureHelp(
      guarded('signatureHelp', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? (service().computeSignatureHelp(d.text, params.position) as never) : null;
      }),
    );
    connection.onPrepareRename(
      guarded('prepareRename', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? service().prepareRename(d.text, params.position) : null;
      }),
    );
    connection.onRenameRequest(
      guarded('rename', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        if (!d) return null;
        const edits = service().computeRename({ uri: d.uri }, d.text, params.position, params.newName);
        return { changes: { [d.uri]: edits } };
      }),
    );
    connection.languages.semanticTokens.on(
      guarded('semanticTokens', null, async (params) => {
        const d = await featureDocument(params.textDocument.uri);
        return d ? service().computeSemanticTokens(d.text) : null;
      }),
    );
  }

  registerLanguageFeatureHandlers();

  // ---- custom requests ------------------------------------------------------------------------------------

  connection.onRequest(
    WORKSPACE_INFO_METHOD,
    guarded('workspaceInfo', { error: 'internal error' } as unknown, (params: unknown) => workspaceInfo(params as never, files)),
  );
  connection.onRequest(
    SCAFFOLD_METHOD,
    guarded('scaffold', { error: 'internal error' } as unknown, (params: unknown) => scaffold(params as never, files)),
  );

  connection.onRequest(
    BUILD_GRAPH_METHOD,
    guarded('buildGraph', { error: 'internal error' } as unknown, async (raw: unknown) => {
      const params = readBuildGraphParams(raw);
      if ('error' in params) return params;
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return { error: `${params.textDocument.uri} is not open.` };
      const settings = await settingsFor(doc.uri);
      const graphDoc = { uri: doc.uri, version: doc.version, text: doc.getText() };
      // The findings of the version just linted are reused; the graph attaches them to stages.
      return buildGraphResult(graphDoc, settings.maxFileSize, () => analysisFor(doc.uri, graphDoc.text, settings, graphDoc.version).findings, params.target);
    }),
  );

  connection.onCodeLens(
    guarded('codeLens', [] as CodeLens[], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const text = doc.getText();
      if (initOptions.generateCommand && isEmptyDockerfile(text)) return generateLenses(doc.uri, text, await factsForRequest(doc.uri, text));
      if (!initOptions.buildGraphCodeLens) return [];
      const settings = await settingsFor(doc.uri);
      return buildGraphLenses({ uri: doc.uri, version: doc.version, text }, settings.maxFileSize);
    }),
  );

  connection.onShutdown(() => {
    shuttingDown = true;
    validation?.dispose();
    for (const cancel of lintTimers.values()) cancel();
    lintTimers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
