// The one use of Node's global `Buffer` in the browser build: dockerfile-ast checks the first
// character of every Dockerfile for a UTF-8 BOM with `Buffer.from(char, 'UTF-8')`. esbuild injects
// this in place of the global (esbuild.mjs `inject`); TextEncoder gives the same bytes.

export const Buffer = {
  from(text: string): Uint8Array {
    return new TextEncoder().encode(text);
  },
};
