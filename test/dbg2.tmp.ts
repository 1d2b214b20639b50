import { analyze, fixAll } from './strict-engine.ts';
import { checkEngine } from './fuzz/properties.ts';
const pieces = [
  'RUN echo ' + 'a'.repeat(64 * 1024),
  'FROM golang:1.22\n' + 'RUN go build \\\n'.repeat(10_000) + '  .\n',
  'FROM golang:1.22\nRUN <<EOF\n' + 'go build .\n'.repeat(2000),
  '\r'.repeat(5000) + 'FROM scratch',
  'FROM golang:1.22 AS b\n' + 'RUN x \\\r\n'.repeat(3000) + 'FROM scratch\r\nCOPY --from=b /a /a',
  '#'.repeat(64 * 1024),
  '\\'.repeat(64 * 1024),
  'ENV ' + 'A=${'.repeat(10_000),
];
for (const p of pieces) { let t0 = performance.now(); const f = analyze(p); const a = performance.now() - t0; t0 = performance.now(); checkEngine(p, undefined); console.log(f.length, a.toFixed(0), (performance.now() - t0).toFixed(0), JSON.stringify(p.slice(0, 30))); }
