// Variables: expand (nested defaults in one linear pass) and the persistent maps behind Env.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Env, expand } from '../../server/src/engine/model/index.ts';
import type { Lookup } from '../../server/src/engine/model/index.ts';
import { PersistentMap } from '../../server/src/engine/model/persistent-map.ts';

function vars(values: Record<string, string | undefined>): Lookup {
  return { get: (name) => (name in values ? { value: values[name], origin: 'ENV' } : undefined) };
}

describe('expand', () => {
  const v = vars({ A: 'a', E: '', U: undefined, V: '1.22' });

  it('nested words: defaults and alternates inside defaults', () => {
    assert.equal(expand('${MISSING:-${A}}', v), 'a');
    assert.equal(expand('${MISSING:-${OTHER:-deep}}', v), 'deep');
    assert.equal(expand('${MISSING:-x${A}y$A}z', v), 'xayaz');
    assert.equal(expand('golang:${GO:-${V}}-alpine', v), 'golang:1.22-alpine');
    assert.equal(expand('${A:+[${V}]}', v), '[1.22]');
  });
  it('a word that is not used may hold anything unknown', () => {
    assert.equal(expand('${A:-$U}', v), 'a');
    assert.equal(expand('${A:-${MISSING}}', v), 'a');
    assert.equal(expand('${MISSING:+$U}', v), '');
  });
  it('a word that is used carries its unknown', () => {
    assert.equal(expand('${MISSING:-$U}', v), undefined);
    assert.equal(expand('${A:+${MISSING}}', v), undefined);
  });
  it('- and + look at whether a variable is set, :- and :+ also at whether it is empty', () => {
    assert.equal(expand('${E-d}', v), '');
    assert.equal(expand('${E:-d}', v), 'd');
    assert.equal(expand('${E+alt}', v), 'alt');
    assert.equal(expand('${E:+alt}', v), '');
    assert.equal(expand('${MISSING+alt}', v), '');
  });
  it('? and :? pass the value through, or stop the build (unknown)', () => {
    assert.equal(expand('${A:?need A}', v), 'a');
    assert.equal(expand('${E?need E}', v), '');
    assert.equal(expand('${E:?need E}', v), undefined);
    assert.equal(expand('${MISSING?need it}', v), undefined);
  });
  it('modifiers the model does not evaluate, and malformed references, are unknown', () => {
    assert.equal(expand('${A#prefix}', v), undefined);
    assert.equal(expand('${A%%.*}', v), undefined);
    assert.equal(expand('${A/x/y}', v), undefined);
    assert.equal(expand('${A:1}', v), undefined);
    assert.equal(expand('${}', v), undefined);
    assert.equal(expand('${1}', v), undefined);
    assert.equal(expand('${A', v), undefined);
    assert.equal(expand('${A:-${A:-x}', v), undefined);
  });
  it('keeps what is not a reference', () => {
    assert.equal(expand('\\$A', v), '$A');
    assert.equal(expand('a\\b', v), 'a\\b');
    assert.equal(expand('$', v), '$');
    assert.equal(expand('$1 $@ 100%', v), '$1 $@ 100%');
    assert.equal(expand('a}b', v), 'a}b');
    assert.equal(expand('${A}}', v), 'a}');
  });
  it('an unknown variable used anywhere makes the whole value unknown', () => {
    assert.equal(expand('x-$U-y', v), undefined);
    assert.equal(expand('${U:-d}', v), undefined);
    assert.equal(expand('${U:+d}', v), undefined);
  });
  it('nesting deeper than any real Dockerfile is unknown, and answered at once', { timeout: 60_000 }, () => {
    const deep = (n: number) => '${X:-'.repeat(n) + 'v' + '}'.repeat(n);
    assert.equal(expand(deep(10), v), 'v');
    assert.equal(expand(deep(1000), v), undefined);
    // The shape: 40,000 unclosed ${A:- (a backtracking expansion took seconds here).
    assert.equal(expand('${A:-'.repeat(40_000), v), undefined);
  });
  it('never throws on random text', () => {
    const text = fc.array(fc.constantFrom('$', '{', '}', ':', '-', '+', '?', '#', 'A', 'U', 'E', 'x', '\\'), { maxLength: 30 }).map((xs) => xs.join(''));
    fc.assert(fc.property(text, (t) => {
      const out = expand(t, v);
      assert.ok(out === undefined || typeof out === 'string');
    }), { numRuns: 3000 });
  });
});

describe('PersistentMap', () => {
  it('behaves like a Map, and every older version stays as it was', () => {
    const op = fc.tuple(fc.constantFrom('a', 'b', 'c', 'key', 'GOFLAGS', 'x1', 'x2', ''), fc.integer());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const versions: Array<[PersistentMap<number>, Map<string, number>]> = [[PersistentMap.empty<number>(), new Map()]];
        for (const [key, value] of ops) {
          const [map, model] = versions[versions.length - 1];
          versions.push([map.set(key, value), new Map(model).set(key, value)]);
        }
        for (const [map, model] of versions) {
          for (const key of ['a', 'b', 'c', 'key', 'GOFLAGS', 'x1', 'x2', '', 'missing']) assert.equal(map.get(key), model.get(key));
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('holds many keys, including ones whose hashes collide in their low bits', () => {
    let map = PersistentMap.empty<number>();
    for (let i = 0; i < 50_000; i++) map = map.set(`VAR_${i}`, i);
    for (let i = 0; i < 50_000; i += 997) assert.equal(map.get(`VAR_${i}`), i);
    assert.equal(map.get('VAR_50000'), undefined);
  });
});

describe('Env', () => {
  it('set returns a new scope; over falls back to the scope below', () => {
    const a = Env.empty.set('A', { value: '1', origin: 'ENV' });
    const b = a.set('A', { value: '2', origin: 'ENV' }).set('B', { value: 'b', origin: 'ENV' });
    assert.equal(a.get('A')?.value, '1');
    assert.equal(a.get('B'), undefined);
    assert.equal(b.get('A')?.value, '2');
    const args = Env.empty.set('B', { value: 'arg', origin: 'ARG' }).set('C', { value: 'c', origin: 'ARG' });
    const seen = a.over(args);
    assert.equal(seen.get('A')?.value, '1');
    assert.equal(seen.get('C')?.value, 'c');
    assert.ok(seen.has('C') && !seen.has('D'));
    assert.equal(seen.set('C', { value: 'own', origin: 'export' }).get('C')?.value, 'own');
  });
});
