import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lambdaLogGroupName } from '../../../../src/core/logs/logNames';
import { startTail, tailLogs, type TailOptions } from '../../../../src/core/logs/tailer';
import { LogsUnreachableError } from '../../../../src/core/logs/tailErrors';
import type { TailEvent, TailStatus } from '../../../../src/core/logs/tailTypes';
import { startFaultyLogsServer, type FaultyLogsServer } from '../../../helpers/logsFaults';

const A = lambdaLogGroupName('alpha');
const B = lambdaLogGroupName('beta');
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
// Fast pacing for tests; the defaults (1 s, 5 s idle) are what users get.
const FAST = { pollIntervalMs: 100, maxIdleIntervalMs: 300, retryBaseMs: 20, retryCapMs: 300 } as const;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

/** A follow-mode tail with its events and statuses recorded. */
function follow(logs: FaultyLogsServer, options: Partial<TailOptions> = {}) {
  const events: TailEvent[] = [];
  const statuses: TailStatus[] = [];
  const abort = new AbortController();
  const tail = startTail({
    client: logs.client(),
    endpoint: logs.endpoint,
    logGroupNames: [A],
    follow: true,
    signal: abort.signal,
    ...FAST,
    ...options,
    onEvent: (event) => void events.push(event),
    onStatus: (status) => void statuses.push(status),
  });
  return {
    events,
    statuses,
    tail,
    messages: () => events.map((e) => e.message),
    async stop() {
      abort.abort();
      return tail.done;
    },
  };
}

function assertOnce(messages: string[], expected: string[]): void {
  assert.deepEqual([...messages].sort(), [...expected].sort());
}

