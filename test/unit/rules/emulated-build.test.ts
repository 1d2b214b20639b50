import rule from '../../../server/src/engine/rules/emulated-build.ts';
import { runRuleTests } from '../../rule-tester.ts';

const cross = (from: string, build = 'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .', extra = '') => `${from}
WORKDIR /src
COPY . .
ARG TARGETOS TARGETARCH
${extra}${build}

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
`;

runRuleTests(rule, {
  valid: [
    { name: 'already on the build platform', code: cross('FROM --platform=$BUILDPLATFORM golang:1.22 AS build') },
    { name: 'builder pinned to a literal platform', code: cross('FROM --platform=linux/amd64 golang:1.22 AS build') },
    { name: 'no cross-compilation: native build under emulation is the point', code: cross('FROM golang:1.22 AS build', 'RUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'literal GOARCH is not following the target', code: cross('FROM golang:1.22 AS build', 'RUN CGO_ENABLED=0 GOARCH=amd64 go build -o /out/app .') },
    { name: 'cgo on on purpose: emulation is how cgo builds for other platforms', code: cross('FROM golang:1.22 AS build', 'RUN CGO_ENABLED=1 GOARCH=$TARGETARCH go build -o /out/app .') },
    { name: 'a stage that does not ship', code: 'FROM golang:1.22 AS cross\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /out/app .\nFROM scratch\nCOPY app /app\n' },
    { name: 'the final image rests on the builder', code: 'FROM golang:1.22-alpine\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /usr/local/bin/app .\nCMD ["app"]\n' },
    { name: 'build behind make', code: cross('FROM golang:1.22 AS build', 'RUN GOARCH=$TARGETARCH make build') },
  ],
  invalid: [
    {
      name: 'cgo off: adding --platform=$BUILDPLATFORM is safe',
      code: cross('FROM golang:1.22 AS build'),
      errors: [{ messageId: 'emulated', line: 1, column: 6, endColumn: 17, severity: 'hint' }],
      output: cross('FROM --platform=$BUILDPLATFORM golang:1.22 AS build'),
    },
    {
      name: 'alpine builder without a C compiler: cgo is off anyway',
      code: cross('FROM golang:1.22-alpine AS build', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .'),
      errors: [{ messageId: 'emulated' }],
      output: cross('FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .'),
    },
    {
      name: 'Debian builder with cgo left on: moving turns cgo off, so only a suggestion',
      code: cross('FROM golang:1.22 AS build', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .'),
      errors: [{ messageId: 'emulated' }],
      suggestions: [{ title: 'Build on the build platform (--platform=$BUILDPLATFORM)', output: cross('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .') }],
    },
    {
      name: 'a host probe in the builder: only a suggestion',
      code: cross('FROM golang:1.22 AS build', undefined, 'RUN wget -O /usr/local/bin/upx https://example.com/upx-$(uname -m) && chmod +x /usr/local/bin/upx\n'),
      errors: [{ messageId: 'emulated' }],
      suggestions: [{ title: 'Build on the build platform (--platform=$BUILDPLATFORM)' }],
    },
    {
      name: 'go install: the cross-compiled binary would move to $GOPATH/bin/<os>_<arch>',
      code: 'FROM golang:1.22 AS build\nARG TARGETARCH\nCOPY . .\nRUN CGO_ENABLED=0 GOARCH=$TARGETARCH go install .\nFROM scratch\nCOPY --from=build /go/bin/app /app\n',
      errors: [{ messageId: 'emulatedInstall' }],
      output: null,
    },
    {
      name: 'the builder is a stage based on a golang stage: the flag goes on the root FROM',
      code: 'FROM golang:1.22 AS base\nWORKDIR /src\nFROM base AS build\nARG TARGETARCH\nRUN CGO_ENABLED=0 GOARCH=${TARGETARCH} go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'emulated', line: 1 }],
      output: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS base\nWORKDIR /src\nFROM base AS build\nARG TARGETARCH\nRUN CGO_ENABLED=0 GOARCH=${TARGETARCH} go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'GOARCH derived from TARGETPLATFORM',
      code: cross('FROM golang:1.22 AS build', 'ENV CGO_ENABLED=0\nRUN GOARCH=$(echo $TARGETPLATFORM | cut -d/ -f2) go build -o /out/app .'),
      errors: [{ messageId: 'emulated' }],
      output: cross('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'ENV CGO_ENABLED=0\nRUN GOARCH=$(echo $TARGETPLATFORM | cut -d/ -f2) go build -o /out/app .'),
    },
  ],
});
