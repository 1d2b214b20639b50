import rule from '../../../server/src/engine/rules/binary-path-mismatch.ts';
import { runRuleTests } from '../../rule-tester.ts';

const program = (dir: string, binaryName: string) => ({
  moduleDir: '/ws', modulePath: 'example.com/shop', goVersion: '1.22', hasGoSum: true,
  program: () => ({ dir, binaryName, packages: [dir], dynamicWithCgo: 'no' as const, cgoFiles: [], modules: [], cgoModules: [], usesTLS: 'no' as const, embedsRootCAs: false, loadsTimezones: 'no' as const, embedsTzdata: false, embeds: [], ports: [] }),
});

runRuleTests(rule, {
  valid: [
    { name: 'the copied path is the build output', code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM scratch\nCOPY --from=build /out/server /server\nENTRYPOINT ["/server"]\n' },
    { name: 'the output folder is copied', code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM scratch\nCOPY --from=build /out/ /app/\nENTRYPOINT ["/app/server"]\n' },
    { name: 'relative -o in the WORKDIR', code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build -o bin/server .\nFROM alpine\nCOPY --from=build /src/bin/server /usr/local/bin/server\nCMD ["server"]\n' },
    { name: 'go install into /go/bin', code: 'FROM golang:1.22 AS build\nRUN go install github.com/example/tool/cmd/tool@v1.2.3\nFROM alpine\nCOPY --from=build /go/bin/tool /usr/local/bin/\nENTRYPOINT ["tool"]\n' },
    { name: 'a file other than the binary (certificates)', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/server /server\n' },
    { name: 'renamed by a later RUN', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/server . && mv /out/server /out/app\nFROM scratch\nCOPY --from=build /out/app /app\n' },
    { name: 'built behind make', code: 'FROM golang:1.22 AS build\nCOPY . .\nRUN make build\nRUN go build -o /out/tool ./tool\nFROM scratch\nCOPY --from=build /out/app /app\n' },
    { name: 'an output the engine cannot name', code: 'FROM golang:1.22 AS build\nARG OUT=/out/app\nRUN go build -o $OUT .\nRUN go build -o /out/tool ./tool\nFROM scratch\nCOPY --from=build /out/app /app\n' },
    { name: 'copied into the build stage from the context', code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /src/server .\nFROM scratch\nCOPY --from=build /src/prebuilt /app\n' },
    { name: 'a binary built outside Docker and only copied in', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY dist/server /server\nENTRYPOINT ["/server"]\n' },
    { name: 'go build without -o and without facts: the name is unknown', code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build .\nFROM scratch\nCOPY --from=build /src/app /app\n' },
    { name: 'launcher via PATH', code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM alpine\nCOPY --from=build /out/server /usr/bin/server\nENTRYPOINT ["server"]\n' },
    { name: 'launcher through tini and a relative path', code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM alpine\nWORKDIR /app\nCOPY --from=build /out/server ./server\nENTRYPOINT ["/sbin/tini", "--", "./server"]\n' },
    { name: 'copied to a folder without a trailing slash that exists in the image', code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM alpine\nCOPY --from=build /out/server /usr/local/bin\nENTRYPOINT ["/usr/local/bin/server"]\n' },
    { name: 'an unknown final image may hold the program', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM mycorp/runtime:1\nCOPY --from=build /out/server /usr/local/bin/server\nENTRYPOINT ["/server"]\n' },
    { name: 'the final stage moves the binary in a RUN', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM alpine\nCOPY --from=build /out/server /tmp/server\nRUN cp /tmp/server /server\nENTRYPOINT ["/server"]\n' },
    { name: 'a shell-form script launcher', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM alpine\nCOPY --from=build /out/server /usr/local/bin/\nCOPY start.sh /\nCMD /start.sh\n' },
    { name: 'go build without -o, named by the facts', code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build ./cmd/api\nFROM scratch\nCOPY --from=build /src/api /api\n', goFacts: program('./cmd/api', 'api') },
  ],
  invalid: [
    {
      name: 'COPY names another file than -o wrote',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ messageId: 'notBuilt', data: { path: '/out/app', stage: 'build', built: '/out/server' }, line: 5, column: 19, endColumn: 27, severity: 'warning' }],
    },
    {
      name: 'relative -o resolved against WORKDIR, COPY from the wrong folder',
      code: 'FROM golang:1.22 AS builder\nWORKDIR /app\nRUN go build -o main .\nFROM alpine\nCOPY --from=builder /main /main\nCMD ["/main"]\n',
      errors: [{ messageId: 'notBuilt', data: { path: '/main', built: '/app/main' } }],
    },
    {
      name: 'go build without -o writes the package name to the working folder',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build ./cmd/api\nFROM scratch\nCOPY --from=build /src/server /server\n',
      goFacts: program('./cmd/api', 'api'),
      errors: [{ messageId: 'notBuilt', data: { path: '/src/server', built: '/src/api' } }],
    },
    {
      name: 'the binary is written into a cache mount',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN --mount=type=cache,target=/out go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
      errors: [{ messageId: 'builtInMount', data: { path: '/out/app', mount: '/out' } }],
    },
    {
      name: 'ENTRYPOINT runs a path the binary was not copied to',
      code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/server /usr/local/bin/\nENTRYPOINT ["/server"]\n',
      errors: [{ messageId: 'launchNotCopied', data: { keyword: 'ENTRYPOINT', program: '/server', copiedTo: '/usr/local/bin/server' }, line: 5, column: 14, endColumn: 21 }],
    },
    {
      name: 'a bare command name that is not on PATH',
      code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM alpine:3.20\nWORKDIR /app\nCOPY --from=build /out/server /app/server\nCMD ["server"]\n',
      errors: [{ messageId: 'launchNotOnPath', data: { keyword: 'CMD', program: 'server', copiedTo: '/app/server' } }],
    },
    {
      name: 'shell-form CMD, relative path against another WORKDIR',
      code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM alpine:3.20\nCOPY --from=build /out/server /app/server\nWORKDIR /srv\nCMD ./server --port 8080\n',
      errors: [{ messageId: 'launchNotCopied', data: { program: './server', copiedTo: '/app/server' } }],
    },
  ],
});
