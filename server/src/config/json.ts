// JSON for the config file: JSON.parse does the parsing; when it fails, a small linear scanner finds
// where, so the message can say "line L, column C" without quoting the text (V8's own message
// quotes the first characters of the input, which may be anything a symlink pointed at).

export type JsonResult = { ok: true; value: unknown } | { ok: false; message: string };

/** Where the text stops being JSON, and what was expected there. */
export interface JsonSyntaxError {
  offset: number;
  expected: string;
}

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const error = locateJsonError(text);
    if (!error) return { ok: false, message: 'invalid JSON' };
    const { line, column } = lineAndColumn(text, error.offset);
    return { ok: false, message: `invalid JSON at line ${line}, column ${column}: expected ${error.expected}` };
  }
}

/** 1-based line and column (in UTF-16 code units, as editors count) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

type State = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after';

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** End offset of the string starting at `start` (a quote), or the error inside it. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, expected: 'a closing quote (strings cannot span lines or hold control characters)' };
    if (c !== 0x5c) {
      i++;
      continue;
    }
    const escape = text[i + 1];
    if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
      i += 2;
    } else if (escape === 'u') {
      for (let k = 2; k < 6; k++) {
        if (!isHex(text.charCodeAt(i + k))) return { offset: i, expected: 'four hex digits after \\u' };
      }
      i += 6;
    } else {
      return { offset: i, expected: 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)' };
    }
  }
  return { offset: text.length, expected: 'a closing quote' };
}

/** End offset of the number starting at `start`, or the error inside it. */
function scanNumber(text: string, start: number): number | JsonSyntaxError {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  if (text.charCodeAt(i) === 0x30) {
    i++;
  } else if (isDigit(text.charCodeAt(i))) {
    while (isDigit(text.charCodeAt(i))) i++;
  } else {
    return { offset: i, expected: 'a digit' };
  }
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return { offset: i, expected: 'a digit after the decimal point' };
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45) {
    i++;
    if (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return { offset: i, expected: 'a digit in the exponent' };
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/**
 * The first syntax error of a JSON text (RFC 8259, as JSON.parse reads it), or undefined when it is
 * valid. One pass with an explicit stack, so deep nesting cannot overflow the call stack.
 */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  const stack: Array<'{' | '['> = [];
  let state: State = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      if (state === 'after' && stack.length === 0) return undefined;
      return { offset: i, expected: stack.length === 0 && state === 'value' ? 'a value (the file is empty)' : 'more input (the file ends early)' };
    }
    const c = text[i];
    if (state === 'value-or-close' && c === ']') {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'key-or-close' && c === '}') {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    switch (state) {
      case 'value':
      case 'value-or-close': {
        if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          state = c === '{' ? 'key-or-close' : 'value-or-close';
          continue;
        }
        let end: number | JsonSyntaxError | undefined;
        if (c === '"') end = scanString(text, i);
        else if (c === '-' || isDigit(text.charCodeAt(i))) end = scanNumber(text, i);
        else {
          const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
          if (literal) end = i + literal.length;
        }
        if (end === undefined) return { offset: i, expected: c === ']' && stack[stack.length - 1] === '[' ? 'a value (after a trailing comma?)' : 'a value' };
        if (typeof end !== 'number') return end;
        i = end;
        state = 'after';
        continue;
      }
      case 'key':
      case 'key-or-close': {
        if (c !== '"') {
          return { offset: i, expected: c === '}' ? 'a property name in double quotes (after a trailing comma?)' : 'a property name in double quotes' };
        }
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        state = 'colon';
        continue;
      }
      case 'colon':
        if (c !== ':') return { offset: i, expected: "':' after the property name" };
        i++;
        state = 'value';
        continue;
      case 'after': {
        const top = stack[stack.length - 1];
        if (top === undefined) return { offset: i, expected: 'the end of the file after the value' };
        if (c === ',') {
          i++;
          state = top === '{' ? 'key' : 'value';
          continue;
        }
        if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
          stack.pop();
          i++;
          continue;
        }
        return { offset: i, expected: top === '{' ? "',' or '}'" : "',' or ']'" };
      }
    }
  }
}
