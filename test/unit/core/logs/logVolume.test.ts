import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import { lambdaLogGroupName, lambdaLogStreamName } from '../../../../src/core/logs/logNames';
import { LogStore } from '../../../../src/core/logs/logStore';
import { startLogsServer } from '../../../helpers/logsServer';

const STREAMS = 20;
const PER_STREAM = 5000;
const TOTAL = STREAMS * PER_STREAM;
const GROUP = lambdaLogGroupName('volume');
// Generous bounds: the machine is shared with other test files; typical runs take far less.
const APPEND_BUDGET_MS = 15_000;
const FILTER_BUDGET_MS = 20_000;

const stateDir = mkdtempSync(join(tmpdir(), 'swb-logvolume-'));
after(() => rmSync(stateDir, { recursive: true, force: true }));

test('100,000 events across 20 streams: appended, persisted, and each returned once, in order, by paginated FilterLogEvents', async () => {
  const logs = await startLogsServer({ stateDir });
  try {
    const streams = Array.from({ length: STREAMS }, () => lambdaLogStreamName());
    const t0 = Date.now() - 3_600_000;
    const appendStart = performance.now();
    // Batches of 50 per stream, round-robin, as environments would write them; timestamps
    // collide across streams so ordering must fall back to event ids.
    for (let offset = 0; offset < PER_STREAM; offset += 50) {
      for (const [s, stream] of streams.entries()) {
        logs.store.append(
          GROUP,
          stream,
          Array.from({ length: 50 }, (_, i) => ({
            timestamp: t0 + Math.floor((offset + i) / 2),
            message: `START RequestId: ${s}-${offset + i} stream ${s} seq ${offset + i}`,
          })),
        );
      }
    }
    const appendMs = performance.now() - appendStart;
    assert.ok(appendMs < APPEND_BUDGET_MS, `append took ${Math.round(appendMs)} ms`);

    const filterStart = performance.now();
    const seen = new Set<string>();
    const lastSeqByStream = new Map<string, number>();
    let previous: { timestamp: number; eventId: string } | undefined;
    let count = 0;
    let pages = 0;
    for await (const page of paginateFilterLogEvents({ client: logs.client() }, { logGroupName: GROUP })) {
      pages++;
      for (const event of page.events ?? []) {
        const eventId = event.eventId as string;
        assert.ok(!seen.has(eventId), 'no event is returned twice');
        seen.add(eventId);
        const timestamp = event.timestamp as number;
        if (previous) {
          assert.ok(
            timestamp > previous.timestamp || (timestamp === previous.timestamp && eventId > previous.eventId),
            'ordered by timestamp, then eventId',
          );
        }
        previous = { timestamp, eventId };
        const seq = Number(/seq (\d+)$/.exec(event.message as string)?.[1]);
        const stream = event.logStreamName as string;
        assert.ok(seq > (lastSeqByStream.get(stream) ?? -1), 'each stream reads in its own order');
        lastSeqByStream.set(stream, seq);
        count++;
      }
    }
    const filterMs = performance.now() - filterStart;
    assert.equal(count, TOTAL);
    assert.equal(pages, TOTAL / 10_000, 'full pages of 10,000');
    assert.equal(lastSeqByStream.size, STREAMS);
    assert.ok(filterMs < FILTER_BUDGET_MS, `paginated filter took ${Math.round(filterMs)} ms`);

    const reopenStart = performance.now();
    const reopened = new LogStore({ stateDir });
    const reopenMs = performance.now() - reopenStart;
    assert.ok(reopenMs < APPEND_BUDGET_MS, `reopen took ${Math.round(reopenMs)} ms`);
    const matched = reopened.filterLogEvents({ logGroupName: GROUP, filterPattern: '"stream 7 seq 4999"' });
    assert.deepEqual(matched.events.map((e) => e.message), ['START RequestId: 7-4999 stream 7 seq 4999']);
    const described = reopened.describeLogStreams({ logGroupName: GROUP });
    assert.equal(described.logStreams.length, STREAMS);
    assert.equal(described.logStreams.reduce((n, s) => n + s.storedBytes, 0), logs.store.describeLogGroups().logGroups[0].storedBytes);
    console.log(`volume: append ${Math.round(appendMs)} ms, filter ${Math.round(filterMs)} ms, reopen ${Math.round(reopenMs)} ms`);
  } finally {
    await logs.close();
  }
});
