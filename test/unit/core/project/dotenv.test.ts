import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandDotenv, parseDotenv, readDotenv } from '../../../../src/core/project/dotenv';

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

test('readDotenv: a bad line is skipped with its number only (never its text); the rest loads', () => {
  const { entries, problems } = readDotenv('A=1\nsecret-token-without-equals\nB="unterminated\nC=3\n');
  assert.deepEqual(
    entries.map((e) => [e.key, e.value]),
    [
      ['A', '1'],
      ['C', '3'],
    ],
  );
  assert.deepEqual(problems, [
    { line: 2, message: 'expected KEY=VALUE' },
    { line: 3, message: 'B has an unterminated double quote' },
  ]);
  assert.ok(problems.every((p) => !p.message.includes('secret-token')));
});

test('expandDotenv: $NAME, ${NAME}, ${NAME:-default}, \\$ and single quotes, the real environment first', () => {
  const { entries } = readDotenv(
    ['HOST=db.local', 'URL=postgres://$HOST:${PORT:-5432}/app', "LITERAL='$HOST'", 'PRICE=\\$5', 'FROM_SHELL=${USER_NAME}-x', 'SELF=$SELF-y', 'LATER=$DEFINED_BELOW', 'DEFINED_BELOW=below'].join('\n'),
  );
  assert.deepEqual(expandDotenv(entries, { USER_NAME: 'ana', HOST: 'shell-host' }), {
    HOST: 'db.local',
    URL: 'postgres://shell-host:5432/app',
    LITERAL: '$HOST',
    PRICE: '$5',
    FROM_SHELL: 'ana-x',
    SELF: '-y',
    LATER: 'below',
    DEFINED_BELOW: 'below',
  });
});
