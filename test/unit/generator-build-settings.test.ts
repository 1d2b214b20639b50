// The project's own build settings, carried into the generated Dockerfile: goreleaser builds, the
// Makefile target that builds a program, and what of their flags is kept, renamed or left out.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { parseMakefile, recipeOf, UNRESOLVED } from '../../server/src/go/makefile.ts';
import { goreleaserBuilds, goreleaserTemplate, makefileBuilds, splitFlagWords, type ProjectBuild } from '../../server/src/go/project-build.ts';
import type { ModuleSnapshot } from '../../server/src/go/module-index.ts';
import { buildArgName, carryOver } from '../../server/src/scaffold/index.ts';

const build = (over: Partial<ProjectBuild>): ProjectBuild => ({ source: 'test', from: 'makefile', main: '.', flags: [], tags: [], ...over });

describe('goreleaser templates', () => {
  test('release values become build-arg references', () => {
    assert.equal(goreleaserTemplate('-X main.version={{.Version}} -X main.commit={{ .ShortCommit }} -X main.date={{- .Date -}}', 'p'), '-X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${BUILD_DATE}');
    assert.equal(goreleaserTemplate('{{ .Env.RELEASE_CHANNEL }}', 'p'), '${RELEASE_CHANNEL}');
    assert.equal(goreleaserTemplate('bin/{{ .ProjectName }}', 'relay'), 'bin/relay');
    assert.equal(goreleaserTemplate('{{time "2006-01-02"}}', 'p'), '${BUILD_DATE}');
    assert.equal(goreleaserTemplate('-X main.arch={{.Arch}}', 'p'), '-X main.arch=${TARGETARCH}');
  });

  test('anything else is unknown, and an unclosed action stays as written', () => {
    assert.equal(goreleaserTemplate('{{ if .IsSnapshot }}dev{{ end }}', 'p'), `${UNRESOLVED}dev${UNRESOLVED}`);
    assert.equal(goreleaserTemplate('a {{ .Version', 'p'), 'a {{ .Version');
  });
});

describe('goreleaser builds', () => {
  const mains = ['.', './cmd/relay', './cmd/relayctl'];
  const read = (yaml: string, log?: (m: string) => void) => goreleaserBuilds(yaml, '.goreleaser.yaml', '/repo', '/repo', mains, 'example.com/relay', log);

  test('the Linux build of each main: main as a folder or a file, binary as a path, env, flags, tags, ldflags', () => {
    const builds = read(`
builds:
  - id: mac
    main: ./cmd/relay
    goos: [darwin]
    ldflags: -X main.mac=yes
  - id: linux
    main: ./cmd/relay/main.go
    binary: bin/relayd
    env: [CGO_ENABLED=0, GOAMD64=v2]
    flags: [-trimpath, "-tags=extra"]
    tags: [netgo, osusergo]
    ldflags:
      - -s -w -X main.version={{.Version}}
      - -X main.commit={{.Commit}}
  - main: ./cmd/relayctl
    skip: true
  - main: ./cmd/relayctl
    builder: rust
`);
    assert.deepEqual(builds, [
      {
        source: '.goreleaser.yaml (build "linux")',
        from: 'goreleaser',
        main: './cmd/relay',
        binary: 'relayd',
        flags: ['-trimpath', '-tags=extra'],
        tags: ['netgo', 'osusergo'],
        ldflags: '-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}',
        cgo: false,
      },
    ]);
  });

  test('of several Linux builds of one main, the amd64/arm64 one (a cross-compiling armv6 build sets CC)', () => {
    const builds = read(`
builds:
  - id: armv6
    binary: relay
    env: [CGO_ENABLED=1, CC=arm-linux-gnueabi-gcc]
    goos: [linux]
    goarch: [arm]
    ldflags: -X main.arm=1
  - id: amd64
    binary: relay
    env: [CGO_ENABLED=1]
    goos: [linux]
    goarch: [amd64]
    ldflags: -X main.version={{.Version}}
`);
    assert.equal(builds.length, 1);
    assert.equal(builds[0].source, '.goreleaser.yaml (build "amd64")');
    assert.equal(builds[0].ldflags, '-X main.version=${VERSION}');
  });

  test('dir moves main; a build whose folder is made at release time matches nothing', () => {
    assert.equal(read('builds:\n  - dir: cmd\n    main: ./relayctl\n')[0]?.main, './cmd/relayctl');
    assert.deepEqual(read('builds:\n  - dir: ./caddy-build\n    binary: caddy\n'), []);
  });

  test('no builds section: goreleaser\'s default build of the module root', () => {
    assert.deepEqual(read('project_name: relay\n'), [{ source: '.goreleaser.yaml (build)', from: 'goreleaser', main: '.', flags: [], tags: [] }]);
  });

  test('broken YAML and alias bombs are logged and read as nothing', () => {
    const logs: string[] = [];
    assert.deepEqual(read('builds: [\n', (m) => logs.push(m)), []);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    assert.deepEqual(read(bomb.join('\n') + '\nbuilds: *m\n', (m) => logs.push(m)), []);
    assert.equal(logs.length, 2, logs.join('\n'));
    assert.match(logs[0], /cannot read \.goreleaser\.yaml/);
    // The expansion stops at its bound instead of building 9^13 strings.
    assert.match(logs[1], /cannot read \.goreleaser\.yaml: .*alias/i);
  });
});

