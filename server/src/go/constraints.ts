// Build constraints: `//go:build` expressions (and legacy `// +build` lines), and the _GOOS/_GOARCH
// file-name suffixes. Parsing is iterative (shunting-yard into postfix) with a size limit, so a
// hostile expression such as 6,000 nested parentheses costs linear time and no stack.

export const KNOWN_GOOS: ReadonlySet<string> = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl',
  'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
export const KNOWN_GOARCH: ReadonlySet<string> = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64',
  'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x',
  'sparc', 'sparc64', 'wasm',
]);
/** GOOS values whose files also satisfy the `unix` tag. */
const UNIX_GOOS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);

/**
 * The architectures a container build most likely targets when its GOARCH is not known: the host
 * of almost every builder, and what `docker buildx --platform linux/amd64,linux/arm64` produces.
 * Facts for an unknown GOARCH are the union over these.
 */
export const COMMON_GOARCHES: readonly string[] = ['amd64', 'arm64'];

/**
 * Go rejects expressions of more than 1,000 tokens ("build expression too large" in
 * go/build/constraint); so do we, which also bounds the work per file.
 */
export const MAX_CONSTRAINT_TOKENS = 1000;

/** A parsed constraint in postfix order: tags, and the operators '!', '&&', '||'. */
export interface Constraint {
  readonly postfix: readonly string[];
}

export type ConstraintParse = { ok: true; constraint: Constraint } | { ok: false; error: string };

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '!': 3 };

function tokenizeConstraint(expr: string): string[] | string {
  const tokens: string[] = [];
  let i = 0;
  const n = expr.length;
  while (i < n) {
    const ch = expr[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if ((ch === '&' || ch === '|') && expr[i + 1] === ch) {
      tokens.push(ch + ch);
      i += 2;
    } else if (ch === '!' || ch === '(' || ch === ')') {
      tokens.push(ch);
      i++;
    } else if (/[A-Za-z0-9_.]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_.]/.test(expr[j])) j++;
      tokens.push(expr.slice(i, j));
      i = j;
    } else {
      return `unexpected character ${JSON.stringify(ch)}`;
    }
    if (tokens.length > MAX_CONSTRAINT_TOKENS) return 'expression too large';
  }
  return tokens;
}

/** Parses a `//go:build` expression (the text after the directive). Iterative; never throws. */
export function parseConstraint(expr: string): ConstraintParse {
  const tokens = tokenizeConstraint(expr);
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  if (tokens.length === 0) return { ok: false, error: 'empty expression' };
  const output: string[] = [];
  const operators: string[] = [];
  // Whether the next token must start an operand (a tag, '!' or '(').
  let expectOperand = true;
  for (const tok of tokens) {
    if (expectOperand) {
      if (tok === '!' || tok === '(') {
        operators.push(tok);
      } else if (tok === ')' || tok === '&&' || tok === '||') {
        return { ok: false, error: `unexpected ${tok}` };
      } else {
        output.push(tok);
        expectOperand = false;
      }
      continue;
    }
    if (tok === ')') {
      while (operators.length > 0 && operators[operators.length - 1] !== '(') output.push(operators.pop()!);
      if (operators.length === 0) return { ok: false, error: 'unexpected )' };
      operators.pop();
      continue;
    }
    if (tok === '&&' || tok === '||') {
      const precedence = PRECEDENCE[tok];
      while (operators.length > 0) {
        const top = operators[operators.length - 1];
        if (top === '(' || PRECEDENCE[top] < precedence) break;
        output.push(operators.pop()!);
      }
      operators.push(tok);
      expectOperand = true;
      continue;
    }
    return { ok: false, error: `unexpected ${tok}` };
  }
  if (expectOperand) return { ok: false, error: 'unexpected end of expression' };
  while (operators.length > 0) {
    const op = operators.pop()!;
    if (op === '(') return { ok: false, error: 'missing )' };
    output.push(op);
  }
  return { ok: true, constraint: { postfix: output } };
}

