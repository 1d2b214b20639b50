import rule from '../../../server/src/engine/rules/hardcoded-goarch.ts';
import { runRuleTests } from '../../rule-tester.ts';

const image = (build: string, final = 'FROM gcr.io/distroless/static-debian12:nonroot', tail = 'ENTRYPOINT ["/app"]') => `FROM golang:1.22 AS build
WORKDIR /src
COPY . .
${build}

${final}
COPY --from=build /out/app /app
${tail}
`;

runRuleTests(rule, {
  valid: [
    { name: 'GOARCH from TARGETARCH', code: image('ARG TARGETARCH\nRUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /out/app .') },
    { name: 'no GOARCH at all', code: image('RUN CGO_ENABLED=0 GOOS=linux go build -o /out/app .') },
    { name: 'final stage pinned to the same platform', code: image('RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/app .', 'FROM --platform=linux/amd64 gcr.io/distroless/static-debian12:nonroot') },
    { name: 'arm64 pinned with a variant', code: image('RUN CGO_ENABLED=0 GOARCH=arm64 go build -o /out/app .', 'FROM --platform=linux/arm64/v8 alpine:3.20') },
    { name: 'an export stage without ENTRYPOINT or CMD (docker build --output)', code: image('RUN CGO_ENABLED=0 GOOS=darwin GOARCH=arm64 go build -o /out/app .', 'FROM scratch', '') },
    { name: 'per-architecture downloads shipped in bulk', code: 'FROM golang:1.22 AS build\nRUN GOARCH=amd64 go build -o /out/dl/agent-amd64 ./agent && GOARCH=arm64 go build -o /out/dl/agent-arm64 ./agent\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM alpine\nCOPY --from=build /out/dl/ /srv/downloads/\nCOPY --from=build /out/server /server\nENTRYPOINT ["/server"]\n' },
    { name: 'a tool built for the build host only', code: 'FROM golang:1.22 AS build\nRUN GOARCH=amd64 go build -o /usr/local/bin/gen ./tools/gen && gen\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n' },
    { name: 'the binary is not copied into the final image', code: 'FROM golang:1.22 AS build\nRUN GOARCH=amd64 go build -o /out/app .\nFROM scratch\nCOPY config.yaml /config.yaml\nENTRYPOINT ["/app"]\n' },
    { name: 'output path unknown', code: image('RUN GOARCH=amd64 go build -o $OUT .') },
    { name: 'build behind make', code: image('ENV GOARCH=amd64\nRUN make build') },
    { name: 'GOARCH from an ARG without default', code: image('ARG GOARCH\nRUN GOARCH=$GOARCH go build -o /out/app .') },
    { name: 'a windows helper shipped beside the Linux program', code: 'FROM golang:1.22 AS build\nRUN GOOS=windows go build -o /out/agent.exe ./agent\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM alpine\nCOPY --from=build /out/agent.exe /srv/agent.exe\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n' },
  ],
  invalid: [
    {
      name: 'GOOS=linux GOARCH=amd64 inline, final image not pinned',
      code: image('RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/app .'),
      errors: [{ messageId: 'hardcodedArch', data: { arch: 'amd64' }, line: 4, column: 37, endColumn: 42, severity: 'warning' }],
      output: image('ARG TARGETARCH\nRUN CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH go build -o /out/app .'),
    },
    {
      name: 'ENV GOARCH in the build stage',
      code: image('ENV CGO_ENABLED=0 GOARCH=arm64\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'hardcodedArch', data: { arch: 'arm64' }, line: 4, column: 26, endColumn: 31 }],
      output: image('ARG TARGETARCH\nENV CGO_ENABLED=0 GOARCH=$TARGETARCH\nRUN go build -o /out/app .'),
    },
    {
      name: 'ARG TARGETARCH already declared: only the value changes',
      code: image('ARG TARGETARCH\nRUN CGO_ENABLED=0 GOARCH="amd64" go build -o /out/app .'),
      errors: [{ messageId: 'hardcodedArch' }],
      output: image('ARG TARGETARCH\nRUN CGO_ENABLED=0 GOARCH="$TARGETARCH" go build -o /out/app .'),
    },
    {
      name: 'final stage pinned to another architecture: error, fixed to the pin',
      code: image('RUN CGO_ENABLED=0 GOARCH=arm64 go build -o /out/app .', 'FROM --platform=linux/amd64 alpine:3.20'),
      errors: [{ messageId: 'wrongArch', data: { arch: 'arm64', platform: 'linux/amd64' }, severity: 'error' }],
      output: image('RUN CGO_ENABLED=0 GOARCH=amd64 go build -o /out/app .', 'FROM --platform=linux/amd64 alpine:3.20'),
    },
    {
      name: 'single-stage image building for a literal architecture',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN GOARCH=amd64 go build -o /usr/local/bin/app .\nCMD ["app"]\n',
      errors: [{ messageId: 'hardcodedArch', line: 4 }],
      output: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /usr/local/bin/app .\nCMD ["app"]\n',
    },
    {
      name: 'a script entrypoint: the image’s only Go binary is its program',
      code: image('RUN CGO_ENABLED=0 GOARCH=amd64 go build -o /out/app .', 'FROM alpine:3.20', 'COPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]'),
      errors: [{ messageId: 'hardcodedArch' }],
      output: image('ARG TARGETARCH\nRUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /out/app .', 'FROM alpine:3.20', 'COPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]'),
    },
    {
      name: 'GOOS=darwin for the image program',
      code: image('RUN CGO_ENABLED=0 GOOS=darwin go build -o /out/app .'),
      errors: [{ messageId: 'foreignOs', data: { os: 'darwin' } }],
      output: null,
    },
    {
      name: 'GOARCH from a global ARG default: reported, the global default left to the author',
      code: `ARG GOARCH=amd64\n${image('ARG GOARCH\nRUN CGO_ENABLED=0 go build -o /out/app .')}`,
      errors: [{ messageId: 'hardcodedArch', line: 1, column: 12 }],
      output: null,
    },
  ],
});