/** A snapshot with the given main package folders (what makefileBuilds looks packages up in). */
function snapshotWith(modulePath: string, mains: string[]): ModuleSnapshot {
  const files = new Map(mains.map((dir) => [`${dir === '.' ? '' : `${dir}/`}main.go`, { dir, name: 'main.go', packageName: 'main', imports: [], importsC: false, isTest: false, embeds: [], loadsTimezone: false, httpClient: false, ports: [] }]));
  const dirs = new Map(mains.map((dir) => [dir, [`${dir === '.' ? '' : `${dir}/`}main.go`]]));
  return { moduleDir: '/m', goMod: { modulePath, requires: [] }, modulePath, files, dirs, skipped: new Map(), hasGoSum: false, vendored: false, truncated: false, version: 0, memo: new Map() };
}

describe('Makefile builds', () => {
  test('read as a plain make run: unknown values are named after their variable, ?= defaults apply', () => {
    const mk = parseMakefile(
      [
        'VERSION ?= $(shell git describe --tags)',
        'COMMIT := $(shell git rev-parse HEAD)',
        'CHANNEL ?= stable',
        'LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.channel=$(CHANNEL) -X main.host=$(shell hostname)',
        'GO ?= go',
        'build:',
        '\t$(GO) build -ldflags "$(LDFLAGS)" -o bin/app .',
      ].join('\n'),
      { asWritten: true },
    );
    assert.deepEqual(recipeOf(mk, { target: 'build' }).lines, [`go build -ldflags "-X main.version=\${VERSION} -X main.commit=\${COMMIT} -X main.channel=stable -X main.host=${UNRESOLVED}" -o bin/app .`]);
  });

  test('the rules\' reading is unchanged: the environment wins and unknowns stay unknown', () => {
    const mk = parseMakefile('VERSION ?= $(shell git describe)\nCHANNEL ?= stable\nbuild:\n\techo $(VERSION) $(CHANNEL)\n');
    assert.deepEqual(recipeOf(mk, { target: 'build' }).lines, [`echo ${UNRESOLVED} \${CHANNEL-stable}`]);
  });

  test('the target that builds each main, with make\'s exported CGO_ENABLED, even with SHELL changed', () => {
    const snapshot = snapshotWith('example.com/pinger', ['./cmd/pinger', './cmd/pingctl'].map((d) => d.slice(2)));
    const makefile = [
      'SHELL := /bin/bash',
      'CGO_ENABLED = 0',
      'export CGO_ENABLED',
      'all: build',
      'pinger-debug:',
      '\tgo build -gcflags=all=-N -o bin/pinger-debug ./cmd/pinger',
      'build:',
      '\tcd cmd/pinger && go build -a -installsuffix cgo -tags "netgo osusergo" -ldflags "-X main.version=$(VERSION)" -o ../../bin/pinger .',
      'ctl:',
      '\tgo build -o bin/pingctl example.com/pinger/cmd/pingctl',
    ].join('\n');
    const builds = makefileBuilds(makefile, 'Makefile', snapshot, ['./cmd/pinger', './cmd/pingctl']);
    const pinger = builds.find((b) => b.main === './cmd/pinger');
    assert.deepEqual(pinger, {
      source: 'Makefile (make build)',
      from: 'makefile',
      main: './cmd/pinger',
      flags: ['-a', '-installsuffix=cgo'],
      tags: ['netgo', 'osusergo'],
      ldflags: '-X main.version=${VERSION}',
      binary: 'pinger',
      cgo: false,
    });
    assert.equal(builds.find((b) => b.main === './cmd/pingctl')?.source, 'Makefile (make ctl)');
  });

  test('a target that builds nothing of ours is not a build of it', () => {
    const snapshot = snapshotWith('example.com/x', ['.']);
    assert.deepEqual(makefileBuilds('test:\n\tgo test ./...\nlint:\n\tgolangci-lint run\n', 'Makefile', snapshot, ['.']), []);
  });
});