/** Evaluates a parsed constraint with a stack; `tag` says whether one tag is satisfied. */
export function evalConstraint(constraint: Constraint, tag: (name: string) => boolean): boolean {
  const stack: boolean[] = [];
  for (const tok of constraint.postfix) {
    if (tok === '!') stack.push(!stack.pop());
    else if (tok === '&&') {
      const b = stack.pop()!;
      const a = stack.pop()!;
      stack.push(a && b);
    } else if (tok === '||') {
      const b = stack.pop()!;
      const a = stack.pop()!;
      stack.push(a || b);
    } else stack.push(tag(tok));
  }
  return stack.pop() ?? true;
}

/** The build a file set is evaluated for. */
export interface BuildTarget {
  goos: string;
  goarch: string;
  cgo: boolean;
  tags: ReadonlySet<string>;
}

/** Whether one tag holds for `target`: GOOS/GOARCH, unix, cgo, gc, go1.N release tags, and -tags. */
export function tagHolds(name: string, target: BuildTarget): boolean {
  if (name === target.goos || name === target.goarch) return true;
  if (name === 'unix') return UNIX_GOOS.has(target.goos);
  if (name === 'cgo') return target.cgo;
  if (name === 'gc') return true;
  // Release tags: any toolchain a Dockerfile uses today is at least as new as the tag.
  if (/^go1\.\d+$/.test(name)) return true;
  return target.tags.has(name);
}

/** `linux`, `amd64`, cgo on, no tags: for the old single-answer API. */
function legacyTarget(goarch: string, cgo: boolean): BuildTarget {
  return { goos: 'linux', goarch, cgo, tags: new Set() };
}

/**
 * Whether a `//go:build` expression holds for a Linux container build on amd64 or arm64.
 * Malformed expressions count as satisfied (the generator keeps such a file rather than miss a
 * main package); the per-program facts skip them instead, as the go command would fail on them.
 */
export function buildConstraintHolds(expr: string, cgoEnabled = true): boolean {
  const parsed = parseConstraint(expr);
  if (!parsed.ok) return true;
  return COMMON_GOARCHES.some((arch) => evalConstraint(parsed.constraint, (tag) => tagHolds(tag, legacyTarget(arch, cgoEnabled))));
}

/** The GOOS and GOARCH a file name constrains to (`x_linux.go`, `x_windows_amd64.go`, `x_arm64.go`). */
export function fileNameConstraint(fileName: string): { goos?: string; goarch?: string } {
  let stem = fileName.endsWith('.go') ? fileName.slice(0, -3) : fileName;
  if (stem.endsWith('_test')) stem = stem.slice(0, -5);
  // The part before the first '_' never counts: `linux.go` and `windows.go` are not constrained.
  const underscore = stem.indexOf('_');
  if (underscore < 0) return {};
  const parts = stem.slice(underscore + 1).split('_');
  const last = parts[parts.length - 1];
  const secondLast = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  if (secondLast !== undefined && KNOWN_GOOS.has(secondLast) && KNOWN_GOARCH.has(last)) return { goos: secondLast, goarch: last };
  if (KNOWN_GOOS.has(last)) return { goos: last };
  if (KNOWN_GOARCH.has(last)) return { goarch: last };
  return {};
}

/** Whether a file-name constraint admits `target` (`_unix` is not a file-name constraint, as in Go). */
export function fileNameAdmits(constraint: { goos?: string; goarch?: string }, target: Pick<BuildTarget, 'goos' | 'goarch'>): boolean {
  if (constraint.goos !== undefined && constraint.goos !== target.goos) return false;
  if (constraint.goarch !== undefined && constraint.goarch !== target.goarch) return false;
  return true;
}

/** Whether a file name's _GOOS / _GOARCH suffix excludes it from a Linux amd64/arm64 build. */
export function fileNameExcludedOnLinux(fileName: string): boolean {
  const constraint = fileNameConstraint(fileName);
  return !COMMON_GOARCHES.some((goarch) => fileNameAdmits(constraint, { goos: 'linux', goarch }));
}
