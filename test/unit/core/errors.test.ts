import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError, isCancellation, oneLine, UserError } from '../../../src/core/errors';

test('oneLine keeps the first non-empty line of a message', () => {
  assert.equal(oneLine(new Error('\n  first line  \nsecond')), 'first line');
  assert.equal(oneLine('plain'), 'plain');
  assert.equal(oneLine(new Error('')), 'unknown error');
});

test('cancellation is recognised by class and by AbortError name', () => {
  assert.ok(isCancellation(new CancelledError()));
  const abort = new Error('aborted');
  abort.name = 'AbortError';
  assert.ok(isCancellation(abort));
  assert.ok(!isCancellation(new UserError('bad')));
});
