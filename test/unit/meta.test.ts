// Every rule has its file, test, docs page and settings entry, and nothing is orphaned.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rules } from '../../server/src/engine/index.ts';

const root = join(__dirname, '..', '..');
const ids = rules.map((r) => r.meta.id);
const stems = (dir: string, suffix: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith(suffix)).map((f) => f.slice(0, -suffix.length));

describe('rule registry', () => {
  it('is sorted by id, with unique kebab-case ids', () => {
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+(-[a-z0-9]+)*$/);
  });
  it('orders ids by code point as localeCompare does (findings at one place are ranked without a collator)', () => {
    assert.deepEqual([...ids].sort(), [...ids].sort((a, b) => a.localeCompare(b)));
  });
  it('every rule declares complete metadata', () => {
    for (const { meta } of rules) {
      assert.ok(meta.description.length > 10, meta.id);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(meta.defaultSeverity), meta.id);
      assert.ok(Object.keys(meta.messages).length > 0, meta.id);
    }
  });
  it('every rule file is registered and every registered rule has a file', () => {
    const files = stems('server/src/engine/rules', '.ts').filter((f) => f !== 'index' && !f.startsWith('rule-'));
    assert.deepEqual(files.sort(), [...ids].sort());
  });
  it('every rule has a test file, and every rule test names a rule', () => {
    assert.deepEqual(stems('test/unit/rules', '.test.ts').sort(), [...ids].sort());
  });
  it('every rule has a docs page naming its id, severity and fix, and no page is orphaned', () => {
    const pages = stems('docs/rules', '.md').filter((p) => p !== 'README');
    assert.deepEqual(pages.sort(), [...ids].sort());
    const index = readFileSync(join(root, 'docs/rules/README.md'), 'utf8');
    for (const { meta } of rules) {
      const page = readFileSync(join(root, 'docs/rules', `${meta.id}.md`), 'utf8');
      assert.ok(page.includes(meta.id), `${meta.id}.md names the id`);
      assert.match(page, /ignore=/, `${meta.id}.md explains suppression`);
      assert.ok(index.includes(meta.id), `docs/rules/README.md lists ${meta.id}`);
    }
  });
  it('the settings schema lists exactly the registered rules', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const enumIds: string[] = pkg.contributes.configuration.properties['goDockerfile.rules'].propertyNames.enum;
    assert.deepEqual([...enumIds].sort(), [...ids].sort());
  });
});
