// Input shapes that once made the engine super-linear (issue 7, part 3), plus a plain Dockerfile to
// compare them with. Each generator takes a target size in characters and returns a Dockerfile of
// about that size; `issueSize` is the size the issue reproduced the problem at.

export interface Shape {
  name: string;
  /** Where the super-linear work was. */
  where: string;
  /** Size of the issue's reproduction, in characters (the generators scale from it). */
  issueSize: number;
  /**
   * What analysis finds on the issue's reproduction, for the rules the issue is about (findings by
   * rule id; rules added later may find more).
   */
  issueFindings?: Record<string, number>;
  generate(size: number): string;
  /**
   * What is timed: `analyze` (the default); `code-actions`, analyze plus the quick fixes for every
   * diagnostic (a code-action request carrying all of them); `fix-all`, fixAll until it converges;
   * `build-graph`, the build graph (engine/build-graph.ts) as JSON; `build-inputs`, the model and
   * what the Go facts need read (engine/build-inputs.ts, on every lint of the server and the CLI).
   */
  work?: 'analyze' | 'code-actions' | 'fix-all' | 'build-graph' | 'build-inputs';
}

const repeatTo = (unit: string, size: number) => unit.repeat(Math.max(1, Math.floor(size / unit.length)));

/**
 * A plain, realistic Dockerfile: multi-stage Go builds, module downloads, apt installs, ENV, COPY,
 * comments and labels, repeated to the size wanted. Nothing in it is adversarial.
 */
export function plainDockerfile(size: number): string {
  const block = (i: number) =>
    [
      `# service ${i}`,
      `FROM golang:1.22-bookworm AS build${i}`,
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
      'COPY . .',
      `ENV APP_NAME=app${i} PATH=/usr/local/go/bin:$PATH`,
      'RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*',
      `RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=1.${i}.0" -o /out/app${i} ./cmd/app${i}`,
      `LABEL org.opencontainers.image.title="app${i}" org.opencontainers.image.source="https://example.com/app"`,
      'FROM gcr.io/distroless/static-debian12:nonroot',
      `COPY --from=build${i} /out/app${i} /usr/local/bin/app${i}`,
      'USER nonroot:nonroot',
      'EXPOSE 8080',
      `ENTRYPOINT ["/usr/local/bin/app${i}"]`,
      '',
    ].join('\n');
  let out = '';
  for (let i = 0; out.length < size; i++) out += block(i) + '\n';
  return out;
}

export const SHAPES: Shape[] = [
  {
    name: 'copy-glob',
    where: 'copySourceCovers (COPY --from source glob)',
    issueSize: 151,
    issueFindings: { 'cgo-not-disabled': 0 },
    // The issue's 171-byte file (36 a's in the output path, 14 `*a` in the COPY source); larger
    // sizes repeat its COPY line, so every copy is matched against the build output.
    generate(size) {
      const build = `FROM golang:1.22 AS build\nRUN go build -o /${'a'.repeat(36)}b .\nFROM scratch\n`;
      return build + repeatTo(`COPY --from=build /${'*a'.repeat(14)}*c /app\n`, size - build.length);
    },
  },
  {
    name: 'directive',
    where: 'parser directive regex (scan.ts)',
    issueSize: 262_160,
    generate: (size) => `# a=${' '.repeat(Math.max(1, size - 20))}b c\nFROM alpine`,
  },
  {
    name: 'pragma',
    where: 'suppression comment walk (suppression.ts)',
    issueSize: 720_012,
    issueFindings: { 'single-stage': 0 },
    generate: (size) => `FROM alpine\n${repeatTo('# go-dockerfile ignore=single-stage\n', size - 12)}`,
  },
  {
    name: 'expand',
    where: 'expand (model/env.ts)',
    issueSize: 200_017,
    generate: (size) => `FROM alpine\nENV A=${repeatTo('${A:-', size - 17)}`,
  },
  {
    name: 'ldflags',
    where: 'ldflags regex (linksStatically, go-commands.ts)',
    issueSize: 220_100,
    issueFindings: { 'cgo-not-disabled': 1 },
    generate: (size) =>
      `FROM golang:1.22 AS build\nRUN go build -ldflags="${repeatTo('extldflags ', size - 100)}" -o /app .\nFROM scratch\nCOPY --from=build /app /app\n`,
  },
  {
    name: 'healthcheck',
    where: 'single-stage (HEALTHCHECK regex in the conversion)',
    issueSize: 262_230,
    issueFindings: { 'single-stage': 1, 'module-cache-order': 1 },
    generate: (size) =>
      `FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nHEALTHCHECK${' '.repeat(Math.max(1, size - 100))}x\nENTRYPOINT ["/app"]\n`,
  },
  {
    name: 'image-colons',
    where: 'alpine-cgo (image reference with many colons after @)',
    issueSize: 262_250,
    issueFindings: { 'alpine-cgo': 1 },
    generate: (size) =>
      `FROM golang:1.22-alpine@${':'.repeat(Math.max(1, size - 120))}x AS build\nRUN apk add gcc musl-dev\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n`,
  },
  {
    name: 'chained-stages',
    where: 'runtimeOf + lineage (stage-graph.ts)',
    issueSize: 16_000,
    issueFindings: { 'cgo-not-disabled': 394 },
    generate(size) {
      let text = 'FROM golang:1.22 AS s0\nRUN go build -o /app .\n';
      let last = 0;
      while (text.length < size - 60) text += `FROM s${last} AS s${++last}\nRUN go build -o /app .\n`;
      return `${text}FROM scratch\nCOPY --from=s${last} /app /app\n`;
    },
  },
  {
    name: 'code-actions',
    where: 'code actions (model rebuilt per diagnostic)',
    issueSize: 82_000,
    work: 'code-actions',
    generate(size) {
      const head = 'FROM golang:1.22 AS build\nWORKDIR /src\n';
      const tail = 'FROM scratch\nCOPY --from=build /out/app /app\n';
      return head + repeatTo('RUN go build -o /out/app ./cmd/server\n', size - head.length - tail.length) + tail;
    },
  },
];

