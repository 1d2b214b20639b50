import rule from '../../../server/src/engine/rules/go-version-mismatch.ts';
import { NO_MODULE } from '../../../server/src/engine/index.ts';
import { runRuleTests } from '../../rule-tester.ts';

const build = (from: string, extra = '') => `${from}
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
${extra}RUN CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
`;
const go = (goVersion: string, toolchainVersion?: string) => ({ goVersion, ...(toolchainVersion ? { toolchainVersion } : {}), hasGoSum: true });

runRuleTests(rule, {
  valid: [
    { name: 'a floating minor tag satisfies every patch of that minor', code: build('FROM golang:1.22-alpine AS build'), goFacts: go('1.22.3') },
    { name: 'a newer builder', code: build('FROM golang:1.23-bookworm AS build'), goFacts: go('1.22') },
    { name: 'a pinned patch at or above the go line', code: build('FROM golang:1.22.5 AS build'), goFacts: go('1.22.3') },
    { name: 'no Go facts (nobody looked)', code: build('FROM golang:1.19 AS build') },
    { name: 'no module around the Dockerfile', code: build('FROM golang:1.19 AS build'), goFacts: NO_MODULE },
    { name: 'ARG without default: the version comes from --build-arg', code: `ARG GO_VERSION\n${build('FROM golang:${GO_VERSION}-alpine AS build')}`, goFacts: go('1.22') },
    { name: 'ARG default new enough', code: `ARG GO_VERSION=1.22\n${build('FROM golang:${GO_VERSION}-alpine AS build')}`, goFacts: go('1.22.1') },
    { name: 'GOTOOLCHAIN=auto downloads the toolchain go.mod asks for', code: build('FROM golang:1.21 AS build', 'ENV GOTOOLCHAIN=auto\n'), goFacts: go('1.22') },
    { name: 'GOTOOLCHAIN=go1.22.4 inline', code: 'FROM golang:1.21 AS build\nCOPY . .\nRUN GOTOOLCHAIN=go1.22.4 go build -o /app .\n', goFacts: go('1.22') },
    { name: 'a tool stage that only installs pkg@version', code: 'FROM golang:1.19 AS tools\nRUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.50.0\nFROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /app .\n', goFacts: go('1.22') },
    { name: 'Go from a package manager: version unknown', code: 'FROM alpine:3.20 AS build\nRUN apk add --no-cache go\nCOPY . .\nRUN go build -o /app .\n', goFacts: go('1.23') },
    { name: 'a major-only tag floats over all of Go 1', code: build('FROM golang:1-alpine AS build'), goFacts: go('1.23') },
    { name: 'GOPATH mode ignores go.mod', code: 'FROM golang:1.15\nENV GO111MODULE=off\nCOPY . /go/src/app\nRUN go build -o /app app\n', goFacts: go('1.22') },
    { name: 'a builder stage that runs no go command', code: 'FROM golang:1.19 AS base\nRUN apk add git\nFROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /app .\n', goFacts: go('1.22') },
    { name: 'toolchain line met by a floating minor', code: build('FROM golang:1.22 AS build'), goFacts: go('1.22.0', '1.22.5') },
    { name: 'three-part go line on Go 1.21 is fine', code: build('FROM golang:1.21 AS build'), goFacts: go('1.21.0') },
    { name: 'a stage that builds downloaded sources, not this module', code: 'FROM golang:1.14-alpine AS gobuild\nWORKDIR /build\nADD https://example.com/archive/main.tar.gz /build/main.tar.gz\nRUN tar xzf main.tar.gz\nRUN go build -o main.wasm ./cmd/web\n', goFacts: go('1.21.0') },
    { name: 'Go before 1.11 does not read go.mod', code: 'FROM golang:1.10 AS build\nWORKDIR /go/src\nCOPY . .\nRUN go build -o /app .\n', goFacts: go('1.22') },
    { name: 'build behind make: the go command is not visible', code: 'FROM golang:1.20 AS build\nCOPY . .\nRUN make build\n', goFacts: go('1.22') },
  ],
  invalid: [
    {
      name: 'alpine builder older than the go line: bump keeps the variant',
      code: build('FROM golang:1.21-alpine AS build'),
      goFacts: go('1.22.3'),
      errors: [{ messageId: 'olderThanGoLine', data: { image: 'golang:1.21-alpine', builder: '1.21', required: '1.22.3' }, line: 1, column: 13, endColumn: 17, severity: 'error' }],
      output: build('FROM golang:1.22-alpine AS build'),
    },
    {
      name: 'ARG GO_VERSION feeding the tag: the ARG default is bumped',
      code: `ARG GO_VERSION=1.21\n${build('FROM golang:${GO_VERSION}-alpine AS build')}`,
      goFacts: go('1.22'),
      errors: [{ messageId: 'olderThanGoLine', data: { image: 'golang:1.21-alpine', builder: '1.21' }, line: 1, column: 16, endColumn: 20 }],
      output: `ARG GO_VERSION=1.22\n${build('FROM golang:${GO_VERSION}-alpine AS build')}`,
    },
    {
      name: 'a pinned patch stays a pinned patch',
      code: build('FROM golang:1.21.5-bookworm AS build'),
      goFacts: go('1.22.1'),
      errors: [{ messageId: 'olderThanGoLine', data: { builder: '1.21.5' } }],
      output: build('FROM golang:1.22.1-bookworm AS build'),
    },
    {
      name: 'with a toolchain line, the bump goes to the toolchain version',
      code: build('FROM golang:1.21 AS build'),
      goFacts: go('1.22.0', '1.23.4'),
      errors: [{ messageId: 'olderThanGoLine' }],
      output: build('FROM golang:1.23 AS build'),
    },
    {
      name: 'merely trailing the toolchain line is a hint, with the bump as a suggestion',
      code: build('FROM golang:1.22 AS build'),
      goFacts: go('1.22.0', '1.23.2'),
      errors: [{ messageId: 'trailsToolchain', data: { toolchain: '1.23.2' }, severity: 'hint' }],
      suggestions: [{ title: 'Build with Go 1.23 (golang:1.23)', output: build('FROM golang:1.23 AS build') }],
    },
    {
      name: 'a builder before Go 1.21 treats the go line as advisory: warning',
      code: build('FROM golang:1.19 AS build'),
      goFacts: go('1.21'),
      errors: [{ messageId: 'olderThanGoLineAdvisory', severity: 'warning' }],
      output: build('FROM golang:1.21 AS build'),
    },
    {
      name: 'Go before 1.21 rejects a three-part go line',
      code: build('FROM golang:1.20-alpine AS build'),
      goFacts: go('1.20.3'),
      errors: [{ messageId: 'threePartGoLine', data: { twoPart: '1.20', builder: '1.20' }, severity: 'error' }],
      suggestions: [{ title: 'Build with Go 1.21 (golang:1.21-alpine)', output: build('FROM golang:1.21-alpine AS build') }],
    },
    {
      name: 'an alpine minor in the tag: the bumped tag may not exist, so only a suggestion',
      code: build('FROM golang:1.21-alpine3.18 AS build'),
      goFacts: go('1.22'),
      errors: [{ messageId: 'olderThanGoLine' }],
      suggestions: [{ title: 'Build with Go 1.22 (golang:1.22-alpine3.18)', output: build('FROM golang:1.22-alpine3.18 AS build') }],
    },
    {
      name: 'a digest pins the image: reported without an edit',
      code: build('FROM golang:1.21@sha256:0f1b7a3c2f0d9a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3 AS build'),
      goFacts: go('1.22'),
      errors: [{ messageId: 'olderThanGoLine' }],
      output: null,
    },
    {
      name: 'a stage built on a golang stage is judged at that FROM',
      code: 'FROM golang:1.21 AS base\nRUN apt-get update\nFROM base AS build\nCOPY . .\nRUN go build -o /app .\n',
      goFacts: go('1.22'),
      errors: [{ messageId: 'olderThanGoLine', line: 1, column: 13 }],
      output: 'FROM golang:1.22 AS base\nRUN apt-get update\nFROM base AS build\nCOPY . .\nRUN go build -o /app .\n',
    },
    {
      name: 'a Docker Hub mirror keeps its registry',
      code: build('FROM mirror.gcr.io/library/golang:1.21 AS build'),
      goFacts: go('1.22'),
      errors: [{ messageId: 'olderThanGoLine', data: { image: 'mirror.gcr.io/library/golang:1.21' } }],
      output: build('FROM mirror.gcr.io/library/golang:1.22 AS build'),
    },
    {
      name: 'one ARG feeding two stages is reported once',
      code: 'ARG GO_VERSION=1.21\nFROM golang:${GO_VERSION} AS test\nCOPY . .\nRUN go test ./...\nFROM golang:${GO_VERSION}-alpine AS build\nCOPY . .\nRUN go build -o /app .\n',
      goFacts: go('1.22'),
      errors: [{ messageId: 'olderThanGoLine', line: 1, column: 16 }],
      output: 'ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION} AS test\nCOPY . .\nRUN go test ./...\nFROM golang:${GO_VERSION}-alpine AS build\nCOPY . .\nRUN go build -o /app .\n',
    },
    {
      name: 'go mod download alone already fails',
      code: 'FROM golang:1.21 AS deps\nCOPY go.mod go.sum ./\nRUN go mod download\n',
      goFacts: go('1.23.1'),
      errors: [{ messageId: 'olderThanGoLine' }],
      output: 'FROM golang:1.23 AS deps\nCOPY go.mod go.sum ./\nRUN go mod download\n',
    },
    {
      name: 'explicit GOTOOLCHAIN=local changes nothing',
      code: build('FROM golang:1.21 AS build', 'ENV GOTOOLCHAIN=local\n'),
      goFacts: go('1.22'),
      errors: [{ messageId: 'olderThanGoLine' }],
      output: build('FROM golang:1.22 AS build', 'ENV GOTOOLCHAIN=local\n'),
    },
  ],
});
