import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule, { nearMiss } from '../../../server/src/engine/rules/go-env-typo.ts';
import { runRuleTests } from '../../rule-tester.ts';

const stage = (lines: string) => `FROM golang:1.22 AS build
WORKDIR /src
COPY . .
${lines}
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
`;

describe('go-env-typo: near misses', () => {
  it('maps slips to the Go variable', () => {
    assert.equal(nearMiss('CGO_ENABLE'), 'CGO_ENABLED');
    assert.equal(nearMiss('CGO_ENABLES'), 'CGO_ENABLED');
    assert.equal(nearMiss('CGOENABLED'), 'CGO_ENABLED');
    assert.equal(nearMiss('GOARC'), 'GOARCH');
    assert.equal(nearMiss('GOFLAG'), 'GOFLAGS');
    assert.equal(nearMiss('GO111MODULES'), 'GO111MODULE');
    assert.equal(nearMiss('GO_PROXY'), 'GOPROXY');
    assert.equal(nearMiss('GOPRIVTAE'), 'GOPRIVATE');
    assert.equal(nearMiss('cgo_enabled'), 'CGO_ENABLED');
    assert.equal(nearMiss('goarch'), 'GOARCH');
  });
  it('leaves Go variables, project variables and other tools alone', () => {
    for (const name of ['CGO_ENABLED', 'GOARCH', 'GOFLAGS', 'GOPROXY', 'GO_VERSION', 'GOLANG_VERSION', 'GOLANGCI_LINT_VERSION', 'GO_ENV', 'GOENV',
      'GO_LDFLAGS', 'GO_CFLAGS', 'GOSS', 'GOPS', 'GOOSE_DRIVER', 'GO_BUILD_FLAGS', 'GOVERSION', 'CGO_CFLAGS', 'CGO_FFLAGS', 'GOARM', 'GOAMD64', 'APP_ENV', 'GOOS']) {
      assert.equal(nearMiss(name), undefined, name);
    }
  });
});

runRuleTests(rule, {
  valid: [
    { name: 'real Go variables', code: stage('ENV CGO_ENABLED=0 GOOS=linux GOFLAGS=-mod=vendor\nRUN GOARCH=amd64 go build -o /out/app .') },
    { name: 'project variables that look like Go', code: stage('ARG GO_VERSION=1.22\nARG GOLANGCI_LINT_VERSION=v1.59.1\nENV GOPROXY=https://proxy.golang.org\nRUN go build -o /out/app .') },
    { name: 'a project variable that is referenced', code: stage('ARG GO_FLAGS=-trimpath\nRUN go build $GO_FLAGS -o /out/app .') },
    { name: 'a project variable referenced in braces', code: stage('ARG GO_OS=linux\nRUN GOOS=${GO_OS} go build -o /out/app .') },
    { name: 'a variable a make target may read', code: stage('ENV GO_FLAGS=-mod=vendor\nRUN make build') },
    { name: 'a variable a script in a later stage may read', code: 'FROM golang:1.22 AS base\nENV CGO_ENABLE=0\nFROM base AS build\nRUN ./build.sh\n' },
    { name: 'an app variable of the runtime stage', code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM alpine\nENV GO_ENV=production GOMAXPROC=2\nCOPY --from=build /out/app /app\n' },
    { name: 'inline on a command other than go', code: stage('RUN GOARC=arm64 ./configure && go build -o /out/app .') },
    { name: 'a stage that runs no go command', code: 'FROM alpine AS tools\nENV CGO_ENABLE=0\nRUN apk add git\n' },
    { name: 'GO_ENV, the web framework convention', code: stage('ENV GO_ENV=test\nRUN go test ./...') },
  ],
  invalid: [
    {
      name: 'ENV CGO_ENABLE=0',
      code: stage('ENV CGO_ENABLE=0\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'typo', data: { name: 'CGO_ENABLE', suggestion: 'CGO_ENABLED' }, line: 4, column: 5, endColumn: 15 }],
      output: stage('ENV CGO_ENABLED=0\nRUN go build -o /out/app .'),
    },
    {
      name: 'ARG GOARC and an inline GOFLAG',
      code: stage('ARG GOARC=arm64\nRUN GOFLAG=-mod=vendor go build -o /out/app .'),
      errors: [
        { messageId: 'typo', data: { suggestion: 'GOARCH' }, line: 4, column: 5 },
        { messageId: 'typo', data: { suggestion: 'GOFLAGS' }, line: 5, column: 5 },
      ],
      output: stage('ARG GOARCH=arm64\nRUN GOFLAGS=-mod=vendor go build -o /out/app .'),
    },
    {
      name: 'export in the RUN',
      code: stage('RUN export GO111MODULES=on && go build -o /out/app .'),
      errors: [{ messageId: 'typo', data: { name: 'GO111MODULES', suggestion: 'GO111MODULE' }, column: 12 }],
      output: stage('RUN export GO111MODULE=on && go build -o /out/app .'),
    },
    {
      name: 'go env -w',
      code: stage('RUN go env -w GOPRIVTAE=example.com\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'typo', data: { suggestion: 'GOPRIVATE' } }],
      output: stage('RUN go env -w GOPRIVATE=example.com\nRUN go build -o /out/app .'),
    },
    {
      name: 'a case slip',
      code: stage('ENV cgo_enabled=0\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'typo', data: { suggestion: 'CGO_ENABLED' } }],
      output: stage('ENV CGO_ENABLED=0\nRUN go build -o /out/app .'),
    },
    {
      name: 'legacy ENV form',
      code: stage('ENV CGO_ENABLE 0\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'typo', column: 5, endColumn: 15 }],
      output: stage('ENV CGO_ENABLED 0\nRUN go build -o /out/app .'),
    },
    {
      name: 'ENV in a base stage reaches the build stage',
      code: 'FROM golang:1.22 AS base\nENV GOFLAG=-trimpath\nFROM base AS build\nRUN go build -o /out/app .\n',
      errors: [{ messageId: 'typo', line: 2 }],
      output: 'FROM golang:1.22 AS base\nENV GOFLAGS=-trimpath\nFROM base AS build\nRUN go build -o /out/app .\n',
    },
    {
      name: 'inside sh -c and a heredoc',
      code: 'FROM golang:1.22 AS build\nRUN sh -c "CGO_ENABLE=0 go build -o /out/a ."\nRUN <<EOF\nGOARC=arm64 go build -o /out/b .\nEOF\n',
      errors: [
        { messageId: 'typo', line: 2, column: 12 },
        { messageId: 'typo', line: 4, column: 1 },
      ],
      output: 'FROM golang:1.22 AS build\nRUN sh -c "CGO_ENABLED=0 go build -o /out/a ."\nRUN <<EOF\nGOARCH=arm64 go build -o /out/b .\nEOF\n',
    },
  ],
});
