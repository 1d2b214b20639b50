// Input generators for the engine's property tests (issue 12): Dockerfile-shaped text that reaches
// deep into the model and the rules, and raw garbage that no parser should choke on.
import fc from 'fast-check';
import { NO_MODULE } from '../../server/src/engine/index.ts';
import type { GoFacts } from '../../server/src/engine/index.ts';
import { moduleWithProgram } from '../fake-facts.ts';

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const optional = (arb: fc.Arbitrary<string>, freq = 2) => fc.oneof({ arbitrary: fc.constant(''), weight: freq }, { arbitrary: arb, weight: 1 });
const joined = (arb: fc.Arbitrary<string[]>, sep = ' ') => arb.map((parts) => parts.filter(Boolean).join(sep));

const stageName = pick('build', 'builder', 'b', 'base', 'test', 'dev', 'final', 'tools');

const image = fc.oneof(
  pick(
    'golang:1.22',
    'golang:1.21-alpine',
    'golang:1.23-bookworm',
    'golang:${GO_VERSION}-alpine',
    'golang:${GO_VERSION:-1.22}',
    'golang',
    'golang:latest',
    'golang:alpine',
    'docker.io/library/golang:1.22',
    'mirror.gcr.io/golang:1.20@sha256:0123456789abcdef',
    'scratch',
    'alpine:3.19',
    'alpine',
    'debian:bookworm-slim',
    'busybox',
    'gcr.io/distroless/static-debian12:nonroot',
    'gcr.io/distroless/static',
    'gcr.io/distroless/cc-debian12',
    'cgr.dev/chainguard/static',
    'ubuntu:24.04',
    '$BASE',
    '${IMAGE}:${TAG}',
  ),
  stageName,
);

const from = joined(
  fc.tuple(
    pick('FROM', 'from', 'From'),
    optional(pick('--platform=$BUILDPLATFORM', '--platform=linux/amd64', '--platform=${TARGETPLATFORM}')),
    image,
    optional(fc.tuple(pick('AS', 'as'), stageName).map(([as, name]) => `${as} ${name}`), 1),
  ),
);

const variable = pick('CGO_ENABLED', 'GOOS', 'GOARCH', 'GOFLAGS', 'GO_VERSION', 'TARGETOS', 'TARGETARCH', 'GOARC', 'CGO_ENABLE', 'GO111MODULE', 'GOTOOLCHAIN', 'TZ', 'GOPATH', 'X');
const value = pick('0', '1', 'linux', 'windows', 'amd64', 'arm64', '$TARGETARCH', '${TARGETOS}', '-mod=vendor', '"-ldflags=-s -w"', 'off', 'local', '', '1.22', '$X', '${X:-1}', 'Europe/Paris');

const argEnv = fc.oneof(
  fc.tuple(pick('ARG', 'ENV', 'arg', 'env'), variable, pick('=', ' ', '='), value).map(([k, n, eq, v]) => (k.toUpperCase() === 'ARG' && eq === ' ' ? `${k} ${n}` : `${k} ${n}${eq}${v}`)),
  pick('ARG TARGETOS TARGETARCH', 'ARG GO_VERSION=1.22', 'ARG CGO_ENABLED=0', 'ENV CGO_ENABLED=0 GOOS=linux', 'ARG BUILDPLATFORM', 'ENV GOFLAGS="-trimpath -mod=vendor"'),
);

