import rule from '../../../server/src/engine/rules/cgo-not-disabled.ts';
import type { Certainty, GoFacts, ProgramFacts } from '../../../server/src/engine/index.ts';
import { runRuleTests } from '../../rule-tester.ts';

/** Per-program facts saying whether the program links against the C library when cgo is on. */
const programThat = (dynamicWithCgo: Certainty, extra: Partial<ProgramFacts> = {}): GoFacts => ({
  moduleDir: '/ws', modulePath: `example.com/${dynamicWithCgo}${extra.cgoFiles ? '-cgo' : ''}`, goVersion: '1.22', hasGoSum: true,
  program: () => ({ dir: '.', binaryName: 'app', packages: ['.'], dynamicWithCgo, cgoFiles: [], modules: [], cgoModules: [], usesTLS: 'no', embedsRootCAs: false, loadsTimezones: 'no', embedsTzdata: false, embeds: [], ports: [], ...extra }),
});

const toScratch = (build: string, builder = 'golang:1.22') => `FROM ${builder} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
${build}

FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
`;

runRuleTests(rule, {
  valid: [
    { name: 'inline CGO_ENABLED=0', code: toScratch('RUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'ENV in the stage', code: toScratch('ENV CGO_ENABLED=0\nRUN go build -o /out/app .') },
    { name: 'ARG with a default in the stage', code: toScratch('ARG CGO_ENABLED=0\nRUN go build -o /out/app .') },
    { name: 'global ARG re-declared in the stage', code: `ARG CGO_ENABLED=0\n${toScratch('ARG CGO_ENABLED\nRUN go build -o /out/app .')}` },
    { name: 'ARG without default is decided at build time', code: toScratch('ARG CGO_ENABLED\nRUN go build -o /out/app .') },
    { name: 'export earlier in the RUN', code: toScratch('RUN export CGO_ENABLED=0 && go build -o /out/app .') },
    { name: 'export after a plain assignment', code: toScratch('RUN CGO_ENABLED=0; export CGO_ENABLED; go build -o /out/app .') },
    { name: 'env command', code: toScratch('RUN env CGO_ENABLED=0 GOOS=linux go build -o /out/app .') },
    { name: 'go env -w in an earlier RUN', code: toScratch('RUN go env -w CGO_ENABLED=0\nRUN go build -o /out/app .') },
    { name: 'ENV inherited from a parent stage', code: 'FROM golang:1.22 AS base\nENV CGO_ENABLED=0\nFROM base AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n' },
    { name: 'build hidden behind make', code: toScratch('RUN make build') },
    { name: 'build hidden behind a script', code: toScratch('RUN ./scripts/build.sh') },
    { name: 'glibc final image (debian)', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:bookworm-slim\nCOPY --from=build /out/app /app\n' },
    { name: 'glibc final image (distroless/base)', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /out/app /app\n' },
    { name: 'static link through -extldflags', code: toScratch(`RUN go build -ldflags '-linkmode external -extldflags "-static"' -o /out/app .`) },
    { name: 'pure-Go net and user through build tags', code: toScratch('RUN go build -tags netgo,osusergo -o /out/app .') },
    { name: 'a Windows build does not run in the image', code: toScratch('RUN GOOS=windows go build -o /out/app.exe .') },
    { name: 'unknown builder image', code: toScratch('RUN go build -o /out/app .', 'mycorp/go-builder:1') },
    { name: 'builder image from an ARG without default', code: `ARG BUILDER\n${toScratch('RUN go build -o /out/app .', '${BUILDER}')}` },
    { name: 'single-stage image keeps its own libc', code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n' },
    { name: 'final image only takes certificates from the Go stage', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n' },
    { name: 'stage that does not ship', code: 'FROM golang:1.22 AS tools\nRUN go build -o /out/tool ./tool\nFROM scratch\nCOPY app /app\n' },
    { name: 'CGO_ENABLED=0 inside sh -c', code: toScratch(`RUN sh -c "CGO_ENABLED=0 go build -o /out/app ."`) },
    { name: 'heredoc with export', code: toScratch('RUN <<EOF\nset -e\nexport CGO_ENABLED=0\ngo build -o /out/app .\nEOF') },
    { name: 'explicit CGO_ENABLED=1 into a glibc image', code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=1 go build -o /out/app .\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /out/app /app\n' },
    { name: 'a tool built in a stage whose binary is not copied out', code: 'FROM golang:1.22 AS tools\nRUN go install github.com/a8m/envsubst/cmd/envsubst@v1.4.3\nCOPY tmpl.yml /tmpl.yml\nRUN envsubst < /tmpl.yml > /out.yml\nFROM scratch\nCOPY --from=tools /out.yml /out.yml\n' },
    { name: 'alpine builder into an alpine final image: the static binary runs either way', code: 'FROM golang:1.22-alpine AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n' },
    { name: 'go test and go vet make no shipped binary', code: toScratch('RUN go vet ./... && go test ./...\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'lower-case keywords with the variable set', code: 'from golang:1.22 as build\nenv CGO_ENABLED=0\nrun go build -o /out/app .\nfrom scratch\ncopy --from=build /out/app /app\n' },
    { name: 'suppressed with an inline comment', code: toScratch('# go-dockerfile ignore=cgo-not-disabled\nRUN go build -o /out/app .') },
    { name: 'suppressed for the whole file', code: `# go-dockerfile global ignore=cgo-not-disabled\n${toScratch('RUN go build -o /out/app .')}` },
    { name: 'go build in ONBUILD is not run here', code: 'FROM golang:1.22 AS build\nONBUILD RUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'Debian golang builder into scratch',
      code: toScratch('RUN go build -o /out/app .'),
      errors: [{ messageId: 'dynamicBinary', data: { builder: 'golang:1.22', final: 'scratch' }, line: 6, column: 5, endColumn: 13, severity: 'error' }],
      output: toScratch('RUN CGO_ENABLED=0 go build -o /out/app .'),
    },
    {
      name: 'into distroless static',
      code: 'FROM golang:1.22-bookworm AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'dynamicBinary', data: { final: 'gcr.io/distroless/static-debian12:nonroot' } }],
      output: 'FROM golang:1.22-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'into alpine',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'dynamicBinary', data: { final: 'alpine:3.20' }, severity: 'error' }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'global ARG is not visible in the stage unless re-declared',
      code: `ARG CGO_ENABLED=0\n${toScratch('RUN go build -o /out/app .')}`,
      errors: [{ messageId: 'dynamicBinary', line: 7 }],
      output: `ARG CGO_ENABLED=0\n${toScratch('RUN CGO_ENABLED=0 go build -o /out/app .')}`,
    },
    {
      name: 'ENV in another stage does not count',
      code: 'FROM golang:1.22 AS deps\nENV CGO_ENABLED=0\nFROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'dynamicBinary', line: 4 }],
      output: 'FROM golang:1.22 AS deps\nENV CGO_ENABLED=0\nFROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'an unexported shell variable does not reach go',
      code: toScratch('RUN CGO_ENABLED=0; go build -o /out/app .'),
      errors: [{ messageId: 'dynamicBinary' }],
      output: toScratch('RUN CGO_ENABLED=0; CGO_ENABLED=0 go build -o /out/app .'),
    },
    {
      name: 'tag and registry from ARGs and mirrors',
      code: 'ARG GO_VERSION=1.22\nFROM --platform=$BUILDPLATFORM mirror.gcr.io/library/golang:${GO_VERSION}-bookworm AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'dynamicBinary', data: { builder: 'mirror.gcr.io/library/golang:1.22-bookworm' } }],
      output: 'ARG GO_VERSION=1.22\nFROM --platform=$BUILDPLATFORM mirror.gcr.io/library/golang:${GO_VERSION}-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'build in a line continuation chain',
      code: toScratch('RUN go mod verify \\\n    && go build \\\n       -o /out/app .'),
      errors: [{ messageId: 'dynamicBinary', line: 7, column: 8 }],
      output: toScratch('RUN go mod verify \\\n    && CGO_ENABLED=0 go build \\\n       -o /out/app .'),
    },
    {
      name: 'build inside a heredoc',
      code: toScratch('RUN <<EOF\nset -e\ngo build -o /out/app .\nEOF'),
      errors: [{ messageId: 'dynamicBinary', line: 8, column: 1 }],
      output: toScratch('RUN <<EOF\nset -e\nCGO_ENABLED=0 go build -o /out/app .\nEOF'),
    },
    {
      name: 'build inside sh -c',
      code: toScratch(`RUN sh -c "cd cmd/app && go build -o /out/app ."`),
      errors: [{ messageId: 'dynamicBinary' }],
      output: toScratch(`RUN sh -c "cd cmd/app && CGO_ENABLED=0 go build -o /out/app ."`),
    },
    {
      name: 'exec-form RUN gets an ENV line',
      code: toScratch('RUN ["go", "build", "-o", "/out/app", "."]'),
      errors: [{ messageId: 'dynamicBinary' }],
      output: toScratch('ENV CGO_ENABLED=0\nRUN ["go", "build", "-o", "/out/app", "."]'),
    },
    {
      name: 'escape directive with backtick continuations',
      code: '# escape=`\nFROM golang:1.22 AS build\nRUN go build `\n  -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'dynamicBinary', line: 3 }],
      output: '# escape=`\nFROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build `\n  -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'COPY --from by stage index and through an intermediate stage',
      code: 'FROM golang:1.22\nRUN go install example.com/app@latest\nFROM busybox:glibc AS pack\nCOPY --from=0 /go/bin/app /app\nFROM scratch\nCOPY --from=pack /app /app\n',
      errors: [{ messageId: 'dynamicBinary', line: 2 }],
      output: 'FROM golang:1.22\nRUN CGO_ENABLED=0 go install example.com/app@latest\nFROM busybox:glibc AS pack\nCOPY --from=0 /go/bin/app /app\nFROM scratch\nCOPY --from=pack /app /app\n',
    },
    {
      name: 'gcc installed into a Debian image that builds Go',
      code: 'FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y golang-go gcc\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'dynamicBinary', data: { builder: 'debian:bookworm' } }],
      output: 'FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y golang-go gcc\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'BOM and lower-case keywords',
      code: '\uFEFFfrom golang:1.22 as build\nrun go build -o /out/app .\nfrom scratch\ncopy --from=build /out/app /app\n',
      errors: [{ messageId: 'dynamicBinary', line: 2 }],
      output: '\uFEFFfrom golang:1.22 as build\nrun CGO_ENABLED=0 go build -o /out/app .\nfrom scratch\ncopy --from=build /out/app /app\n',
    },
    {
      name: 'alpine builder without gcc: only a hint',
      code: 'FROM golang:1.22-alpine AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'implicitlyStatic', severity: 'hint', data: { builder: 'golang:1.22-alpine' } }],
      output: 'FROM golang:1.22-alpine AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'cross-compiling with GOOS=$TARGETOS still targets Linux',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'dynamicBinary', line: 3 }],
      output: 'FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS build\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'the output directory is copied, not the file',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/bin/app ./cmd/app\nFROM scratch\nCOPY --from=build /out/bin/ /usr/local/bin/\n',
      errors: [{ messageId: 'dynamicBinary' }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/bin/app ./cmd/app\nFROM scratch\nCOPY --from=build /out/bin/ /usr/local/bin/\n',
    },
    {
      name: 'explicit CGO_ENABLED=1 into scratch cannot start: suggestions only',
      code: toScratch('RUN CGO_ENABLED=1 go build -o /out/app .'),
      errors: [{ messageId: 'explicitCgoNoLibc', severity: 'error' }],
      output: null,
      suggestions: [
        { title: 'Ship gcr.io/distroless/cc-debian12 (glibc)', output: toScratch('RUN CGO_ENABLED=1 go build -o /out/app .').replace('FROM scratch', 'FROM gcr.io/distroless/cc-debian12') },
        { title: 'Disable cgo (CGO_ENABLED=0)', output: toScratch('RUN CGO_ENABLED=0 go build -o /out/app .') },
      ],
    },
    {
      name: 'a program that imports net links dynamically: error, as without facts',
      code: toScratch('RUN go build -o /out/app .'),
      goFacts: programThat('yes'),
      errors: [{ messageId: 'dynamicBinary', severity: 'error' }],
      output: toScratch('RUN CGO_ENABLED=0 go build -o /out/app .'),
    },
    {
      name: 'facts that cannot tell (third-party code) keep the error',
      code: toScratch('RUN go build -o /out/app ./cmd/app'),
      goFacts: programThat('unknown'),
      errors: [{ messageId: 'dynamicBinary', severity: 'error' }],
      output: toScratch('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app'),
    },
    {
      name: 'a program that provably uses no libc package is static even with cgo on: a hint',
      code: toScratch('RUN go build -o /out/app .'),
      goFacts: programThat('no'),
      errors: [{ messageId: 'staticProgram', severity: 'hint' }],
      output: toScratch('RUN CGO_ENABLED=0 go build -o /out/app .'),
    },
    {
      name: 'own cgo code makes it dynamic whatever the std imports',
      code: toScratch('RUN go build -o /out/app .'),
      goFacts: programThat('no', { cgoFiles: ['c.go'] }),
      errors: [{ messageId: 'dynamicBinary', severity: 'error' }],
      output: toScratch('RUN CGO_ENABLED=0 go build -o /out/app .'),
    },
    {
      name: 'explicit CGO_ENABLED=1 for a program without libc use: a hint, suggestion only',
      code: toScratch('RUN CGO_ENABLED=1 go build -o /out/app .'),
      goFacts: programThat('no'),
      errors: [{ messageId: 'staticProgram', severity: 'hint' }],
      output: null,
      suggestions: [{ title: 'Disable cgo (CGO_ENABLED=0)', output: toScratch('RUN CGO_ENABLED=0 go build -o /out/app .') }],
    },
    {
      name: 'inline empty value means the default',
      code: toScratch('RUN CGO_ENABLED= go build -o /out/app .'),
      errors: [{ messageId: 'dynamicBinary' }],
      output: toScratch('RUN CGO_ENABLED=0 go build -o /out/app .'),
    },
  ],
});
