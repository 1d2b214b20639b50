// npm run bench (Go facts section), or alone: node --import tsx bench/go-facts.ts [--files 5000] [--runs 5]
// Times the Go facts on a generated module: the first read (index + module facts + a program
// query) and the update after one .go file changes. Prints a markdown table on stdout.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildInputs } from '../server/src/engine/build-inputs.ts';
import { buildModel } from '../server/src/engine/model/index.ts';
import { NodeFileAccess } from '../server/src/files/node-access.ts';
import { GoFactsCache } from '../server/src/go/index.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const FILES = option('--files', 5000);
const RUNS = option('--runs', 5);
const FILES_PER_PACKAGE = 10;

/** A module of FILES .go files: internal packages importing each other in a chain, std imports, one main. */
function generateModule(root: string): { changed: string } {
  const packages = Math.ceil(FILES / FILES_PER_PACKAGE);
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/bench\n\ngo 1.22\n\nrequire github.com/pkg/errors v0.9.1\n');
  fs.writeFileSync(path.join(root, 'go.sum'), '');
  let written = 0;
  for (let p = 0; p < packages && written < FILES; p++) {
    const dir = path.join(root, 'internal', `pkg${p}`);
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_PACKAGE && written < FILES; f++, written++) {
      const imports = ['"fmt"', '"strings"', f === 0 && p + 1 < packages ? `"example.com/bench/internal/pkg${p + 1}"` : '', p % 50 === 0 && f === 1 ? '"net/http"' : ''].filter(Boolean);
      const body = Array.from({ length: 40 }, (_, i) => `\t// line ${i}: "import \\"C\\"" in a comment\n\tx${i} := strings.Repeat("a", ${i})\n\t_ = x${i}`).join('\n');
      const use = f === 0 && p + 1 < packages ? `\tpkg${p + 1}.F${0}()\n` : '';
      fs.writeFileSync(
        path.join(dir, `file${f}.go`),
        `// Package pkg${p} is generated for the benchmark.\npackage pkg${p}\n\nimport (\n\t${imports.join('\n\t')}\n)\n\n// F${f} does nothing useful.\nfunc F${f}() {\n${use}${body}\n\tfmt.Println("done")\n}\n`,
      );
    }
  }
  fs.mkdirSync(path.join(root, 'cmd', 'app'), { recursive: true });
  fs.writeFileSync(path.join(root, 'cmd', 'app', 'main.go'), 'package main\n\nimport "example.com/bench/internal/pkg0"\n\nfunc main() { pkg0.F0() }\n');
  fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app ./cmd/app\nFROM scratch\nCOPY --from=build /out/app /app\n');
  return { changed: path.join(root, 'internal', 'pkg7', 'file3.go') };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'go-dockerfile-bench-'));
  try {
    const { changed } = generateModule(root);
    const dockerfile = path.join(root, 'Dockerfile');
    const inputs = buildInputs(buildModel(fs.readFileSync(dockerfile, 'utf8')));
    const query = { pkg: './cmd/app', dir: '.', tags: [], cgo: true };
    const cold: number[] = [];
    const update: number[] = [];
    const programTimes: number[] = [];
    const coldCpu: number[] = [];
    const updateCpu: number[] = [];
    const programCpu: number[] = [];
    // CPU time of this process too: on a busy machine wall time also counts other processes' turns.
    const cpu = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    let packagesCompiled = 0;
    for (let run = 0; run < RUNS; run++) {
      const cache = new GoFactsCache({ projectRoot: () => root, access: (r) => new NodeFileAccess(r) });
      let t = performance.now();
      let c = cpu();
      const facts = await cache.factsFor(dockerfile, inputs);
      cold.push(performance.now() - t);
      coldCpu.push(cpu() - c);
      t = performance.now();
      c = cpu();
      const program = facts.program?.(query);
      programTimes.push(performance.now() - t);
      programCpu.push(cpu() - c);
      packagesCompiled = program?.packages.length ?? 0;
      // One file changes, several times as in an editing session: it gains, then loses, an import of os/user.
      const text = fs.readFileSync(changed, 'utf8');
      for (let edit = 0; edit < 4; edit++) {
        fs.writeFileSync(changed, edit % 2 === 0 ? text.replace('import (', 'import (\n\t"os/user"') : text);
        t = performance.now();
        c = cpu();
        await cache.invalidate(changed);
        const after = await cache.factsFor(dockerfile, inputs);
        after.program?.(query);
        update.push(performance.now() - t);
        updateCpu.push(cpu() - c);
        if (after === facts) throw new Error('the update was not seen');
      }
      fs.writeFileSync(changed, text);
    }
    const rows = [
      ['first facts for the Dockerfile (walk, read, index, module facts)', median(cold), median(coldCpu), '1000'],
      ['per-program facts for ./cmd/app (first query)', median(programTimes), median(programCpu), '—'],
      ['one .go file changed: re-read, new facts, program query (median of 4 edits per run)', median(update), median(updateCpu), '20'],
    ] as const;
    const lines = [
      `## Go facts (${FILES} .go files, ${packagesCompiled} packages compiled by ./cmd/app, median of ${RUNS})`,
      '',
      '| step | wall ms | CPU ms | budget ms |',
      '| --- | ---: | ---: | ---: |',
      ...rows.map(([label, wall, cpuMs, budget]) => `| ${label} | ${wall.toFixed(1)} | ${cpuMs.toFixed(1)} | ${budget} |`),
      `load average while measuring: ${os.loadavg()[0].toFixed(2)} (${os.cpus().length} cores)`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