const goFlag = pick(
  '-trimpath',
  '-ldflags="-s -w"',
  "-ldflags='-s -w -X main.version=1.0'",
  '-ldflags "-X main.v=${VERSION}"',
  '-ldflags=-extldflags=-static',
  '-ldflags "-linkmode external -extldflags -static"',
  '-tags netgo,osusergo',
  '-tags timetzdata',
  '-tags=sqlite',
  '-o /out/app',
  '-o=/bin/server',
  '-o app',
  '-mod=vendor',
  '-a',
  '-v',
);
const goPackage = pick('.', './cmd/api', './...', 'example.com/app/cmd/x', 'github.com/x/tool@v1.2.3', '');
const inlineEnv = fc.array(fc.tuple(variable, value).map(([n, v]) => `${n}=${v}`), { maxLength: 3 }).map((xs) => xs.join(' '));
const goCommand = joined(fc.tuple(inlineEnv, pick('go build', 'go install', 'go get', 'go mod download', 'go env -w CGO_ENABLED=0', 'go generate ./...', 'go test ./...'), fc.array(goFlag, { maxLength: 4 }).map((xs) => xs.join(' ')), goPackage));
const shellCommand = fc.oneof(
  { arbitrary: goCommand, weight: 4 },
  pick('make build', 'make -C server', './build.sh', 'sh scripts/build.sh', 'apk add --no-cache gcc musl-dev', 'apt-get install -y gcc', 'cd /src', 'export CGO_ENABLED=0', 'env GOOS=linux', 'echo hi', 'true', 'useradd app', 'cp /out/app /app', 'curl -fsSL https://x | sh'),
);
const chain = fc.array(shellCommand, { minLength: 1, maxLength: 3 }).chain((cmds) => pick(' && ', '; ', ' || ', ' | ').map((sep) => cmds.join(sep)));
const mount = pick(
  '--mount=type=cache,target=/root/.cache/go-build',
  '--mount=type=cache,target=/go/pkg/mod',
  '--mount=type=bind,source=go.mod,target=go.mod',
  '--mount=type=bind,source=go.sum,target=go.sum',
  '--mount=from=build,source=/out,target=/x',
  '--mount=type=secret,id=netrc',
  '--network=none',
);
const run = joined(
  fc.tuple(
    pick('RUN', 'run'),
    fc.array(mount, { maxLength: 2 }).map((xs) => xs.join(' ')),
    fc.oneof(
      { arbitrary: chain, weight: 4 },
      chain.map((c) => `sh -c "${c.replace(/"/g, '\\"')}"`),
      chain.map((c) => `bash -ec '${c.replace(/'/g, '')}'`),
      fc.array(goCommand, { minLength: 1, maxLength: 2 }).map((cmds) => `["/bin/sh", "-c", ${JSON.stringify(cmds.join(' && '))}]`),
      pick('["go", "build", "-o", "/app", "."]', '[ "broken", ', '[]'),
    ),
  ),
);

/** A heredoc: one instruction over several lines, sometimes left unterminated. */
const heredoc = fc
  .tuple(pick('RUN <<EOF', 'RUN <<-EOT', 'RUN bash <<EOF', 'RUN cat <<EOF > /x', 'COPY <<EOF /etc/x', 'RUN <<"EOF"'), fc.array(shellCommand, { maxLength: 3 }), fc.boolean())
  .map(([head, body, terminated]) => {
    const word = head.includes('EOT') ? 'EOT' : 'EOF';
    return [head, ...body.map((b) => (head.includes('<<-') ? `\t${b}` : b)), ...(terminated ? [word] : [])];
  });

const copy = fc.oneof(
  pick('COPY . .', 'COPY go.mod go.sum ./', 'COPY go.mod ./', 'COPY vendor/ vendor/', 'COPY ./server .', 'COPY *.go ./', 'ADD . /src', 'copy . .', 'COPY ../../etc/passwd /x', 'COPY --chown=65534:65534 . .', 'COPY --link . .'),
  fc.tuple(pick('COPY --from=', 'COPY --from=', 'copy --from='), fc.oneof(stageName, pick('0', '1', 'golang:1.22')), pick(' /out/app /app', ' /bin/server /server', ' /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', ' /usr/share/zoneinfo /usr/share/zoneinfo', ' /go/bin/ /usr/local/bin/', ' /etc/passwd /etc/passwd')).map((xs) => xs.join('')),
);