describe('reading a range (no follow)', () => {
  test('several groups at once, merged in timestamp order, within since/until (inclusive), through a filter pattern', async () => {
    const logs = await startFaultyLogsServer();
    try {
      const t0 = Date.now() - 60_000;
      for (let i = 0; i < 10; i++) {
        logs.store.append(A, 'a1', [{ timestamp: t0 + i * 10, message: `${i % 2 ? 'ERROR' : 'INFO'} alpha ${i}` }]);
        logs.store.append(B, 'b1', [{ timestamp: t0 + i * 10 + 5, message: `${i % 2 ? 'ERROR' : 'INFO'} beta ${i}` }]);
      }
      const events: TailEvent[] = [];
      const result = await tailLogs({
        connection: { endpoint: logs.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } },
        logGroupNames: [A, B],
        since: t0 + 10,
        until: t0 + 75,
        filterPattern: 'ERROR',
        follow: false,
        onEvent: (event) => void events.push(event),
      });
      assert.deepEqual(
        events.map((e) => `${e.logGroupName} ${e.logStreamName} ${e.timestamp - t0} ${e.message}`),
        [
          `${A} a1 10 ERROR alpha 1`,
          `${B} b1 15 ERROR beta 1`,
          `${A} a1 30 ERROR alpha 3`,
          `${B} b1 35 ERROR beta 3`,
          `${A} a1 50 ERROR alpha 5`,
          `${B} b1 55 ERROR beta 5`,
          `${A} a1 70 ERROR alpha 7`,
          `${B} b1 75 ERROR beta 7`,
        ],
      );
      assert.ok(events.every((e) => /^\d{56}$/.test(e.eventId) && typeof e.ingestionTime === 'number'));
      assert.equal(result.delivered, 8);
      assert.equal(result.checkpoint.lastTimestamp, t0 + 75);
    } finally {
      await logs.close();
    }
  });

  test('follows every nextToken, including empty pages that still carry one', async () => {
    // At most 7 events examined per call: most pages hold no match but a token to go on.
    const logs = await startFaultyLogsServer({ storeOptions: { pageLimits: { maxScanned: 7 } } });
    try {
      const t0 = Date.now() - 60_000;
      logs.store.append(
        A,
        's',
        Array.from({ length: 140 }, (_, i) => ({ timestamp: t0 + i, message: i % 30 === 29 ? `needle ${i}` : `hay ${i}` })),
      );
      const events: TailEvent[] = [];
      await tailLogs({ client: logs.client(), logGroupNames: [A], filterPattern: 'needle', follow: false, onEvent: (e) => void events.push(e) });
      assert.deepEqual(
        events.map((e) => e.message),
        ['needle 29', 'needle 59', 'needle 89', 'needle 119'],
      );
      assert.ok((logs.calls.get('FilterLogEvents') ?? 0) >= 20, `${logs.calls.get('FilterLogEvents')} calls for 140 events at 7 a call`);
    } finally {
      await logs.close();
    }
  });

  test('throttled calls are retried with backoff: nothing lost, nothing repeated', async () => {
    const logs = await startFaultyLogsServer({ storeOptions: { pageLimits: { maxEvents: 10 } }, faults: { throttleEvery: 2 } });
    try {
      const t0 = Date.now() - 60_000;
      logs.store.append(A, 's', Array.from({ length: 95 }, (_, i) => ({ timestamp: t0 + i, message: `m${i}` })));
      const events: TailEvent[] = [];
      const statuses: TailStatus[] = [];
      await tailLogs({
        client: logs.client(),
        logGroupNames: [A],
        follow: false,
        retryBaseMs: 10,
        onEvent: (e) => void events.push(e),
        onStatus: (s) => void statuses.push(s),
      });
      assert.deepEqual(
        events.map((e) => e.message),
        Array.from({ length: 95 }, (_, i) => `m${i}`),
      );
      assert.ok(logs.throttled >= 5);
      assert.ok(statuses.filter((s) => s.kind === 'retrying').length >= 5);
    } finally {
      await logs.close();
    }
  });

  test('a tail resumed from its checkpoint delivers only what is new, even within the same millisecond', async () => {
    const logs = await startFaultyLogsServer();
    try {
      const t = Date.now() - 10_000;
      logs.store.append(A, 's', [
        { timestamp: t, message: 'one' },
        { timestamp: t, message: 'two' },
      ]);
      const first: string[] = [];
      const { checkpoint } = await tailLogs({ client: logs.client(), logGroupNames: [A], follow: false, onEvent: (e) => void first.push(e.message) });
      assert.deepEqual(first, ['one', 'two']);
      logs.store.append(A, 's', [
        { timestamp: t, message: 'three' },
        { timestamp: t + 1, message: 'four' },
      ]);
      const second: string[] = [];
      await tailLogs({
        client: logs.client(),
        logGroupNames: [A],
        follow: false,
        checkpoint: JSON.parse(JSON.stringify(checkpoint)),
        onEvent: (e) => void second.push(e.message),
      });
      assert.deepEqual(second, ['three', 'four']);
    } finally {
      await logs.close();
    }
  });

  test('nothing listening at the endpoint is a LogsUnreachableError naming it', async () => {
    const logs = await startFaultyLogsServer();
    await logs.down();
    try {
      await assert.rejects(
        tailLogs({ client: logs.client(), endpoint: logs.endpoint, logGroupNames: [A], follow: true, ...FAST, onEvent: () => undefined }),
        (error: unknown) => error instanceof LogsUnreachableError && error.message.includes(logs.endpoint) && /ECONNREFUSED/.test(error.message),
      );
    } finally {
      await logs.close();
    }
  });
});