describe('carrying the build over', () => {
  test('-X in every spelling; release values become build-args with defaults', () => {
    const carried = carryOver(build({ ldflags: '-s -w -X main.version=${VERSION} -X=example.com/x/version.gitCommit=${COMMIT} --X main.date=${BUILD_DATE} -X main.tag=v${VERSION}' }), false);
    assert.equal(carried.ldflags, '-s -w -X main.version=${VERSION} -X example.com/x/version.gitCommit=${COMMIT} -X main.date=${BUILD_DATE} -X main.tag=v${VERSION}');
    assert.deepEqual(carried.args, [
      { name: 'VERSION', value: 'dev', hint: '$(git describe --tags --always)' },
      { name: 'COMMIT', value: 'none', hint: '$(git rev-parse HEAD)' },
      { name: 'BUILD_DATE', value: 'unknown', hint: '$(date -u +%Y-%m-%dT%H:%M:%SZ)' },
    ]);
    assert.deepEqual(carried.carried, ['version stamping (-X)']);
  });

  test('a value nobody can name is named after the Go variable; a written version is the default', () => {
    const carried = carryOver(build({ ldflags: `-X main.gitCommitCount=${UNRESOLVED} -X main.Version=1.4.2 -X main.edition=oss -X 'main.motto=hello world'` }), false);
    assert.equal(carried.ldflags, "-s -w -X main.gitCommitCount=${GIT_COMMIT_COUNT} -X main.Version=${VERSION} -X main.edition=oss -X 'main.motto=hello world'");
    assert.deepEqual(carried.args.map((a) => `${a.name}=${a.value}`), ['GIT_COMMIT_COUNT=unknown', 'VERSION=1.4.2']);
  });

  test('goreleaser\'s builtBy marker, variables that would change the build, and unsafe values are left out', () => {
    const carried = carryOver(build({ ldflags: '-X main.builtBy=goreleaser -X main.home=${HOME} -X main.path=${GOPATH} -X main.q=a`b -X main.sub=$(date) -X main.r=x\\y -X nodot=1' }), false);
    assert.equal(carried.ldflags, '-s -w');
    assert.deepEqual(carried.args, []);
    assert.deepEqual(carried.dropped, ['-X main.home=${HOME}', '-X main.path=${GOPATH}', '-X main.q=a`b', '-X main.sub=$(date)', '-X main.r=x\\y', '-X nodot=1']);
  });

  test('-linkmode and -extldflags only with cgo; -buildid kept; platform references declared', () => {
    const ldflags = '-linkmode external -extldflags "-static" -buildid= -X main.arch=${TARGETARCH}';
    const withCgo = carryOver(build({ ldflags }), true);
    assert.equal(withCgo.ldflags, '-s -w -linkmode=external -extldflags=-static -buildid= -X main.arch=${TARGETARCH}');
    assert.deepEqual(withCgo.platformArgs, ['TARGETARCH']);
    const withoutCgo = carryOver(build({ ldflags }), false);
    assert.equal(withoutCgo.ldflags, '-s -w -buildid= -X main.arch=${TARGETARCH}');
    assert.deepEqual(withoutCgo.dropped, ['-linkmode external (needs cgo)', '-extldflags -static (needs cgo)']);
  });

  test('obsolete flags are never carried; tags, -buildvcs and -pgo are; -mod and -trimpath are the generator\'s', () => {
    const carried = carryOver(build({ flags: ['-a', '-installsuffix', 'cgo', '-i', '-v', '-x', '-mod=readonly', '-trimpath', '-tags=sqlite,json1', '-buildvcs=false', '-pgo=off', '-race', '-gcflags=all=-N -l'], tags: ['netgo', 'sqlite'] }), false);
    assert.deepEqual(carried.tags, ['netgo', 'sqlite', 'json1']);
    assert.deepEqual(carried.flags, ['-buildvcs=false', '-pgo=off']);
    assert.deepEqual(carried.dropped, [
      '-a (obsolete with the build cache since Go 1.10)',
      '-installsuffix cgo (obsolete with the build cache since Go 1.10)',
      '-i (deprecated since Go 1.16)',
      '-race',
      '-gcflags all=-N -l',
    ]);
    assert.deepEqual(carried.carried, ['tags netgo,sqlite,json1', '-buildvcs=false', '-pgo=off']);
  });

  test('no project build: -s -w and nothing else', () => {
    assert.deepEqual(carryOver(undefined, false), { ldflags: '-s -w', tags: [], flags: [], args: [], platformArgs: [], dropped: [], carried: [] });
  });

  test('build-arg names from Go identifiers', () => {
    assert.deepEqual(['version', 'Version', 'gitCommit', 'GitSHA', 'buildDate', 'BuildTime', 'SHAValue', 'x_y', '9lives'].map(buildArgName), ['VERSION', 'VERSION', 'GIT_COMMIT', 'GIT_SHA', 'BUILD_DATE', 'BUILD_TIME', 'SHA_VALUE', 'X_Y', 'X_9LIVES']);
  });

  test('flag words split on blanks and honour quotes', () => {
    assert.deepEqual(splitFlagWords(`-s  -w -X 'main.a=b c' -X "main.d=e f" -extldflags=-static`), ['-s', '-w', '-X', 'main.a=b c', '-X', 'main.d=e f', '-extldflags=-static']);
  });

  test('linear in the ldflags: 4× the input costs about 4× the time, however hostile', () => {
    const time = (text: string) => {
      const started = performance.now();
      for (let i = 0; i < 3; i++) carryOver(build({ ldflags: text }), false);
      return performance.now() - started;
    };
    const hostile = (n: number) => '-X main.v=' + '${A-'.repeat(n) + ' -X ' + 'a.'.repeat(n) + '!' + ' -X main.' + 'Ab'.repeat(n) + '=${' + 'B'.repeat(n);
    time(hostile(2_000)); // warm-up
    const small = time(hostile(20_000));
    const large = time(hostile(80_000));
    assert.ok(large < small * 16, `4× the input took ${(large / small).toFixed(1)}× the time`);
  });
});
