// go.mod parsing. Lenient by design: a half-edited or garbage go.mod yields whatever could be read,
// never an exception, because the editor asks for facts while the user is typing.

export interface GoModRequire {
  path: string;
  version: string;
  indirect: boolean;
}

export interface GoMod {
  modulePath?: string;
  /** The `go` directive as written, e.g. "1.22" or "1.22.3". */
  goVersion?: string;
  /** The `toolchain` directive without its "go" prefix, e.g. "1.23.1". */
  toolchainVersion?: string;
  requires: GoModRequire[];
  /**
   * The first error the go command would stop at ("errors parsing go.mod"), with its 1-based line:
   * the module does not build as it stands, so its facts are not used (GoFactsCache logs this once).
   */
  syntaxError?: { line: number; message: string };
}

/** Go release versions as they appear in go.mod and as golang image tags: 1.22, 1.22.3, 1.21rc2. */
const GO_RELEASE_VERSION = /^1(\.\d+){1,2}((rc|beta)\d+)?$/;

export function isGoReleaseVersion(version: string): boolean {
  return GO_RELEASE_VERSION.test(version);
}

/** Splits a go.mod line into tokens, honouring "quoted" and `raw` strings and dropping a trailing // comment. */
function tokenizeLine(line: string): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '/' && line[i + 1] === '/') {
      return { tokens, comment: line.slice(i + 2).trim() };
    } else if (ch === '"') {
      let j = i + 1;
      let value = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        value += line[j];
        j++;
      }
      tokens.push(value);
      i = j + 1;
    } else if (ch === '`') {
      const end = line.indexOf('`', i + 1);
      const stop = end < 0 ? line.length : end;
      tokens.push(line.slice(i + 1, stop));
      i = stop + 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push(ch);
      i++;
    } else {
      let j = i;
      while (j < line.length && !/[\s"`()]/.test(line[j]) && !(line[j] === '/' && line[j + 1] === '/')) j++;
      tokens.push(line.slice(i, j));
      i = j;
    }
  }
  return { tokens, comment: '' };
}

function isIndirectComment(comment: string): boolean {
  // "// indirect" or "// indirect; some note", as the go command writes it.
  return /^indirect\b/.test(comment);
}

function addRequire(mod: GoMod, tokens: string[], comment: string): void {
  const [path, version] = tokens;
  if (!path || !version || path === '(' || path === ')') return;
  mod.requires.push({ path, version, indirect: isIndirectComment(comment) });
}

