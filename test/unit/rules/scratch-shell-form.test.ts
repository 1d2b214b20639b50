import rule from '../../../server/src/engine/rules/scratch-shell-form.ts';
import { runRuleTests } from '../../rule-tester.ts';

const build = 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n';
const final = (image: string, rest: string) => `${build}FROM ${image}\nCOPY --from=build /out/app /app\n${rest}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'exec-form ENTRYPOINT in scratch', code: final('scratch', 'ENTRYPOINT ["/app"]') },
    { name: 'exec-form ENTRYPOINT and CMD in distroless', code: final('gcr.io/distroless/static-debian12:nonroot', 'ENTRYPOINT ["/app"]\nCMD ["serve", "--port", "8080"]') },
    { name: 'shell form in alpine has /bin/sh', code: final('alpine:3.20', 'CMD /app serve') },
    { name: 'shell form in distroless debug (busybox)', code: final('gcr.io/distroless/static-debian12:debug', 'ENTRYPOINT /app') },
    { name: 'shell form in an unknown image', code: final('mycorp/runtime:1', 'CMD /app') },
    { name: 'busybox copied into scratch', code: final('scratch', 'COPY --from=busybox:1.36-musl /bin/busybox /bin/busybox\nCOPY --from=busybox:1.36-musl /bin/sh /bin/sh\nCMD /app') },
    { name: 'SHELL pointing at a copied shell', code: final('gcr.io/distroless/static-debian12', 'COPY --from=busybox:1.36-musl /bin/ /busybox/\nSHELL ["/busybox/sh", "-c"]\nRUN mkdir /data') },
    { name: 'exec-form RUN of the copied binary', code: final('scratch', 'RUN ["/app", "selfcheck"]\nENTRYPOINT ["/app"]') },
    { name: 'exec-form HEALTHCHECK', code: final('scratch', 'HEALTHCHECK --interval=30s CMD ["/app", "health"]\nENTRYPOINT ["/app"]') },
    { name: 'HEALTHCHECK NONE', code: final('scratch', 'HEALTHCHECK NONE\nENTRYPOINT ["/app"]') },
    { name: 'shell form in the builder stage', code: `FROM golang:1.22 AS build\nRUN go build -o /out/app .\nCMD go run .\n${final('scratch', 'ENTRYPOINT ["/app"]').slice(build.length)}` },
    { name: 'no ENTRYPOINT or CMD at all', code: final('scratch', 'LABEL x=y') },
    { name: 'a scratch base whose CMD the next stage replaces', code: `${build}FROM scratch AS base\nCOPY --from=build /out/app /app\nCMD /app\nFROM base\nCMD ["/app"]\n` },
    { name: 'suppressed', code: final('scratch', '# go-dockerfile ignore=scratch-shell-form\nCMD /app') },
  ],
  invalid: [
    {
      name: 'shell-form ENTRYPOINT in scratch',
      code: final('scratch', 'ENTRYPOINT /app'),
      errors: [{ messageId: 'shellFormStart', data: { keyword: 'ENTRYPOINT', image: 'scratch' }, line: 5, column: 12, endColumn: 16, severity: 'error' }],
      output: final('scratch', 'ENTRYPOINT ["/app"]'),
    },
    {
      name: 'shell-form CMD with arguments in distroless',
      code: final('gcr.io/distroless/static-debian12:nonroot', 'CMD /app serve --port 8080'),
      errors: [{ messageId: 'shellFormStart', data: { keyword: 'CMD', image: 'gcr.io/distroless/static-debian12:nonroot' } }],
      output: final('gcr.io/distroless/static-debian12:nonroot', 'CMD ["/app", "serve", "--port", "8080"]'),
    },
    {
      name: 'shell-form CMD after an exec-form ENTRYPOINT',
      code: final('scratch', 'ENTRYPOINT ["/app"]\nCMD serve --port 8080'),
      errors: [{ messageId: 'shellFormCmdArgs', line: 6 }],
      output: final('scratch', 'ENTRYPOINT ["/app"]\nCMD ["serve", "--port", "8080"]'),
    },
    {
      name: 'shell syntax: reported without a fix',
      code: final('scratch', 'CMD /app --port $PORT'),
      errors: [{ messageId: 'shellFormStart' }],
      output: null,
    },
    {
      name: 'quotes count as shell syntax',
      code: final('scratch', 'CMD /app --name "a b"'),
      errors: [{ messageId: 'shellFormStart' }],
      output: null,
    },
    {
      name: 'RUN in scratch fails the build',
      code: final('scratch', 'RUN mkdir -p /data\nENTRYPOINT ["/app"]'),
      errors: [{ messageId: 'runWithoutShell', line: 5, column: 5, endColumn: 10, severity: 'error' }],
    },
    {
      name: 'heredoc RUN in distroless',
      code: final('gcr.io/distroless/base-debian12', 'RUN <<EOF\nchmod +x /app\nEOF\nENTRYPOINT ["/app"]'),
      errors: [{ messageId: 'runWithoutShell' }],
    },
    {
      name: 'shell-form HEALTHCHECK',
      code: final('scratch', 'HEALTHCHECK --interval=30s CMD /app health\nENTRYPOINT ["/app"]'),
      errors: [{ messageId: 'shellFormHealthcheck', line: 5, column: 32 }],
      output: final('scratch', 'HEALTHCHECK --interval=30s CMD ["/app", "health"]\nENTRYPOINT ["/app"]'),
    },
    {
      name: 'CMD written in a scratch base stage, inherited by the final one',
      code: `${build}FROM scratch AS base\nCOPY --from=build /out/app /app\nCMD /app\nFROM base\nLABEL x=y\n`,
      errors: [{ messageId: 'shellFormStart', line: 5 }],
      output: `${build}FROM scratch AS base\nCOPY --from=build /out/app /app\nCMD ["/app"]\nFROM base\nLABEL x=y\n`,
    },
    {
      name: 'chainguard static',
      code: final('cgr.dev/chainguard/static:latest', 'ENTRYPOINT /app'),
      errors: [{ messageId: 'shellFormStart' }],
      output: final('cgr.dev/chainguard/static:latest', 'ENTRYPOINT ["/app"]'),
    },
    {
      name: 'lower-case keyword and a continuation line',
      code: final('scratch', 'cmd /app \\\n  serve'),
      errors: [{ messageId: 'shellFormStart' }],
      output: final('scratch', 'cmd ["/app", "serve"]'),
    },
  ],
});
