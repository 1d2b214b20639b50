import rule from '../../../server/src/engine/rules/module-cache-order.ts';
import { runRuleTests } from '../../rule-tester.ts';

const stage = (body: string) => `FROM golang:1.22 AS build\nWORKDIR /src\n${body}\nFROM scratch\nCOPY --from=build /out/app /app\n`;

runRuleTests(rule, {
  valid: [
    { name: 'go.mod and go.sum copied and downloaded first', code: stage('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .') },
    { name: 'go.* glob and download -x', code: stage('COPY go.* ./\nRUN go mod download -x\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'JSON-form COPY of go.mod', code: stage('COPY ["go.mod", "go.sum", "./"]\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'bind-mounted go.mod/go.sum with a module cache mount', code: stage('RUN --mount=type=cache,target=/go/pkg/mod --mount=type=bind,source=go.mod,target=go.mod --mount=type=bind,source=go.sum,target=go.sum go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .') },
    { name: 'bind-mount build without any COPY', code: stage('RUN --mount=type=bind,target=. --mount=type=cache,target=/go/pkg/mod go build -o /out/app .') },
    { name: 'module cache mount on the build itself', code: stage('COPY . .\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .') },
    { name: 'vendored modules copied with the sources', code: stage('COPY vendor/ vendor/\nCOPY . .\nRUN go build -mod=vendor -o /out/app .') },
    { name: 'vendoring known from the workspace', code: stage('COPY . .\nRUN go build -o /out/app .'), goFacts: { vendored: true } },
    { name: 'GOFLAGS=-mod=vendor', code: stage('ENV GOFLAGS=-mod=vendor\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'GOPATH mode', code: stage('ENV GO111MODULE=off\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'download in a parent stage', code: 'FROM golang:1.22 AS deps\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM deps AS build\nCOPY . .\nRUN go build -o /out/app .\n' },
    { name: 'build behind make', code: stage('COPY . .\nRUN make build') },
    { name: 'copies only config before the download', code: stage('COPY config.yaml /etc/app/\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'non-Go stage', code: 'FROM node:20\nCOPY . .\nRUN npm ci\n' },
    { name: 'sources copied but nothing built', code: stage('COPY . .\nRUN ls') },
    { name: 'no go.sum: no dependencies to download', code: stage('COPY . .\nRUN go build -o /out/app .'), goFacts: { moduleDir: '/w', modulePath: 'example.com/w', hasGoSum: false } },
    { name: 'no go.mod in the workspace (GOPATH project or single file)', code: stage('COPY . .\nRUN go build -o /out/app .'), goFacts: {} },
    { name: 'go install of a pinned tool ignores the local module', code: stage('COPY scripts/ ./scripts/\nRUN go install golang.org/x/tools/cmd/goimports@v0.20.0') },
    { name: 'a Makefile or script copied before go.mod', code: stage('COPY Makefile ./\nCOPY hack/gimme /usr/local/bin/\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'a local replace directory copied before the download', code: stage('COPY go.mod go.sum ./\nCOPY api/ api/\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'go.mod and go.sum copied to file names before the download', code: stage('COPY api/ api/\nCOPY go.mod go.mod\nCOPY go.sum go.sum\nRUN go mod download\nCOPY internal/ internal/\nRUN go build -o /out/app ./cmd/app') },
    { name: 'cache mount on a parent of the module cache', code: stage('COPY . .\nRUN --mount=type=cache,target=/go/pkg go build -o /out/app .') },
    { name: 'make downloads after go.mod is copied', code: stage('COPY go.mod go.sum Makefile ./\nRUN make dep\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'helper files globbed from a sub-directory', code: stage('COPY files/usr/local/bin/* /usr/local/bin/\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .') },
    { name: 'suppressed on the COPY', code: stage('# go-dockerfile ignore=module-cache-order\nCOPY . .\nRUN go build -o /out/app .') },
  ],
  invalid: [
    {
      name: 'COPY . . before anything',
      code: stage('COPY . .\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'sourcesBeforeModules', line: 3, column: 6, endColumn: 7 }],
      output: stage('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .'),
    },
    {
      name: 'download after the sources is moved before them',
      code: stage('COPY . .\nRUN go mod download\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'sourcesBeforeModules' }],
      output: stage('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .'),
    },
    {
      name: 'a download chained with other commands stays where it is',
      code: stage('COPY . .\nRUN go mod download && go generate ./...\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'sourcesBeforeModules' }],
      output: stage('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go mod download && go generate ./...\nRUN go build -o /out/app .'),
    },
    {
      name: 'go.mod copied but not downloaded before the sources',
      code: stage('COPY go.mod go.sum ./\nCOPY . .\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'downloadAfterSources', line: 4 }],
      output: stage('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .'),
    },
    {
      name: 'absolute destination without WORKDIR',
      code: 'FROM golang:1.22\nCOPY . /app\nRUN cd /app && go build -o /out/app .\n',
      errors: [{ messageId: 'sourcesBeforeModules' }],
      output: 'FROM golang:1.22\nCOPY go.mod go.sum /app/\nRUN cd /app && go mod download\nCOPY . /app\nRUN cd /app && go build -o /out/app .\n',
    },
    {
      name: 'source sub-directory copied into the workdir',
      code: stage('COPY src/ .\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'sourcesBeforeModules' }],
      output: stage('COPY src/go.mod src/go.sum ./\nRUN go mod download\nCOPY src/ .\nRUN go build -o /out/app .'),
    },
    {
      name: 'cache mount for the build cache only is not a module cache',
      code: stage('COPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'),
      errors: [{ messageId: 'sourcesBeforeModules' }],
      output: stage('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .'),
    },
    {
      name: 'several source directories, indented instructions',
      code: 'FROM golang:1.22 AS build\n  WORKDIR /src\n  COPY cmd ./cmd\n  COPY internal ./internal\n  RUN go test ./...\n',
      errors: [{ messageId: 'sourcesBeforeModules', line: 3 }],
      output: 'FROM golang:1.22 AS build\n  WORKDIR /src\n  COPY go.mod go.sum ./\n  RUN go mod download\n  COPY cmd ./cmd\n  COPY internal ./internal\n  RUN go test ./...\n',
    },
    {
      name: 'reported once when two stages inherit the slow copy',
      code: 'FROM golang:1.22 AS src\nWORKDIR /src\nCOPY . .\nFROM src AS test\nRUN go test ./...\nFROM src AS build\nRUN go build -o /out/app .\n',
      errors: [{ messageId: 'sourcesBeforeModules', line: 3 }],
      output: 'FROM golang:1.22 AS src\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nFROM src AS test\nRUN go test ./...\nFROM src AS build\nRUN go build -o /out/app .\n',
    },
    {
      name: 'a single Go file copied to a file name: reported, no fix',
      code: 'FROM golang:1.22\nWORKDIR /app\nCOPY ./main.go main.go\nRUN go build -o /app/server main.go\n',
      errors: [{ messageId: 'sourcesBeforeModules' }],
      output: null,
    },
    {
      name: 'the fix keeps --chown of the source copy',
      code: stage('COPY --chown=build . .\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'sourcesBeforeModules' }],
      output: stage('COPY --chown=build go.mod go.sum ./\nRUN go mod download\nCOPY --chown=build . .\nRUN go build -o /out/app .'),
    },
    {
      name: 'a broad copy before the download, with a narrow one before it',
      code: stage('COPY api/ api/\nCOPY . .\nRUN go mod download\nRUN go build -o /out/app .'),
      errors: [{ messageId: 'sourcesBeforeModules', line: 4 }],
      output: stage('COPY api/ api/\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .'),
    },
  ],
});
