import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDotenv } from '../../../../src/core/project/dotenv';

test('dotenv: KEY=VALUE, export, comments, quotes, escapes and multi-line values', () => {
  const env = parseDotenv(
    [
      '# a comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = padded  ',
      'INLINE=kept # dropped',
      'HASH=a#b',
      "SINGLE='literal \\n $x'",
      'DOUBLE="line1\\nline2 \\"q\\""',
      'MULTI="first',
      'second"',
      'EMPTY=',
      'URL=postgres://u:p@h/db?x=1',
    ].join('\r\n'),
  );
  assert.deepEqual(env, {
    PLAIN: 'value',
    EXPORTED: 'yes',
    SPACED: 'padded',
    INLINE: 'kept',
    HASH: 'a#b',
    SINGLE: 'literal \\n $x',
    DOUBLE: 'line1\nline2 "q"',
    MULTI: 'first\nsecond',
    EMPTY: '',
    URL: 'postgres://u:p@h/db?x=1',
  });
});

test('dotenv: a malformed line or an unterminated quote is an error naming the line', () => {
  assert.throws(() => parseDotenv('OK=1\nthis is not an assignment'), /^Error: line 2: expected KEY=VALUE/);
  assert.throws(() => parseDotenv('A="open'), /line 1: A has an unterminated double quote/);
  assert.throws(() => parseDotenv("B='x' trailing"), /line 1: unexpected text after the closing quote of B/);
});
