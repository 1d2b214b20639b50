// .go-dockerfile.json, shared by the server and the CLI: JSON errors without echoing the text, the
// hand check against the JSON schema, the `contexts` globs, and the confined lookup on disk.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv';
import fc from 'fast-check';
import { checkConfig, compileGlob, CONFIG_KEYS, CONFIG_MAX_BYTES, locateJsonError, matchGlob, parseJson } from '../../server/src/config/index.ts';
import { nodeConfigStore, nodeProjectRoot } from '../../server/src/config/node.ts';
import { rules } from '../../server/src/engine/index.ts';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'go-dockerfile.schema.json'), 'utf8'));
const MANIFEST = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const validate = new Ajv({ strict: true, allErrors: true }).compile(SCHEMA);

describe('parseJson', () => {
  test('parses valid JSON', () => {
    assert.deepEqual(parseJson('{"rules": {"single-stage": "off"}}'), { ok: true, value: { rules: { 'single-stage': 'off' } } });
  });

  test('says where the JSON breaks, by line and column, and what was expected', () => {
    assert.deepEqual(parseJson('{"rules": {"single-stage": "off",}}'), {
      ok: false,
      message: 'invalid JSON at line 1, column 34: expected a property name in double quotes (after a trailing comma?)',
    });
    assert.deepEqual(parseJson('{\n  "rules": {\r\n    "a": off\n  }\n}'), { ok: false, message: 'invalid JSON at line 3, column 10: expected a value' });
    assert.deepEqual(parseJson('[1,]'), { ok: false, message: 'invalid JSON at line 1, column 4: expected a value (after a trailing comma?)' });
    assert.deepEqual(parseJson(''), { ok: false, message: 'invalid JSON at line 1, column 1: expected a value (the file is empty)' });
    assert.deepEqual(parseJson('{"a": 1'), { ok: false, message: 'invalid JSON at line 1, column 8: expected more input (the file ends early)' });
    assert.deepEqual(parseJson('{} {}'), { ok: false, message: 'invalid JSON at line 1, column 4: expected the end of the file after the value' });
  });

  test('never quotes the text it could not parse', () => {
    const secret = 'GITHUB_TOKEN=ghp_0123456789abcdef';
    for (const text of [secret, `{"a": ${secret}}`, `{"${secret}`, `["x", "${secret}\n"]`, `{"a": "\\q${secret}"}`, `-${secret}`]) {
      const result = parseJson(text);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.ok(!result.message.includes('GITHUB') && !result.message.includes('ghp_'), result.message);
        assert.match(result.message, /^invalid JSON at line \d+, column \d+: expected /);
      }
    }
  });

  test('the locator agrees with JSON.parse on valid JSON and on damaged JSON', () => {
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\n', 'x', '0', '-', '.', 'e', '{', '['), fc.boolean())
      .map(([json, at, insert, remove]) => {
        const i = json.length === 0 ? 0 : at % json.length;
        return json.slice(0, i) + insert + json.slice(remove ? i + 1 : i);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), damaged), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        assert.equal(locateJsonError(text) === undefined, valid, JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });

  test('deep nesting neither overflows nor takes long', () => {
    const depth = 60_000;
    assert.equal(locateJsonError('['.repeat(depth) + ']'.repeat(depth)), undefined);
    assert.deepEqual(locateJsonError('['.repeat(depth)), { offset: depth, expected: 'more input (the file ends early)' });
  });
});

/** Examples the hand check and the schema must judge alike. */
const EXAMPLES: unknown[] = [
  {},
  { $schema: './node_modules/go-dockerfile/schemas/go-dockerfile.schema.json' },
  { rules: { 'single-stage': 'off', 'cgo-not-disabled': 'error' } },
  { rules: { 'no-such-rule': 'hint' } },
  { rules: { 'single-stage': 'warn' } },
  { rules: { 'single-stage': 1 } },
  { rules: ['single-stage'] },
  { rules: null },
  { enable: false },
  { enable: 'no' },
  { languageFeatures: 'auto' },
  { languageFeatures: 'sometimes' },
  { imageTagCompletion: { network: true } },
  { imageTagCompletion: { network: 'yes' } },
  { imageTagCompletion: { network: true, proxy: 'x' } },
  { imageTagCompletion: true },
  { 'imageTagCompletion.network': false },
  { 'imageTagCompletion.network': 0 },
  { maxFileSize: 100000 },
  { maxFileSize: 1000 },
  { maxFileSize: 999 },
  { maxFileSize: -1 },
  { maxFileSize: '100000' },
  { colour: true },
  JSON.parse('{"__proto__": {"enable": false}}'),
  { $schema: 42 },
  { contexts: { Dockerfile: '.' } },
  { contexts: { 'deploy/Dockerfile': '.', 'services/*/Dockerfile': 'services', 'docker/**/*.Dockerfile': './src/' } },
  { contexts: { './deploy/Dockerfile': 'a/b/c' } },
  { contexts: { '**': '.' } },
  { contexts: { 'x/..y/Dockerfile': '..y' } },
  { contexts: { '../Dockerfile': '.' } },
  { contexts: { 'deploy/../Dockerfile': '.' } },
  { contexts: { '..': '.' } },
  { contexts: { '/abs/Dockerfile': '.' } },
  { contexts: { 'C:/x/Dockerfile': '.' } },
  { contexts: { 'c:Dockerfile': '.' } },
  { contexts: { 'deploy\\Dockerfile': '.' } },
  { contexts: { 'deploy/Dockerfile\n': '.' } },
  { contexts: { '': '.' } },
  { contexts: { ['a'.repeat(1024)]: '.' } },
  { contexts: { ['a'.repeat(1025)]: '.' } },
  { contexts: { ['é'.repeat(1024)]: '.' } },
  { contexts: { Dockerfile: '..' } },
  { contexts: { Dockerfile: 'src/..' } },
  { contexts: { Dockerfile: '/src' } },
  { contexts: { Dockerfile: 'src/*' } },
  { contexts: { Dockerfile: '' } },
  { contexts: { Dockerfile: 1 } },
  { contexts: { Dockerfile: ['.'] } },
  { contexts: ['Dockerfile'] },
  { contexts: 'Dockerfile' },
  [],
  'rules',
  null,
  42,
];

describe('checkConfig agrees with the JSON schema', () => {
  test('on the examples', () => {
    for (const example of EXAMPLES) {
      const { problems } = checkConfig(example);
      const schemaValid = validate(example);
      assert.equal(problems.length === 0, schemaValid, `${JSON.stringify(example)}: hand check ${JSON.stringify(problems)}, schema ${JSON.stringify(validate.errors)}`);
    }
  });

  test('on generated configs', () => {
    const relative = fc.stringMatching(/^[a-zA-Z0-9_.*/\\:é\n-]{0,12}$/);
    const value = fc.oneof(fc.boolean(), fc.integer({ min: -10, max: 200_000 }), fc.constantFrom('off', 'hint', 'warn', 'auto', 'on', '.', '..'), relative, fc.constant(null));
    const config = fc.record(
      {
        enable: value,
        rules: fc.oneof(fc.dictionary(fc.constantFrom('single-stage', 'cgo-not-disabled', 'x'), value), value),
        languageFeatures: value,
        imageTagCompletion: fc.oneof(fc.record({ network: value }, { requiredKeys: [] }), value),
        'imageTagCompletion.network': value,
        maxFileSize: value,
        contexts: fc.oneof(fc.dictionary(relative, fc.oneof(relative, value)), value),
        other: value,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(config, (example) => {
        assert.equal(checkConfig(example).problems.length === 0, validate(example), JSON.stringify(example));
      }),
      { numRuns: 2000 },
    );
  });

  test('keeps the valid parts and never quotes a value', () => {
    const checked = checkConfig({ enable: false, rules: { 'single-stage': 'off', 'cgo-not-disabled': 'ghp_secret' }, maxFileSize: 'ghp_secret2' });
    assert.deepEqual(checked.settings, { enable: false, rules: { 'single-stage': 'off' } });
    assert.deepEqual(
      checked.problems.map((p) => [p.severity, p.message]),
      [
        ['error', 'rule "cgo-not-disabled": the severity must be one of off|hint|info|warning|error'],
        ['error', '"maxFileSize" must be a number of at least 1000'],
      ],
    );
  });

  test('unknown keys are warnings; wrong values are errors', () => {
    const checked = checkConfig({ colour: true, imageTagCompletion: { network: true, proxy: 'x' }, enable: 'yes' });
    assert.deepEqual(
      checked.problems.map((p) => p.severity),
      ['warning', 'warning', 'error'],
    );
    assert.deepEqual(checked.settings, { imageTagCompletion: { network: true } });
  });

  test('a "__proto__" rule stays an inert entry', () => {
    const checked = checkConfig(JSON.parse('{"rules": {"__proto__": "off", "single-stage": "off"}}'));
    assert.equal(Object.getPrototypeOf(checked.settings.rules), Object.prototype);
    assert.deepEqual(Object.keys(checked.settings.rules!), ['__proto__', 'single-stage']);
  });
});

describe('the schema matches the settings in package.json', () => {
  const properties = MANIFEST.contributes.configuration.properties as Record<string, { enum?: string[]; minimum?: number; additionalProperties?: { enum: string[] } }>;

  test('same keys as the resource settings, plus $schema and contexts', () => {
    const settingKeys = Object.entries(MANIFEST.contributes.configuration.properties as Record<string, { scope?: string }>)
      .filter(([, p]) => p.scope === 'resource')
      .map(([key]) => key.slice('goDockerfile.'.length));
    const schemaKeys = Object.keys(SCHEMA.properties).filter((key) => key !== 'imageTagCompletion');
    assert.deepEqual(schemaKeys.sort(), [...settingKeys, '$schema', 'contexts'].sort());
    assert.deepEqual([...CONFIG_KEYS].sort(), Object.keys(SCHEMA.properties).sort());
  });

  test('same enums and limits', () => {
    assert.deepEqual(SCHEMA.properties.rules.additionalProperties.enum, properties['goDockerfile.rules'].additionalProperties!.enum);
    assert.deepEqual(SCHEMA.properties.languageFeatures.enum, properties['goDockerfile.languageFeatures'].enum);
    assert.equal(SCHEMA.properties.maxFileSize.minimum, properties['goDockerfile.maxFileSize'].minimum);
  });

  test('every registered rule id is accepted', () => {
    assert.equal(validate({ rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, 'off'])) }), true);
  });

  test('VS Code validates .go-dockerfile.json with it, and the package ships it', () => {
    assert.deepEqual(MANIFEST.contributes.jsonValidation, [{ fileMatch: '.go-dockerfile.json', url: './schemas/go-dockerfile.schema.json' }]);
    assert.match(fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
  });
});

test('the .go-dockerfile.json examples in docs/settings.md are valid config', () => {
  const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'settings.md'), 'utf8');
  const section = page.slice(page.indexOf('## `.go-dockerfile.json`'));
  const examples = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]) as unknown);
  assert.ok(examples.length > 0);
  for (const example of examples) {
    assert.deepEqual(checkConfig(example).problems, []);
    assert.equal(validate(example), true);
  }
});

