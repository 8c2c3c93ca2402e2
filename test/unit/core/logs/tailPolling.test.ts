import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pollDelay } from '../../../../src/core/logs/tailPolling';

test('polls every interval while events flow and for three idle polls, then back off doubling to the cap', () => {
  const pacing = { intervalMs: 1000, maxIdleIntervalMs: 5000 };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 7, 50].map((idle) => pollDelay(idle, pacing)),
    [1000, 1000, 1000, 1000, 2000, 4000, 5000, 5000, 5000],
  );
});
