// Which program a repository ships: the ranking of main packages and the clear choice.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mainGroup, moduleCommandName, rankMainPackages, recommendedMain } from '../../server/src/scaffold/index.ts';

const order = (dirs: string[], modulePath: string, released: string[] = []) => rankMainPackages(dirs, modulePath, new Set(released)).map((m) => m.dir);
const pick = (dirs: string[], modulePath: string, released: string[] = []) => recommendedMain(rankMainPackages(dirs, modulePath, new Set(released)))?.dir;

describe('ranking main packages', () => {
  test('a notification server: the module root beats examples and tools', () => {
    const dirs = ['./tools/loadgen', './examples/subscribe', '.', './examples/publish'];
    assert.deepEqual(order(dirs, 'heckel.io/notify/v2'), ['.', './examples/publish', './examples/subscribe', './tools/loadgen']);
    assert.equal(pick(dirs, 'heckel.io/notify/v2'), '.');
  });

  test('a file-sync tool: cmd/<last element of the module path> among 18 mains', () => {
    const dev = ['stcompdirs', 'stdisco', 'stevents', 'stfileinfo', 'stfinddevice', 'stfindignored', 'stgenfiles', 'stsigtool', 'stvanity', 'stwatchfile'].map((d) => `./cmd/dev/${d}`);
    const dirs = [...dev, './cmd/infra/stcrashreceiver', './cmd/infra/ursrv', './cmd/discosrv', './cmd/relaysrv', './cmd/syncd', './cmd/relaysrv/testutil'];
    const ranked = rankMainPackages(dirs, 'github.com/acme/syncd', new Set());
    assert.equal(ranked[0].dir, './cmd/syncd');
    assert.equal(ranked[0].group, 'module-command');
    assert.deepEqual(ranked.filter((m) => m.group === 'command').map((m) => m.dir), ['./cmd/discosrv', './cmd/infra/stcrashreceiver', './cmd/infra/ursrv', './cmd/relaysrv']);
    assert.deepEqual(ranked.filter((m) => m.group === 'secondary').map((m) => m.dir), [...dev, './cmd/relaysrv/testutil']);
    assert.equal(pick(dirs, 'github.com/acme/syncd'), './cmd/syncd');
  });

  test('the module name drops a major version suffix and gopkg.in\'s .vN', () => {
    assert.equal(moduleCommandName('github.com/caddyserver/caddy/v2'), 'caddy');
    assert.equal(moduleCommandName('gopkg.in/yaml.v3'), 'yaml');
    // As go build names the binary: the element before a major version suffix.
    assert.equal(moduleCommandName('example.com/v2'), 'example.com');
    assert.equal(mainGroup('./cmd/caddy', 'github.com/caddyserver/caddy/v2'), 'module-command');
  });

  test('the last group: examples, example, tools, hack, scripts, internal, test* and */dev/*', () => {
    for (const dir of ['./examples/a', './example', './tools/gen', './hack/release', './scripts/x', './internal/cmd/migrate', './test/e2e/server', './testing/fake', './cmd/dev/gen', './pkg/examples/demo']) {
      assert.equal(mainGroup(dir, 'example.com/app'), 'secondary', dir);
    }
    // A program named dev is not a dev folder; cmd/<module name> wins over a secondary-looking name.
    assert.equal(mainGroup('./cmd/dev', 'example.com/app'), 'command');
    assert.equal(mainGroup('./cmd/tools', 'example.com/tools'), 'module-command');
    assert.equal(mainGroup('./server', 'example.com/app'), 'other');
  });

  test('two programs in the first group: no clear choice, unless the release config builds exactly one of them', () => {
    const dirs = ['./cmd/api', './cmd/worker', './examples/demo'];
    assert.equal(pick(dirs, 'example.com/shop'), undefined);
    assert.equal(pick(dirs, 'example.com/shop', ['./cmd/worker']), './cmd/worker');
    assert.deepEqual(order(dirs, 'example.com/shop', ['./cmd/worker']), ['./cmd/worker', './cmd/api', './examples/demo']);
    assert.equal(pick(dirs, 'example.com/shop', ['./cmd/api', './cmd/worker']), undefined);
  });

  test('one main package is the choice wherever it is; none is none', () => {
    assert.equal(pick(['./examples/only'], 'example.com/x'), './examples/only');
    assert.equal(pick([], 'example.com/x'), undefined);
    // Only examples: two of them, no clear choice.
    assert.equal(pick(['./examples/a', './examples/b'], 'example.com/x'), undefined);
  });

  test('the first non-empty group decides: a lone cmd/* beats other folders', () => {
    assert.equal(pick(['./cmd/server', './web', './tools/gen'], 'example.com/app'), './cmd/server');
    assert.equal(pick(['./web', './tools/gen'], 'example.com/app'), './web');
  });
});
