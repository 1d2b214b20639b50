// The model's Dockerfile semantics, point by point from DESIGN.md "Dockerfile semantics".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel, expand } from '../../server/src/engine/model/index.ts';
import { cgoState, goCommandsOf } from '../../server/src/engine/go-commands.ts';
import { lineage } from '../../server/src/engine/stage-graph.ts';
import type { GoCommand, Lookup } from '../../server/src/engine/model/index.ts';

function goCommands(text: string, stageIndex = -1): GoCommand[] {
  const model = buildModel(text);
  const stage = model.stages.at(stageIndex)!;
  return goCommandsOf(stage, ['build', 'install', 'run', 'test', 'mod', 'env', 'vet', 'generate', 'get', 'other']);
}
const cgoOf = (text: string) => goCommands(text).filter((c) => c.subcommand === 'build').map((c) => cgoState(c).kind);
const env = (entries: Record<string, string | undefined>): Lookup => new Map(Object.entries(entries).map(([k, v]) => [k, { value: v, origin: 'ENV' as const }]));

describe('model: ENV and ARG scoping', () => {
  it('ENV applies to later RUNs of the stage', () => {
    assert.deepEqual(cgoOf('FROM golang\nENV CGO_ENABLED=0\nRUN go build .'), ['disabled']);
  });
  it('ENV set after the RUN does not apply to it', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN go build .\nENV CGO_ENABLED=0'), ['unset']);
  });
  it('legacy ENV syntax without =', () => {
    assert.deepEqual(cgoOf('FROM golang\nENV CGO_ENABLED 0\nRUN go build .'), ['disabled']);
  });
  it('a stage inherits ENV from FROM <stage>', () => {
    assert.deepEqual(cgoOf('FROM golang AS a\nENV CGO_ENABLED=0\nFROM a\nRUN go build .'), ['disabled']);
  });
  it('a stage does not inherit ENV from an unrelated stage', () => {
    assert.deepEqual(cgoOf('FROM golang AS a\nENV CGO_ENABLED=0\nFROM golang\nRUN go build .'), ['unset']);
  });
  it('ARG before the first FROM is visible only in FROM lines', () => {
    const model = buildModel('ARG V=1.22\nARG CGO_ENABLED=0\nFROM golang:${V}\nRUN go build .');
    assert.equal(model.stages[0].imageRef, 'golang:1.22');
    assert.deepEqual(cgoOf(model.text), ['unset']);
  });
  it('a global ARG re-declared without value takes its default', () => {
    assert.deepEqual(cgoOf('ARG CGO_ENABLED=0\nFROM golang\nARG CGO_ENABLED\nRUN go build .'), ['disabled']);
  });
  it('an ARG default in the stage is in the environment of RUN, like ENV', () => {
    assert.deepEqual(cgoOf('FROM golang\nARG CGO_ENABLED=0\nRUN go build .'), ['disabled']);
  });
  it('an ARG without any default has an unknown value', () => {
    assert.deepEqual(cgoOf('FROM golang\nARG CGO_ENABLED\nRUN go build .'), ['unknown']);
  });
  it('ARGs do not carry over into child stages', () => {
    assert.deepEqual(cgoOf('FROM golang AS a\nARG CGO_ENABLED=0\nFROM a\nRUN go build .'), ['unset']);
  });
  it('ENV overrides an ARG of the same name', () => {
    assert.deepEqual(cgoOf('FROM golang\nENV CGO_ENABLED=1\nARG CGO_ENABLED=0\nRUN go build .'), ['enabled']);
  });
  it('ENV values expand earlier variables', () => {
    assert.deepEqual(cgoOf('FROM golang\nARG CGO=0\nENV CGO_ENABLED=${CGO}\nRUN go build .'), ['disabled']);
  });
});

