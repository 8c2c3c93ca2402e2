import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../../../src/core/errors';
import { parseTimeSpec } from '../../../../src/core/logs/timeSpec';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

test('durations count back from now: s, m, h, d, w, combined and fractional', () => {
  assert.equal(parseTimeSpec('30s', NOW), NOW - 30_000);
  assert.equal(parseTimeSpec('5m', NOW), NOW - 300_000);
  assert.equal(parseTimeSpec('1h', NOW), NOW - 3_600_000);
  assert.equal(parseTimeSpec('2d', NOW), NOW - 2 * 86_400_000);
  assert.equal(parseTimeSpec('1w', NOW), NOW - 7 * 86_400_000);
  assert.equal(parseTimeSpec('1h30m', NOW), NOW - 5_400_000);
  assert.equal(parseTimeSpec('1.5h', NOW), NOW - 5_400_000);
  assert.equal(parseTimeSpec('250ms', NOW), NOW - 250);
  assert.equal(parseTimeSpec(' 10M ', NOW), NOW - 600_000);
  assert.equal(parseTimeSpec('now', NOW), NOW);
});

test('ISO dates and date-times; without a zone they are UTC', () => {
  assert.equal(parseTimeSpec('2024-05-01', NOW), Date.UTC(2024, 4, 1));
  assert.equal(parseTimeSpec('2024-05-01T10:00:00Z', NOW), Date.UTC(2024, 4, 1, 10));
  assert.equal(parseTimeSpec('2024-05-01T10:00:00.250Z', NOW), Date.UTC(2024, 4, 1, 10, 0, 0, 250));
  assert.equal(parseTimeSpec('2024-05-01T10:00', NOW), Date.UTC(2024, 4, 1, 10));
  assert.equal(parseTimeSpec('2024-05-01 10:00:00', NOW), Date.UTC(2024, 4, 1, 10));
  assert.equal(parseTimeSpec('2024-05-01T12:00:00+02:00', NOW), Date.UTC(2024, 4, 1, 10));
});

test('epoch milliseconds', () => {
  assert.equal(parseTimeSpec('1714557600000', NOW), 1714557600000);
  assert.equal(parseTimeSpec('0', NOW), 0);
});

test('anything else is a one-line UserError naming the value', () => {
  for (const bad of ['', 'yesterday', '-5m', '5 minutes', '2024-13-45', '5mm', '1e3']) {
    assert.throws(
      () => parseTimeSpec(bad, NOW),
      (error: unknown) => error instanceof UserError && error.message.includes(`"${bad}"`) && !error.message.includes('\n'),
      bad,
    );
  }
});
