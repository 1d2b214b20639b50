import rule from '../../../server/src/engine/rules/missing-ca-certificates.ts';
import { runRuleTests } from '../../rule-tester.ts';
import { moduleWithProgram } from '../../fake-facts.ts';

const tls = moduleWithProgram({ usesTLS: 'yes' });
const build = 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n';
const final = (image: string, rest = '') => `${build}FROM ${image}\n${rest}COPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;

runRuleTests(rule, {
  valid: [
    { name: 'certificates copied from the builder', code: final('scratch', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n'), goFacts: tls },
    { name: 'certificates copied from another image', code: final('scratch', 'COPY --from=alpine:3.20 /etc/ssl/certs/ /etc/ssl/certs/\n'), goFacts: tls },
    { name: 'certificates from a dedicated stage', code: `FROM alpine:3.20 AS certs\nRUN apk add --no-cache ca-certificates\n${final('scratch', 'COPY --from=certs /etc/ssl/certs /etc/ssl/certs\n')}`, goFacts: tls },
    { name: 'a bundle from the context', code: final('scratch', 'COPY ca-certificates.crt /etc/ssl/certs/\n'), goFacts: tls },
    { name: 'SSL_CERT_FILE points elsewhere', code: final('scratch', 'ENV SSL_CERT_FILE=/run/secrets/ca.pem\n'), goFacts: tls },
    { name: 'distroless has certificates', code: final('gcr.io/distroless/static-debian12:nonroot'), goFacts: tls },
    { name: 'alpine has certificates', code: final('alpine:3.20'), goFacts: tls },
    { name: 'ca-certificates installed in debian', code: final('debian:bookworm-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\n'), goFacts: tls },
    { name: 'the program embeds its roots (x509roots/fallback)', code: final('scratch'), goFacts: moduleWithProgram({ usesTLS: 'yes', embedsRootCAs: true }) },
    { name: 'a Kubernetes client trusts the service account CA, not system roots', code: final('scratch'), goFacts: moduleWithProgram({ usesTLS: 'yes', modules: ['k8s.io/client-go', 'k8s.io/apimachinery'] }) },
    { name: 'the program makes no TLS connections', code: final('scratch'), goFacts: moduleWithProgram({ usesTLS: 'no' }) },
    { name: 'unknown whether third-party code uses TLS', code: final('scratch'), goFacts: moduleWithProgram({ usesTLS: 'unknown' }) },
    { name: 'no program facts (untitled file, unit test)', code: final('scratch') },
    { name: 'build behind make: unknown program', code: `FROM golang:1.22 AS build\nRUN make\nFROM scratch\nCOPY --from=build /src/bin/app /app\nENTRYPOINT ["/app"]\n`, goFacts: tls },
    { name: 'binary built outside Docker', code: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n', goFacts: tls },
    { name: 'unknown final image', code: final('mycorp/runtime:1'), goFacts: tls },
    { name: 'last stage is a test stage', code: `${final('scratch')}FROM build AS test\nRUN go test ./...\n`, goFacts: tls },
    { name: 'an export-only scratch stage does not run', code: `${build}FROM scratch AS binaries\nCOPY --from=build /out/app /\n`, goFacts: tls },
    { name: 'suppressed', code: `${build}# go-dockerfile ignore=missing-ca-certificates\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`, goFacts: tls },
  ],
  invalid: [
    {
      name: 'scratch, TLS program, no bundle',
      code: final('scratch'),
      goFacts: tls,
      errors: [{ messageId: 'noCaBundle', data: { image: 'scratch', builder: 'build' }, line: 3, column: 6, endColumn: 13, severity: 'warning' }],
      output: final('scratch', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n'),
    },
    {
      name: 'debian-slim has no ca-certificates package',
      code: final('debian:bookworm-slim'),
      goFacts: tls,
      errors: [{ messageId: 'noCaBundle', data: { image: 'debian:bookworm-slim' } }],
      output: final('debian:bookworm-slim', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n'),
    },
    {
      name: 'busybox',
      code: final('busybox:1.36'),
      goFacts: tls,
      errors: [{ messageId: 'noCaBundle' }],
      output: final('busybox:1.36', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n'),
    },
    {
      name: 'unnamed build stage is referenced by index',
      code: 'FROM golang:1.22-alpine\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=0 /out/app /app\nENTRYPOINT ["/app"]\n',
      goFacts: tls,
      errors: [{ messageId: 'noCaBundle', data: { builder: '0' } }],
      output: 'FROM golang:1.22-alpine\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=0 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=0 /out/app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'an unknown builder may have no bundle: reported without a fix',
      code: 'FROM mycorp/go:1 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
      goFacts: tls,
      errors: [{ messageId: 'noCaBundle' }],
      output: null,
    },
    {
      name: 'zoneinfo copied, certificates not',
      code: final('scratch', 'COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo\n'),
      goFacts: tls,
      errors: [{ messageId: 'noCaBundle' }],
      output: final('scratch', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo\n'),
    },
  ],
});
