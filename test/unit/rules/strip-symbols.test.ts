import rule from '../../../server/src/engine/rules/strip-symbols.ts';
import { runRuleTests } from '../../rule-tester.ts';

/** A build stage with `build`, shipped in distroless. */
const shipped = (build: string, head = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .') => `${head}
${build}

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
`;

runRuleTests(rule, {
  valid: [
    { name: '-s -w in double quotes', code: shipped('RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .') },
    { name: '-s -w with -X in single quotes', code: shipped("RUN CGO_ENABLED=0 go build -ldflags '-s -w -X main.version=1.2.3' -o /out/app .") },
    { name: '-s alone (implies -w since Go 1.22)', code: shipped('RUN CGO_ENABLED=0 go build -ldflags=-s -o /out/app .') },
    { name: '-w before -s', code: shipped('RUN CGO_ENABLED=0 go build -ldflags "-w -s" -o /out/app .') },
    { name: 'package pattern all=', code: shipped('RUN CGO_ENABLED=0 go build -ldflags="all=-s -w" -o /out/app .') },
    { name: 'exec form with -s -w', code: shipped('RUN ["go", "build", "-ldflags=-s -w", "-o", "/out/app", "."]') },
    { name: 'GOFLAGS carries -ldflags=-s', code: shipped('ENV GOFLAGS=-ldflags=-s\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'GOFLAGS with a quoted -ldflags', code: shipped(`ENV GOFLAGS='"-ldflags=-s -w"'\nRUN CGO_ENABLED=0 go build -o /out/app .`) },
    { name: 'go env -w GOFLAGS', code: shipped('RUN go env -w GOFLAGS=-ldflags=-s\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'ldflags from an ARG with a -s default', code: shipped('ARG LDFLAGS="-s -w -X main.v=dev"\nRUN CGO_ENABLED=0 go build -ldflags "$LDFLAGS" -o /out/app .') },
    { name: 'ldflags from an ARG without default is unknown', code: shipped('ARG LDFLAGS\nRUN CGO_ENABLED=0 go build -ldflags "${LDFLAGS}" -o /out/app .') },
    { name: 'GOFLAGS from an ARG without default is unknown', code: shipped('ARG GOFLAGS\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'build hidden behind make', code: shipped('RUN make build') },
    { name: 'build hidden behind a script', code: shipped('RUN ./scripts/build.sh') },
    { name: 'debug build for dlv (-gcflags all=-N -l)', code: shipped('RUN CGO_ENABLED=0 go build -gcflags="all=-N -l" -o /out/app .') },
    { name: 'race build', code: shipped('RUN go build -race -o /out/app .') },
    { name: 'a tool built in a stage that does not ship', code: 'FROM golang:1.22 AS tools\nRUN go install github.com/a8m/envsubst/cmd/envsubst@v1.4.3\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n' },
    { name: 'go build ./... only checks that everything compiles', code: shipped('RUN go build ./... && CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .') },
    { name: 'build to /dev/null', code: shipped('RUN go build -o /dev/null . && CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .') },
    { name: 'a Windows binary does not run in the image', code: shipped('RUN GOOS=windows go build -o /out/app.exe .') },
    { name: 'last stage is a test stage chosen with --target', code: 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /out/app .\nFROM build AS test\nRUN go test ./...\n' },
    { name: 'binary built outside Docker and only copied in', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n' },
    { name: '-ldflags on the command line overrides a GOFLAGS one', code: shipped('ENV GOFLAGS=-ldflags=-X=a.b=c\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .') },
    { name: 'heredoc build with the flags', code: shipped('RUN <<EOF\nset -e\nCGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .\nEOF') },
    { name: 'suppressed on the line before', code: shipped('# go-dockerfile ignore=strip-symbols\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'a toolchain image (single-stage\'s finding, or a dev image)', code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n' },
    { name: 'a tool installed from elsewhere', code: 'FROM golang:1.22 AS tools\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.22.0\nFROM debian:bookworm-slim\nCOPY --from=tools /go/bin/dlv /usr/local/bin/dlv\nCMD ["dlv"]\n' },
    { name: 'go install tool (go.mod tool directives)', code: 'FROM golang:1.24 AS tools\nRUN go install tool\nFROM alpine:3.20\nCOPY --from=tools /go/bin/ /usr/local/bin/\n' },
    { name: 'dependencies pre-built with go install to warm the cache', code: 'FROM golang:1.22 AS build\nRUN go install github.com/aws/aws-sdk-go-v2/aws golang.org/x/crypto/ssh\nRUN CGO_ENABLED=0 go install -ldflags="-s -w" ./cmd/app\nFROM alpine:3.20\nCOPY --from=build /go/bin/* /usr/local/bin/\nENTRYPOINT ["app"]\n' },
    { name: 'a Windows image', code: 'FROM golang:1.22-windowsservercore-ltsc2022 AS build\nRUN go build -o /out/app.exe .\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY --from=build /out/app.exe /app.exe\nENTRYPOINT ["/app.exe"]\n' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'no -ldflags at all',
      code: shipped('RUN CGO_ENABLED=0 go build -o /out/app .'),
      errors: [{ messageId: 'notStripped', line: 4, column: 19, endColumn: 27, severity: 'info' }],
      output: shipped('RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .'),
    },
    {
      name: 'merges into -ldflags="-X …" keeping the version stamp',
      code: shipped('RUN CGO_ENABLED=0 go build -ldflags="-X main.version=1.2.3" -o /out/app .'),
      errors: [{ messageId: 'notStripped' }],
      output: shipped('RUN CGO_ENABLED=0 go build -ldflags="-s -w -X main.version=1.2.3" -o /out/app .'),
    },
    {
      name: "merges into -ldflags '-X …' (separate, single-quoted value)",
      code: shipped("RUN CGO_ENABLED=0 go build -ldflags '-X main.version=1.2.3' -o /out/app ."),
      errors: [{ messageId: 'notStripped' }],
      output: shipped("RUN CGO_ENABLED=0 go build -ldflags '-s -w -X main.version=1.2.3' -o /out/app ."),
    },
    {
      name: 'unquoted -ldflags=-w gets -s and quotes',
      code: shipped('RUN CGO_ENABLED=0 go build -ldflags=-w -o /out/app .'),
      errors: [{ messageId: 'onlyDwarfStripped' }],
      output: shipped('RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .'),
    },
    {
      name: 'whole word quoted "-ldflags=-X a=b"',
      code: shipped('RUN CGO_ENABLED=0 go build "-ldflags=-X main.v=1" -o /out/app .'),
      errors: [{ messageId: 'notStripped' }],
      output: shipped('RUN CGO_ENABLED=0 go build "-ldflags=-s -w -X main.v=1" -o /out/app .'),
    },
    {
      name: 'package pattern kept in front',
      code: shipped('RUN CGO_ENABLED=0 go build -ldflags="all=-X main.v=1" -o /out/app .'),
      errors: [{ messageId: 'notStripped' }],
      output: shipped('RUN CGO_ENABLED=0 go build -ldflags="all=-s -w -X main.v=1" -o /out/app .'),
    },
    {
      name: 'ldflags from an ARG with a default: the flags go before the variable',
      code: shipped('ARG LDFLAGS="-X main.version=dev"\nRUN CGO_ENABLED=0 go build -ldflags "${LDFLAGS}" -o /out/app .'),
      errors: [{ messageId: 'notStripped', line: 5 }],
      output: shipped('ARG LDFLAGS="-X main.version=dev"\nRUN CGO_ENABLED=0 go build -ldflags "-s -w ${LDFLAGS}" -o /out/app .'),
    },
    {
      name: 'ldflags from GOFLAGS: a command-line -ldflags carries them over',
      code: shipped('ENV GOFLAGS=-ldflags=-X=main.v=1\nRUN CGO_ENABLED=0 go build -o /out/app .'),
      errors: [{ messageId: 'notStripped' }],
      output: shipped('ENV GOFLAGS=-ldflags=-X=main.v=1\nRUN CGO_ENABLED=0 go build -ldflags="-s -w -X=main.v=1" -o /out/app .'),
    },
    {
      name: 'inside sh -c "…": single quotes for the new value',
      code: shipped('RUN sh -c "CGO_ENABLED=0 go build -ldflags=-w -o /out/app ."'),
      errors: [{ messageId: 'onlyDwarfStripped' }],
      output: shipped(`RUN sh -c "CGO_ENABLED=0 go build -ldflags='-s -w' -o /out/app ."`),
    },
    {
      name: "inside sh -c '…': double quotes for the new value",
      code: shipped("RUN sh -c 'CGO_ENABLED=0 go build -o /out/app .'"),
      errors: [{ messageId: 'notStripped' }],
      output: shipped(`RUN sh -c 'CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .'`),
    },
    {
      name: 'exec form',
      code: shipped('RUN ["go", "build", "-o", "/out/app", "."]'),
      errors: [{ messageId: 'notStripped' }],
      output: shipped('RUN ["go", "build", "-ldflags=-s -w", "-o", "/out/app", "."]'),
    },
    {
      name: 'exec form with -ldflags value',
      code: shipped('RUN ["go", "build", "-ldflags", "-X main.v=1", "-o", "/out/app", "."]'),
      errors: [{ messageId: 'notStripped' }],
      output: shipped('RUN ["go", "build", "-ldflags", "-s -w -X main.v=1", "-o", "/out/app", "."]'),
    },
    {
      name: 'go install into GOBIN that ships',
      code: 'FROM golang:1.22 AS build\nCOPY . .\nRUN CGO_ENABLED=0 GOBIN=/out go install ./cmd/app\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ messageId: 'notStripped', line: 3 }],
      output: 'FROM golang:1.22 AS build\nCOPY . .\nRUN CGO_ENABLED=0 GOBIN=/out go install -ldflags="-s -w" ./cmd/app\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'line continuation and heredoc',
      code: shipped('RUN <<EOF\nset -e\nCGO_ENABLED=0 go build \\\n  -o /out/app .\nEOF'),
      errors: [{ messageId: 'notStripped', line: 6 }],
      output: shipped('RUN <<EOF\nset -e\nCGO_ENABLED=0 go build -ldflags="-s -w" \\\n  -o /out/app .\nEOF'),
    },

    {
      name: 'go install of the module\'s own package by its import path',
      code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go install example.com/app/cmd/app\nFROM scratch\nCOPY --from=build /go/bin/app /app\nENTRYPOINT ["/app"]\n',
      goFacts: { moduleDir: '/work/app', modulePath: 'example.com/app' },
      errors: [{ messageId: 'notStripped', line: 2 }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go install -ldflags="-s -w" example.com/app/cmd/app\nFROM scratch\nCOPY --from=build /go/bin/app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'binary exported with --output from a scratch stage still ships',
      code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch AS binaries\nCOPY --from=build /out/app /\n',
      errors: [{ messageId: 'notStripped', line: 2 }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .\nFROM scratch AS binaries\nCOPY --from=build /out/app /\n',
    },
    {
      name: 'a value continued on the next line keeps its indentation',
      code: shipped('RUN CGO_ENABLED=0 go build -ldflags="\\\n      -X main.version=1.2.3" -o /out/app .'),
      errors: [{ messageId: 'notStripped' }],
      output: shipped('RUN CGO_ENABLED=0 go build -ldflags="\\\n      -s -w -X main.version=1.2.3" -o /out/app .'),
    },
    {
      name: 'ldflags from an unquoted variable: wrapped in double quotes',
      code: shipped('ENV LDFLAGS=-X=main.v=1\nRUN CGO_ENABLED=0 go build -ldflags=$LDFLAGS -o /out/app .'),
      errors: [{ messageId: 'notStripped' }],
      output: shipped('ENV LDFLAGS=-X=main.v=1\nRUN CGO_ENABLED=0 go build -ldflags="-s -w $LDFLAGS" -o /out/app .'),
    },
  ],
});
