import rule from '../../../server/src/engine/rules/build-cache-mounts.ts';
import { runRuleTests } from '../../rule-tester.ts';

const SYNTAX = '# syntax=docker/dockerfile:1\n';
const stage = (lines: string) => `${SYNTAX}FROM golang:1.22 AS build\nWORKDIR /src\n${lines}\nFROM scratch\nCOPY --from=build /out/app /app\n`;
const BOTH = '--mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build';

runRuleTests(rule, {
  valid: [
    { name: 'both caches mounted', code: stage(`COPY . .\nRUN ${BOTH} go build -o /out/app .`) },
    { name: 'download into a layer, then the build cache', code: stage('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .') },
    { name: 'download into a cache mount, build with both', code: stage(`COPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN ${BOTH} go build -o /out/app .`) },
    { name: 'a parent of the caches is mounted', code: stage('COPY . .\nRUN --mount=type=cache,target=/root/.cache --mount=type=cache,target=/go go build -o /out/app .') },
    { name: 'GOCACHE and GOMODCACHE moved, mounts follow', code: stage('ENV GOCACHE=/cache/build GOMODCACHE=/cache/mod\nCOPY . .\nRUN --mount=type=cache,target=/cache/build --mount=type=cache,target=/cache/mod go build -o /out/app .') },
    { name: 'mount targets through the variables', code: stage('COPY . .\nRUN --mount=type=cache,target=$GOCACHE --mount=type=cache,target=$GOMODCACHE go build -o /out/app .') },
    { name: 'vendored build needs no module cache', code: stage('COPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -mod=vendor -o /out/app .') },
    { name: 'vendor/ copied in', code: stage('COPY go.mod go.sum ./\nCOPY vendor ./vendor\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .') },
    { name: 'vendored workspace facts', code: stage('COPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'), goFacts: { moduleDir: '/m', vendored: true } },
    { name: 'GOCACHE from a build argument is unknown', code: stage('ARG GOCACHE\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'non-root user without HOME: unknown build cache', code: stage('USER app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'not a BuildKit file (no syntax line, no --mount)', code: 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n' },
    { name: 'build behind make', code: stage('COPY . .\nRUN make build') },
    { name: 'go test and go vet are not builds', code: stage('COPY . .\nRUN go vet ./... && go test ./...') },
    { name: 'GOPATH mode', code: stage('ENV GO111MODULE=off\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .') },
    { name: 'an unknown image may set GOPATH', code: `${SYNTAX}FROM mycorp/go:1\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .\n` },
    { name: 'a tool installed before any source copy is served by the layer cache', code: stage('RUN go install github.com/a8m/envsubst/cmd/envsubst@v1.4.3\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .') },
    { name: 'suppressed', code: stage('COPY . .\n# go-dockerfile ignore=build-cache-mounts\nRUN go build -o /out/app .') },
  ],
  invalid: [
    {
      name: 'no mounts at all',
      code: stage('COPY . .\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'noCaches', data: { buildCache: '/root/.cache/go-build', moduleCache: '/go/pkg/mod' }, line: 5, column: 5, endColumn: 13, severity: 'hint' }],
      output: stage('COPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build -o /out/app .'),
    },
    {
      name: 'modules downloaded into a layer: only the build cache is missing',
      code: stage('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'noBuildCache', line: 7 }],
      output: stage('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'),
    },
    {
      name: 'downloaded into a cache mount, built without it: downloads again',
      code: stage('COPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'),
      errors: [{ messageId: 'noModuleCache', line: 7 }],
      output: stage('COPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'),
    },
    {
      name: 'a file without # syntax but with --mount is BuildKit',
      code: 'FROM golang:1.22 AS build\nRUN --mount=type=bind,target=. go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'noCaches' }],
      output: 'FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod --mount=type=bind,target=. go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'go install of a tool after the sources',
      code: stage('COPY . .\nRUN go install github.com/a8m/envsubst/cmd/envsubst@v1.4.3\nRUN go build -mod=vendor -o /out/app . || true'),
      errors: [{ messageId: 'noCaches', data: { subcommand: 'install' } }, { messageId: 'noBuildCache' }],
      output: stage('COPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go install github.com/a8m/envsubst/cmd/envsubst@v1.4.3\nRUN --mount=type=cache,target=/root/.cache/go-build go build -mod=vendor -o /out/app . || true'),
    },
    {
      name: 'a cache mount on the wrong folder (/go/mod/pkg) counts even before the sources',
      code: stage('RUN --mount=type=cache,target=/go/mod/pkg go install github.com/gohugoio/hugo@v0.136.5\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'),
      errors: [{ messageId: 'noCaches', line: 4 }],
      output: stage('RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/go/mod/pkg go install github.com/gohugoio/hugo@v0.136.5\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'),
    },
    {
      name: 'GOMODCACHE moved',
      code: stage('ENV GOMODCACHE=/gomod\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'),
      errors: [{ messageId: 'noModuleCache', data: { moduleCache: '/gomod' } }],
      output: stage('ENV GOMODCACHE=/gomod\nCOPY . .\nRUN --mount=type=cache,target=/gomod --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'),
    },
    {
      name: 'Go installed on debian: GOPATH under HOME',
      code: `${SYNTAX}FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y golang-go\nCOPY . .\nRUN go build -o /out/app .\n`,
      errors: [{ messageId: 'noCaches', data: { moduleCache: '/root/go/pkg/mod' } }],
      output: `${SYNTAX}FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y golang-go\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/root/go/pkg/mod go build -o /out/app .\n`,
    },
    {
      name: 'a heredoc makes it a BuildKit file',
      code: 'FROM golang:1.22 AS build\nCOPY . .\nRUN <<EOF\ngo mod download\ngo build -o /out/app .\nEOF\n',
      errors: [{ messageId: 'noCaches' }],
      output: 'FROM golang:1.22 AS build\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod <<EOF\ngo mod download\ngo build -o /out/app .\nEOF\n',
    },
  ],
});
