import rule from '../../../server/src/engine/rules/root-user.ts';
import { runRuleTests } from '../../rule-tester.ts';
import { moduleWithProgram } from '../../fake-facts.ts';

const build = 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n';
const final = (image: string, rest = '') => `${build}FROM ${image}\nCOPY --from=build /out/app /app\n${rest}ENTRYPOINT ["/app"]\n`;

runRuleTests(rule, {
  valid: [
    { name: 'distroless :nonroot tag', code: final('gcr.io/distroless/static-debian12:nonroot') },
    { name: 'distroless :debug-nonroot tag', code: final('gcr.io/distroless/static-debian12:debug-nonroot') },
    { name: 'USER nonroot in distroless', code: final('gcr.io/distroless/static-debian12', 'USER nonroot:nonroot\n') },
    { name: 'USER nobody in distroless', code: final('gcr.io/distroless/base-debian12', 'USER nobody\n') },
    { name: 'numeric user in scratch', code: final('scratch', 'USER 65534:65534\n') },
    { name: 'numeric uid only in scratch', code: final('scratch', 'USER 10001\n') },
    { name: 'named user in scratch with /etc/passwd copied', code: final('scratch', 'COPY --from=build /etc/passwd /etc/passwd\nUSER appuser\n') },
    { name: 'adduser in alpine', code: final('alpine:3.20', 'RUN adduser -D -u 10001 app\nUSER app\n') },
    { name: 'chainguard images run as nonroot', code: final('cgr.dev/chainguard/static:latest') },
    { name: 'unknown base image may set its own user', code: final('mycorp/runtime:1') },
    { name: 'USER from a build argument', code: final('scratch', 'ARG UID\nUSER ${UID}\n') },
    { name: 'explicit USER root is hadolint DL3002, not ours', code: final('alpine:3.20', 'USER root\n') },
    { name: 'entrypoint script that drops privileges', code: `${build}FROM alpine:3.20\nCOPY --from=build /out/app /app\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n` },
    { name: 'su-exec in the entrypoint', code: `${build}FROM alpine:3.20\nRUN apk add --no-cache su-exec\nCOPY --from=build /out/app /app\nENTRYPOINT ["su-exec", "app", "/app"]\n` },
    { name: 'last stage is a test stage', code: `${build}FROM scratch AS prod\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\nFROM build AS test\nRUN go test ./...\n` },
    { name: 'scratch stage that only exports files (--output)', code: `${build}FROM scratch AS binaries\nCOPY --from=build /out/app /\n` },
    { name: 'no Go program and no Go workspace', code: 'FROM alpine:3.20\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n' },
    { name: 'USER set in a base stage and inherited', code: `${build}FROM scratch AS base\nUSER 65534\nFROM base\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` },
    { name: 'a test environment image in a Go workspace runs no program of it', code: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl make\nCMD ["bash"]\n', goFacts: { moduleDir: '/work/app', modulePath: 'example.com/app' } },
    { name: 'a Go toolchain image is a development image (or single-stage\'s finding)', code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n' },
    { name: 'no start command of its own: a tool image run with a command', code: `${build}FROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n` },
    { name: 'a debug image that starts dlv', code: `${build}FROM debian:bookworm-slim\nCOPY --from=build /out/app /app\nCMD ["dlv", "exec", "/app", "--headless"]\n` },
    { name: 'suppressed', code: `${build}# go-dockerfile ignore=root-user\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` },
  ],
  invalid: [
    {
      name: 'scratch without USER',
      code: final('scratch'),
      errors: [{ messageId: 'runsAsRoot', data: { image: 'scratch', user: '65534:65534' }, line: 3, column: 6, endColumn: 13, severity: 'warning' }],
      output: `${build}FROM scratch\nCOPY --from=build /out/app /app\nUSER 65534:65534\nENTRYPOINT ["/app"]\n`,
    },
    {
      name: 'distroless without nonroot',
      code: final('gcr.io/distroless/static-debian12'),
      errors: [{ messageId: 'runsAsRoot', data: { user: 'nonroot:nonroot' } }],
      output: `${build}FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nUSER nonroot:nonroot\nENTRYPOINT ["/app"]\n`,
    },
    {
      name: 'alpine without USER, the start command inherited from a base stage',
      code: `${build}FROM alpine:3.20 AS base\nENTRYPOINT ["/app"]\nFROM base\nCOPY --from=build /out/app /app`,
      errors: [{ messageId: 'runsAsRoot', line: 5 }],
      output: `${build}FROM alpine:3.20 AS base\nENTRYPOINT ["/app"]\nFROM base\nCOPY --from=build /out/app /app\nUSER 65534:65534`,
    },
    {
      name: 'a prebuilt binary in a Go workspace',
      code: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      goFacts: { moduleDir: '/work/app', modulePath: 'example.com/app' },
      errors: [{ messageId: 'runsAsRoot', line: 1 }],
      output: 'FROM scratch\nCOPY app /app\nUSER 65534:65534\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'RUN in the final stage: only a suggestion',
      code: `${build}FROM debian:bookworm-slim\nRUN mkdir /data\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`,
      errors: [{ messageId: 'runsAsRoot' }],
      suggestions: [{ title: 'Run as 65534:65534', output: `${build}FROM debian:bookworm-slim\nRUN mkdir /data\nCOPY --from=build /out/app /app\nUSER 65534:65534\nENTRYPOINT ["/app"]\n` }],
    },
    {
      name: 'WORKDIR: the program may write there, only a suggestion',
      code: `${build}FROM scratch\nWORKDIR /data\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`,
      errors: [{ messageId: 'runsAsRoot' }],
      suggestions: [{ title: 'Run as 65534:65534', output: `${build}FROM scratch\nWORKDIR /data\nCOPY --from=build /out/app /app\nUSER 65534:65534\nENTRYPOINT ["/app"]\n` }],
    },
    {
      name: 'VOLUME: only a suggestion',
      code: final('scratch', 'VOLUME /data\n'),
      errors: [{ messageId: 'runsAsRoot' }],
      suggestions: [{ title: 'Run as 65534:65534' }],
    },
    {
      name: 'a privileged port: only a suggestion',
      code: final('gcr.io/distroless/static-debian12', 'EXPOSE 80\n'),
      errors: [{ messageId: 'runsAsRoot' }],
      suggestions: [{ title: 'Run as nonroot:nonroot', output: `${build}FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nUSER nonroot:nonroot\nEXPOSE 80\nENTRYPOINT ["/app"]\n` }],
    },
    {
      name: 'the program listens on a privileged port: only a suggestion',
      code: final('gcr.io/distroless/static-debian12', 'EXPOSE 8443\n'),
      goFacts: moduleWithProgram({ ports: [443] }),
      errors: [{ messageId: 'runsAsRoot' }],
      suggestions: [{ title: 'Run as nonroot:nonroot' }],
    },
    {
      name: 'USER nonroot in scratch has no passwd entry',
      code: final('scratch', 'USER nonroot:nonroot\n'),
      errors: [{ messageId: 'unknownUser', data: { name: 'nonroot', numeric: '65532:65532' }, line: 5, column: 6, endColumn: 21 }],
      output: final('scratch', 'USER 65532:65532\n'),
    },
    {
      name: 'USER appuser in scratch: a numeric user is suggested',
      code: final('scratch', 'USER appuser\n'),
      errors: [{ messageId: 'unknownUser', data: { name: 'appuser', numeric: '65534:65534' } }],
      suggestions: [{ title: 'Use USER 65534:65534', output: final('scratch', 'USER 65534:65534\n') }],
    },
    {
      name: 'USER app in distroless',
      code: final('gcr.io/distroless/static-debian12', 'USER app\n'),
      errors: [{ messageId: 'unknownUser', data: { name: 'app' } }],
      suggestions: [{ title: 'Use USER 65534:65534' }],
    },
  ],
});
