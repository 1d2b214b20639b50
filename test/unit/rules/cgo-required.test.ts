import rule from '../../../server/src/engine/rules/cgo-required.ts';
import type { GoFacts, ProgramFacts, ProgramQuery } from '../../../server/src/engine/index.ts';
import { runRuleTests } from '../../rule-tester.ts';

const base: ProgramFacts = { dir: '.', binaryName: 'app', packages: ['.'], dynamicWithCgo: 'yes', cgoFiles: [], modules: [], cgoModules: [], usesTLS: 'no', embedsRootCAs: false, loadsTimezones: 'no', embedsTzdata: false, embeds: [] as ProgramFacts['embeds'], ports: [] };
/** Facts whose answer depends on the query, as the real ones do (with cgo off, cgoFiles are the files the build lacks). */
const facts = (name: string, answer: (q: ProgramQuery) => Partial<ProgramFacts> | undefined): GoFacts => ({
  moduleDir: '/ws', modulePath: `example.com/${name}`, goVersion: '1.22', hasGoSum: true, needsCgo: true,
  program: (q) => {
    const a = answer(q);
    return a === undefined ? undefined : { ...base, ...a };
  },
});
const sqlite = facts('sqlite', () => ({ modules: ['github.com/mattn/go-sqlite3'], cgoModules: ['github.com/mattn/go-sqlite3'] }));
const cgoFile = facts('cgofile', () => ({ cgoFiles: ['internal/db/sqlite.go'] }));
const onlyTheWorker = facts('worker', (q) => (q.pkg === './cmd/worker' ? { cgoModules: ['github.com/mattn/go-sqlite3'] } : {}));
const pureFallback = facts('modernc', () => ({ modules: ['modernc.org/sqlite'] }));

const image = (build: string, builder = 'golang:1.22-bookworm', final = 'gcr.io/distroless/static-debian12:nonroot') => `FROM ${builder} AS build
WORKDIR /src
COPY . .
${build}

FROM ${final}
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
`;

runRuleTests(rule, {
  valid: [
    { name: 'cgo on for a cgo program', code: image('RUN CGO_ENABLED=1 go build -o /out/app .', 'golang:1.22-bookworm', 'gcr.io/distroless/cc-debian12'), goFacts: sqlite },
    { name: 'cgo left on by the Debian builder', code: image('RUN go build -o /out/app .', 'golang:1.22-bookworm', 'debian:bookworm-slim'), goFacts: cgoFile },
    { name: 'CGO_ENABLED=0 for a program that needs no cgo', code: image('RUN CGO_ENABLED=0 go build -o /out/app .'), goFacts: pureFallback },
    { name: 'CGO_ENABLED=0 for another main package of a module that has a cgo one', code: image('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api'), goFacts: onlyTheWorker },
    { name: 'no per-program facts: the module-wide flag alone is not enough', code: image('RUN CGO_ENABLED=0 go build -o /out/app .'), goFacts: { goVersion: '1.22', needsCgo: true, cgoReason: 'github.com/mattn/go-sqlite3', mainPackages: ['.'] } },
    { name: 'the facts do not know the package', code: image('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/unknown'), goFacts: facts('unknown', () => undefined) },
    { name: 'a tool installed at a version', code: image('RUN CGO_ENABLED=0 go install github.com/pressly/goose/v3/cmd/goose@v3.20.0\nRUN CGO_ENABLED=1 go build -o /out/app .', 'golang:1.22-bookworm', 'gcr.io/distroless/cc-debian12'), goFacts: sqlite },
    { name: 'CGO_ENABLED from an ARG without default', code: image('ARG CGO_ENABLED\nRUN go build -o /out/app .'), goFacts: sqlite },
  ],
  invalid: [
    {
      name: 'CGO_ENABLED=0 with mattn/go-sqlite3',
      code: image('RUN CGO_ENABLED=0 go build -o /out/app .'),
      goFacts: sqlite,
      errors: [{ messageId: 'cgoModule', data: { reason: 'github.com/mattn/go-sqlite3' }, line: 4, column: 19, endColumn: 27, severity: 'error' }],
      suggestions: [{ title: 'Enable cgo (CGO_ENABLED=1) and ship gcr.io/distroless/cc-debian12', output: image('RUN CGO_ENABLED=1 go build -o /out/app .', 'golang:1.22-bookworm', 'gcr.io/distroless/cc-debian12:nonroot') }],
    },
    {
      name: 'ARG CGO_ENABLED=0 with an import "C" file',
      code: image('ARG CGO_ENABLED=0\nRUN go build -o /out/app .', 'golang:1.22-bookworm', 'debian:bookworm-slim'),
      goFacts: cgoFile,
      errors: [{ messageId: 'cgoFile', data: { reason: 'internal/db/sqlite.go' }, line: 5 }],
      suggestions: [{ title: 'Enable cgo (CGO_ENABLED=1)', output: image('ARG CGO_ENABLED=1\nRUN go build -o /out/app .', 'golang:1.22-bookworm', 'debian:bookworm-slim') }],
    },
    {
      name: 'alpine builder: reported, no safe edit',
      code: image('ENV CGO_ENABLED=0\nRUN go build -o /out/app ./cmd/worker', 'golang:1.22-alpine', 'alpine:3.20'),
      goFacts: onlyTheWorker,
      errors: [{ messageId: 'cgoModule' }],
      suggestions: [],
    },
    {
      name: 'go test with cgo off fails the same way',
      code: 'FROM golang:1.22 AS test\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go test ./...\n',
      goFacts: cgoFile,
      errors: [{ messageId: 'cgoFile' }],
      suggestions: [{ title: 'Enable cgo (CGO_ENABLED=1)' }],
    },
  ],
});
