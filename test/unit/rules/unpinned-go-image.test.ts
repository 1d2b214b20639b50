import rule from '../../../server/src/engine/rules/unpinned-go-image.ts';
import { NO_MODULE } from '../../../server/src/engine/index.ts';
import { runRuleTests } from '../../rule-tester.ts';

const facts = { goVersion: '1.22.3' };
const withFinal = (from: string) => `${from}
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .
FROM scratch
COPY --from=build /out/app /app
`;

runRuleTests(rule, {
  valid: [
    { name: 'a minor version', code: withFinal('FROM golang:1.22 AS build'), goFacts: facts },
    { name: 'a version with a variant', code: withFinal('FROM golang:1.22.3-alpine3.20 AS build'), goFacts: facts },
    { name: 'a major-only tag is a deliberate choice', code: withFinal('FROM golang:1-bookworm AS build'), goFacts: facts },
    { name: 'pinned by digest', code: withFinal('FROM golang@sha256:0f1b7a3c2f0d9a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3 AS build'), goFacts: facts },
    { name: 'latest pinned by digest', code: withFinal('FROM golang:latest@sha256:0f1b7a3c2f0d9a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3 AS build'), goFacts: facts },
    { name: 'ARG-driven version without default', code: `ARG GO_VERSION\n${withFinal('FROM golang:${GO_VERSION}-alpine AS build')}`, goFacts: facts },
    { name: 'ARG-driven version with a default', code: `ARG GO_VERSION=1.22\n${withFinal('FROM golang:${GO_VERSION}-alpine AS build')}`, goFacts: facts },
    { name: 'not the golang image', code: withFinal('FROM alpine:latest AS build'), goFacts: facts },
    { name: 'a stage based on a pinned golang stage', code: 'FROM golang:1.22 AS base\nFROM base AS build\nRUN go build ./...\n', goFacts: facts },
    { name: 'a golang-named image of another organisation', code: withFinal('FROM ghcr.io/example/golang:latest AS build'), goFacts: facts },
    {
      name: 'GOTOOLCHAIN exported to a release after gimme (kind\'s image builds): the image only bootstraps Go',
      code: 'FROM --platform=$BUILDPLATFORM docker.io/library/golang:latest\nARG GO_VERSION\nRUN eval "$(gimme "${GO_VERSION}")" \\\n    && export GOTOOLCHAIN="go${GO_VERSION}" \\\n    && CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=0 /out/app /app\n',
      goFacts: facts,
    },
    { name: 'ENV GOTOOLCHAIN names a release', code: withFinal('FROM golang:latest AS build\nENV GOTOOLCHAIN=go1.22.3'), goFacts: facts },
    { name: 'an inline GOTOOLCHAIN on the build', code: 'FROM golang AS build\nRUN GOTOOLCHAIN=go1.22.3 CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n', goFacts: facts },
    { name: 'a stage built on the image chooses the release', code: 'FROM golang:latest AS base\nFROM base AS build\nENV GOTOOLCHAIN=go1.22.3\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n', goFacts: facts },
  ],
  invalid: [
    {
      name: 'GOTOOLCHAIN=local keeps the image\'s Go',
      code: withFinal('FROM golang:latest AS build\nENV GOTOOLCHAIN=local'),
      goFacts: facts,
      errors: [{ messageId: 'unpinned' }],
      output: withFinal('FROM golang:1.22 AS build\nENV GOTOOLCHAIN=local'),
    },
    {
      name: 'GOTOOLCHAIN=auto still builds with the newest Go when it is newer than go.mod\'s',
      code: withFinal('FROM golang:latest AS build\nENV GOTOOLCHAIN=auto'),
      goFacts: facts,
      errors: [{ messageId: 'unpinned' }],
      output: withFinal('FROM golang:1.22 AS build\nENV GOTOOLCHAIN=auto'),
    },
    {
      name: 'golang without a tag',
      code: withFinal('FROM golang AS build'),
      goFacts: facts,
      errors: [{ messageId: 'unpinned', data: { image: 'golang', suggested: '1.22' }, line: 1, column: 6, endColumn: 12, severity: 'info' }],
      output: withFinal('FROM golang:1.22 AS build'),
    },
    {
      name: 'golang:latest',
      code: withFinal('FROM golang:latest AS build'),
      goFacts: facts,
      errors: [{ messageId: 'unpinned', data: { suggested: '1.22' } }],
      output: withFinal('FROM golang:1.22 AS build'),
    },
    {
      name: 'golang:alpine keeps the variant',
      code: withFinal('FROM golang:alpine AS build'),
      goFacts: facts,
      errors: [{ messageId: 'unpinned', data: { suggested: '1.22-alpine' } }],
      output: withFinal('FROM golang:1.22-alpine AS build'),
    },
    {
      name: 'the toolchain line wins when it asks for more',
      code: withFinal('FROM golang:bookworm AS build'),
      goFacts: { goVersion: '1.22.0', toolchainVersion: '1.23.4' },
      errors: [{ messageId: 'unpinned', data: { suggested: '1.23-bookworm' } }],
      output: withFinal('FROM golang:1.23-bookworm AS build'),
    },
    {
      name: 'a mirror and --platform',
      code: withFinal('FROM --platform=$BUILDPLATFORM docker.io/library/golang:alpine AS build'),
      goFacts: facts,
      errors: [{ messageId: 'unpinned' }],
      output: withFinal('FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.22-alpine AS build'),
    },
    {
      name: 'without go.mod: reported, no version to offer',
      code: withFinal('FROM golang:latest AS build'),
      goFacts: NO_MODULE,
      errors: [{ messageId: 'unpinnedNoModule' }],
      output: null,
    },
    {
      name: 'an unpinned image from a global ARG default: no in-place edit',
      code: `ARG BUILDER=golang:alpine\n${withFinal('FROM ${BUILDER} AS build')}`,
      goFacts: facts,
      errors: [{ messageId: 'unpinned', data: { image: 'golang:alpine' }, line: 2 }],
      output: null,
    },
    {
      name: 'a test stage is pinned too',
      code: 'FROM golang:1.22 AS build\nRUN go build ./...\nFROM golang AS test\nCOPY . .\nRUN go test ./...\n',
      goFacts: facts,
      errors: [{ messageId: 'unpinned', line: 3 }],
      output: 'FROM golang:1.22 AS build\nRUN go build ./...\nFROM golang:1.22 AS test\nCOPY . .\nRUN go test ./...\n',
    },
    {
      name: 'a stage that builds a cloned project: go.mod says nothing about it',
      code: 'FROM golang:latest AS build\nRUN git clone https://example.com/tool.git && cd tool && go build -o /tool .\n',
      goFacts: facts,
      errors: [{ messageId: 'unpinnedNoModule', data: { variantSuffix: '' } }],
      output: null,
    },
  ],
});