describe('model: where variables are set', () => {
  it('inline for one command', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN CGO_ENABLED=0 GOOS=linux go build .'), ['disabled']);
  });
  it('inline applies to that command only', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN CGO_ENABLED=0 go vet ./... && go build .'), ['unset']);
  });
  it('export for the rest of the RUN', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN export CGO_ENABLED=0 GOOS=linux; go build .'), ['disabled']);
  });
  it('export does not survive into the next RUN', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN export CGO_ENABLED=0\nRUN go build .'), ['unset']);
  });
  it('env NAME=value command', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN env -u GOFLAGS CGO_ENABLED=0 go build .'), ['disabled']);
  });
  it('go env -w persists to later RUNs and child stages', () => {
    assert.deepEqual(cgoOf('FROM golang AS a\nRUN go env -w CGO_ENABLED=0 GOFLAGS=-mod=mod\nFROM a\nRUN go build .'), ['disabled']);
  });
  it('the process environment beats go env -w', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN go env -w CGO_ENABLED=0\nENV CGO_ENABLED=1\nRUN go build .'), ['enabled']);
  });
  it('a plain shell assignment is not exported', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN CGO_ENABLED=0 && go build .'), ['unset']);
  });
  it('GOFLAGS contribute flags', () => {
    const [build] = goCommands('FROM golang\nENV GOFLAGS="-mod=vendor -trimpath"\nRUN go build .').filter((c) => c.subcommand === 'build');
    assert.equal(build.flags.get('mod'), 'vendor');
    assert.equal(build.flags.get('trimpath'), true);
  });
});

describe('model: where build commands hide', () => {
  it('line continuations, with comment and empty lines inside', () => {
    const [build] = goCommands('FROM golang\nRUN go mod download \\\n  # fetch first\n\n  && go build \\\n     -o /out/app \\\n     ./cmd/app').filter((c) => c.subcommand === 'build');
    assert.equal(build.flags.get('o'), '/out/app');
    assert.deepEqual(build.packages, ['./cmd/app']);
  });
  it('heredoc script', () => {
    const cmds = goCommands('FROM golang\nRUN <<EOF\nset -eux\nexport CGO_ENABLED=0\ngo build -o /app .\nEOF\n');
    assert.deepEqual(cmds.map((c) => [c.subcommand, cgoState(c).kind]), [['build', 'disabled']]);
  });
  it('heredoc fed to bash', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN bash <<-EOF\n\tgo build -o /app .\n\tEOF\n'), ['unset']);
  });
  it('a heredoc that is file content is not a script', () => {
    assert.deepEqual(goCommands('FROM golang\nRUN cat <<EOF > /notes.txt\ngo build .\nEOF\n'), []);
  });
  it('the RUN after a heredoc is separate', () => {
    const model = buildModel('FROM golang\nRUN <<EOF\necho hi\nEOF\nRUN go build .\n');
    assert.equal(model.stages[0].runs.length, 2);
    assert.equal(model.stages[0].runs[1].goCommands[0].subcommand, 'build');
  });
  it('sh -c and bash -ec scripts', () => {
    assert.deepEqual(cgoOf(`FROM golang\nRUN sh -c 'CGO_ENABLED=0 go build .'\nRUN bash -ec "go build ./cmd/x"`), ['disabled', 'unset']);
  });
  it('exec-form RUN with sh -c', () => {
    assert.deepEqual(cgoOf('FROM golang\nRUN ["sh", "-c", "CGO_ENABLED=0 go build ."]'), ['disabled']);
  });
  it('&&, ||, ;, | and subshell chains', () => {
    const cmds = goCommands('FROM golang\nRUN go vet ./... || true; (cd cmd && go build -o /a .) | tee log && go test ./...');
    assert.deepEqual(cmds.map((c) => c.subcommand), ['vet', 'build', 'test']);
  });
  it('if/then blocks', () => {
    assert.deepEqual(goCommands('FROM golang\nRUN if [ -f go.mod ]; then go build .; fi').map((c) => c.subcommand), ['build']);
  });
  it('cd changes the working directory of later commands', () => {
    const [build] = goCommands('FROM golang\nWORKDIR /src\nRUN cd cmd/app && go build -o bin .').filter((c) => c.subcommand === 'build');
    assert.equal(build.cwd, '/src/cmd/app');
  });
  it('quoted ldflags stay one flag', () => {
    const [build] = goCommands(`FROM golang\nRUN go build -ldflags="-s -w -X 'main.version=1.0'" -o /app .`).filter((c) => c.subcommand === 'build');
    assert.equal(build.flags.get('ldflags'), "-s -w -X 'main.version=1.0'");
  });
  it('make and scripts are opaque builds', () => {
    const model = buildModel('FROM golang\nRUN make build\nRUN ./build.sh\nRUN bash scripts/build.sh');
    assert.deepEqual(model.stages[0].runs.map((r) => r.opaqueBuild), [true, true, true]);
    assert.deepEqual(goCommands(model.text), []);
  });
  it('package installs are recorded without versions', () => {
    const model = buildModel('FROM alpine\nRUN apk add --no-cache gcc=13.2.1-r0 musl-dev go');
    assert.deepEqual(model.stages[0].runs[0].installs, ['gcc', 'musl-dev', 'go']);
    assert.equal(model.stages[0].runs[0].installsGo, true);
  });
  it('RUN flags are read as mounts, not commands', () => {
    const model = buildModel('FROM golang\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=bind,source=go.mod,target=go.mod --network=none go mod download');
    const run = model.stages[0].runs[0];
    assert.deepEqual(run.mounts.map((m) => m.type), ['cache', 'bind']);
    assert.equal(run.goCommands[0].modSubcommand, 'download');
  });
});

