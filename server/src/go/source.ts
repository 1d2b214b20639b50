// A small lexical reader for Go source files: package clause, imports, build constraints, and a
// comment-free copy of the code for pattern checks. Not a Go parser: it only needs to be right about
// the file preamble and never be fooled by comments or string contents.

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
  /** The source with comments blanked out (strings kept), for pattern searches over code only. */
  code: string;
}

type Token =
  | { kind: 'ident'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'punct'; value: string }
  | { kind: 'eof' };

/** Replaces every comment with spaces (newlines kept) so offsets and line structure survive. */
export function stripGoComments(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (ch === '"' || ch === '\'') {
      let j = i + 1;
      while (j < n && text[j] !== ch && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      const stop = Math.min(n, j + 1);
      out += text.slice(i, stop);
      i = stop;
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      const stop = end < 0 ? n : end + 1;
      out += text.slice(i, stop);
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function unquoteInterpreted(body: string): string {
  // Import paths never need escapes in practice; drop the backslashes so "a\x2fb" doesn't matter.
  return body.replace(/\\(.)/g, '$1');
}

/** Tokens of comment-free code, enough to read `package x` and import declarations. */
function* tokens(code: string): Generator<Token> {
  let i = 0;
  const n = code.length;
  while (i < n) {
    const ch = code[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_\u0080-\uffff]/.test(code[j])) j++;
      yield { kind: 'ident', value: code.slice(i, j) };
      i = j;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < n && code[j] !== '"' && code[j] !== '\n') j += code[j] === '\\' ? 2 : 1;
      yield { kind: 'string', value: unquoteInterpreted(code.slice(i + 1, Math.min(j, n))) };
      i = j + 1;
    } else if (ch === '`') {
      const end = code.indexOf('`', i + 1);
      const stop = end < 0 ? n : end;
      yield { kind: 'string', value: code.slice(i + 1, stop) };
      i = stop + 1;
    } else {
      yield { kind: 'punct', value: ch };
      i++;
    }
  }
  yield { kind: 'eof' };
}

/** Reads the build constraint from the header comments (before the package clause). */
function readBuildConstraint(text: string): string | undefined {
  const plusBuild: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('//')) break; // constraints must precede the package clause; block comments end the search too
    const goBuild = /^\/\/go:build\s+(.*)$/.exec(trimmed);
    if (goBuild) return goBuild[1].trim();
    const legacy = /^\/\/\s*\+build\s+(.*)$/.exec(trimmed);
    if (legacy) plusBuild.push(legacy[1].trim());
  }
  if (plusBuild.length === 0) return undefined;
  // "// +build a,b c" means (a && b) || c; several lines are ANDed.
  const lineExpr = (line: string): string =>
    '(' + line.split(/\s+/).map((alt) => '(' + alt.split(',').join(' && ') + ')').join(' || ') + ')';
  return plusBuild.map(lineExpr).join(' && ');
}

export function readGoSource(text: string): GoSourceFile {
  const source = text.replace(/^\uFEFF/, '');
  const code = stripGoComments(source);
  const result: GoSourceFile = { imports: [], buildConstraint: readBuildConstraint(source), code };
  const it = tokens(code);
  const next = (): Token => it.next().value as Token;

  let tok = next();
  if (tok.kind !== 'ident' || tok.value !== 'package') return result;
  tok = next();
  if (tok.kind !== 'ident') return result;
  result.packageName = tok.value;

  tok = next();
  const readSpec = (first: Token): Token => {
    // ImportSpec = [ "." | "_" | identifier ] ImportPath
    let name: string | undefined;
    let t = first;
    if (t.kind === 'ident' || (t.kind === 'punct' && t.value === '.')) {
      name = t.value;
      t = next();
    }
    if (t.kind === 'string') {
      result.imports.push(name === undefined ? { path: t.value } : { path: t.value, name });
      t = next();
    }
    return t;
  };
  while (true) {
    while (tok.kind === 'punct' && tok.value === ';') tok = next();
    if (tok.kind !== 'ident' || tok.value !== 'import') break;
    tok = next();
    if (tok.kind === 'punct' && tok.value === '(') {
      tok = next();
      while (tok.kind !== 'eof' && !(tok.kind === 'punct' && tok.value === ')')) {
        const before = tok;
        tok = readSpec(tok);
        if (tok === before) tok = next(); // skip anything unexpected rather than loop forever
        while (tok.kind === 'punct' && tok.value === ';') tok = next();
      }
      tok = next();
    } else {
      tok = readSpec(tok);
    }
  }
  return result;
}

