import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertExactlyOnceInOrder, runVolumeScenario } from '../../../helpers/tailVolume';

// Generous: the machine is shared with other test runs; a quiet run needs a fraction of this.
const ARRIVAL_BUDGET_MS = 40_000;

test('100,000 events across 20 streams, Live Tail with catch-up polls, throttled on every 5th call, restarted half way: each arrives exactly once, in order per stream', async () => {
  const run = await runVolumeScenario({ liveTail: true, arrivalBudgetMs: ARRIVAL_BUDGET_MS });
  assertExactlyOnceInOrder(run);
  assert.ok((run.calls.get('StartLiveTail') ?? 0) >= 2, 'each tailer used Live Tail');
  assert.ok(run.statuses.some((s) => s.kind === 'live'));
});
