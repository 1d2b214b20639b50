// The .dockerignore matcher the rules use, against the examples of Docker's documentation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextMatcher } from '../../server/src/engine/context-matcher.ts';

const excludes = (patterns: string[], path: string) => contextMatcher(patterns).excludes(path);

describe('context matcher (Docker .dockerignore semantics)', () => {
  it('matches the documented single-level patterns', () => {
    const p = ['# comment', '*/temp*', '*/*/temp*', 'temp?'];
    assert.equal(excludes(p, 'somedir/temporary.txt'), true);
    assert.equal(excludes(p, 'somedir/temp'), true);
    assert.equal(excludes(p, 'somedir/subdir/temporary.txt'), true);
    assert.equal(excludes(p, 'tempa'), true);
    assert.equal(excludes(p, 'tempb'), true);
    assert.equal(excludes(p, 'temporary.txt'), false, '*/temp* needs one folder level');
    assert.equal(excludes(p, 'a/b/c/temp'), false, 'exactly two levels for */*/temp*');
    assert.equal(excludes(p, 'temp'), false, 'temp? needs one more character');
  });
  it('** spans any number of folders, including none', () => {
    assert.equal(excludes(['**/*.go'], 'main.go'), true);
    assert.equal(excludes(['**/*.go'], 'cmd/api/main.go'), true);
    assert.equal(excludes(['**/*.go'], 'go.mod'), false);
    assert.equal(excludes(['a/**/b'], 'a/b'), true);
    assert.equal(excludes(['a/**/b'], 'a/x/y/b'), true);
    assert.equal(excludes(['docs/**'], 'docs/index.md'), true);
  });
  it('* stays inside one path element (unlike .gitignore, no implicit **/)', () => {
    assert.equal(excludes(['*.md'], 'README.md'), true);
    assert.equal(excludes(['*.md'], 'docs/README.md'), false);
    assert.equal(excludes(['vendor'], 'pkg/vendor'), false);
  });
  it('a pattern naming a folder excludes everything below it', () => {
    assert.equal(excludes(['vendor'], 'vendor/modules.txt'), true);
    assert.equal(excludes(['/build/'], 'build/out/app'), true, 'leading and trailing slashes are cleaned away');
    assert.equal(excludes(['./bin'], 'bin/app'), true);
  });
  it('the last matching pattern wins: exceptions re-include', () => {
    assert.equal(excludes(['*.md', '!README.md'], 'README.md'), false);
    assert.equal(excludes(['*.md', '!README.md'], 'CHANGELOG.md'), true);
    assert.equal(excludes(['*.md', '!README*.md', 'README-secret.md'], 'README-secret.md'), true);
    assert.equal(excludes(['*.md', 'README-secret.md', '!README*.md'], 'README-secret.md'), false);
    assert.equal(excludes(['*', '!go.mod', '!go.sum', '!cmd', '!internal'], 'cmd/api/main.go'), false);
    assert.equal(excludes(['*', '!go.mod', '!go.sum', '!cmd', '!internal'], 'pkg/util/util.go'), true);
  });
  it('character classes, ? and escapes', () => {
    assert.equal(excludes(['bin[0-9]'], 'bin7'), true);
    assert.equal(excludes(['bin[^0-9]'], 'bin7'), false);
    assert.equal(excludes(['?.txt'], 'a.txt'), true);
    assert.equal(excludes(['\\*.txt'], '*.txt'), true);
    assert.equal(excludes(['\\*.txt'], 'a.txt'), false);
  });
  it('never excludes the context root, and says "unknown" for constructs it does not model', () => {
    assert.equal(excludes(['*'], '.'), false);
    assert.equal(excludes(['a**b'], 'axxb'), undefined);
    assert.equal(excludes(['a**b', '!axxb'], 'axxb'), false, 'a later exception decides');
  });
  it('stays linear on adversarial patterns', () => {
    const pattern = `${'*a'.repeat(200)}b`;
    const path = 'a'.repeat(5000);
    assert.equal(excludes([pattern], path), false);
    assert.equal(excludes([Array(300).fill('**').join('/') + '/x'], Array(300).fill('d').join('/') + '/y'), false);
  });
});
