import rule from '../../../server/src/engine/rules/go-get-install.ts';
import { runRuleTests } from '../../rule-tester.ts';

const modern = { goVersion: '1.22', hasGoSum: true };

runRuleTests(rule, {
  valid: [
    { name: 'go install pkg@version', code: 'FROM golang:1.22\nRUN go install github.com/swaggo/swag/cmd/swag@v1.16.3\nCOPY . .\nRUN swag init\n', goFacts: modern },
    { name: 'an old project on Go before 1.17 (per the image tag)', code: 'FROM golang:1.15\nRUN go get -u github.com/swaggo/swag/cmd/swag\nCOPY . .\nRUN swag init\n', goFacts: { goVersion: '1.15' } },
    { name: 'an old project on an unversioned image (per go.mod)', code: 'FROM golang:alpine\nRUN go get -u github.com/swaggo/swag/cmd/swag\nCOPY . .\nRUN swag init\n', goFacts: { goVersion: '1.14' } },
    { name: 'an old builder image', code: 'FROM golang:1.16-alpine\nRUN go get github.com/go-delve/delve/cmd/dlv\nCMD ["dlv"]\n', goFacts: modern },
    { name: 'GOPATH mode still installs', code: 'FROM golang:1.22\nENV GO111MODULE=off\nRUN go get github.com/golang/dep/cmd/dep\nRUN dep ensure\n', goFacts: modern },
    { name: 'go get adds a dependency inside the module before the download', code: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go get github.com/lib/pq@v1.10.9\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n', goFacts: modern },
    { name: 'a library added inside the module whose name recurs in import paths', code: 'FROM golang:latest\nWORKDIR /app\nCOPY go.mod go.sum ./\nCOPY . .\nRUN go get -u github.com/prometheus/client_golang/prometheus\nRUN go get -u github.com/prometheus/client_golang/prometheus/promauto\nRUN go build -o main .\n', goFacts: modern },
    { name: 'go get -d only downloads', code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go get -d -v ./...\nRUN go build -o /app .\n', goFacts: modern },
    { name: 'go get of the local packages resolves dependencies', code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go get ./...\nRUN go build -o /app .\n', goFacts: modern },
    { name: 'Go from a package manager: version unknown', code: 'FROM alpine:3.20\nRUN apk add go && go get github.com/x/tool/cmd/tool\n', goFacts: modern },
    { name: 'golang image from an ARG without default', code: 'ARG GO_IMAGE\nFROM ${GO_IMAGE}\nRUN go get github.com/x/tool/cmd/tool\nRUN tool\n', goFacts: modern },
  ],
  invalid: [
    {
      name: 'go get -u of a command, then used',
      code: 'FROM golang:1.22\nRUN go get -u github.com/swaggo/swag/cmd/swag\nCOPY . .\nRUN swag init\n',
      goFacts: modern,
      errors: [{ messageId: 'getToInstall', data: { pkg: 'github.com/swaggo/swag/cmd/swag', name: 'swag', install: 'github.com/swaggo/swag/cmd/swag@latest' }, line: 2, column: 5, endColumn: 11, severity: 'warning' }],
      output: 'FROM golang:1.22\nRUN go install github.com/swaggo/swag/cmd/swag@latest\nCOPY . .\nRUN swag init\n',
    },
    {
      name: 'outside a module, Go 1.18+ refuses go get',
      code: 'FROM golang:1.21-alpine AS tools\nRUN go get github.com/pressly/goose/v3\n',
      goFacts: modern,
      errors: [{ messageId: 'getToInstall', data: { name: 'goose' } }],
      output: 'FROM golang:1.21-alpine AS tools\nRUN go install github.com/pressly/goose/v3@latest\n',
    },
    {
      name: 'a version is kept, -v too',
      code: 'FROM golang:1.22 AS tools\nRUN go get -v github.com/golang/mock/mockgen@v1.6.0\nFROM golang:1.22\nCOPY --from=tools /go/bin/mockgen /usr/local/bin/\n',
      goFacts: modern,
      errors: [{ messageId: 'getToInstall', data: { install: 'github.com/golang/mock/mockgen@v1.6.0' } }],
      output: 'FROM golang:1.22 AS tools\nRUN go install -v github.com/golang/mock/mockgen@v1.6.0\nFROM golang:1.22\nCOPY --from=tools /go/bin/mockgen /usr/local/bin/\n',
    },
    {
      name: 'inside the module, but the command is then run',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go get github.com/99designs/gqlgen && gqlgen generate\n',
      goFacts: modern,
      errors: [{ messageId: 'getToInstall', data: { name: 'gqlgen' } }],
      output: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go install github.com/99designs/gqlgen@latest && gqlgen generate\n',
    },
    {
      name: 'a new image with an old go.mod: the image decides',
      code: 'FROM golang:1.24.3-alpine\nRUN mkdir /app\nADD . /app/\nWORKDIR /app/cmd\nRUN go get -v github.com/cosmtrek/air\nENTRYPOINT ["air"]\n',
      goFacts: { goVersion: '1.16' },
      errors: [{ messageId: 'getToInstall', data: { name: 'air' }, line: 5 }],
      output: 'FROM golang:1.24.3-alpine\nRUN mkdir /app\nADD . /app/\nWORKDIR /app/cmd\nRUN go install -v github.com/cosmtrek/air@latest\nENTRYPOINT ["air"]\n',
    },
    {
      name: 'several packages: reported without an edit (go install takes one module at a time)',
      code: 'FROM golang:latest\nRUN go get github.com/a/one/cmd/one github.com/b/two/cmd/two\n',
      goFacts: modern,
      errors: [{ messageId: 'getToInstall' }],
      output: null,
    },
    {
      name: 'go get -t has no go install form: no edit',
      code: 'FROM golang:1.22\nRUN go get -t github.com/x/tool/cmd/tool\n',
      goFacts: modern,
      errors: [{ messageId: 'getToInstall' }],
      output: null,
    },
  ],
});
