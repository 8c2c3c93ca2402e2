import assert from 'node:assert/strict';
import { lambdaLogGroupName, lambdaLogStreamName } from '../../src/core/logs/logNames';
import { startTail, type Tail } from '../../src/core/logs/tailer';
import type { TailCheckpoint, TailResult, TailStatus } from '../../src/core/logs/tailTypes';
import { startFaultyLogsServer } from './logsFaults';

/**
 * The volume scenario for the tailer: 100,000 events written across 20 streams, in 20
 * rounds, into the local log service while a tailer follows the group; every 5th call of the
 * tailer is throttled; half way the tailer is stopped, a round is written while nothing tails,
 * and a new tailer resumes from the first one's checkpoint.
 */
export const VOLUME = { streams: 20, rounds: 20, perBatch: 250, total: 20 * 20 * 250 };

export interface Arrival {
  stream: number;
  seq: number;
  tailer: 1 | 2;
}

export interface VolumeRun {
  arrivals: Arrival[];
  statuses: TailStatus[];
  throttled: number;
  firstResult: TailResult;
  calls: Map<string, number>;
  /** Messages that did not look like ours, or arrived under the wrong stream. */
  strays: string[];
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runVolumeScenario(options: { liveTail: boolean; arrivalBudgetMs: number }): Promise<VolumeRun> {
  const logs = await startFaultyLogsServer({ liveTail: { updateIntervalMs: 250 }, faults: { throttleEvery: 5 } });
  const group = lambdaLogGroupName('volume');
  const streams = Array.from({ length: VOLUME.streams }, () => lambdaLogStreamName());
  const streamIndex = new Map(streams.map((s, i) => [s, i]));
  const arrivals: Arrival[] = [];
  const statuses: TailStatus[] = [];
  const strays: string[] = [];
  const since = Date.now() - 1000;
  logs.store.createLogGroup(group);

  const tail = (tailer: 1 | 2, signal: AbortSignal, checkpoint?: TailCheckpoint): Tail =>
    startTail({
      client: logs.client(),
      endpoint: logs.endpoint,
      logGroupNames: [group],
      follow: true,
      liveTail: options.liveTail,
      since,
      signal,
      ...(checkpoint ? { checkpoint } : {}),
      retryBaseMs: 20,
      retryCapMs: 200,
      onStatus: (status) => statuses.push(status),
      onEvent(event) {
        const match = /^s(\d+) n(\d+)$/.exec(event.message);
        if (!match || Number(match[1]) !== streamIndex.get(event.logStreamName)) strays.push(event.message);
        else arrivals.push({ stream: Number(match[1]), seq: Number(match[2]), tailer });
      },
    });

  const seqs = new Array<number>(VOLUME.streams).fill(0);
  const writeRound = (): void => {
    for (let s = 0; s < VOLUME.streams; s++) {
      const timestamp = Date.now();
      logs.store.append(
        group,
        streams[s],
        Array.from({ length: VOLUME.perBatch }, () => ({ timestamp, message: `s${s} n${seqs[s]++}` })),
      );
    }
  };

  const first = new AbortController();
  const second = new AbortController();
  const firstTail = tail(1, first.signal);
  let secondTail: Tail | undefined;
  try {
    let firstResult: TailResult | undefined;
    for (let round = 0; round < VOLUME.rounds; round++) {
      if (round === VOLUME.rounds / 2) {
        first.abort();
        firstResult = await firstTail.done;
        writeRound();
        // Through JSON, as a checkpoint saved to disk would be.
        secondTail = tail(2, second.signal, JSON.parse(JSON.stringify(firstResult.checkpoint)) as TailCheckpoint);
        continue;
      }
      writeRound();
      await delay(150);
    }
    const deadline = Date.now() + options.arrivalBudgetMs;
    while (arrivals.length < VOLUME.total && Date.now() < deadline) await delay(100);
    // Long enough for further polls and live updates, which must not repeat anything.
    await delay(2500);
    second.abort();
    await secondTail?.done;
    return { arrivals, statuses, throttled: logs.throttled, firstResult: firstResult as TailResult, calls: logs.calls, strays };
  } finally {
    first.abort();
    second.abort();
    await Promise.allSettled([firstTail.done, secondTail?.done]);
    await logs.close();
  }
}

/** Every event exactly once, each stream in its own order, across the restart. */
export function assertExactlyOnceInOrder(run: VolumeRun): void {
  assert.deepEqual(run.strays, [], 'only our events, each under its own stream');
  const count = new Map<string, number>();
  for (const { stream, seq } of run.arrivals) count.set(`${stream}:${seq}`, (count.get(`${stream}:${seq}`) ?? 0) + 1);
  const repeated = [...count].filter(([, n]) => n > 1).map(([key]) => key);
  assert.deepEqual(repeated.slice(0, 10), [], 'no event arrived twice');
  assert.equal(count.size, VOLUME.total, 'every event arrived');
  assert.equal(run.arrivals.length, VOLUME.total);
  const lastSeq = new Array<number>(VOLUME.streams).fill(-1);
  for (const { stream, seq } of run.arrivals) {
    assert.ok(seq > lastSeq[stream], `stream ${stream}: seq ${seq} arrived after ${lastSeq[stream]}`);
    lastSeq[stream] = seq;
  }
  assert.ok(run.firstResult.delivered > 0 && run.arrivals.some((a) => a.tailer === 2), 'both tailers delivered');
  assert.ok(run.throttled > 0, 'throttling was injected');
  assert.ok(run.statuses.some((s) => s.kind === 'retrying' && /Throttling/.test(s.error)), 'the tailer backed off and retried');
}

