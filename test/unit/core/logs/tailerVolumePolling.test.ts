import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertExactlyOnceInOrder, runVolumeScenario } from '../../../helpers/tailVolume';

const ARRIVAL_BUDGET_MS = 40_000;

test('100,000 events across 20 streams, FilterLogEvents polling only, throttled on every 5th call, restarted half way: each arrives exactly once, in order per stream', async () => {
  const run = await runVolumeScenario({ liveTail: false, arrivalBudgetMs: ARRIVAL_BUDGET_MS });
  assertExactlyOnceInOrder(run);
  assert.equal(run.calls.get('StartLiveTail') ?? 0, 0, 'no Live Tail when it is turned off');
  assert.ok((run.calls.get('FilterLogEvents') ?? 0) > 10, 'many polls, many pages');
});
