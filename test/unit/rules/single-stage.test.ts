import rule from '../../../server/src/engine/rules/single-stage.ts';
import { runRuleTests } from '../../rule-tester.ts';

runRuleTests(rule, {
  valid: [
    { name: 'multi-stage build with a distroless final image', code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n' },
    { name: 'toolchain image whose ENTRYPOINT is go itself', code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build ./...\nENTRYPOINT ["go", "test", "./..."]\n' },
    { name: 'toolchain image that never builds', code: 'FROM golang:1.22\nRUN apt-get update && apt-get install -y protobuf-compiler\n' },
    { name: 'dev image running air', code: 'FROM golang:1.22\nRUN go install github.com/air-verse/air@latest\nCOPY . .\nCMD ["air", "-c", ".air.toml"]\n' },
    { name: 'last stage named dev is meant for --target', code: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM build AS dev\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\nCMD ["/app"]\n' },
    { name: 'final stage only copies a binary into a golang image', code: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM golang:1.22\nCOPY --from=build /app /app\nCMD ["/app"]\n' },
    { name: 'non-Go image', code: 'FROM node:20\nRUN npm ci\nCMD ["node", "server.js"]\n' },
    { name: 'build behind make', code: 'FROM golang:1.22\nCOPY . .\nRUN make\nCMD ["/app"]\n' },
    { name: 'suppressed on FROM', code: '# go-dockerfile ignore=single-stage\nFROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n' },
    { name: 'a code generator image: tools installed for protoc', code: 'FROM golang:1.22-alpine\nRUN apk add --no-cache protobuf\nRUN go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.34.2\nWORKDIR /work\nENTRYPOINT ["protoc"]\n' },
    { name: 'a code generator image: go install tool (go.mod tool directives)', code: 'FROM golang:1.24-alpine\nWORKDIR /build\nRUN apk add --no-cache protobuf-dev\nCOPY go.mod go.sum ./\nRUN go install tool\n' },
    { name: 'a tool image that runs go run pkg@version', code: 'FROM golang:1.22\nENTRYPOINT ["go", "run", "golang.org/x/tools/cmd/stringer@v0.24.0"]\n' },
    { name: 'an image for the go tool itself', code: 'FROM golang:1.22\nWORKDIR /src\nENTRYPOINT ["go"]\nCMD ["test", "./..."]\n' },
    { name: 'a dev container whose sources come from a volume', code: 'FROM golang:1.22-alpine\nWORKDIR /src/app\nENTRYPOINT ["go", "run", "main.go"]\nCMD ["server"]\n' },
    { name: 'a dev stage for --target that runs go run', code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM golang:1.22 AS dev\nCOPY . .\nCMD ["go", "run", "."]\n' },
    { name: 'dev tool behind an init wrapper', code: 'FROM golang:1.22\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\nCOPY app /app\nENTRYPOINT ["/usr/bin/tini", "--", "dlv", "exec", "/app"]\n' },
    { name: 'garbage input', code: '\u0000\u0001\u0002 FROM ]]]][[[\n\\\n\\\n' },
  ],
  invalid: [
    {
      name: 'go run of the project at start-up (shell form)',
      code: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build ./...\nCMD go run .\n',
      errors: [{ messageId: 'goRunAtStart', data: { pkg: '.', image: 'golang:1.22' }, line: 5, column: 5, endColumn: 11 }],
    },
    {
      name: 'go run without any build step, exec form with flags',
      code: 'FROM golang:1.22-alpine\nWORKDIR /app\nCOPY . .\nRUN go mod download\nEXPOSE 8080\nCMD ["go", "run", "-tags", "prod", "./cmd/server"]\n',
      errors: [{ messageId: 'goRunAtStart', data: { pkg: './cmd/server' }, line: 6, column: 7, endColumn: 16 }],
    },
    {
      name: 'golang image that builds and runs the program',
      code: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o server .\nEXPOSE 8080\nCMD ["./server"]\n',
      errors: [{ messageId: 'toolchainShipped', data: { image: 'golang:1.22' }, line: 1, column: 6, endColumn: 17 }],
      output: 'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o server .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /app\nEXPOSE 8080\nCOPY --from=build /app/server /app/server\nCMD ["./server"]\n',
    },
    {
      name: 'conversion disables cgo and keeps runtime ENV and LABEL, drops build ENV',
      code: 'FROM golang:1.22-bookworm\nENV GOFLAGS=-mod=mod PORT=8080\nLABEL org.opencontainers.image.title=app\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app ./cmd/app\nENTRYPOINT /usr/local/bin/app --listen :8080\n',
      errors: [{ messageId: 'toolchainShipped' }],
      output: 'FROM golang:1.22-bookworm AS build\nENV GOFLAGS=-mod=mod PORT=8080\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12:nonroot\nENV PORT=8080\nLABEL org.opencontainers.image.title=app\nCOPY --from=build /usr/local/bin/app /usr/local/bin/app\nENTRYPOINT ["/usr/local/bin/app", "--listen", ":8080"]\n',
    },
    {
      name: 'go install with a bare command name',
      code: 'FROM golang:1.22-alpine AS app\nRUN go install example.com/tools/cmd/hello@v1.2.3\nCMD ["hello"]',
      errors: [{ messageId: 'toolchainShipped', data: { image: 'golang:1.22-alpine' } }],
      output: 'FROM golang:1.22-alpine AS app\nRUN go install example.com/tools/cmd/hello@v1.2.3\n\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=app /go/bin/hello /usr/local/bin/hello\nCMD ["hello"]\n',
    },
    {
      name: 'shell syntax in CMD: reported without a conversion',
      code: 'FROM golang:1.22\nRUN go build -o /app .\nCMD /app --port $PORT\n',
      errors: [{ messageId: 'toolchainShipped' }],
      output: null,
    },
    {
      name: 'final stage built on a golang stage',
      code: 'FROM golang:1.22 AS base\nWORKDIR /src\nFROM base AS final\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      errors: [{ messageId: 'toolchainShipped', line: 3, data: { image: 'golang:1.22' } }],
      output: null,
    },
    {
      name: 'Go installed with apk into alpine',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache go\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n',
      errors: [{ messageId: 'toolchainShipped', data: { image: 'alpine:3.20' } }],
      output: 'FROM alpine:3.20 AS build\nRUN apk add --no-cache go\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nCMD ["/app"]\n',
    },
    {
      name: 'files copied after the build: the conversion is only a suggestion',
      code: 'FROM golang:1.22\nWORKDIR /srv\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/webdav .\nCOPY config.yml /srv/config.yml\nCMD ["webdav", "--config", "/srv/config.yml"]\n',
      errors: [{ messageId: 'toolchainShipped' }],
      output: null,
      suggestions: [{ title: 'Convert to multi-stage build' }],
    },
  ],
});
