import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGlobs, lastMatch, matchesGlob } from '../../../../src/core/package/glob';

test('* and ? stay within one path segment', () => {
  assert.ok(matchesGlob('app.pyc', '*.pyc'));
  assert.ok(matchesGlob('pkg/sub/app.pyc', '*.pyc'), 'a pattern without a slash matches at any depth');
  assert.ok(!matchesGlob('app.py', '*.pyc'));
  assert.ok(matchesGlob('src/a.ts', 'src/*.ts'));
  assert.ok(!matchesGlob('src/deep/a.ts', 'src/*.ts'), '* does not cross a slash');
  assert.ok(matchesGlob('test_a.py', 'test_?.py'));
  assert.ok(!matchesGlob('test_ab.py', 'test_?.py'));
  assert.ok(!matchesGlob('lib/src/a.ts', 'src/*.ts'), 'a pattern with a slash is anchored at the root');
});

test('** spans any number of segments, including none', () => {
  assert.ok(matchesGlob('src/a.ts', 'src/**/*.ts'));
  assert.ok(matchesGlob('src/x/y/a.ts', 'src/**/*.ts'));
  assert.ok(!matchesGlob('lib/a.ts', 'src/**/*.ts'));
  assert.ok(matchesGlob('a/b/node_modules/.cache/x', '**/node_modules/.cache/'));
  assert.ok(matchesGlob('anything/at/all', '**'));
  assert.ok(matchesGlob('docs/a/b.md', 'docs/**'));
  assert.ok(!matchesGlob('docs', 'docs/**'));
});

test('a pattern covers what is under a matching folder; a trailing slash means folders only', () => {
  assert.ok(matchesGlob('.git/config', '.git'));
  assert.ok(matchesGlob('.git', '.git'), 'a .git file (worktrees) too');
  assert.ok(!matchesGlob('.github/workflows/ci.yml', '.git'));
  assert.ok(matchesGlob('tests/unit/a.py', 'tests/'));
  assert.ok(!matchesGlob('tests', 'tests/'), 'a file named tests is not a folder');
  assert.ok(matchesGlob('build/out.js', '/build'), 'a leading slash anchors at the root');
  assert.ok(!matchesGlob('src/build/out.js', '/build'));
});

test('special characters are literal', () => {
  assert.ok(matchesGlob('a+b (1).txt', 'a+b (1).txt'));
  assert.ok(!matchesGlob('aXb', 'a.b'));
  assert.ok(matchesGlob('$weird^[x].js', '$weird^[x].js'));
});

test('in a list the last matching pattern decides, and ! negates', () => {
  const rules = compileGlobs(['*.json', '!package.json', '# a comment', '']);
  assert.equal(rules.length, 2);
  assert.equal(lastMatch(rules, 'data.json'), true);
  assert.equal(lastMatch(rules, 'package.json'), false);
  assert.equal(lastMatch(rules, 'index.js'), undefined);
  const reexcluded = compileGlobs(['*.json', '!package.json', 'package.json']);
  assert.equal(lastMatch(reexcluded, 'package.json'), true);
});
