import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitDelimitedFields } from '../../../../src/core/logs/delimitedFilterPattern';
import { compileFilterPattern } from '../../../../src/core/logs/filterPattern';
import { LogsError } from '../../../../src/core/logs/logsErrors';

const lines = [
  '[ERROR] Caught IllegalArgumentException',
  '[ERROR] Unhandled Exception',
  'Exiting with ERRORCODE: -1',
  '[WARN] Retry 3 of 5',
  '[ERROR] Retry failed',
  '2024-01-01T00:00:00Z abc Task timed out after 3.00 seconds',
  'INFO all good',
  'error lowercase',
];

function matching(pattern: string, messages: readonly string[] = lines): string[] {
  const matches = compileFilterPattern(pattern);
  return messages.filter((m) => matches(m));
}

function assertInvalid(pattern: string, detail?: RegExp): void {
  assert.throws(
    () => compileFilterPattern(pattern),
    (error: unknown) => {
      assert.ok(error instanceof LogsError, `expected LogsError for ${pattern}`);
      assert.equal(error.code, 'InvalidParameterException');
      assert.match(error.message, /^Invalid filter pattern: /);
      if (detail) assert.match(error.message, detail);
      return true;
    },
  );
}

describe('unstructured terms', () => {
  test('an empty or blank pattern matches every event', () => {
    assert.deepEqual(matching(''), lines);
    assert.deepEqual(matching('   '), lines);
    assert.equal(compileFilterPattern(undefined)('anything'), true);
  });

  test('a term matches case-sensitively anywhere in the message, as in AWS examples', () => {
    assert.deepEqual(matching('ERROR'), [lines[0], lines[1], lines[2], lines[4]]);
    assert.deepEqual(matching('error'), ['error lowercase']);
    assert.deepEqual(matching('Exception'), [lines[0], lines[1]]);
  });

  test('several terms must all occur', () => {
    assert.deepEqual(matching('ERROR Exception'), [lines[0], lines[1]]);
    assert.deepEqual(matching('ERROR Retry'), ['[ERROR] Retry failed']);
  });

  test('a quoted phrase matches as a whole', () => {
    assert.deepEqual(matching('"Task timed out"'), [lines[5]]);
    assert.deepEqual(matching('"timed Task"'), []);
    assert.deepEqual(matching('"Retry 3" of'), ['[WARN] Retry 3 of 5']);
  });

  test('?terms match when any of them occurs', () => {
    assert.deepEqual(matching('?WARN ?INFO'), ['[WARN] Retry 3 of 5', 'INFO all good']);
    assert.deepEqual(matching('?"Task timed out" ?Unhandled'), [lines[1], lines[5]]);
  });

  test('-term excludes events containing it', () => {
    assert.deepEqual(matching('ERROR -Retry'), [lines[0], lines[1], lines[2]]);
    assert.deepEqual(matching('ERROR -Exiting -"Unhandled Exception"'), [lines[0], lines[4]]);
    assert.deepEqual(matching('-ERROR'), lines.filter((l) => !l.includes('ERROR')));
  });

  test('a standalone %regex% matches by regular expression', () => {
    assert.deepEqual(matching('%Retry [0-9]%'), ['[WARN] Retry 3 of 5']);
    assert.deepEqual(matching('%^INFO%'), ['INFO all good']);
  });

  test('malformed term patterns are rejected with one clear message', () => {
    assertInvalid('"unterminated', /unterminated quoted string/);
    assertInvalid('ERROR ?', /must be followed by a term/);
    assertInvalid('ab"cd', /stray quote/);
    assertInvalid('%(group)%', /parentheses/);
    assertInvalid('%[%', /invalid regular expression/);
  });
});

