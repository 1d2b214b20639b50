import rule from '../../../server/src/engine/rules/alpine-cgo.ts';
import { runRuleTests } from '../../rule-tester.ts';

const alpineBuild = (final: string, build = 'RUN CGO_ENABLED=1 go build -o /out/app .') => `FROM golang:1.22-alpine AS build
RUN apk add --no-cache gcc musl-dev
WORKDIR /src
COPY . .
${build}

FROM ${final}
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
`;

runRuleTests(rule, {
  valid: [
    { name: 'alpine builder with cgo off into distroless', code: 'FROM golang:1.22-alpine AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n' },
    { name: 'alpine builder without gcc: cgo is off by default', code: 'FROM golang:1.22-alpine AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /out/app /app\n' },
    { name: 'gcc installed but CGO_ENABLED=0 from ARG', code: alpineBuild('gcr.io/distroless/static-debian12', 'ARG CGO_ENABLED=0\nRUN go build -o /out/app .') },
    { name: 'fully static musl link with cgo', code: alpineBuild('scratch', `RUN CGO_ENABLED=1 go build -ldflags '-linkmode external -extldflags "-static"' -o /out/app .`) },
    { name: 'Debian builder with cgo into a glibc final image', code: 'FROM golang:1.22-bookworm AS build\nRUN CGO_ENABLED=1 go build -o /out/app .\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /out/app /app\n' },
    { name: 'Debian builder with cgo on by default into alpine is cgo-not-disabled\'s case', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n' },
    { name: 'cgo setting decided by a build arg', code: alpineBuild('gcr.io/distroless/base-debian12', 'ARG CGO_ENABLED\nRUN go build -o /out/app .') },
    { name: 'alpine stage that does not ship', code: 'FROM golang:1.22-alpine AS lint\nRUN apk add gcc musl-dev && CGO_ENABLED=1 go build ./...\nFROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n' },
    { name: 'build hidden behind make', code: alpineBuild('gcr.io/distroless/base-debian12', 'RUN make') },
    { name: 'suppressed on the instruction', code: alpineBuild('gcr.io/distroless/base-debian12', '# go-dockerfile ignore=alpine-cgo\nRUN CGO_ENABLED=1 go build -o /out/app .') },
  ],
  invalid: [
    {
      name: 'musl binary into a glibc distroless image',
      code: alpineBuild('gcr.io/distroless/base-debian12'),
      errors: [{ messageId: 'muslBinaryCannotStart', severity: 'error', line: 5, column: 19, data: { builder: 'golang:1.22-alpine', final: 'gcr.io/distroless/base-debian12' } }],
      suggestions: [
        {
          title: 'Build on golang:1.22-bookworm and ship gcr.io/distroless/cc-debian12',
          output: 'FROM golang:1.22-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /out/app .\n\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
        },
        { title: 'Disable cgo (CGO_ENABLED=0)', output: alpineBuild('gcr.io/distroless/base-debian12', 'RUN CGO_ENABLED=0 go build -o /out/app .') },
      ],
    },
    {
      name: 'musl binary into scratch, cgo on because gcc is installed',
      code: alpineBuild('scratch', 'RUN go build -o /out/app .'),
      errors: [{ messageId: 'muslBinaryCannotStart', severity: 'error', data: { final: 'scratch' } }],
      suggestions: [
        {
          title: 'Build on golang:1.22-bookworm and ship gcr.io/distroless/cc-debian12',
          output: 'FROM golang:1.22-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
        },
        { title: 'Disable cgo (CGO_ENABLED=0)', output: alpineBuild('scratch', 'RUN CGO_ENABLED=0 go build -o /out/app .') },
      ],
    },
    {
      name: 'workspace needs cgo: only the glibc switch is suggested',
      code: alpineBuild('debian:bookworm-slim'),
      goFacts: { needsCgo: true, cgoReason: 'github.com/mattn/go-sqlite3' },
      errors: [{ messageId: 'muslBinaryCannotStart' }],
      suggestions: [{ title: /bookworm/ }],
    },
    {
      name: 'glibc cgo binary into alpine',
      code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=1 go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'glibcBinaryOnAlpine', severity: 'error', data: { final: 'alpine:3.20' } }],
      suggestions: [
        { title: 'Ship gcr.io/distroless/cc-debian12 (glibc) instead of alpine', output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=1 go build -o /out/app .\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /out/app /app\n' },
        { title: 'Disable cgo (CGO_ENABLED=0)', output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n' },
      ],
    },
    {
      name: 'alpine with cgo all the way: musl caveats',
      code: alpineBuild('alpine:3.20'),
      errors: [{ messageId: 'cgoOnAlpine', severity: 'info' }],
      suggestions: [{ title: /^Build on golang:1\.22-bookworm/ }, { title: 'Disable cgo (CGO_ENABLED=0)' }],
    },
    {
      name: 'single-stage alpine image with build-base',
      code: 'FROM golang:1.22-alpine\nRUN apk add build-base\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      errors: [{ messageId: 'cgoOnAlpine' }],
    },
    {
      name: 'ARG-templated alpine tag becomes bookworm',
      code: 'ARG GO_VERSION=1.23\nFROM golang:${GO_VERSION}-alpine AS build\nRUN apk add gcc musl-dev\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'muslBinaryCannotStart' }],
      suggestions: [
        {
          title: 'Build on golang:1.23-bookworm and ship gcr.io/distroless/cc-debian12',
          output: 'ARG GO_VERSION=1.23\nFROM golang:${GO_VERSION}-bookworm AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /out/app /app\n',
        },
        { title: 'Disable cgo (CGO_ENABLED=0)' },
      ],
    },
    {
      name: 'build tags may need cgo: disabling it is not suggested',
      code: alpineBuild('gcr.io/distroless/base-debian12', 'RUN CGO_ENABLED=1 go build -tags pam -o /out/app .'),
      errors: [{ messageId: 'muslBinaryCannotStart' }],
      suggestions: [{ title: /^Build on golang:1\.22-bookworm/ }],
    },
    {
      name: 'alpine with cgo the workspace needs: only a hint',
      code: alpineBuild('alpine:3.20'),
      goFacts: { moduleDir: '/w', needsCgo: true, cgoReason: 'github.com/mattn/go-sqlite3' },
      errors: [{ messageId: 'cgoOnAlpine', severity: 'hint' }],
      suggestions: [{ title: /^Build on golang:1\.22-bookworm/ }],
    },
  ],
});
