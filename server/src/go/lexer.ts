// A Go tokenizer: identifiers, literals, operators and comments, in one linear pass. Not a parser:
// readers on top of it (source.ts) only look at short token sequences, but they must never be fooled
// by an import path inside a comment or a string, or by a comment inside a string.

export type GoTokenKind = 'ident' | 'string' | 'rune' | 'number' | 'op' | 'comment';

export interface GoToken {
  kind: GoTokenKind;
  /** Identifier or operator text; a string literal's value (quotes removed, escapes resolved); a comment's full text. */
  value: string;
  /** Offset of the token's first character in the source. */
  start: number;
  /** For comments: whether it is a `//` line comment that starts its line (directives such as //go:embed). */
  lineStart?: boolean;
}

function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 0x80;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xfeff;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** The value of an interpreted string literal's body (between the quotes). Bad escapes are kept as written. */
export function unquoteGoString(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff) {
        out += ch;
        continue;
      }
      out += String.fromCodePoint(code);
      i += 1 + width;
    } else if (next >= '0' && next <= '7') {
      const oct = body.slice(i + 1, i + 4);
      if (/^[0-7]{3}$/.test(oct)) {
        out += String.fromCharCode(parseInt(oct, 8));
        i += 3;
      } else {
        out += ch;
      }
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * A cursor over the tokens of a Go source file, allocation-free per token: `next()` moves to the
 * next token and fills `kind`, `start`, `end` and `lineStart`; `value` is computed on demand.
 * Never throws: an unterminated literal or comment runs to the end of its line or of the file.
 */
export class GoScanner {
  kind: GoTokenKind | 'eof' = 'eof';
  start = 0;
  end = 0;
  /** For a `//` comment: whether it starts its line (directives such as //go:embed). */
  lineStart = false;
  private pos = 0;
  private atLineStart = true;

  constructor(readonly text: string, from = 0) {
    this.pos = from;
  }

  /** The token's text: identifier or operator, a literal's value (unquoted), a comment as written. */
  get value(): string {
    const text = this.text;
    switch (this.kind) {
      case 'string':
      case 'rune': {
        const quote = text.charCodeAt(this.start);
        const close = this.end - 1 > this.start && text.charCodeAt(this.end - 1) === quote ? this.end - 1 : this.end;
        const body = text.slice(this.start + 1, close);
        // Raw strings drop carriage returns; interpreted ones resolve escapes.
        return quote === 96 ? body.replace(/\r/g, '') : unquoteGoString(body);
      }
      default:
        return text.slice(this.start, this.end);
    }
  }

  /** Whether the current token is the identifier or operator `word` (no allocation). */
  is(word: string): boolean {
    return this.end - this.start === word.length && this.text.startsWith(word, this.start) && this.kind !== 'string' && this.kind !== 'comment';
  }

  next(): boolean {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (!isSpace(code)) break;
      if (code === 10) this.atLineStart = true;
      i++;
    }
    if (i >= n) {
      this.kind = 'eof';
      this.start = this.end = this.pos = n;
      return false;
    }
    const code = text.charCodeAt(i);
    this.start = i;
    this.lineStart = this.atLineStart;
    this.atLineStart = false;
    let end: number;
    if (code === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      end = nl < 0 ? n : nl;
      this.kind = 'comment';
    } else if (code === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? n : close + 2;
      this.kind = 'comment';
      this.lineStart = false;
    } else if (isLetter(code)) {
      end = i + 1;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (!isLetter(c) && !isDigit(c)) break;
        end++;
      }
      this.kind = 'ident';
    } else if (isDigit(code) || (code === 46 /* . */ && isDigit(text.charCodeAt(i + 1)))) {
      end = i + 1;
      while (end < n) {
        const c = text.charCodeAt(end);
        // Digits, letters (hex, exponents, suffixes), '_', '.', and a sign right after an exponent.
        if (isDigit(c) || isLetter(c) || c === 46) end++;
        else if ((c === 43 || c === 45) && isExponent(text.charCodeAt(end - 1))) end++;
        else break;
      }
      this.kind = 'number';
    } else if (code === 34 /* " */ || code === 39 /* ' */) {
      let j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === code || c === 10) break;
        j += c === 92 /* \ */ ? 2 : 1;
      }
      end = j < n && text.charCodeAt(j) === code ? j + 1 : Math.min(j, n);
      this.kind = code === 34 ? 'string' : 'rune';
    } else if (code === 96 /* ` */) {
      const close = text.indexOf('`', i + 1);
      end = close < 0 ? n : close + 1;
      this.kind = 'string';
    } else if (code === 46 && text.charCodeAt(i + 1) === 46 && text.charCodeAt(i + 2) === 46) {
      end = i + 3;
      this.kind = 'op';
    } else {
      end = i + 1;
      this.kind = 'op';
    }
    this.end = end;
    this.pos = end;
    return true;
  }
}

function isExponent(code: number): boolean {
  return code === 101 || code === 69 || code === 112 || code === 80; // e E p P
}

/** The tokens of a Go source file, comments included, as objects (for callers that keep them). */
export function* goTokens(text: string): Generator<GoToken> {
  const scanner = new GoScanner(text);
  while (scanner.next()) {
    const token: GoToken = { kind: scanner.kind as GoTokenKind, value: scanner.value, start: scanner.start };
    if (scanner.kind === 'comment' && scanner.text.startsWith('//', scanner.start)) token.lineStart = scanner.lineStart;
    yield token;
  }
}