describe('JSON patterns', () => {
  const docs = [
    JSON.stringify({ level: 'ERROR', status: 500, user: { id: 42, name: 'ann' }, tags: ['a', 'b'], ok: false, gone: null }),
    JSON.stringify({ level: 'INFO', status: 200, user: { id: 7, name: 'bob' }, tags: ['c'], ok: true }),
    JSON.stringify({ level: 'WARN', status: 404, user: { id: 42, name: 'annie' }, ip: '123.123.0.9' }),
    'not json ERROR',
    '[1, 2, 3]',
  ];

  test('string equality, inequality and * wildcards', () => {
    assert.deepEqual(matching('{ $.level = "ERROR" }', docs), [docs[0]]);
    assert.deepEqual(matching('{ $.level != "ERROR" }', docs), [docs[1], docs[2]]);
    assert.deepEqual(matching('{ $.user.name = "ann*" }', docs), [docs[0], docs[2]]);
    assert.deepEqual(matching('{ $.ip = 123.123.* }', docs), [docs[2]]);
    assert.deepEqual(matching('{ $.level = * }', docs), [docs[0], docs[1], docs[2]]);
  });

  test('numeric comparisons and nested selectors', () => {
    assert.deepEqual(matching('{ $.status >= 400 }', docs), [docs[0], docs[2]]);
    assert.deepEqual(matching('{ $.status < 300 }', docs), [docs[1]]);
    assert.deepEqual(matching('{ $.status = 404 }', docs), [docs[2]]);
    assert.deepEqual(matching('{ $.status != 404 }', docs), [docs[0], docs[1]]);
    assert.deepEqual(matching('{ $.user.id = 42 }', docs), [docs[0], docs[2]]);
    assert.deepEqual(matching('{ $.user.id > 7.5 }', docs), [docs[0], docs[2]]);
  });

  test('array indexes', () => {
    assert.deepEqual(matching('{ $.tags[1] = "b" }', docs), [docs[0]]);
    assert.deepEqual(matching('{ $.tags[0] = "c" }', docs), [docs[1]]);
  });

  test('&&, || and parentheses', () => {
    assert.deepEqual(matching('{ $.user.id = 42 && $.status >= 500 }', docs), [docs[0]]);
    assert.deepEqual(matching('{ $.level = "INFO" || $.status = 404 }', docs), [docs[1], docs[2]]);
    assert.deepEqual(matching('{ ($.level = "INFO" || $.level = "WARN") && $.user.id = 42 }', docs), [docs[2]]);
    assert.deepEqual(matching('{ $.level = "INFO" || $.level = "WARN" && $.user.id = 42 }', docs), [docs[1], docs[2]]);
  });

  test('IS NULL, IS TRUE / FALSE, EXISTS and NOT EXISTS', () => {
    assert.deepEqual(matching('{ $.gone IS NULL }', docs), [docs[0]]);
    assert.deepEqual(matching('{ $.ok IS TRUE }', docs), [docs[1]]);
    assert.deepEqual(matching('{ $.ok IS FALSE }', docs), [docs[0]]);
    assert.deepEqual(matching('{ $.ip EXISTS }', docs), [docs[2]]);
    assert.deepEqual(matching('{ $.ip NOT EXISTS }', docs), [docs[0], docs[1], docs[3], docs[4]].filter((d) => d.startsWith('{') || d.startsWith('[')));
  });

  test('a %regex% value', () => {
    assert.deepEqual(matching('{ $.user.name = %^an+%  }', docs), [docs[0], docs[2]]);
  });

  test('messages that are not JSON never match', () => {
    assert.deepEqual(matching('{ $.level = * }', ['ERROR plain text', '{broken json']), []);
  });

  test('malformed JSON patterns are rejected', () => {
    assertInvalid('{ $.level = "ERROR" ', /must end with }/);
    assertInvalid('{ }', /empty JSON pattern/);
    assertInvalid('{ level = "ERROR" }', /expected a selector/);
    assertInvalid('{ $.level }', /needs a comparison/);
    assertInvalid('{ $.level > "a" }', /compares numbers only/);
    assertInvalid('{ $.a = 1 && }', /expected a selector/);
    assertInvalid('{ ($.a = 1 }', /missing \)/);
    assertInvalid('{ $.a IS MAYBE }', /IS must be followed/);
    assertInvalid('{ $..a = 1 }', /invalid selector/);
    assertInvalid('{ $.a = 1 $.b = 2 }', /unexpected/);
  });
});

describe('space-delimited patterns', () => {
  const access = [
    '127.0.0.1 frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
    '127.0.0.1 frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
    '10.0.0.2 - [10/Oct/2000:13:50:35 -0700] "GET /favicon.ico HTTP/1.0" 404 209',
  ];

  test('the message is split on spaces, "quoted" and [bracketed] runs being single fields', () => {
    assert.deepEqual(splitDelimitedFields(access[0]), [
      '127.0.0.1',
      'frank',
      '10/Oct/2000:13:25:15 -0700',
      'GET /index.html HTTP/1.0',
      '404',
      '1534',
    ]);
  });

  test('named fields with conditions', () => {
    assert.deepEqual(matching('[ip, user, timestamp, request, status_code = 404, bytes]', access), [access[0], access[2]]);
    assert.deepEqual(matching('[ip, user, timestamp, request = "*html*", status_code = 4*, bytes]', access), [access[0]]);
    assert.deepEqual(matching('[ip, user = frank, timestamp, request, status_code, bytes > 2000]', access), [access[1]]);
    assert.deepEqual(matching('[ip, user, ts, req, code, bytes >= 200 && bytes < 1600]', access), [access[0], access[2]]);
    assert.deepEqual(matching('[ip, user, ts, req, code = 200 || code = 404 && user = -, bytes]', access), [access[1], access[2]]);
  });

  test('... absorbs any number of fields', () => {
    assert.deepEqual(matching('[..., status_code = 404, bytes]', access), [access[0], access[2]]);
    assert.deepEqual(matching('[ip = 10.*, ...]', access), [access[2]]);
    assert.deepEqual(matching('[ip, ..., bytes < 300]', access), [access[2]]);
  });

  test('the field count must fit when there is no ...', () => {
    assert.deepEqual(matching('[ip, user, rest]', access), []);
  });

  test('malformed space-delimited patterns are rejected', () => {
    assertInvalid('[ip, user', /must end with \]/);
    assertInvalid('[]', /empty space-delimited/);
    assertInvalid('[ip, ip]', /used twice/);
    assertInvalid('[ip, user,]', /trailing comma/);
    assertInvalid('[ip user]', /needs an operator/);
    assertInvalid('[ip = 1 user]', /separated by commas/);
    assertInvalid('[ip, code = 200 || other = 1]', /unknown field other/);
    assertInvalid('[ip, code >]', /missing its value/);
  });
});
