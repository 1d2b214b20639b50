// The size of the browser build (VS Code for the Web): dist/web/client.js and dist/web/server.js,
// built in memory with the project's own options (esbuild.mjs `webBuilds`), unminified (what a
// development build writes) and minified (what `npm run package` puts in the VSIX), with the gzip
// size a browser downloads. Goal: each bundle at most 1.5 MiB unminified.
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOAL_BYTES = 1.5 * 1024 * 1024;

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

async function sizeOf(options, minify) {
  const result = await esbuild.build({ ...options, minify, sourcemap: false, write: false, logLevel: 'silent' });
  const output = result.outputFiles.find((file) => file.path.endsWith(options.outfile));
  return { bytes: output.contents.byteLength, gzip: gzipSync(output.contents).byteLength };
}

export async function webSizeReport() {
  const { webBuilds } = await import(pathToFileURL(path.join(repoRoot, 'esbuild.mjs')).href);
  const rows = [];
  for (const options of webBuilds) {
    rows.push({ bundle: options.outfile, plain: await sizeOf(options, false), minified: await sizeOf(options, true) });
  }
  const total = (pick) => rows.reduce((sum, row) => sum + pick(row), 0);
  const lines = [
    '## Web bundle size (VS Code for the Web)',
    '',
    '| bundle | unminified | minified (VSIX) | minified, gzip | goal ≤ 1.5 MiB unminified |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.bundle} | ${kib(r.plain.bytes)} | ${kib(r.minified.bytes)} | ${kib(r.minified.gzip)} | ${r.plain.bytes <= GOAL_BYTES ? 'met' : 'missed'} |`),
    `| both | ${kib(total((r) => r.plain.bytes))} | ${kib(total((r) => r.minified.bytes))} | ${kib(total((r) => r.minified.gzip))} | |`,
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await webSizeReport()}\n`);
}
