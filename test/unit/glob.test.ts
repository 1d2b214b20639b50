// glob.ts: Go's filepath.Match semantics (what BuildKit applies to COPY sources), in linear time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { globMatch, hasWildcards, matchesPathPrefix, type MatchResult } from '../../server/src/engine/glob.ts';

// [pattern, name, expected]: the behaviour Go documents and tests for filepath.Match on Unix.
const GO_BEHAVIOUR: Array<[string, string, MatchResult]> = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', false],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'x', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true],
  ['[\\-x]', '-', true],
  ['[\\-x]', 'a', false],
  ['[]a]', ']', 'malformed'],
  ['[-]', '-', 'malformed'],
  ['[x-]', 'x', 'malformed'],
  ['[x-]', '-', 'malformed'],
  ['[x-]', 'z', 'malformed'],
  ['[-x]', 'x', 'malformed'],
  ['[-x]', '-', 'malformed'],
  ['[-x]', 'a', 'malformed'],
  ['\\', 'a', 'malformed'],
  ['[a-b-c]', 'a', 'malformed'],
  ['[', 'a', 'malformed'],
  ['[^', 'a', 'malformed'],
  ['[^bc', 'a', 'malformed'],
  ['a[', 'a', 'malformed'],
  ['a[', 'ab', 'malformed'],
  ['a[', 'x', 'malformed'],
  ['a/b[', 'x', 'malformed'],
  ['*x', 'xxx', true],
];

describe('globMatch (filepath.Match)', () => {
  for (const [pattern, name, expected] of GO_BEHAVIOUR) {
    it(`${JSON.stringify(pattern)} ~ ${JSON.stringify(name)} → ${expected}`, () => {
      assert.equal(globMatch(pattern, name), expected);
    });
  }

  it('the empty pattern matches only the empty name', () => {
    assert.equal(globMatch('', ''), true);
    assert.equal(globMatch('', 'a'), false);
    assert.equal(globMatch('*', ''), true);
  });
  it('consecutive stars are one star', () => {
    assert.equal(globMatch('**.go', 'main.go'), true);
    assert.equal(globMatch('a**b', 'a/b'), false);
  });
  it('! is an ordinary character in a class (Go negates with ^ only)', () => {
    assert.equal(globMatch('[!a]', '!'), true);
    assert.equal(globMatch('[!a]', 'a'), true);
    assert.equal(globMatch('[!a]', 'b'), false);
  });
  it('a star inside a class is a literal star', () => {
    assert.equal(globMatch('a[*]', 'a*'), true);
    assert.equal(globMatch('a[*]', 'ab'), false);
  });
  it('a character outside the Basic Multilingual Plane is one character', () => {
    assert.equal(globMatch('?', '😀'), true);
    assert.equal(globMatch('??', '😀'), false);
    assert.equal(globMatch('[😀-😂]', '😁'), true);
  });
  it('the last chunk must end the name; earlier chunks take the leftmost place', () => {
    assert.equal(globMatch('*a', 'aaab'), false);
    assert.equal(globMatch('*ab*ab', 'abxabyab'), true);
    assert.equal(globMatch('*.tar.gz', 'go1.22.linux-amd64.tar.gz'), true);
  });

  it('agrees with a reference matcher on random patterns and names', () => {
    // A small, obviously correct (exponential) matcher over the alphabet {a, b, /} and ? * [ab] [^a/].
    // (Go places each chunk at its leftmost match and never revisits it; that equals a full search
    // as long as only a literal '/' can match a '/', so the classes here exclude it.)
    const reference = (p: string, s: string): boolean => {
      if (p === '') return s === '';
      if (p[0] === '*') return reference(p.slice(1), s) || (s !== '' && s[0] !== '/' && reference(p, s.slice(1)));
      if (s === '') return false;
      if (p.startsWith('[ab]')) return (s[0] === 'a' || s[0] === 'b') && reference(p.slice(4), s.slice(1));
      if (p.startsWith('[^a/]')) return s[0] !== 'a' && s[0] !== '/' && reference(p.slice(5), s.slice(1));
      if (p[0] === '?') return s[0] !== '/' && reference(p.slice(1), s.slice(1));
      return p[0] === s[0] && reference(p.slice(1), s.slice(1));
    };
    const pattern = fc.array(fc.constantFrom('a', 'b', '/', '?', '*', '[ab]', '[^a/]'), { maxLength: 8 }).map((xs) => xs.join(''));
    const name = fc.array(fc.constantFrom('a', 'b', '/'), { maxLength: 10 }).map((xs) => xs.join(''));
    fc.assert(fc.property(pattern, name, (p, s) => globMatch(p, s) === reference(p, s)), { numRuns: 5000 });
  });

  it('answers the patterns that make a backtracking matcher explode', { timeout: 60_000 }, () => {
    // The shape, larger: many stars against a long run of one character that ends wrong.
    // A backtracking matcher does not finish here; the timeout only keeps a regression from hanging.
    assert.equal(globMatch('*a'.repeat(2000) + '*c', 'a'.repeat(5000) + 'b'), false);
    assert.equal(globMatch('*a'.repeat(2000) + '*b', 'a'.repeat(5000) + 'b'), true);
    assert.equal(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c', 'a'.repeat(36) + 'b'), false);
  });
});

describe('hasWildcards (BuildKit: which source segments are patterns)', () => {
  it('finds *, ? and [ outside escapes', () => {
    assert.equal(hasWildcards('app'), false);
    assert.equal(hasWildcards('app*'), true);
    assert.equal(hasWildcards('ap?'), true);
    assert.equal(hasWildcards('x['), true);
    assert.equal(hasWildcards('a\\*b'), false);
    assert.equal(hasWildcards('a\\\\*b'), true);
  });
});

describe('matchesPathPrefix (COPY --from source against a build output)', () => {
  it('matches the output itself or a directory above it', () => {
    assert.equal(matchesPathPrefix('/out/*', '/out/app'), true);
    assert.equal(matchesPathPrefix('/o*', '/out/app'), true);
    assert.equal(matchesPathPrefix('/ap?', '/app'), true);
    assert.equal(matchesPathPrefix('/go/bin/*', '/go/bin/server'), true);
    assert.equal(matchesPathPrefix('/src/*/bin', '/src/cmd/bin/app'), true);
  });
  it('does not match a sibling or a deeper pattern', () => {
    assert.equal(matchesPathPrefix('/out/*.txt', '/out/app'), false);
    assert.equal(matchesPathPrefix('/out/*/app', '/out/app'), false);
    assert.equal(matchesPathPrefix('/x/*', '/out/app'), false);
  });
  it('literal segments before the first wildcard are compared as written', () => {
    assert.equal(matchesPathPrefix('/out\\*/*', '/out\\*/app'), true);
    // No unescaped wildcard at all: BuildKit takes the whole source as a literal path.
    assert.equal(matchesPathPrefix('/out/a\\*', '/out/a\\*'), true);
    assert.equal(matchesPathPrefix('/out/a\\*', '/out/a*'), false);
  });
  it('a malformed wildcard part is reported, whatever the path', () => {
    assert.equal(matchesPathPrefix('/x[', '/app'), 'malformed');
    assert.equal(matchesPathPrefix('/out/*/[', '/elsewhere'), 'malformed');
  });
  it('a path Linux cannot hold matches nothing', () => {
    assert.equal(matchesPathPrefix('/*', `/${'a'.repeat(256)}`), false);
    assert.equal(matchesPathPrefix('/*', `/${'a'.repeat(255)}`), true);
    assert.equal(matchesPathPrefix('/a/*', `/a/${'b/'.repeat(2100)}c`), false);
  });
});
