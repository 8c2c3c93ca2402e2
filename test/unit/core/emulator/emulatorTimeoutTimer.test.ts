import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestEmulator, fixtureSpec, json } from '../../../helpers/emulator';

// The invocation timeout is one timer per environment, re-armed on every invoke: each invoke must
// still get its full timeout, and the timer firing while the environment is idle must do nothing.

const { emulator } = createTestEmulator(after);

test('every warm invoke gets its own full timeout, and an idle environment outlives its timer', async () => {
  emulator.register(fixtureSpec('slow', 'node-basic', 'index.slow', { timeout: 2 }));
  // Three 800 ms invokes back to back: a timer armed only for the first would fire during the third.
  const pids = new Set<number>();
  for (let i = 0; i < 3; i++) {
    const inv = await emulator.invoke('slow', { payload: '{"ms":800}' });
    assert.equal(inv.error, undefined, `invoke ${i} failed: ${inv.payload.toString()}`);
    pids.add((json(inv) as { pid: number }).pid);
  }
  // Idle past the timeout: the timer fires with nothing running.
  await new Promise((resolve) => setTimeout(resolve, 2300));
  const warm = await emulator.invoke('slow', { payload: '{"ms":800}' });
  assert.equal(warm.error, undefined, warm.payload.toString());
  assert.equal(warm.coldStart, false);
  pids.add((json(warm) as { pid: number }).pid);
  assert.equal(pids.size, 1, 'one environment served every invoke');
});

test('a warm invoke that overruns is still stopped at its timeout', async () => {
  emulator.register(fixtureSpec('sometimesHangs', 'node-basic', 'index.slow', { timeout: 1 }));
  const quick = await emulator.invoke('sometimesHangs', { payload: '{"ms":10}' });
  assert.equal(quick.error, undefined);
  const started = Date.now();
  const inv = await emulator.invoke('sometimesHangs', { payload: '{"ms":60000}' });
  const elapsed = Date.now() - started;
  assert.equal(inv.error?.errorType, 'Sandbox.Timedout');
  assert.ok(elapsed >= 990 && elapsed < 8000, `took ${elapsed} ms`);
});
