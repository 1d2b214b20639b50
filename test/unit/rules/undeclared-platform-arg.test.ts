import rule from '../../../server/src/engine/rules/undeclared-platform-arg.ts';
import { runRuleTests } from '../../rule-tester.ts';

runRuleTests(rule, {
  valid: [
    { name: 'declared in the stage', code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .\n' },
    { name: 'declared one per line, with braces', code: 'FROM golang:1.22 AS build\nARG TARGETOS\nARG TARGETARCH\nRUN GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -o /out/app .\n' },
    { name: 'only used in FROM lines (predefined there)', code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM --platform=$TARGETPLATFORM alpine\n' },
    { name: 'a global ARG re-declared in the stage', code: 'ARG TARGETARCH\nFROM golang:1.22 AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /out/app .\n' },
    { name: 'set by the script itself', code: 'FROM golang:1.22 AS build\nRUN TARGETARCH=$(uname -m) && echo $TARGETARCH\n' },
    { name: 'exported by the script', code: 'FROM golang:1.22 AS build\nRUN export TARGETARCH=amd64; GOARCH=$TARGETARCH go build -o /out/app .\n' },
    { name: 'a loop variable', code: 'FROM golang:1.22 AS build\nRUN for TARGETARCH in amd64 arm64; do GOARCH=$TARGETARCH go build -o /out/app-$TARGETARCH .; done\n' },
    { name: 'ENV in the base stage', code: 'FROM golang:1.22 AS base\nARG TARGETARCH\nENV TARGETARCH=$TARGETARCH\nFROM base AS build\nRUN GOARCH=$TARGETARCH go build -o /out/app .\n' },
    { name: 'an escaped dollar', code: 'FROM alpine\nRUN echo \\$TARGETARCH\n' },
    { name: 'names that only start like a platform variable', code: 'FROM golang:1.22\nARG TARGETARCHS=amd64\nRUN echo $TARGETARCHS $TARGET_ARCH\n' },
    { name: 'COPY heredoc contents are data', code: 'FROM alpine\nCOPY <<EOF /etc/motd\nbuilt for $TARGETARCH\nEOF\n' },
    { name: 'a comment line inside a continuation', code: 'FROM golang:1.22\nRUN go build \\\n# uses $TARGETARCH later\n  -o /out/app .\n' },
  ],
  invalid: [
    {
      name: 'GOARCH=$TARGETARCH without the ARG',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nWORKDIR /src\nRUN GOARCH=$TARGETARCH go build -o /out/app .\n',
      errors: [{ messageId: 'undeclared', data: { name: 'TARGETARCH' }, line: 3, column: 12, endColumn: 23, severity: 'warning' }],
      output: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nWORKDIR /src\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /out/app .\n',
    },
    {
      name: 'a global ARG is only visible to FROM',
      code: 'ARG TARGETOS\nARG TARGETARCH\nFROM golang:1.22 AS build\nRUN GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -o /out/app .\n',
      errors: [
        { messageId: 'undeclared', data: { name: 'TARGETOS' }, line: 4, column: 10 },
        { messageId: 'undeclared', data: { name: 'TARGETARCH' }, line: 4, column: 29 },
      ],
      output: 'ARG TARGETOS\nARG TARGETARCH\nFROM golang:1.22 AS build\nARG TARGETOS\nARG TARGETARCH\nRUN GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -o /out/app .\n',
    },
    {
      name: 'ARG is not inherited by a stage built on another',
      code: 'FROM golang:1.22 AS base\nARG TARGETARCH\nFROM base AS build\nRUN GOARCH=$TARGETARCH go build -o /out/app .\n',
      errors: [{ messageId: 'undeclared', line: 4 }],
      output: 'FROM golang:1.22 AS base\nARG TARGETARCH\nFROM base AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /out/app .\n',
    },
    {
      name: 'COPY of a per-architecture file, reported once per stage',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine\nCOPY --from=build /out/app-${TARGETARCH} /app\nCOPY bin/tool-$TARGETARCH /tool\n',
      errors: [{ messageId: 'undeclared', line: 4, column: 28 }],
      output: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine\nARG TARGETARCH\nCOPY --from=build /out/app-${TARGETARCH} /app\nCOPY bin/tool-$TARGETARCH /tool\n',
    },
    {
      name: 'in a heredoc RUN and a mount flag',
      code: 'FROM golang:1.22\nRUN --mount=type=cache,id=gocache-$TARGETPLATFORM,target=/root/.cache/go-build <<EOF\nGOARCH=$BUILDARCH go build -o /out/app .\nEOF\n',
      errors: [
        { messageId: 'undeclared', data: { name: 'TARGETPLATFORM' }, line: 2, column: 35 },
        { messageId: 'undeclared', data: { name: 'BUILDARCH' }, line: 3, column: 8 },
      ],
      output: 'FROM golang:1.22\nARG TARGETPLATFORM\nARG BUILDARCH\nRUN --mount=type=cache,id=gocache-$TARGETPLATFORM,target=/root/.cache/go-build <<EOF\nGOARCH=$BUILDARCH go build -o /out/app .\nEOF\n',
    },
    {
      name: 'declared only after its use',
      code: 'FROM golang:1.22\nENV GOARCH=$TARGETARCH\nARG TARGETARCH\n',
      errors: [{ messageId: 'undeclared', line: 2 }],
      output: 'FROM golang:1.22\nARG TARGETARCH\nENV GOARCH=$TARGETARCH\nARG TARGETARCH\n',
    },
  ],
});