describe('contexts globs', () => {
  const matches = (pattern: string, file: string) => matchGlob(compileGlob(pattern), file);

  test('plain paths match exactly', () => {
    assert.equal(matches('deploy/Dockerfile', 'deploy/Dockerfile'), true);
    assert.equal(matches('./deploy//Dockerfile', 'deploy/Dockerfile'), true);
    assert.equal(matches('deploy/Dockerfile', 'deploy/Dockerfile.prod'), false);
    assert.equal(matches('deploy/Dockerfile', 'x/deploy/Dockerfile'), false);
    assert.equal(matches('Dockerfile', 'dockerfile'), false);
  });

  test('* stays within a segment', () => {
    assert.equal(matches('services/*/Dockerfile', 'services/api/Dockerfile'), true);
    assert.equal(matches('services/*/Dockerfile', 'services/a/b/Dockerfile'), false);
    assert.equal(matches('*.Dockerfile', 'api.Dockerfile'), true);
    assert.equal(matches('*.Dockerfile', '.Dockerfile'), true);
    assert.equal(matches('Dockerfile.*', 'Dockerfile'), false);
    assert.equal(matches('a*b*c', 'abc'), true);
    assert.equal(matches('a*b*c', 'aXbYbZc'), true);
    assert.equal(matches('a*b*c', 'acb'), false);
    assert.equal(matches('a*ab', 'ab'), false);
    assert.equal(matches('*a*a', 'aa'), true);
    assert.equal(matches('**x', 'abx'), true);
  });

  test('** spans any number of folders, none included', () => {
    assert.equal(matches('**/Dockerfile', 'Dockerfile'), true);
    assert.equal(matches('**/Dockerfile', 'a/b/c/Dockerfile'), true);
    assert.equal(matches('docker/**/*.Dockerfile', 'docker/api.Dockerfile'), true);
    assert.equal(matches('docker/**/*.Dockerfile', 'docker/x/y/api.Dockerfile'), true);
    assert.equal(matches('docker/**/*.Dockerfile', 'other/api.Dockerfile'), false);
    assert.equal(matches('a/**/b/**/c', 'a/b/c'), true);
    assert.equal(matches('a/**/b/**/c', 'a/x/b/y/z/c'), true);
    assert.equal(matches('a/**/b/**/c', 'a/x/y/c'), false);
    assert.equal(matches('a/**/b/c/**/d', 'a/b/x/b/c/d'), true);
    assert.equal(matches('**', 'anything/at/all'), true);
  });

  test('agrees with a slow reference matcher', () => {
    // The reference tries every way to split the path (exponential, fine for tiny inputs).
    const reference = (pattern: string[], segments: string[]): boolean => {
      if (pattern.length === 0) return segments.length === 0;
      const [head, ...rest] = pattern;
      if (head === '**') return segments.some((_, i) => reference(rest, segments.slice(i))) || reference(rest, []);
      if (segments.length === 0) return false;
      const segmentMatches = (p: string, s: string): boolean => {
        if (p === '') return s === '';
        if (p[0] === '*') return [...Array(s.length + 1).keys()].some((i) => segmentMatches(p.slice(1), s.slice(i)));
        return s[0] === p[0] && segmentMatches(p.slice(1), s.slice(1));
      };
      return segmentMatches(head, segments[0]) && reference(rest, segments.slice(1));
    };
    const segment = fc.stringMatching(/^[ab*]{0,4}$/).filter((s) => s !== '');
    const patternArb = fc.array(fc.oneof(segment, fc.constant('**')), { minLength: 1, maxLength: 5 });
    const pathArb = fc.array(fc.stringMatching(/^[ab]{1,4}$/), { minLength: 0, maxLength: 6 });
    fc.assert(
      fc.property(patternArb, pathArb, (pattern, segments) => {
        const normalized = pattern.map((p) => (p !== '**' && p.includes('**') ? p.replace(/\*+/g, '*') : p));
        assert.equal(matchGlob(compileGlob(pattern.join('/')), segments.join('/')), reference(normalized, segments), `${pattern.join('/')} vs ${segments.join('/')}`);
      }),
      { numRuns: 3000 },
    );
  });

  test('patterns that make a backtracking matcher explode stay cheap', () => {
    // With backtracking, each extra `*a` multiplies the work; here the cost grows linearly.
    const timeFor = (stars: number) => {
      const glob = compileGlob(`${'*a'.repeat(stars)}*b*c`);
      const text = `${'a'.repeat(4 * stars)}c`;
      let best = Infinity;
      for (let round = 0; round < 3; round++) {
        const started = process.hrtime.bigint();
        for (let i = 0; i < 50; i++) assert.equal(matchGlob(glob, text), false);
        best = Math.min(best, Number(process.hrtime.bigint() - started));
      }
      return best;
    };
    timeFor(100); // warm up
    const small = timeFor(500);
    const large = timeFor(4000);
    // 8x the input; a generous bound, far below the 64x of quadratic growth.
    assert.ok(large < small * 32, `500 stars: ${small} ns, 4000 stars: ${large} ns`);
  });
});

