// What one Go source file tells the facts, read with the tokenizer in lexer.ts: the package clause,
// imports (and `import "C"`), the build constraint, `//go:embed` patterns, time-zone loading, HTTP
// client calls and listening ports. Comments and string contents never count as code.

import { GoScanner, goTokens, type GoToken } from './lexer.ts';
import { parseConstraint, type Constraint } from './constraints.ts';
import { findListenPorts } from './ports.ts';

export { buildConstraintHolds, fileNameExcludedOnLinux } from './constraints.ts';
export { goTokens };

export interface GoImport {
  path: string;
  /** The import name: an alias, "_" or "."; undefined for a plain import. */
  name?: string;
}

export interface GoSourceFile {
  packageName?: string;
  imports: GoImport[];
  /** The `//go:build` expression, or the `// +build` lines converted to one, if any. */
  buildConstraint?: string;
  /** The parsed constraint; `{ error }` when the go command would reject it (the file is then skipped). */
  constraint?: Constraint | { error: string };
  /** `//go:embed` patterns, as written (quotes removed; `all:` kept). */
  embeds: string[];
  /** Calls time.LoadLocation with something other than "UTC", "Local" or "", or reads $TZ. */
  loadsTimezone: boolean;
  /** Uses net/http as a client (http.Get, http.Client, NewRequest…), not only as a server. */
  httpClient: boolean;
  /** Ports the file's code listens on. */
  ports: number[];
  /** The source with comments blanked out (strings kept), for pattern searches over code only. */
  code: string;
}

/** net/http names whose use means outgoing requests (TLS to other hosts needs CA certificates). */
const HTTP_CLIENT_NAMES = new Set(['Get', 'Post', 'PostForm', 'Head', 'Client', 'DefaultClient', 'NewRequest', 'NewRequestWithContext', 'Transport', 'DefaultTransport']);

/** Replaces every comment with spaces (newlines kept) so offsets and line structure survive. */
export function stripGoComments(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  const scan = new GoScanner(text);
  while (scan.next()) {
    if (scan.kind !== 'comment') continue;
    parts.push(text.slice(copied, scan.start), blank(text, scan.start, scan.end));
    copied = scan.end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Spaces for text[start, end), newlines kept. */
function blank(text: string, start: number, end: number): string {
  let out = '';
  let from = start;
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl < end; nl = text.indexOf('\n', from)) {
    out += ' '.repeat(nl - from) + '\n';
    from = nl + 1;
  }
  return out + ' '.repeat(end - from);
}

/** The build constraint of the file header: `//go:build` wins over `// +build` lines, as in Go 1.17+. */
function headerConstraint(headerComments: GoToken[]): { text?: string; constraint?: Constraint | { error: string } } {
  const plusBuild: string[][] = [];
  for (const c of headerComments) {
    if (!c.value.startsWith('//')) continue;
    const body = c.value.slice(2);
    if (body.startsWith('go:build') && (body.length === 8 || body[8] === ' ' || body[8] === '\t')) {
      const text = body.slice(8).trim();
      const parsed = parseConstraint(text);
      return { text, constraint: parsed.ok ? parsed.constraint : { error: parsed.error } };
    }
    const trimmed = body.trimStart();
    if (trimmed.startsWith('+build') && (trimmed.length === 6 || trimmed[6] === ' ' || trimmed[6] === '\t')) {
      plusBuild.push(trimmed.slice(6).trim().split(/\s+/).filter(Boolean));
    }
  }
  if (plusBuild.length === 0) return {};
  // "// +build a,b c" means (a && b) || c; several lines are ANDed.
  const text = plusBuild
    .map((line) => '(' + line.map((alt) => '(' + alt.split(',').filter(Boolean).join(' && ') + ')').join(' || ') + ')')
    .join(' && ');
  const parsed = parseConstraint(text);
  return { text, constraint: parsed.ok ? parsed.constraint : { error: parsed.error } };
}

/** Splits a //go:embed argument list: space-separated patterns, each possibly "quoted" or `raw`. */
export function embedPatterns(args: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < args.length) {
    const ch = args[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '"' || ch === '`') {
      let j = i + 1;
      let value = '';
      while (j < args.length && args[j] !== ch) {
        if (ch === '"' && args[j] === '\\' && j + 1 < args.length) j++;
        value += args[j];
        j++;
      }
      out.push(value);
      i = j + 1;
    } else {
      let j = i;
      while (j < args.length && args[j] !== ' ' && args[j] !== '\t' && args[j] !== '\r') j++;
      out.push(args.slice(i, j));
      i = j;
    }
  }
  return out.filter((p) => p !== '');
}

/** Quick test before running the port patterns: files without any of these words cannot declare one. */
const PORT_HINTS = ['Listen', 'Run', 'Start', 'Addr', 'flag.', '"PORT"'];

/**
 * Reads one file. The preamble (header comments, package clause, imports) is tokenized; the body
 * only when it can hold what we look for (a //go:embed line, a LoadLocation or TZ lookup, a net/http
 * selector, a listen address), which keeps a large module cheap to read.
 */
