// The build graph (engine/build-graph.ts) on real-world Dockerfile shapes: what the view draws and
// `go-dockerfile graph` prints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../strict-engine.ts';
import { buildGraph, BUILD_GRAPH_VERSION, type BuildGraph, type GraphEdge, type StageNode } from '../../server/src/engine/build-graph.ts';

const lines = (...l: string[]) => l.join('\n') + '\n';

function stage(graph: BuildGraph, label: string): StageNode {
  const node = graph.nodes.find((n) => n.kind === 'stage' && n.label === label);
  assert.ok(node && node.kind === 'stage', `no stage ${label}`);
  return node;
}

function edge(graph: BuildGraph, kind: GraphEdge['kind'], from: string, to: string): GraphEdge {
  const found = graph.edges.find((e) => e.kind === kind && e.from === from && e.to === to);
  assert.ok(found, `no ${kind} edge ${from} -> ${to}; edges: ${graph.edges.map((e) => e.id).join(', ')}`);
  return found;
}

const dimmed = (graph: BuildGraph) => graph.nodes.filter((n) => !n.reachesTarget).map((n) => n.label);

describe('build graph: stages and base images', () => {
  it('ARG-driven FROM: the written reference, the resolved one, and its traits', () => {
    const graph = buildGraph(lines('ARG GO_VERSION=1.23', 'ARG VARIANT=alpine3.20', 'FROM golang:${GO_VERSION}-${VARIANT} AS build', 'RUN go build -o /out/app .', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /out/app /app'));
    assert.equal(graph.version, BUILD_GRAPH_VERSION);
    const build = stage(graph, 'build');
    assert.equal(build.base.written, 'golang:${GO_VERSION}-${VARIANT}');
    assert.equal(build.base.ref, 'golang:1.23-alpine3.20');
    assert.equal(build.base.goVersion, '1.23');
    assert.equal(build.base.libc, 'musl');
    assert.equal(build.base.shell, true);
    assert.equal(build.base.go, true);
    assert.equal(build.line, 3);
    const final = stage(graph, 'stage 1');
    assert.equal(final.base.libc, 'none');
    assert.equal(final.base.shell, false);
    assert.equal(final.isTarget, true);
  });

  it('a FROM whose build argument has no default stays open: no guessed traits', () => {
    const graph = buildGraph(lines('ARG BASE', 'FROM ${BASE} AS app', 'RUN echo hi'));
    const app = stage(graph, 'app');
    assert.equal(app.base.ref, null);
    assert.equal(app.base.written, '${BASE}');
    assert.equal(app.base.libc, 'unknown');
    assert.equal(app.base.shell, null);
    assert.equal(app.base.cCompiler, null);
  });

  it('stages that reuse stages: FROM <stage> edges, inherited traits, and the stages that never ship dimmed', () => {
    const graph = buildGraph(
      lines(
        'FROM golang:1.22-bookworm AS base',
        'WORKDIR /src',
        'COPY . .',
        'FROM base AS build',
        'RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server',
        'FROM base AS test',
        'RUN go test ./...',
        'FROM build AS lint',
        'RUN go vet ./...',
        'FROM gcr.io/distroless/static-debian12',
        'COPY --from=build /out/server /server',
      ),
    );
    assert.equal(stage(graph, 'build').base.kind, 'stage');
    assert.equal(stage(graph, 'build').base.stage, 'stage-0');
    assert.equal(stage(graph, 'build').base.rootImage, 'golang:1.22-bookworm');
    assert.equal(stage(graph, 'build').base.libc, 'glibc');
    assert.equal(stage(graph, 'build').base.cCompiler, true);
    edge(graph, 'from', 'stage-0', 'stage-1');
    edge(graph, 'from', 'stage-0', 'stage-2');
    edge(graph, 'from', 'stage-1', 'stage-3');
    assert.deepEqual(dimmed(graph), ['test', 'lint']);
    assert.equal(edge(graph, 'from', 'stage-0', 'stage-2').reachesTarget, false);
    assert.equal(edge(graph, 'copy', 'stage-1', 'stage-4').reachesTarget, true);
    assert.deepEqual(graph.targets, ['base', 'build', 'test', 'lint']);
  });

  it('each stage spans its lines up to the next FROM', () => {
    const graph = buildGraph('# comment\nFROM golang AS a\nRUN true\n\nFROM alpine\nRUN true\n');
    assert.deepEqual(graph.nodes.map((n) => (n.kind === 'stage' ? [n.line, n.endLine] : [])), [
      [2, 4],
      [5, 7],
    ]);
  });

  it('garbage, empty input and a file without FROM give an empty graph', () => {
    for (const text of ['', 'hello world', '\u0000\u0001', 'RUN go build .', 'ARG X=1\n']) {
      const graph = buildGraph(text);
      assert.deepEqual(graph.nodes, []);
      assert.equal(graph.target.node, null);
      assert.equal(graph.finalImage, null);
    }
  });

  it('reads CRLF files and a BOM with the same line numbers', () => {
    const text = '\uFEFFFROM golang:1.22 AS build\r\nRUN go build -o /out/app .\r\nFROM scratch\r\nCOPY --from=build /out/app /app\r\n';
    const graph = buildGraph(text);
    assert.equal(stage(graph, 'build').builds[0].line, 2);
    assert.equal(stage(graph, 'stage 1').line, 3);
    assert.equal(graph.finalImage?.binaries[0].path, '/app');
  });
});

describe('build graph: Go builds', () => {
  it('package, CGO_ENABLED, GOOS/GOARCH, flags and output', () => {
    const graph = buildGraph(
      lines(
        'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
        'ARG TARGETOS TARGETARCH',
        'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w -X main.version=1" -o /out/api ./cmd/api',
        'FROM scratch',
        'COPY --from=build /out/api /api',
      ),
    );
    const [build] = stage(graph, 'build').builds;
    assert.deepEqual(build, {
      line: 3,
      column: 53,
      command: 'build',
      packages: ['./cmd/api'],
      cgo: { setting: '0', effective: 'off' },
      goos: '$TARGETOS',
      goarch: '$TARGETARCH',
      flags: ['-trimpath', '-ldflags=-s -w -X main.version=1'],
      output: '/out/api',
      ships: true,
    });
    assert.equal(stage(graph, 'build').base.platform, '$BUILDPLATFORM');
  });

  it('cgo by default follows the C compiler; a build argument without default is unknown', () => {
    const graph = buildGraph(
      lines('FROM golang:1.22 AS debian', 'RUN go build -o /a .', 'FROM golang:1.22-alpine AS alpine', 'RUN go build -o /b .', 'FROM golang:1.22-alpine AS withgcc', 'RUN apk add gcc musl-dev', 'RUN go build -o /c .', 'FROM golang AS arg', 'ARG CGO_ENABLED', 'RUN go build -o /d .'),
    );
    assert.deepEqual(stage(graph, 'debian').builds[0].cgo, { setting: 'unset', effective: 'on' });
    assert.deepEqual(stage(graph, 'alpine').builds[0].cgo, { setting: 'unset', effective: 'off' });
    assert.deepEqual(stage(graph, 'withgcc').builds[0].cgo, { setting: 'unset', effective: 'on' });
    assert.deepEqual(stage(graph, 'arg').builds[0].cgo, { setting: 'unknown', effective: 'unknown' });
  });

  it('GOOS/GOARCH from ENV values, and null when not set', () => {
    const graph = buildGraph(lines('FROM golang AS a', 'ENV GOOS=linux GOARCH=arm64', 'RUN go build -o /a .', 'FROM golang AS b', 'RUN go build -o /b .'));
    assert.equal(stage(graph, 'a').builds[0].goos, 'linux');
    assert.equal(stage(graph, 'a').builds[0].goarch, 'arm64');
    assert.equal(stage(graph, 'b').builds[0].goos, null);
    assert.equal(stage(graph, 'b').builds[0].goarch, null);
  });

  it('heredoc builds are found, with their line inside the heredoc', () => {
    const graph = buildGraph(
      lines('# syntax=docker/dockerfile:1', 'FROM golang:1.22-alpine AS build', 'RUN <<EOF', 'set -e', 'go mod download', 'CGO_ENABLED=0 go build -o /out/app ./cmd/app', 'EOF', 'FROM alpine:3.20', 'COPY --from=build /out/app /usr/local/bin/app'),
    );
    const builds = stage(graph, 'build').builds;
    assert.equal(builds.length, 1);
    assert.equal(builds[0].line, 6);
    assert.equal(builds[0].output, '/out/app');
    assert.deepEqual(builds[0].cgo, { setting: '0', effective: 'off' });
    assert.equal(graph.finalImage?.binaries[0].path, '/usr/local/bin/app');
  });

  it('builds behind make or a script are listed as opaque, not guessed', () => {
    const graph = buildGraph(lines('FROM golang AS build', 'RUN make build', 'RUN ./scripts/build.sh', 'FROM scratch', 'COPY --from=build /src/bin/app /app'));
    assert.deepEqual(stage(graph, 'build').opaqueBuilds, [{ line: 2 }, { line: 3 }]);
    assert.deepEqual(stage(graph, 'build').builds, []);
    assert.deepEqual(graph.finalImage?.binaries, []);
  });

  it('go install writes to GOBIN or $GOPATH/bin', () => {
    const graph = buildGraph(lines('FROM golang:1.22 AS tools', 'RUN go install github.com/go-delve/delve/cmd/dlv@v1.22.0', 'FROM debian:bookworm-slim', 'COPY --from=tools /go/bin/dlv /usr/local/bin/'));
    assert.equal(stage(graph, 'tools').builds[0].command, 'install');
    assert.equal(stage(graph, 'tools').builds[0].output, '/go/bin/dlv');
    assert.equal(graph.finalImage?.binaries[0].path, '/usr/local/bin/dlv');
  });
});

describe('build graph: edges', () => {
  it('COPY --from edges are labelled with what is copied; copies between the same stages merge', () => {
    const graph = buildGraph(
      lines('FROM golang AS build', 'RUN go build -o /out/app .', 'FROM scratch', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', 'COPY --from=build /out/app /app'),
    );
    const copy = edge(graph, 'copy', 'stage-0', 'stage-1');
    assert.deepEqual(copy.items, [
      { line: 4, sources: ['/etc/ssl/certs/ca-certificates.crt'], dest: '/etc/ssl/certs/' },
      { line: 5, sources: ['/out/app'], dest: '/app' },
    ]);
    assert.equal(copy.label, '/etc/ssl/certs/ca-certificates.crt → /etc/ssl/certs/\n/out/app → /app');
    assert.equal(graph.edges.length, 1);
  });

  it('COPY --from by stage index, and from an external image (an image node)', () => {
    const graph = buildGraph(lines('FROM golang', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from=0 /app /app', 'COPY --from=busybox:1.36 /bin/busybox /bin/busybox', 'COPY --from=busybox:1.36 /bin/sh /bin/sh'));
    edge(graph, 'copy', 'stage-0', 'stage-1');
    const image = graph.nodes.find((n) => n.kind === 'image');
    assert.deepEqual(image, { id: 'image:busybox:1.36', kind: 'image', label: 'busybox:1.36', line: 5, reachesTarget: true });
    assert.equal(edge(graph, 'copy', 'image:busybox:1.36', 'stage-1').items.length, 2);
  });

  it('RUN --mount=from edges, to stages and images', () => {
    const graph = buildGraph(
      lines(
        'FROM golang:1.22 AS deps',
        'RUN go mod download',
        'FROM golang:1.22 AS build',
        'RUN --mount=type=bind,from=deps,source=/go/pkg/mod,target=/go/pkg/mod --mount=from=ghcr.io/acme/assets:1,target=/assets go build -o /out/app .',
        'FROM scratch',
        'COPY --from=build /out/app /app',
      ),
    );
    assert.deepEqual(edge(graph, 'mount', 'stage-0', 'stage-1').items, [{ line: 4, sources: ['/go/pkg/mod'], dest: '/go/pkg/mod' }]);
    assert.equal(edge(graph, 'mount', 'stage-0', 'stage-1').label, 'mount /go/pkg/mod → /go/pkg/mod');
    edge(graph, 'mount', 'image:ghcr.io/acme/assets:1', 'stage-1');
    assert.equal(stage(graph, 'deps').reachesTarget, true);
  });
});

describe('build graph: --target', () => {
  const text = lines(
    'FROM golang:1.22 AS build',
    'RUN CGO_ENABLED=0 go build -o /out/app .',
    'FROM build AS test',
    'RUN go test ./...',
    'FROM alpine:3.20 AS debug',
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
    'FROM gcr.io/distroless/static-debian12:nonroot AS release',
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
  );

  it('the default ships the last stage', () => {
    const graph = buildGraph(text);
    assert.deepEqual(graph.target, { node: 'stage-3', name: 'release', requested: null, found: true });
    assert.deepEqual(dimmed(graph), ['test', 'debug']);
  });

  it('a --target ships that stage; what does not reach it is dimmed (matched case-insensitively)', () => {
    const graph = buildGraph(text, { target: 'Debug' });
    assert.deepEqual(graph.target, { node: 'stage-2', name: 'debug', requested: 'Debug', found: true });
    assert.equal(stage(graph, 'debug').isTarget, true);
    assert.equal(stage(graph, 'release').isTarget, false);
    assert.deepEqual(dimmed(graph), ['test', 'release']);
    assert.equal(graph.finalImage?.stage, 'stage-2');
    assert.equal(graph.finalImage?.image, 'alpine:3.20');
    assert.equal(edge(graph, 'copy', 'stage-0', 'stage-3').reachesTarget, false);
  });

  it('a --target that is a FROM <stage> child ships the parent build in place', () => {
    const graph = buildGraph(text, { target: 'test' });
    assert.deepEqual(dimmed(graph), ['debug', 'release']);
    assert.deepEqual(graph.finalImage?.binaries, [{ path: '/out/app', builtIn: 'stage-0', line: 2, packages: ['.'], via: ['stage-0', 'stage-1'] }]);
    assert.equal(stage(graph, 'build').builds[0].ships, true);
  });

  it('an unknown --target says so and shows the last stage', () => {
    const graph = buildGraph(text, { target: 'prod' });
    assert.deepEqual(graph.target, { node: 'stage-3', name: 'release', requested: 'prod', found: false });
  });

  it('a build whose binary reaches no shipped stage does not ship', () => {
    const graph = buildGraph(lines('FROM golang AS tool', 'RUN go build -o /out/tool ./tool', 'FROM golang AS build', 'RUN go build -o /out/app .', 'FROM scratch', 'COPY --from=build /out/app /app'));
    assert.equal(stage(graph, 'tool').builds[0].ships, false);
    assert.equal(stage(graph, 'build').builds[0].ships, true);
  });
});

describe('build graph: what ships', () => {
  it('a binary copied through two stages (build → compress → final)', () => {
    const graph = buildGraph(
      lines(
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'RUN CGO_ENABLED=0 go build -o bin/app ./cmd/app',
        'FROM alpine:3.20 AS compress',
        'RUN apk add --no-cache upx',
        'COPY --from=build /src/bin/ /work/',
        'RUN upx /work/app',
        'FROM scratch',
        'COPY --from=compress /work/app /usr/bin/app',
        'ENTRYPOINT ["/usr/bin/app"]',
      ),
    );
    assert.equal(stage(graph, 'build').builds[0].output, '/src/bin/app');
    assert.deepEqual(graph.finalImage?.binaries, [{ path: '/usr/bin/app', builtIn: 'stage-0', line: 3, packages: ['./cmd/app'], via: ['stage-0', 'stage-1', 'stage-2'] }]);
    assert.deepEqual(graph.finalImage?.entrypoint, { exec: true, words: ['/usr/bin/app'], line: 10 });
  });

  it('a binary in a folder copied whole, then into a stage the final one is built FROM', () => {
    const graph = buildGraph(
      lines(
        'FROM golang AS build',
        'RUN go build -o /out/bin/server ./cmd/server',
        'FROM debian:bookworm-slim AS runtime',
        'COPY --from=build /out /opt/app',
        'FROM runtime',
        'USER 1000',
      ),
    );
    assert.deepEqual(graph.finalImage?.binaries.map((b) => [b.path, b.via]), [['/opt/app/bin/server', ['stage-0', 'stage-1', 'stage-2']]]);
    assert.deepEqual(graph.finalImage?.user, { name: '1000', line: 6 });
  });

  it('go build -o /out/ ./cmd/... (a folder of binaries): each file copied out of the folder ships (dendrite\'s shape)', () => {
    const graph = buildGraph(
      lines(
        'FROM golang:1.22-alpine AS build',
        'RUN --mount=target=. go build -v -trimpath -o /out/ ./cmd/...',
        'FROM alpine:latest',
        'COPY --from=build /out/server /usr/bin/server',
        'COPY --from=build /out/admin /usr/bin/admin',
        'COPY --from=build /out/sub/deeper /usr/bin/deeper',
        'ENTRYPOINT ["/usr/bin/server"]',
      ),
    );
    // Files directly in the folder; a deeper path is not one of go build's outputs.
    assert.deepEqual(graph.finalImage?.binaries.map((b) => [b.path, b.via]), [
      ['/usr/bin/admin', ['stage-0', 'stage-1']],
      ['/usr/bin/server', ['stage-0', 'stage-1']],
    ]);
    assert.equal(stage(graph, 'build').builds[0].ships, true);
  });

  it('a build without -o: the program-like copy from its stage carries it', () => {
    const graph = buildGraph(lines('FROM golang AS build', 'WORKDIR /src', 'RUN go build', 'FROM scratch', 'COPY --from=build /src/myapp /myapp'));
    assert.deepEqual(graph.finalImage?.binaries.map((b) => b.path), ['/myapp']);
    assert.equal(stage(graph, 'build').builds[0].ships, true);
  });

  it('a single-stage build ships in place', () => {
    const graph = buildGraph(lines('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o server .', 'CMD ["./server"]'));
    assert.deepEqual(graph.finalImage?.binaries.map((b) => [b.path, b.via]), [['/app/server', ['stage-0']]]);
    assert.deepEqual(graph.finalImage?.cmd, { exec: true, words: ['./server'], line: 5 });
    assert.equal(graph.finalImage?.entrypoint, null);
    assert.equal(graph.edges.length, 0);
  });

  it('globs in COPY sources take the binary', () => {
    const graph = buildGraph(lines('FROM golang AS build', 'RUN go build -o /out/app-linux .', 'FROM scratch', 'COPY --from=build /out/app-* /bin/'));
    assert.deepEqual(graph.finalImage?.binaries.map((b) => b.path), ['/bin/app-linux']);
  });

  it('scratch with certificates copied: CA copied, zoneinfo missing, user and entrypoint', () => {
    const graph = buildGraph(
      lines(
        'FROM golang:1.22 AS build',
        'RUN CGO_ENABLED=0 go build -o /out/app .',
        'FROM scratch',
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
        'COPY --from=build /out/app /app',
        'USER 65534:65534',
        'ENTRYPOINT ["/app"]',
      ),
    );
    const final = graph.finalImage!;
    assert.deepEqual(final.caCertificates, { status: 'copied', line: 4 });
    assert.deepEqual(final.zoneinfo, { status: 'missing', line: null });
    assert.deepEqual(final.user, { name: '65534:65534', line: 6 });
    assert.equal(final.image, 'scratch');
    // The certificate copy is not mistaken for a binary.
    assert.deepEqual(final.binaries.map((b) => b.path), ['/app']);
  });

  it('scratch without certificates: CA missing, user root', () => {
    const graph = buildGraph(lines('FROM golang AS build', 'RUN go build -o /app .', 'FROM scratch', 'COPY --from=build /app /app'));
    assert.deepEqual(graph.finalImage?.caCertificates, { status: 'missing', line: null });
    assert.deepEqual(graph.finalImage?.user, { name: 'root', line: null });
  });

  it('distroless brings certificates, zoneinfo and the nonroot user of its tag', () => {
    const graph = buildGraph(lines('FROM gcr.io/distroless/static-debian12:nonroot', 'COPY app /app'));
    assert.deepEqual(graph.finalImage?.caCertificates, { status: 'image', line: null });
    assert.deepEqual(graph.finalImage?.zoneinfo, { status: 'image', line: null });
    assert.deepEqual(graph.finalImage?.user, { name: 'nonroot', line: null });
  });

  it('alpine: installed tzdata and certificates; embedded zoneinfo with -tags timetzdata', () => {
    const installed = buildGraph(lines('FROM alpine:3.20', 'RUN apk add --no-cache tzdata ca-certificates'));
    assert.deepEqual(installed.finalImage?.zoneinfo, { status: 'installed', line: 2 });
    assert.deepEqual(installed.finalImage?.caCertificates, { status: 'installed', line: 2 });
    const embedded = buildGraph(lines('FROM golang AS build', 'RUN go build -tags timetzdata -o /app .', 'FROM alpine:3.20', 'COPY --from=build /app /app'));
    assert.deepEqual(embedded.finalImage?.zoneinfo, { status: 'embedded', line: 2 });
    assert.deepEqual(embedded.finalImage?.caCertificates, { status: 'image', line: null });
  });

  it('debian-slim: no certificates; zoneinfo up to bookworm, not guessed from trixie on (the rules\' table)', () => {
    const graph = buildGraph(lines('FROM debian:bookworm-slim', 'COPY app /app'));
    assert.deepEqual(graph.finalImage?.caCertificates, { status: 'missing', line: null });
    assert.deepEqual(graph.finalImage?.zoneinfo, { status: 'image', line: null });
    const trixie = buildGraph(lines('FROM debian:trixie-slim', 'COPY app /app'));
    assert.deepEqual(trixie.finalImage?.zoneinfo, { status: 'unknown', line: null });
  });

  it('an image the engine does not know: unknown, not guessed', () => {
    const graph = buildGraph(lines('FROM registry.example.com/base:1', 'COPY app /app'));
    assert.deepEqual(graph.finalImage?.caCertificates, { status: 'unknown', line: null });
    assert.deepEqual(graph.finalImage?.user, { name: null, line: null });
  });
});

describe('build graph: findings', () => {
  it('each finding is attached to the stage whose lines it is on', () => {
    const text = lines('FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app .', '', 'FROM scratch', 'COPY --from=build /out/app /app');
    const findings = analyze(text);
    assert.ok(findings.length >= 2, 'the fixture has findings');
    const graph = buildGraph(text, { findings });
    const build = stage(graph, 'build');
    assert.deepEqual(build.findings.map((f) => f.ruleId).sort(), [...new Set(findings.map((f) => f.ruleId))].sort());
    const cgo = build.findings.find((f) => f.ruleId === 'cgo-not-disabled')!;
    assert.deepEqual([cgo.line, cgo.column], [4, 5]);
    assert.equal(cgo.severity, 'error');
    assert.deepEqual(stage(graph, 'stage 1').findings, []);
  });

  it('findings before the first FROM belong to no stage', () => {
    const finding = { ruleId: 'x', severity: 'warning' as const, messageId: 'm', data: {}, message: 'before', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } };
    const graph = buildGraph('ARG X=1\nFROM scratch\n', { findings: [finding] });
    assert.deepEqual(graph.otherFindings, [{ ruleId: 'x', severity: 'warning', message: 'before', line: 1, column: 1, endLine: 1, endColumn: 4 }]);
  });
});

describe('build graph: size', () => {
  it('a long chain of stages copying a binary along is traced to the end, each stage once', () => {
    const chain = ['FROM golang AS s0', 'RUN go build -o /out/app .'];
    for (let i = 1; i <= 400; i++) chain.push(`FROM alpine AS s${i}`, `COPY --from=s${i - 1} /out/app /out/app`);
    const graph = buildGraph(lines(...chain));
    assert.equal(graph.nodes.length, 401);
    assert.equal(graph.edges.length, 400);
    assert.equal(graph.finalImage?.binaries[0].via.length, 401);
    assert.deepEqual(dimmed(graph), []);
  });

  it('a long FROM <stage> chain keeps its root image, toolchain and C compiler facts', () => {
    const chain = ['FROM golang:1.22-alpine AS s0', 'RUN apk add gcc'];
    for (let i = 1; i <= 1000; i++) chain.push(`FROM s${i - 1} AS s${i}`);
    chain.push('RUN go build -o /out/app .');
    const graph = buildGraph(lines(...chain));
    const last = stage(graph, 's1000');
    assert.equal(last.base.rootImage, 'golang:1.22-alpine');
    assert.equal(last.base.go, true);
    assert.equal(last.base.cCompiler, true);
    assert.deepEqual(last.builds[0].cgo, { setting: 'unset', effective: 'on' });
    assert.equal(graph.edges.length, 1000);
    assert.deepEqual(graph.finalImage?.binaries[0].via, ['stage-1000']);
  });

  it('many copies between many stages stay bounded (the tracer has a step budget)', () => {
    const text = ['FROM golang AS build'];
    for (let i = 0; i < 300; i++) text.push(`RUN go build -o /out/app${i} ./cmd/app${i}`);
    text.push('FROM alpine AS mid');
    for (let i = 0; i < 300; i++) text.push(`COPY --from=build /out /out${i}`);
    text.push('FROM scratch');
    for (let i = 0; i < 300; i++) text.push(`COPY --from=mid / /`);
    const graph = buildGraph(lines(...text));
    // 300 × 300 × 300 ways to the final image: the tracing stops at its budget, with a bounded answer.
    assert.equal(stage(graph, 'build').builds.length, 300);
    assert.ok(stage(graph, 'build').builds.some((b) => b.ships));
    const binaries = graph.finalImage!.binaries;
    assert.ok(binaries.length > 0 && binaries.length <= 300 * 4, `${binaries.length} binaries`);
  });
});
