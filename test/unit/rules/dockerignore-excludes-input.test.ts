import rule from '../../../server/src/engine/rules/dockerignore-excludes-input.ts';
import type { GoFacts, ProgramFacts } from '../../../server/src/engine/index.ts';
import { runRuleTests } from '../../rule-tester.ts';

const program: ProgramFacts = {
  dir: './cmd/api', binaryName: 'api', packages: ['cmd/api', 'internal/store', 'web'], dynamicWithCgo: 'no', cgoFiles: [], modules: [], cgoModules: [],
  usesTLS: 'no', embedsRootCAs: false, loadsTimezones: 'no', embedsTzdata: false, embeds: [{ dir: 'web', pattern: 'templates/*.html' }, { dir: 'web', pattern: 'all:static' }], ports: [],
};
const facts = (patterns: string[], extra: Partial<GoFacts> = {}): GoFacts => ({
  moduleDir: '/ws', modulePath: 'example.com/shop', goVersion: '1.22', hasGoSum: true, moduleDirInContext: '.',
  dockerignore: { file: '/ws/.dockerignore', patterns },
  program: () => program,
  ...extra,
});

const build = (copies = 'COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .') => `FROM golang:1.22 AS build
WORKDIR /src
${copies}
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
ENTRYPOINT ["/api"]
`;

runRuleTests(rule, {
  valid: [
    { name: 'an ordinary .dockerignore', code: build(), goFacts: facts(['.git', '*.md', 'bin/', '**/*_test.go', '.env']) },
    { name: 'an allowlist that keeps every input', code: build(), goFacts: facts(['*', '!go.mod', '!go.sum', '!cmd', '!internal', '!web']) },
    { name: 'no .dockerignore', code: build(), goFacts: { goVersion: '1.22', hasGoSum: true } },
    { name: 'vendor excluded, modules downloaded', code: build(), goFacts: facts(['vendor'], { vendored: true }) },
    { name: 'a stage that never copies the module', code: 'FROM golang:1.22 AS tools\nRUN go install github.com/x/y/cmd/z@v1.0.0\n', goFacts: facts(['go.sum']) },
    { name: 'an embed pattern that starts with a wildcard', code: build(), goFacts: facts(['*.html'], { program: () => ({ ...program, embeds: [{ dir: '.', pattern: '*.html' }] }) }) },
    { name: 'a binary built outside Docker and copied in: only its own path matters', code: 'FROM gcr.io/distroless/static-debian12\nCOPY dist/api /api\nENTRYPOINT ["/api"]\n', goFacts: facts(['*', '!dist']) },
    { name: 'module below the context, excluded siblings', code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY server/ .\nRUN go build -o /out/api ./cmd/api\n', goFacts: facts(['web-ui', 'docs'], { moduleDirInContext: 'server' }) },
  ],
  invalid: [
    {
      name: 'go.sum excluded by a wildcard',
      code: build(),
      goFacts: facts(['*.sum']),
      errors: [{ messageId: 'sourceExcluded', data: { path: 'go.sum', file: '.dockerignore' }, line: 3, column: 13, endColumn: 19, severity: 'error' }],
    },
    {
      name: 'COPY . . without go.sum: the broad copy is underlined',
      code: build('COPY . .'),
      goFacts: facts(['go.sum']),
      errors: [{ messageId: 'goSumExcluded', data: { path: 'go.sum' }, line: 3, column: 6, endColumn: 7 }],
    },
    {
      name: 'an allowlist that forgets a package',
      code: build('COPY . .'),
      goFacts: facts(['*', '!go.mod', '!go.sum', '!cmd', '!web']),
      errors: [{ messageId: 'packageExcluded', data: { path: 'internal/store' } }],
    },
    {
      name: 'an embedded folder excluded',
      code: build('COPY . .'),
      goFacts: facts(['**/static']),
      errors: [{ messageId: 'embedExcluded', data: { path: 'web/static' } }],
    },
    {
      name: 'embedded templates excluded through their folder',
      code: build('COPY . .'),
      goFacts: facts(['web/templates/']),
      errors: [{ messageId: 'embedExcluded', data: { path: 'web/templates' } }],
    },
    {
      name: 'vendor excluded in a -mod=vendor build',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -mod=vendor -o /out/api ./cmd/api\n',
      goFacts: facts(['vendor/'], { vendored: true }),
      errors: [{ messageId: 'vendorExcluded', data: { path: 'vendor' } }],
    },
    {
      name: 'go.work excluded: a warning (the build changes, it does not fail)',
      code: build('COPY . .'),
      goFacts: facts(['go.work', 'go.work.sum'], { hasGoWork: true }),
      errors: [{ messageId: 'goWorkExcluded', severity: 'warning' }],
    },
    {
      name: 'a bind-mounted go.sum that is excluded',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN --mount=type=bind,source=go.sum,target=go.sum --mount=type=bind,source=go.mod,target=go.mod go mod download\n',
      goFacts: facts(['*.sum']),
      errors: [{ messageId: 'sourceExcluded', data: { path: 'go.sum' }, line: 3, column: 5 }],
    },
    {
      name: 'a later exception does not cover the path',
      code: build('COPY . .'),
      goFacts: facts(['cmd', '!cmd/worker']),
      errors: [{ messageId: 'packageExcluded', data: { path: 'cmd/api' } }],
    },
    {
      name: 'module below the context: its go.mod excluded',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY server/ .\nRUN go build -o /out/api ./cmd/api\n',
      goFacts: facts(['**/go.mod'], { moduleDirInContext: 'server', program: () => ({ ...program, embeds: [], packages: ['cmd/api'] }) }),
      errors: [{ messageId: 'goModExcluded', data: { path: 'server/go.mod' }, line: 3 }],
    },
  ],
});