describe('following', () => {
  test('Live Tail: the catch-up poll covers the time before the session, new events arrive through it, filtered', async () => {
    const logs = await startFaultyLogsServer({ liveTail: { updateIntervalMs: 50 } });
    const before = Date.now() - 5000;
    logs.store.append(A, 's', [
      { timestamp: before, message: 'ERROR before' },
      { timestamp: before + 1, message: 'INFO before' },
    ]);
    const tail = follow(logs, { since: before - 1000, filterPattern: 'ERROR' });
    try {
      await waitFor(() => tail.statuses.some((s) => s.kind === 'live') && tail.events.length === 1, 'the session and the catch-up');
      for (let i = 0; i < 5; i++) {
        logs.store.append(A, 's', [
          { timestamp: Date.now(), message: `ERROR live ${i}` },
          { timestamp: Date.now(), message: `INFO live ${i}` },
        ]);
        await delay(30);
      }
      await waitFor(() => tail.events.length >= 6, 'the live events');
      await delay(300);
      assertOnce(tail.messages(), ['ERROR before', ...Array.from({ length: 5 }, (_, i) => `ERROR live ${i}`)]);
      assert.ok(tail.events.some((e) => e.eventId.startsWith('live:')), 'some came through Live Tail');
      assert.equal(logs.calls.get('StartLiveTail'), 1);
      assert.equal((await tail.stop()).mode, 'live');
    } finally {
      await tail.stop();
      await logs.close();
    }
  });

  test('falls back to FilterLogEvents polling when Live Tail is refused, and does not ask again', async () => {
    const logs = await startFaultyLogsServer({ faults: { refuseOperations: ['StartLiveTail'] } });
    logs.store.createLogGroup(A);
    const tail = follow(logs, { liveRetryMs: 200 });
    try {
      await waitFor(() => tail.statuses.some((s) => s.kind === 'polling'), 'the fallback');
      const polling = tail.statuses.find((s) => s.kind === 'polling');
      assert.match(polling?.kind === 'polling' ? polling.reason : '', /UnknownOperationException/);
      for (let i = 0; i < 3; i++) {
        logs.store.append(A, 's', [{ timestamp: Date.now(), message: `polled ${i}` }]);
        await delay(150);
      }
      await waitFor(() => tail.events.length >= 3, 'the polled events');
      await delay(400);
      assert.deepEqual(tail.messages(), ['polled 0', 'polled 1', 'polled 2']);
      assert.equal(logs.calls.get('StartLiveTail'), 1, 'a refusal is final');
      assert.equal((await tail.stop()).mode, 'polling');
    } finally {
      await tail.stop();
      await logs.close();
    }
  });

  test('reconnects transparently when a session reaches its maximum duration', async () => {
    const logs = await startFaultyLogsServer({ liveTail: { updateIntervalMs: 40, maxDurationMs: 350 } });
    logs.store.createLogGroup(A);
    const tail = follow(logs);
    try {
      await waitFor(() => tail.statuses.some((s) => s.kind === 'live'), 'the first session');
      const expected: string[] = [];
      for (let i = 0; i < 40; i++) {
        logs.store.append(A, `s${i % 3}`, [{ timestamp: Date.now(), message: `line ${i}` }]);
        expected.push(`line ${i}`);
        await delay(30);
      }
      await waitFor(() => tail.events.length >= expected.length, 'every line');
      await delay(400);
      assertOnce(tail.messages(), expected);
      assert.ok(tail.statuses.some((s) => s.kind === 'live' && s.reconnect), 'a session was renewed');
      assert.ok((logs.calls.get('StartLiveTail') ?? 0) >= 2);
      assert.ok(!tail.statuses.some((s) => s.kind === 'polling'), 'the session limit is no reason to poll');
    } finally {
      await tail.stop();
      await logs.close();
    }
  });

  test('a sampled update (over the per-update cap) is completed by a poll', async () => {
    const logs = await startFaultyLogsServer({ liveTail: { updateIntervalMs: 100, maxEventsPerUpdate: 10 } });
    logs.store.createLogGroup(A);
    const tail = follow(logs);
    try {
      await waitFor(() => tail.statuses.some((s) => s.kind === 'live'), 'the session');
      const expected = Array.from({ length: 300 }, (_, i) => `burst ${i}`);
      const now = Date.now();
      for (let i = 0; i < 300; i += 100) {
        logs.store.append(A, 's', expected.slice(i, i + 100).map((message) => ({ timestamp: now, message })));
      }
      await waitFor(() => tail.events.length >= 300, 'the burst');
      await delay(400);
      assert.deepEqual(tail.messages(), expected, 'all of it, once, in order');
      assert.ok((logs.calls.get('FilterLogEvents') ?? 0) >= 2, 'a poll after the catch-up one filled the gap');
    } finally {
      await tail.stop();
      await logs.close();
    }
  });

  for (const liveTail of [false, true]) {
    test(`${liveTail ? 'Live Tail' : 'polling'}: resumes after a network failure without loss or duplicates`, async () => {
      const logs = await startFaultyLogsServer({ liveTail: { updateIntervalMs: 50 } });
      logs.store.createLogGroup(A);
      const tail = follow(logs, { liveTail, liveRetryMs: 300 });
      try {
        const expected: string[] = [];
        const write = (label: string): void => {
          logs.store.append(A, 's', [{ timestamp: Date.now(), message: label }]);
          expected.push(label);
        };
        await waitFor(() => tail.statuses.some((s) => s.kind === (liveTail ? 'live' : 'polling')), 'the tail to start');
        write('before 1');
        write('before 2');
        await waitFor(() => tail.events.length >= 2, 'the first lines');
        await logs.down();
        write('during 1');
        await delay(400);
        write('during 2');
        await logs.up();
        write('after');
        await waitFor(() => tail.events.length >= 5, 'the lines written while down');
        await delay(500);
        assert.deepEqual(tail.messages(), expected);
        assert.ok(tail.statuses.some((s) => s.kind === 'retrying'), 'the failure was retried');
        if (liveTail) {
          assert.ok(tail.statuses.some((s) => s.kind === 'polling'), 'polled while Live Tail was unreachable');
          await waitFor(() => tail.statuses.filter((s) => s.kind === 'live').length >= 2, 'Live Tail again');
        }
      } finally {
        await tail.stop();
        await logs.close();
      }
    });
  }

  test('a log group that does not exist yet is reported, then tailed once it appears', async () => {
    const logs = await startFaultyLogsServer({ liveTail: { updateIntervalMs: 50 } });
    const tail = follow(logs, { liveRetryMs: 300 });
    try {
      await waitFor(() => tail.statuses.some((s) => s.kind === 'missing-group'), 'the missing group');
      assert.deepEqual(
        tail.statuses.find((s) => s.kind === 'missing-group'),
        { kind: 'missing-group', logGroupName: A },
      );
      logs.store.append(A, 's', [{ timestamp: Date.now(), message: 'first invocation' }]);
      await waitFor(() => tail.events.length >= 1, 'the first line');
      await waitFor(() => tail.statuses.some((s) => s.kind === 'live'), 'Live Tail once the group exists');
      logs.store.append(A, 's', [{ timestamp: Date.now(), message: 'second invocation' }]);
      await waitFor(() => tail.events.length >= 2, 'the second line');
      await delay(300);
      assert.deepEqual(tail.messages(), ['first invocation', 'second invocation']);
    } finally {
      await tail.stop();
      await logs.close();
    }
  });

  test('stops on abort with a checkpoint that resumes exactly where it stopped', async () => {
    const logs = await startFaultyLogsServer({ liveTail: { updateIntervalMs: 50 } });
    logs.store.createLogGroup(A);
    const first = follow(logs);
    try {
      await waitFor(() => first.statuses.some((s) => s.kind === 'live'), 'the session');
      logs.store.append(A, 's', [{ timestamp: Date.now(), message: 'seen by the first' }]);
      await waitFor(() => first.events.length === 1, 'the first line');
      const { checkpoint } = await first.stop();
      assert.ok(checkpoint.seenIds.length >= 1);
      logs.store.append(A, 's', [{ timestamp: Date.now(), message: 'written in between' }]);
      const second = follow(logs, { checkpoint });
      try {
        await waitFor(() => second.events.length >= 1, 'the line written in between');
        logs.store.append(A, 's', [{ timestamp: Date.now(), message: 'seen by the second' }]);
        await waitFor(() => second.events.length >= 2, 'the new line');
        await delay(300);
        assert.deepEqual(second.messages(), ['written in between', 'seen by the second']);
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
      await logs.close();
    }
  });
});