describe('the config lookup on disk', () => {
  let outer: string;
  let repo: string;
  before(() => {
    outer = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gd-config-')));
    repo = path.join(outer, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'svc', 'deploy'), { recursive: true });
    fs.writeFileSync(path.join(outer, 'secret.json'), 'GITHUB_TOKEN=ghp_0123456789\n');
  });
  after(() => fs.rmSync(outer, { recursive: true, force: true }));

  const lookup = (dockerfile: string, fallback?: string) => nodeConfigStore().lookup(dockerfile, nodeProjectRoot(dockerfile, { fallback }));
  const config = (relative: string) => path.join(repo, relative, '.go-dockerfile.json');
  async function withConfig(relative: string, make: (file: string) => void, check: () => Promise<void>): Promise<void> {
    const file = config(relative);
    make(file);
    try {
      await check();
    } finally {
      fs.rmSync(file, { force: true, recursive: true });
    }
  }

  test('the nearest file up to the repository root, never above it', async () => {
    fs.writeFileSync(path.join(outer, '.go-dockerfile.json'), '{"enable": false}');
    try {
      assert.equal((await lookup(path.join(repo, 'svc', 'deploy', 'Dockerfile'))).config, undefined);
      await withConfig('.', (f) => fs.writeFileSync(f, '{"rules": {"single-stage": "off"}}'), async () => {
        const found = (await lookup(path.join(repo, 'svc', 'deploy', 'Dockerfile'))).config;
        assert.equal(found?.file, config('.'));
        assert.deepEqual(found?.settings, { rules: { 'single-stage': 'off' } });
        await withConfig('svc', (f) => fs.writeFileSync(f, '{}'), async () => {
          assert.equal((await lookup(path.join(repo, 'svc', 'deploy', 'Dockerfile'))).config?.file, config('svc'));
        });
      });
    } finally {
      fs.rmSync(path.join(outer, '.go-dockerfile.json'));
    }
  });

  test('outside a repository: up to the working folder when it holds the file, else only its own folder', async () => {
    const plain = path.join(outer, 'plain');
    fs.mkdirSync(path.join(plain, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(plain, '.go-dockerfile.json'), '{"enable": false}');
    const dockerfile = path.join(plain, 'a', 'b', 'Dockerfile');
    assert.equal((await lookup(dockerfile)).config, undefined);
    assert.equal((await lookup(dockerfile, path.join(plain, 'a'))).config, undefined);
    assert.equal((await lookup(dockerfile, plain)).config?.file, path.join(plain, '.go-dockerfile.json'));
  });

  test('a symlink out of the repository is refused, and the outside file is not quoted', async () => {
    await withConfig('.', (f) => fs.symlinkSync(path.join(outer, 'secret.json'), f), async () => {
      const found = (await lookup(path.join(repo, 'Dockerfile'))).config!;
      assert.equal(found.usable, false);
      assert.deepEqual(found.problems, [{ severity: 'error', message: 'outside the workspace or repository (a symlink leading out of it is not followed)' }]);
    });
  });

  test('/dev/zero, a FIFO, a directory and a huge file are refused without reading them', async () => {
    await withConfig('.', (f) => fs.symlinkSync('/dev/zero', f), async () => {
      assert.equal((await lookup(path.join(repo, 'Dockerfile'))).config?.errors[0].message, 'outside the workspace or repository (a symlink leading out of it is not followed)');
    });
    await withConfig('.', (f) => execFileSync('mkfifo', [f]), async () => {
      assert.equal((await lookup(path.join(repo, 'Dockerfile'))).config?.errors[0].message, 'not a regular file');
    });
    await withConfig('.', (f) => fs.mkdirSync(f), async () => {
      assert.equal((await lookup(path.join(repo, 'Dockerfile'))).config?.errors[0].message, 'not a regular file');
    });
    await withConfig('.', (f) => fs.writeFileSync(f, `{"a": "${' '.repeat(CONFIG_MAX_BYTES)}"}`), async () => {
      assert.equal((await lookup(path.join(repo, 'Dockerfile'))).config?.errors[0].message, `file too large (the limit is ${CONFIG_MAX_BYTES} bytes)`);
    });
  });

  test('a symlink inside the repository is followed', async () => {
    fs.writeFileSync(path.join(repo, 'shared.json'), '{"rules": {"single-stage": "hint"}}');
    await withConfig('svc', (f) => fs.symlinkSync('../shared.json', f), async () => {
      assert.deepEqual((await lookup(path.join(repo, 'svc', 'Dockerfile'))).config?.settings, { rules: { 'single-stage': 'hint' } });
    });
  });

  test('a changed file is read again; an unchanged one is not fresh', async () => {
    const store = nodeConfigStore();
    const dockerfile = path.join(repo, 'Dockerfile');
    await withConfig('.', (f) => fs.writeFileSync(f, '{"enable": true}'), async () => {
      assert.equal((await store.lookup(dockerfile, repo)).fresh, true);
      assert.equal((await store.lookup(dockerfile, repo)).fresh, false);
      fs.writeFileSync(config('.'), '{"enable": false}');
      const changed = await store.lookup(dockerfile, repo);
      assert.equal(changed.fresh, true);
      assert.deepEqual(changed.config?.settings, { enable: false });
    });
  });

  test('unknown rule ids are warnings', async () => {
    await withConfig('.', (f) => fs.writeFileSync(f, '{"rules": {"single-stages": "off"}}'), async () => {
      assert.deepEqual((await lookup(path.join(repo, 'Dockerfile'))).config?.problems, [{ severity: 'warning', message: 'unknown rule "single-stages" (ignored)' }]);
    });
  });
});