describe('model: images and stages', () => {
  it('ARG-driven tags, --platform, digests and registries', () => {
    const model = buildModel('ARG GO_VERSION=1.23\nFROM --platform=$BUILDPLATFORM docker.io/library/golang:${GO_VERSION}-alpine@sha256:abc AS build\nFROM scratch');
    const build = model.stages[0];
    assert.equal(build.platform, '$BUILDPLATFORM');
    assert.equal(build.image?.repository, 'golang');
    assert.equal(build.image?.registry, '');
    assert.equal(build.image?.tag, '1.23-alpine');
    assert.equal(build.image?.digest, 'sha256:abc');
    assert.equal(build.traits.libc, 'musl');
    assert.equal(build.traits.goVersion, '1.23');
  });
  it('an unresolvable image reference has unknown traits', () => {
    const model = buildModel('ARG BASE\nFROM ${BASE}\n');
    assert.equal(model.stages[0].traits.libc, 'unknown');
  });
  it('keeps where ENV/ARG values and RUN assignments are written', () => {
    const text = 'ARG GO_VERSION=1.21\nFROM golang:${GO_VERSION} AS build\nARG GO_VERSION\nENV GOARCH="arm64" CGO_ENABLED=0\nRUN export GOFLAGS=-trimpath && GOOS=linux go build -o /app . && go env -w GOPRIVATE=example.com\n';
    const model = buildModel(text);
    const cmd = model.stages[0].runs[0].goCommands[0];
    const at = (span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);
    assert.deepEqual([cmd.env.get('GOARCH')?.raw, at(cmd.env.get('GOARCH')?.span)], ['arm64', 'arm64']);
    assert.deepEqual([cmd.env.get('GOOS')?.origin, at(cmd.env.get('GOOS')?.span)], ['inline', 'linux']);
    assert.deepEqual([cmd.env.get('GOFLAGS')?.origin, at(cmd.env.get('GOFLAGS')?.span)], ['export', '-trimpath']);
    // An in-stage ARG without default takes the global default, and where it is written.
    const arg = cmd.env.get('GO_VERSION');
    assert.deepEqual([arg?.value, at(arg?.span), text.indexOf('1.21') === arg?.span?.start], ['1.21', '1.21', true]);
    const assignments = model.stages[0].runs[0].assignments.map((a) => `${a.kind}:${a.name}@${text.slice(a.nameStart, a.nameStart + a.name.length)}`);
    assert.deepEqual(assignments, ['export:GOFLAGS@GOFLAGS', 'inline:GOOS@GOOS', 'go env -w:GOPRIVATE@GOPRIVATE']);
  });
  it('a stage based on another stage takes its traits and lineage', () => {
    const model = buildModel('FROM golang:1.22 AS build\nFROM BUILD AS test\n');
    assert.equal(model.stages[1].baseStage, model.stages[0]);
    assert.deepEqual(lineage(model.stages[1]).map((s) => s.name), ['test', 'build']);
    assert.equal(model.stages[1].traits.isGolang, true);
  });
  it('image classification', () => {
    const libc = (ref: string) => buildModel(`FROM ${ref}`).stages[0].traits.libc;
    assert.equal(libc('scratch'), 'none');
    assert.equal(libc('gcr.io/distroless/static-debian12:nonroot'), 'none');
    assert.equal(libc('gcr.io/distroless/base-debian12'), 'glibc');
    assert.equal(libc('gcr.io/distroless/cc-debian12:debug'), 'glibc');
    assert.equal(libc('cgr.dev/chainguard/static'), 'none');
    assert.equal(libc('alpine:3.20'), 'musl');
    assert.equal(libc('golang:1.22'), 'glibc');
    assert.equal(libc('golang:alpine'), 'musl');
    assert.equal(libc('mirror.gcr.io/golang:1.22-bookworm'), 'glibc');
    assert.equal(libc('debian:bookworm-slim'), 'glibc');
    assert.equal(libc('mycorp/base:1'), 'unknown');
    assert.equal(libc('frolvlad/alpine-glibc:alpine-3.14'), 'unknown', 'alpine with glibc installed beside musl');
    assert.equal(libc('pingcap/alpine-glibc:alpine-3.14'), 'unknown');
    assert.equal(libc('busybox:glibc'), 'glibc');
  });
});