// Blanks block comments in one pass (a regex with a lazy match is quadratic on unclosed ones).
function stripBlockComments(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  for (let open = text.indexOf('/*'); open >= 0; open = text.indexOf('/*', copied)) {
    const close = text.indexOf('*/', open + 2);
    parts.push(text.slice(copied, open), ' ');
    if (close < 0) {
      copied = text.length;
      break;
    }
    copied = close + 2;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/** The directives of go.mod (golang.org/x/mod/modfile); anything else stops the go command. */
const GO_MOD_VERBS = new Set(['module', 'go', 'godebug', 'toolchain', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);
/** The `go` line's version as the go command accepts it (1.21, 1.21.0, 1.21rc1). */
const GO_LINE_VERSION = /^[1-9][0-9]*\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;

/** What the go command would say about one directive (or one line of a block); undefined when fine. */
function directiveError(verb: string, args: string[]): string | undefined {
  if (!GO_MOD_VERBS.has(verb)) return `unknown directive: ${verb}`;
  switch (verb) {
    case 'module':
      return args.length === 1 ? undefined : 'usage: module module/path';
    case 'go':
      if (args.length !== 1) return 'usage: go 1.23';
      return GO_LINE_VERSION.test(args[0]) ? undefined : `invalid go version '${args[0]}': must match format 1.23.0`;
    case 'toolchain':
      return args.length === 1 ? undefined : 'usage: toolchain go1.23.0';
    case 'require':
    case 'exclude':
      return args.length === 2 ? undefined : `usage: ${verb} module/path v1.2.3`;
    case 'replace': {
      const arrow = args.indexOf('=>');
      return arrow >= 1 && arrow <= 2 && args.length - arrow - 1 >= 1 && args.length - arrow - 1 <= 2 ? undefined : 'usage: replace module/path [v1.2.3] => other/module v1.4 or replace module/path [v1.2.3] => ../local/directory';
    }
    default:
      return undefined;
  }
}

export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { requires: [] };
  const fail = (line: number, message: string) => {
    mod.syntaxError ??= { line, message };
  };
  // Strip a BOM and /* block comments */ (allowed by the go.mod grammar, rare in practice).
  const cleaned = stripBlockComments(text.replace(/^\uFEFF/, ''));
  let block: string | undefined;
  let blockLine = 0;
  let lineNumber = 0;
  for (const rawLine of cleaned.split('\n')) {
    lineNumber++;
    const { tokens, comment } = tokenizeLine(rawLine);
    if (block !== undefined) {
      if (tokens[0] === ')') {
        block = undefined;
        continue;
      }
      if (tokens.length > 0) {
        const error = directiveError(block, tokens);
        if (error) fail(lineNumber, error);
      }
      if (block === 'require') addRequire(mod, tokens, comment);
      continue;
    }
    if (tokens.length === 0) continue;
    const [verb, ...rest] = tokens;
    if (rest[0] === '(') {
      // `require (` opens a block; `require ( x v1 )` on one line is not valid go.mod, ignore the rest.
      if (!GO_MOD_VERBS.has(verb)) fail(lineNumber, `unknown block type: ${verb}`);
      else if (rest.length !== 1) fail(lineNumber, 'syntax error (a block opened with "(" must end the line)');
      if (rest.length === 1) {
        block = verb;
        blockLine = lineNumber;
      }
      continue;
    }
    const error = verb === ')' ? 'unexpected ")"' : directiveError(verb, rest);
    if (error) fail(lineNumber, error);
    switch (verb) {
      case 'module':
        if (rest[0] && mod.modulePath === undefined) mod.modulePath = rest[0];
        break;
      case 'go':
        if (rest[0] && isGoReleaseVersion(rest[0]) && mod.goVersion === undefined) mod.goVersion = rest[0];
        break;
      case 'toolchain': {
        const version = rest[0]?.startsWith('go') ? rest[0].slice(2) : undefined;
        if (version && isGoReleaseVersion(version) && mod.toolchainVersion === undefined) mod.toolchainVersion = version;
        break;
      }
      case 'require':
        addRequire(mod, rest, comment);
        break;
      default:
        break;
    }
  }
  if (block !== undefined) fail(blockLine, `the ${block} block opened here is not closed`);
  return mod;
}

/** Numeric comparison of Go release versions; a two-part "1.22" sorts before "1.22.0". */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string): number[] => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
    if (!m) return [0, 0, -1];
    return [Number(m[1]), Number(m[2]), m[3] === undefined ? -1 : Number(m[3])];
  };
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

export interface GoWork {
  goVersion?: string;
  /** The `toolchain` directive without its "go" prefix. */
  toolchainVersion?: string;
  /** `use` folders as written, relative to the go.work folder. */
  uses: string[];
}

/** go.work parsing: its `go` line and `use` folders. Lenient, like parseGoMod. */
export function parseGoWork(text: string): GoWork {
  const work: GoWork = { uses: [] };
  let block: string | undefined;
  for (const rawLine of stripBlockComments(text.replace(/^\uFEFF/, '')).split('\n')) {
    const { tokens } = tokenizeLine(rawLine);
    if (block !== undefined) {
      if (tokens[0] === ')') block = undefined;
      else if (block === 'use' && tokens[0]) work.uses.push(tokens[0]);
      continue;
    }
    if (tokens.length === 0) continue;
    const [verb, ...rest] = tokens;
    if (rest[0] === '(') {
      if (rest.length === 1) block = verb;
      continue;
    }
    if (verb === 'use' && rest[0]) work.uses.push(rest[0]);
    else if (verb === 'go' && rest[0] && isGoReleaseVersion(rest[0]) && work.goVersion === undefined) work.goVersion = rest[0];
    else if (verb === 'toolchain' && rest[0]?.startsWith('go') && isGoReleaseVersion(rest[0].slice(2)) && work.toolchainVersion === undefined) work.toolchainVersion = rest[0].slice(2);
  }
  return work;
}
