import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batches } from '../../../../src/core/logs/logUpload';

// PutLogEvents' limits (10,000 events, 1 MB counting 26 bytes per event, 24 hours) cut the batches.

test('at most 10,000 events a batch', () => {
  const events = Array.from({ length: 25_001 }, (_, i) => ({ timestamp: 1000 + i, message: 'x\n' }));
  assert.deepEqual([...batches(events)].map((b) => b.length), [10_000, 10_000, 5_001]);
});

test('at most 1 MB a batch, counting each event’s 26 bytes of overhead', () => {
  const message = `${'é'.repeat(49_987)}\n`; // 99,975 bytes + 26 = 100,001 per event
  const events = Array.from({ length: 25 }, (_, i) => ({ timestamp: i, message }));
  const sizes = [...batches(events)].map((b) => b.length);
  assert.deepEqual(sizes, [10, 10, 5]);
});

test('no batch spans more than 24 hours', () => {
  const day = 24 * 60 * 60 * 1000;
  const events = [0, 1, day, day + 1, 3 * day].map((timestamp) => ({ timestamp, message: 'x\n' }));
  assert.deepEqual([...batches(events)].map((b) => b.map((e) => e.timestamp)), [[0, 1, day], [day + 1], [3 * day]]);
  assert.deepEqual([...batches([])], []);
});