export function readGoSource(text: string, options: { code?: boolean } = {}): GoSourceFile {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result: GoSourceFile = { imports: [], embeds: [], loadsTimezone: false, httpClient: false, ports: [], code: '' };
  const scan = new GoScanner(source);
  const headerComments: GoToken[] = [];
  // Header: comments before the package clause (build constraints live there).
  let more = scan.next();
  while (more && scan.kind === 'comment') {
    headerComments.push({ kind: 'comment', value: scan.value, start: scan.start });
    more = scan.next();
  }
  // The scanner moves under the checks below; read its kind through a call so none is narrowed away.
  const kind = (): string => scan.kind;
  // Where the last code token of the preamble ended: the body (and its comments) starts there.
  let preambleEnd = 0;
  const nextCode = (): boolean => {
    preambleEnd = scan.end;
    do more = scan.next();
    while (more && scan.kind === 'comment');
    return more;
  };
  // Qualifiers of the imports we look into: time (LoadLocation), os (Getenv "TZ"), net/http (clients).
  const qualifier = new Map<string, string>();
  let timeDotImported = false;
  let bodyStart = source.length;
  if (more && kind() === 'ident' && scan.is('package') && nextCode() && kind() === 'ident') {
    result.packageName = scan.value;
    nextCode();
    // Import declarations, until the first other token.
    while (more) {
      if (kind() === 'op' && scan.is(';')) {
        nextCode();
        continue;
      }
      if (!(kind() === 'ident' && scan.is('import'))) break;
      nextCode();
      const grouped = kind() === 'op' && scan.is('(');
      if (grouped) nextCode();
      let name: string | undefined;
      let broken = false;
      while (more) {
        if (grouped && kind() === 'op' && scan.is(')')) {
          nextCode();
          break;
        }
        if (kind() === 'op' && scan.is(';')) {
          nextCode();
          continue;
        }
        if (kind() === 'ident' || (kind() === 'op' && scan.is('.'))) {
          name = scan.value;
          nextCode();
          continue;
        }
        if (kind() !== 'string') {
          broken = true; // a syntax error: stop reading imports
          break;
        }
        const path = scan.value;
        result.imports.push(name === undefined ? { path } : { path, name });
        if (path === 'time' || path === 'os' || path === 'net/http') {
          if (name === '.') {
            if (path === 'time') timeDotImported = true;
          } else if (name !== '_') {
            qualifier.set(name ?? path.slice(path.lastIndexOf('/') + 1), path);
          }
        }
        name = undefined;
        nextCode();
        if (!grouped) break;
      }
      if (broken) break;
    }
    bodyStart = preambleEnd;
  }
  const header = headerConstraint(headerComments);
  if (header.text !== undefined) result.buildConstraint = header.text;
  if (header.constraint !== undefined) result.constraint = header.constraint;

  const wantEmbeds = source.includes('//go:embed', bodyStart);
  const imported = new Set(qualifier.values());
  const wantTimezone = (imported.has('time') || timeDotImported) && source.includes('LoadLocation', bodyStart);
  const wantTz = imported.has('os') && source.includes('"TZ"', bodyStart);
  const httpQualifiers = [...qualifier].filter(([, p]) => p === 'net/http').map(([q]) => q);
  const wantPorts = PORT_HINTS.some((hint) => source.includes(hint, bodyStart));
  if (wantEmbeds || wantTimezone || wantTz || httpQualifiers.length > 0) scanBody(source, bodyStart, result, qualifier, timeDotImported);
  if (wantPorts || options.code) {
    const code = stripGoComments(source);
    if (options.code) result.code = code;
    if (wantPorts) result.ports = findListenPorts(code);
  }
  return result;
}

/** The body: //go:embed lines, time.LoadLocation / os.Getenv("TZ") calls, net/http client selectors. */
function scanBody(source: string, from: number, result: GoSourceFile, qualifier: Map<string, string>, timeDotImported: boolean): void {
  const scan = new GoScanner(source, from);
  // The last five code tokens, as [kind, start, end] triples in a ring: enough for `q . Name ( arg`.
  const kinds: string[] = ['', '', '', '', ''];
  const starts = [0, 0, 0, 0, 0];
  const ends = [0, 0, 0, 0, 0];
  let count = 0;
  const at = (back: number): number => (count - 1 - back + 50) % 5;
  const text = (back: number): string => source.slice(starts[at(back)], ends[at(back)]);
  const isOp = (back: number, op: string): boolean => kinds[at(back)] === 'op' && ends[at(back)] - starts[at(back)] === op.length && source.startsWith(op, starts[at(back)]);
  while (scan.next()) {
    if (scan.kind === 'comment') {
      if (scan.lineStart && source.startsWith('//go:embed', scan.start)) {
        const c = source.charCodeAt(scan.start + 10);
        if (c === 32 || c === 9) result.embeds.push(...embedPatterns(source.slice(scan.start + 10, scan.end)));
      }
      continue;
    }
    const slot = count % 5;
    kinds[slot] = scan.kind;
    starts[slot] = scan.start;
    ends[slot] = scan.end;
    count++;
    // `http.Get`, `http.Client{…}`…: a client.
    if (scan.kind === 'ident' && count >= 3 && isOp(1, '.') && kinds[at(2)] === 'ident' && qualifier.get(text(2)) === 'net/http' && HTTP_CLIENT_NAMES.has(scan.value)) {
      result.httpClient = true;
    }
    // `Name ( arg`, qualified or (time) dot-imported.
    if (count >= 3 && isOp(1, '(') && kinds[at(2)] === 'ident') {
      const name = text(2);
      if (name !== 'LoadLocation' && name !== 'Getenv' && name !== 'LookupEnv') continue;
      const qualified = count >= 5 && isOp(3, '.') && kinds[at(4)] === 'ident' ? qualifier.get(text(4)) : undefined;
      const bare = !(count >= 4 && isOp(3, '.'));
      const literal = scan.kind === 'string' ? scan.value : undefined;
      if (name === 'LoadLocation' && (qualified === 'time' || (bare && timeDotImported))) {
        if (literal !== 'UTC' && literal !== 'Local' && literal !== '') result.loadsTimezone = true;
      } else if (name !== 'LoadLocation' && qualified === 'os' && literal === 'TZ') {
        result.loadsTimezone = true;
      }
    }
  }
}
