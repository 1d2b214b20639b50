import rule from '../../../server/src/engine/rules/trimpath.ts';
import { runRuleTests } from '../../rule-tester.ts';

const shipped = (build: string) => `FROM golang:1.22 AS build
WORKDIR /src
COPY . .
${build}

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
`;

runRuleTests(rule, {
  valid: [
    { name: '-trimpath on the command line', code: shipped('RUN CGO_ENABLED=0 go build -trimpath -o /out/app .') },
    { name: '--trimpath with two dashes', code: shipped('RUN CGO_ENABLED=0 go build --trimpath -o /out/app .') },
    { name: 'GOFLAGS=-trimpath in ENV', code: shipped('ENV GOFLAGS=-trimpath\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'GOFLAGS with several flags', code: shipped('ENV GOFLAGS="-mod=mod -trimpath"\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'GOFLAGS inline', code: shipped('RUN GOFLAGS=-trimpath CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'go env -w GOFLAGS in an earlier RUN', code: shipped('RUN go env -w GOFLAGS=-trimpath\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'GOFLAGS inherited from a parent stage', code: 'FROM golang:1.22 AS base\nENV GOFLAGS=-trimpath\nFROM base AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n' },
    { name: 'ARG GOFLAGS without default', code: shipped('ARG GOFLAGS\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: '-trimpath=false is a choice', code: shipped('RUN CGO_ENABLED=0 go build -trimpath=false -o /out/app .') },
    { name: 'debug build for dlv', code: shipped('RUN go build -gcflags "all=-N -l" -o /out/app .') },
    { name: 'gcflags from a build argument may make a debug build (skaffold debug)', code: shipped('ARG SKAFFOLD_GO_GCFLAGS\nRUN CGO_ENABLED=0 go build -gcflags="${SKAFFOLD_GO_GCFLAGS}" -o /out/app .') },
    { name: 'build behind make', code: shipped('RUN make build') },
    { name: 'exec form with -trimpath', code: shipped('RUN ["go", "build", "-trimpath", "-o", "/out/app", "."]') },
    { name: 'tool stage that does not ship', code: 'FROM golang:1.22 AS tools\nRUN go install golang.org/x/tools/cmd/stringer@v0.20.0\nFROM alpine:3.20\nCOPY app /app\n' },
    { name: 'a dev stage as the last stage', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch AS prod\nCOPY --from=build /out/app /app\nFROM build AS dev\nCMD ["go", "run", "."]\n' },
    { name: 'global ignore', code: `# go-dockerfile global ignore=trimpath\n${shipped('RUN go build -o /out/app .')}` },
  ],
  invalid: [
    {
      name: 'no -trimpath',
      code: shipped('RUN CGO_ENABLED=0 go build -o /out/app .'),
      errors: [{ messageId: 'noTrimpath', line: 4, column: 19, endColumn: 27, severity: 'hint' }],
      output: shipped('RUN CGO_ENABLED=0 go build -trimpath -o /out/app .'),
    },
    {
      name: 'GOFLAGS without -trimpath',
      code: shipped('ENV GOFLAGS=-mod=mod\nRUN CGO_ENABLED=0 go build -o /out/app .'),
      errors: [{ messageId: 'noTrimpath', line: 5 }],
      output: shipped('ENV GOFLAGS=-mod=mod\nRUN CGO_ENABLED=0 go build -trimpath -o /out/app .'),
    },
    {
      name: 'exec form',
      code: shipped('RUN ["go", "build", "-o", "/out/app", "."]'),
      errors: [{ messageId: 'noTrimpath' }],
      output: shipped('RUN ["go", "build", "-trimpath", "-o", "/out/app", "."]'),
    },
    {
      name: 'go install with GOBIN',
      code: 'FROM golang:1.22-alpine AS build\nCOPY . .\nRUN GOBIN=/out go install ./cmd/app\nFROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n',
      errors: [{ messageId: 'noTrimpath', line: 3 }],
      output: 'FROM golang:1.22-alpine AS build\nCOPY . .\nRUN GOBIN=/out go install -trimpath ./cmd/app\nFROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n',
    },
    {
      name: 'two builds that both ship',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/api ./cmd/api && go build -o /out/worker ./cmd/worker\nFROM scratch\nCOPY --from=build /out/ /bin/\n',
      errors: [{ messageId: 'noTrimpath', column: 5 }, { messageId: 'noTrimpath', column: 39 }],
      output: 'FROM golang:1.22 AS build\nRUN go build -trimpath -o /out/api ./cmd/api && go build -trimpath -o /out/worker ./cmd/worker\nFROM scratch\nCOPY --from=build /out/ /bin/\n',
    },
    {
      name: 'inside sh -c',
      code: shipped(`RUN sh -c "go build -o /out/app ."`),
      errors: [{ messageId: 'noTrimpath' }],
      output: shipped(`RUN sh -c "go build -trimpath -o /out/app ."`),
    },
  ],
});