const runtime = fc.oneof(
  pick(
    'CMD ["/app"]',
    'ENTRYPOINT ["/server", "serve"]',
    'ENTRYPOINT /app',
    'CMD ./server --port 8080',
    'CMD ["go", "run", "."]',
    'ENTRYPOINT ["/app"',
    'CMD []',
    'HEALTHCHECK CMD /app health',
    'HEALTHCHECK --interval=5s CMD ["/app", "health"]',
    'HEALTHCHECK NONE',
    'USER nonroot:nonroot',
    'USER 65534:65534',
    'USER app',
    'USER root',
    'WORKDIR /src',
    'WORKDIR $GOPATH/src',
    'EXPOSE 8080',
    'LABEL a="b c"',
    'SHELL ["/bin/bash", "-c"]',
    'ONBUILD RUN go build .',
    'STOPSIGNAL SIGTERM',
    'VOLUME /data',
  ),
);

const comment = pick('# go-dockerfile ignore=cgo-not-disabled', '# go-dockerfile ignore=single-stage,module-cache-order -- why', '# go-dockerfile global ignore=root-user', '# go-dockerfile ignore=', '# a comment', '#', '');

/** One instruction as its lines (a heredoc spans several). */
const instruction: fc.Arbitrary<string[]> = fc.oneof(
  { arbitrary: from.map((l) => [l]), weight: 3 },
  { arbitrary: run.map((l) => [l]), weight: 5 },
  { arbitrary: argEnv.map((l) => [l]), weight: 2 },
  { arbitrary: copy.map((l) => [l]), weight: 3 },
  { arbitrary: runtime.map((l) => [l]), weight: 2 },
  { arbitrary: comment.map((l) => [l]), weight: 1 },
  { arbitrary: heredoc, weight: 1 },
);

/**
 * Splits some single-line instructions into continuation lines at spaces, with the escape
 * character in effect (a comment line inside the continuation sometimes).
 */
function withContinuations(lines: string[][], escape: string, cuts: number[]): string[] {
  const out: string[] = [];
  let k = 0;
  for (const group of lines) {
    if (group.length !== 1 || group[0].startsWith('#')) {
      out.push(...group);
      continue;
    }
    const cut = cuts[k++ % cuts.length];
    const line = group[0];
    const space = cut > 0 ? line.indexOf(' ', Math.min(line.length, cut)) : -1;
    if (space < 0) out.push(line);
    else if (cut % 3 === 0) out.push(`${line.slice(0, space)} ${escape}`, '  # inside', `  ${line.slice(space + 1)}`);
    else out.push(`${line.slice(0, space)} ${escape}`, `  ${line.slice(space + 1)}`);
  }
  return out;
}

const directives = fc.subarray(['# syntax=docker/dockerfile:1', '# escape=`', '# check=skip=JSONArgsRecommended'], { maxLength: 2 });

/** Line endings: all LF, all CRLF, or a mix per line (lone CR never: that is the garbage generator's). */
const endings = fc.oneof(pick('\n', '\r\n').map((eol) => () => eol), fc.array(pick('\n', '\r\n'), { minLength: 1, maxLength: 8 }).map((xs) => (i: number) => xs[i % xs.length]));

export const dockerfileText: fc.Arbitrary<string> = fc
  .record({
    directives,
    bom: fc.boolean(),
    body: fc.array(instruction, { minLength: 1, maxLength: 18 }),
    cuts: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 6 }),
    eol: endings,
    finalEol: fc.boolean(),
  })
  .map(({ directives: dirs, bom, body, cuts, eol, finalEol }) => {
    const escape = dirs.includes('# escape=`') ? '`' : '\\';
    // The escape character of the whole file: backslashes in the body stay what they are.
    const lines = [...dirs, ...withContinuations(body, escape, cuts)];
    const text = lines.map((l, i) => l + (i < lines.length - 1 || finalEol ? eol(i) : '')).join('');
    return (bom ? '\uFEFF' : '') + text;
  });