// --- build constraints -------------------------------------------------------------------------

const KNOWN_GOOS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl',
  'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
const KNOWN_GOARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64',
  'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x',
  'sparc', 'sparc64', 'wasm',
]);
/** The images we generate target linux on amd64 and arm64. */
const TARGET_ARCHES = new Set(['amd64', 'arm64']);

/**
 * Whether a build tag holds when building for a Linux container (amd64 or arm64).
 * Custom tags (`ignore`, `integration`, `sqlite_fts5`…) are off, as they are for a plain `go build`.
 */
function tagHolds(tag: string, cgoEnabled: boolean): boolean {
  if (tag === 'linux' || tag === 'unix' || tag === 'gc') return true;
  if (tag === 'cgo') return cgoEnabled;
  if (/^go1\.\d+$/.test(tag)) return true;
  if (TARGET_ARCHES.has(tag)) return true;
  return false;
}

/**
 * Evaluates a `//go:build` expression (||, &&, !, parentheses). Malformed expressions count as
 * satisfied: when unsure, keep the file rather than miss a main package or an `import "C"`.
 */
export function buildConstraintHolds(expr: string, cgoEnabled = true): boolean {
  const toks = expr.match(/\|\||&&|!|\(|\)|[A-Za-z0-9_.]+/g) ?? [];
  let pos = 0;
  let malformed = false;
  const parseOr = (): boolean => {
    let value = parseAnd();
    while (toks[pos] === '||') {
      pos++;
      const rhs = parseAnd();
      value = value || rhs;
    }
    return value;
  };
  const parseAnd = (): boolean => {
    let value = parseNot();
    while (toks[pos] === '&&') {
      pos++;
      const rhs = parseNot();
      value = value && rhs;
    }
    return value;
  };
  const parseNot = (): boolean => {
    if (toks[pos] === '!') {
      pos++;
      return !parseNot();
    }
    if (toks[pos] === '(') {
      pos++;
      const value = parseOr();
      if (toks[pos] === ')') pos++;
      else malformed = true;
      return value;
    }
    const tag = toks[pos++];
    if (tag === undefined || tag === ')' || tag === '||' || tag === '&&') {
      malformed = true;
      return true;
    }
    return tagHolds(tag, cgoEnabled);
  };
  const value = parseOr();
  if (pos !== toks.length || malformed) return true;
  return value;
}

/** Whether a file name's _GOOS / _GOARCH suffix (name_linux.go, name_windows_amd64.go) excludes it on Linux. */
export function fileNameExcludedOnLinux(fileName: string): boolean {
  const stem = fileName.replace(/\.go$/, '');
  const parts = stem.split('_');
  if (parts.length < 2) return false;
  const last = parts[parts.length - 1];
  const secondLast = parts.length >= 3 ? parts[parts.length - 2] : undefined;
  if (secondLast !== undefined && KNOWN_GOOS.has(secondLast) && KNOWN_GOARCH.has(last)) {
    return !isLinuxGoos(secondLast) || !TARGET_ARCHES.has(last);
  }
  if (KNOWN_GOOS.has(last)) return !isLinuxGoos(last);
  if (KNOWN_GOARCH.has(last)) return !TARGET_ARCHES.has(last);
  return false;
}

function isLinuxGoos(goos: string): boolean {
  return goos === 'linux';
}

/** Whether the file is compiled for a Linux container build: name suffix and build constraint. */
export function fileBuildsOnLinux(fileName: string, file: GoSourceFile): boolean {
  if (fileNameExcludedOnLinux(fileName)) return false;
  return file.buildConstraint === undefined || buildConstraintHolds(file.buildConstraint);
}