describe('contextFor', () => {
  let repo: string;
  before(() => {
    repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gd-contexts-')));
    fs.mkdirSync(path.join(repo, '.git'));
    fs.writeFileSync(
      path.join(repo, '.go-dockerfile.json'),
      JSON.stringify({
        contexts: {
          'docker/**/*.Dockerfile': '.',
          'services/*/deploy/Dockerfile': 'services',
          'services/api/deploy/Dockerfile': 'services/api',
          'build/Dockerfile': 'src/app/',
        },
      }),
    );
  });
  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  const contextFor = (relative: string) => nodeConfigStore().contextFor(path.join(repo, relative), repo);

  test('an exact path wins over a glob, then the first glob that matches', async () => {
    assert.deepEqual(await contextFor('services/api/deploy/Dockerfile'), { dir: path.join(repo, 'services', 'api'), configured: true });
    assert.deepEqual(await contextFor('services/web/deploy/Dockerfile'), { dir: path.join(repo, 'services'), configured: true });
    assert.deepEqual(await contextFor('docker/x/y/api.Dockerfile'), { dir: repo, configured: true });
    assert.deepEqual(await contextFor('build/Dockerfile'), { dir: path.join(repo, 'src', 'app'), configured: true });
  });

  test('without a matching entry, the Dockerfile builds from its own folder', async () => {
    assert.deepEqual(await contextFor('other/Dockerfile'), { dir: path.join(repo, 'other'), configured: false });
    assert.deepEqual(await contextFor('docker/Dockerfile'), { dir: path.join(repo, 'docker'), configured: false });
  });

  test('with no config file at all, too', async () => {
    const bare = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gd-contexts-bare-')));
    try {
      assert.deepEqual(await nodeConfigStore().contextFor(path.join(bare, 'Dockerfile'), bare), { dir: bare, configured: false });
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