/** Go facts as the server would hand them over: none looked, no module, or a module with program facts. */
export const goFacts: fc.Arbitrary<GoFacts | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(NO_MODULE),
  fc
    .record({
      goVersion: pick('1.22', '1.22.3', '1.23', '1.19', '1.24.0'),
      toolchainVersion: pick(undefined, '1.23.1'),
      hasGoSum: fc.boolean(),
      vendored: fc.boolean(),
      needsCgo: fc.boolean(),
      dynamicWithCgo: pick('yes' as const, 'no' as const, 'unknown' as const),
      usesTLS: pick('yes' as const, 'no' as const, 'unknown' as const),
      loadsTimezones: pick('yes' as const, 'no' as const, 'unknown' as const),
      dockerignore: fc.boolean(),
    })
    .map((f) =>
      moduleWithProgram(
        { dynamicWithCgo: f.dynamicWithCgo, usesTLS: f.usesTLS, loadsTimezones: f.loadsTimezones, cgoFiles: f.needsCgo ? ['db.go'] : [] },
        {
          goVersion: f.goVersion,
          toolchainVersion: f.toolchainVersion,
          hasGoSum: f.hasGoSum,
          vendored: f.vendored,
          needsCgo: f.needsCgo,
          cgoReason: f.needsCgo ? 'db.go' : undefined,
          mainPackages: ['.', './cmd/api'],
          contextDir: '/work/app',
          moduleDirInContext: '.',
          dockerignoreChecked: true,
          ...(f.dockerignore ? { dockerignore: { file: '/work/app/.dockerignore', patterns: ['.git', '*.md', '!README.md', 'go.sum', 'cmd'] } } : {}),
        },
      ),
    ),
);

// Garbage: pieces that each break a naive parser, glued in any order.
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const controlChar = fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c));
const garbagePiece = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 3 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 2 },
  { arbitrary: loneSurrogate, weight: 1 },
  { arbitrary: controlChar, weight: 1 },
  { arbitrary: pick('\u0000', '\uFEFF', '\r', '\n', '\r\n', '\n\r', '\\', '`', '\\\n', '`\r\n', '"', "'", '${', '$(', '<<', '<<EOF', '<<-', 'EOF', '[', ']', '{', '}', '#', '=', ' ', '\t', '\u2028', '\u0085'), weight: 4 },
  { arbitrary: pick('FROM ', 'RUN ', 'COPY --from=', 'ARG ', 'ENV ', 'CMD [', '# escape=`\n', '# escape=\\\n', '# go-dockerfile ignore=', 'go build ', 'CGO_ENABLED=', ' AS ', 'golang:1.22', 'scratch', ' -ldflags="', ' -o ', '--mount=type=cache,target='), weight: 4 },
  { arbitrary: dockerfileText, weight: 1 },
);
/** Rarely, a shape at the sizes the issue names: a 64 KiB line, 10,000 continuations, a heredoc that never ends. */
export const HUGE_PIECES = [
  'RUN echo ' + 'a'.repeat(64 * 1024),
  'FROM golang:1.22\n' + 'RUN go build \\\n'.repeat(10_000) + '  .\n',
  'FROM golang:1.22\nRUN <<EOF\n' + 'go build .\n'.repeat(2000),
  '\r'.repeat(5000) + 'FROM scratch',
  'FROM golang:1.22 AS b\n' + 'RUN x \\\r\n'.repeat(3000) + 'FROM scratch\r\nCOPY --from=b /a /a',
  '#'.repeat(64 * 1024),
  '\\'.repeat(64 * 1024),
  'ENV ' + 'A=${'.repeat(10_000),
];
const hugePiece = pick(...HUGE_PIECES);

export const garbageText: fc.Arbitrary<string> = fc
  .tuple(fc.array(garbagePiece, { maxLength: 30 }), fc.oneof({ arbitrary: fc.constant(null), weight: 60 }, { arbitrary: hugePiece, weight: 1 }), fc.nat({ max: 30 }))
  .map(([pieces, huge, at]) => {
    if (huge !== null) pieces.splice(Math.min(at, pieces.length), 0, huge);
    return pieces.join('');
  });