/** More shapes, found while auditing the engine for super-linear work beyond the issue's table. */
export const AUDIT_SHAPES: Shape[] = [
  {
    name: 'wrapper-chain',
    where: 'sudo/env wrappers re-read the command per wrapper (run-commands.ts)',
    issueSize: 100_000,
    generate: (size) => `FROM golang:1.22 AS build\nRUN ${repeatTo('sudo env A=1 ', size - 100)}go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n`,
  },
  {
    name: 'shell-vars',
    where: 'shell variables copied for every go command (run-commands.ts)',
    issueSize: 100_000,
    generate(size) {
      const half = Math.floor((size - 100) / 2);
      let assignments = '';
      for (let i = 0; assignments.length < half; i++) assignments += `V${i}=1; `;
      return `FROM golang:1.22 AS build\nRUN ${assignments}${repeatTo('go vet; ', half)}true\n`;
    },
  },
  {
    name: 'goflags',
    where: 'GOFLAGS parsed and merged for every go command (run-commands.ts)',
    issueSize: 100_000,
    generate(size) {
      const half = Math.floor((size - 100) / 2);
      return `FROM golang:1.22 AS build\nENV GOFLAGS="${repeatTo('-a ', half)}"\n${repeatTo('RUN go vet\n', half)}`;
    },
  },
  {
    name: 'shell-option',
    where: 'sh -c option regex (run-commands.ts)',
    issueSize: 100_000,
    generate: (size) => `FROM golang:1.22\nRUN sh -${'c'.repeat(Math.max(1, size - 40))}! x\n`,
  },
  {
    name: 'tarball',
    where: 'Go release tarball regex (run-commands.ts)',
    issueSize: 100_000,
    generate: (size) => `FROM debian\nRUN tar xzf go1${'1'.repeat(Math.max(1, Math.floor((size - 40) / 2)))}.linux-${'a'.repeat(Math.max(1, Math.floor((size - 40) / 2)))}\n`,
  },
  {
    name: 'slash-runs',
    where: 'trailing-slash and parent-directory regexes (module-cache-order.ts)',
    issueSize: 100_000,
    generate(size) {
      const half = Math.floor((size - 120) / 2);
      return `FROM golang:1.22\nCOPY go.mod /${'a'.repeat(half)}/go.mod\nCOPY ${'/'.repeat(half)}x .\nRUN go build -o /app .\n`;
    },
  },
  {
    name: 'many-stages',
    where: 'stage lookup by name per FROM/COPY --from (model/build.ts)',
    issueSize: 100_000,
    generate(size) {
      let text = 'FROM golang:1.22 AS s0\n';
      for (let i = 1; text.length < size; i++) text += `FROM golang:1.22 AS s${i}\nCOPY --from=s${i - 1} /x /x\n`;
      return text;
    },
  },
  {
    name: 'installs-and-builds',
    where: 'C compiler and Go lookups walking every RUN per build (go-commands.ts)',
    issueSize: 100_000,
    generate(size) {
      const half = Math.floor((size - 100) / 2);
      return `FROM golang:1.22-alpine AS build\nRUN apk add ${repeatTo('pkg ', half)}gcc\n${repeatTo('RUN go build -o /app .\n', half)}FROM scratch\nCOPY --from=build /app /app\n`;
    },
  },
  {
    name: 'env-lookups',
    where: 'variable lookups in long ENV chains (model/env.ts)',
    issueSize: 100_000,
    generate(size) {
      let text = 'FROM golang:1.22\n';
      for (let i = 1; text.length < size; i++) text += `ENV V${i}=$V${i - 1}x\n`;
      return text;
    },
  },
  {
    name: 'fix-all',
    where: 'fixAll: overlap checks between fixes (fixes.ts)',
    issueSize: 82_000,
    work: 'fix-all',
    generate: (size) => shapeNamed('code-actions').generate(size),
  },
  {
    name: 'copies-from-chain',
    where: 'runtimeOf: copies from a chain of build stages (stage-graph.ts)',
    issueSize: 100_000,
    generate(size) {
      let text = 'FROM golang:1.22 AS s0\nRUN go build -o /out/a0 .\n';
      let last = 0;
      while (text.length < size / 2) text += `FROM s${last} AS s${++last}\nRUN go build -o /out/a${last} .\n`;
      text += 'FROM scratch\n';
      for (let i = 0; text.length < size; i++) text += `COPY --from=s${last} /out/a${i % (last + 1)} /bin/\n`;
      return text;
    },
  },
  {
    name: 'graph-globs',
    where: 'build graph: wildcard COPY sources and deep paths (build-graph.ts)',
    issueSize: 100_000,
    work: 'build-graph',
    generate(size) {
      const deep = `/${'d/'.repeat(1000)}app`;
      let text = `FROM golang:1.22 AS build\nRUN go build -o ${deep} .\nRUN go build -o /out/app .\nFROM scratch\n`;
      while (text.length < size) text += `COPY --from=build /${'*a'.repeat(14)}*c /o[u]t/*${'/'.repeat(40)} /bin/\n`;
      return text;
    },
  },
  {
    name: 'buildkit-builds',
    where: 'build-cache-mounts: the instructions before each build walked per build',
    issueSize: 100_000,
    generate(size) {
      const head = '# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n';
      const tail = 'FROM scratch\nCOPY --from=build /app /app\n';
      return head + repeatTo('RUN go build -o /app .\n', size - head.length - tail.length) + tail;
    },
  },
  {
    name: 'cache-dir-slashes',
    where: 'build-cache-mounts: trailing slashes of GOCACHE and GOMODCACHE',
    issueSize: 100_000,
    generate(size) {
      const half = Math.max(1, Math.floor((size - 200) / 2));
      return `# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\nENV GOCACHE=/${'/'.repeat(half)}x GOMODCACHE=/${'/'.repeat(half)}y\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n`;
    },
  },
  {
    name: 'goflags-ldflags',
    where: 'strip-symbols, missing-tzdata: -ldflags and -tags read from a long GOFLAGS, per build',
    issueSize: 100_000,
    generate(size) {
      const half = Math.floor((size - 200) / 2);
      // Stripped already (a fix here would carry the whole -ldflags into every build, by design).
      const head = `FROM golang:1.22 AS build\nENV GOFLAGS="-ldflags='-s -w${' -X=a.b=c'.repeat(Math.floor(half / 9))}' -tags=${'t,'.repeat(Math.floor(half / 4))}x"\n`;
      const tail = 'FROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';
      return head + repeatTo('RUN go build -o /app .\n', size - head.length - tail.length) + tail;
    },
  },
  {
    name: 'inputs-chain',
    where: 'build inputs: copies looked up through a chain of stages (model/context-paths.ts)',
    issueSize: 16_000,
    work: 'build-inputs',
    generate: (size) => shapeNamed('chained-stages').generate(size),
  },
];

export function shapeNamed(name: string): Shape {
  const shape = [...SHAPES, ...AUDIT_SHAPES].find((s) => s.name === name);
  if (!shape) throw new Error(`unknown shape ${name}`);
  return shape;
}
