import rule from '../../../server/src/engine/rules/missing-tzdata.ts';
import { runRuleTests } from '../../rule-tester.ts';
import { moduleWithProgram } from '../../fake-facts.ts';

const zones = moduleWithProgram({ loadsTimezones: 'yes' });
const noZones = moduleWithProgram({ loadsTimezones: 'no' });
const shipped = (buildLine: string, image = 'scratch', rest = '') =>
  `FROM golang:1.22 AS build\n${buildLine}\nFROM ${image}\n${rest}COPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;
const build = 'RUN CGO_ENABLED=0 go build -o /out/app .';

runRuleTests(rule, {
  valid: [
    { name: '-tags timetzdata', code: shipped('RUN CGO_ENABLED=0 go build -tags timetzdata -o /out/app .'), goFacts: zones },
    { name: 'timetzdata among other tags', code: shipped('RUN CGO_ENABLED=0 go build -tags=netgo,timetzdata -o /out/app .'), goFacts: zones },
    { name: 'timetzdata in GOFLAGS', code: shipped(`ENV GOFLAGS=-tags=timetzdata\n${build}`), goFacts: zones },
    { name: 'tags from a build argument', code: shipped('ARG TAGS\nRUN CGO_ENABLED=0 go build -tags "$TAGS" -o /out/app .'), goFacts: zones },
    { name: 'the program imports time/tzdata', code: shipped(build), goFacts: moduleWithProgram({ loadsTimezones: 'yes', embedsTzdata: true }) },
    { name: 'zoneinfo copied from the builder', code: shipped(build, 'scratch', 'COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo\n'), goFacts: zones },
    { name: 'tzdata installed in alpine', code: shipped(build, 'alpine:3.20', 'RUN apk add --no-cache tzdata\n'), goFacts: zones },
    { name: 'ZONEINFO points at a zip', code: shipped(build, 'scratch', 'COPY zoneinfo.zip /zoneinfo.zip\nENV ZONEINFO=/zoneinfo.zip\n'), goFacts: zones },
    { name: 'distroless has zoneinfo', code: shipped(build, 'gcr.io/distroless/static-debian12:nonroot'), goFacts: zones },
    { name: 'debian bookworm has tzdata', code: shipped(build, 'debian:bookworm-slim'), goFacts: zones },
    { name: 'the program loads no zones', code: shipped(build), goFacts: noZones },
    { name: 'unknown whether dependencies load zones', code: shipped(build), goFacts: moduleWithProgram({ loadsTimezones: 'unknown' }) },
    { name: 'no program facts', code: shipped(build) },
    { name: 'TZ=UTC needs no zone data', code: shipped(build, 'scratch', 'ENV TZ=UTC\n'), goFacts: noZones },
    { name: 'TZ set but facts unknown', code: shipped(build, 'scratch', 'ENV TZ=Europe/Berlin\n') },
    { name: 'build behind make', code: shipped('RUN make build'), goFacts: zones },
    { name: 'unknown final image', code: shipped(build, 'mycorp/base:1'), goFacts: zones },
    { name: 'last stage is a dev stage', code: `${shipped(build)}FROM build AS dev\nCMD ["go", "run", "."]\n`, goFacts: zones },
  ],
  invalid: [
    {
      name: 'LoadLocation in scratch',
      code: shipped(build),
      goFacts: zones,
      errors: [{ messageId: 'loadsZones', data: { image: 'scratch' }, line: 2, column: 19, endColumn: 27, severity: 'info' }],
      output: shipped('RUN CGO_ENABLED=0 go build -tags=timetzdata -o /out/app .'),
    },
    {
      name: 'alpine without tzdata',
      code: shipped(build, 'alpine:3.20'),
      goFacts: zones,
      errors: [{ messageId: 'loadsZones', data: { image: 'alpine:3.20' } }],
      output: shipped('RUN CGO_ENABLED=0 go build -tags=timetzdata -o /out/app .', 'alpine:3.20'),
    },
    {
      name: 'appends to existing comma-separated tags',
      code: shipped('RUN CGO_ENABLED=0 go build -tags netgo,osusergo -o /out/app .'),
      goFacts: zones,
      errors: [{ messageId: 'loadsZones' }],
      output: shipped('RUN CGO_ENABLED=0 go build -tags netgo,osusergo,timetzdata -o /out/app .'),
    },
    {
      name: 'appends inside quotes to a space-separated list',
      code: shipped('RUN CGO_ENABLED=0 go build -tags "netgo osusergo" -o /out/app .'),
      goFacts: zones,
      errors: [{ messageId: 'loadsZones' }],
      output: shipped('RUN CGO_ENABLED=0 go build -tags "netgo osusergo timetzdata" -o /out/app .'),
    },
    {
      name: 'GOFLAGS tags are carried over',
      code: shipped(`ENV GOFLAGS=-tags=netgo\n${build}`),
      goFacts: zones,
      errors: [{ messageId: 'loadsZones' }],
      output: shipped('ENV GOFLAGS=-tags=netgo\nRUN CGO_ENABLED=0 go build -tags=netgo,timetzdata -o /out/app .'),
    },
    {
      name: 'TZ variable without zone data',
      code: shipped(build, 'scratch', 'ENV TZ=Europe/Berlin\n'),
      goFacts: noZones,
      errors: [{ messageId: 'tzVariable', data: { tz: 'Europe/Berlin' } }],
      output: shipped('RUN CGO_ENABLED=0 go build -tags=timetzdata -o /out/app .', 'scratch', 'ENV TZ=Europe/Berlin\n'),
    },
    {
      name: 'exec form',
      code: shipped('RUN ["go", "build", "-o", "/out/app", "."]'),
      goFacts: zones,
      errors: [{ messageId: 'loadsZones' }],
      output: shipped('RUN ["go", "build", "-tags=timetzdata", "-o", "/out/app", "."]'),
    },
  ],
});