describe('model: what ships', () => {
  const text = [
    'FROM golang:1.22 AS deps',
    'FROM deps AS build',
    'FROM golang:1.22 AS tools',
    'FROM golang:1.22 AS unused',
    'FROM alpine AS certs',
    'FROM scratch AS final',
    'COPY --from=build /app /app',
    'RUN --mount=from=tools,target=/t true',
    'COPY --from=certs /etc/ssl/certs /etc/ssl/certs',
  ].join('\n');
  it('the final image is the last stage', () => {
    assert.equal(buildModel(text).final?.name, 'final');
  });
  it('stages reachable through FROM, COPY --from and RUN --mount=from ship; others do not', () => {
    const model = buildModel(text);
    assert.deepEqual(model.stages.filter((s) => model.shipped.has(s)).map((s) => s.name).sort(), ['build', 'certs', 'deps', 'final', 'tools']);
  });
});

describe('model: parser directives and odd input', () => {
  it('# escape=` makes the backtick the continuation character', () => {
    const [build] = goCommands('# escape=`\nFROM golang\nRUN go build `\n  -o C:\\out\\app.exe .').filter((c) => c.subcommand === 'build');
    assert.equal(build.flags.get('o'), 'C:outapp.exe');
  });
  it('keywords are case-insensitive', () => {
    const model = buildModel('from golang:1.22 As Build\nenv CGO_ENABLED=0\nRun go build .\nfrom scratch\nCoPy --FROM=build /a /a');
    assert.equal(model.stages[0].name, 'build');
    assert.equal(model.stages[1].copies[0].fromStage, model.stages[0]);
    assert.deepEqual(cgoOf(model.text.split('\nfrom scratch')[0]), ['disabled']);
  });
  it('CRLF line endings', () => {
    assert.deepEqual(cgoOf('FROM golang\r\nENV CGO_ENABLED=0\r\nRUN go build \\\r\n  .\r\n'), ['disabled']);
  });
  it('a BOM does not hide the first instruction', () => {
    assert.equal(buildModel('\uFEFFFROM golang:1.22\nRUN go build .').stages[0].imageRef, 'golang:1.22');
  });
  for (const [name, input] of [
    ['empty', ''],
    ['only comments', '# nothing\n# here\n'],
    ['binary bytes', '\u0000\u0001\u00ff\ufffd'.repeat(100)],
    ['half-typed', 'FROM golang:1.22 AS\nRUN go build -o\nCOPY --from= \nRUN <<EOF\ngo build'],
    ['instructions before FROM', 'RUN go build .\nENV A=1'],
    ['backslashes only', '\\\n'.repeat(500)],
  ] as const) {
    it(`never throws on ${name}`, () => {
      assert.doesNotThrow(() => buildModel(input));
    });
  }
});

describe('expand', () => {
  it('handles $X, ${X}, defaults and alternates', () => {
    const vars = env({ A: '1', E: '' });
    assert.equal(expand('$A-${A}', vars), '1-1');
    assert.equal(expand('${B:-2}', vars), '2');
    assert.equal(expand('${E:-3}', vars), '3');
    assert.equal(expand('${E-3}', vars), '');
    assert.equal(expand('${A:+x}', vars), 'x');
    assert.equal(expand('${B:+x}', vars), '');
  });
  it('is unknown when a variable is missing or unknown', () => {
    assert.equal(expand('$MISSING', env({})), undefined);
    assert.equal(expand('${U:-1}', env({ U: undefined })), undefined);
  });
});
