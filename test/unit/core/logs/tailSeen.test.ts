import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeenWindow } from '../../../../src/core/logs/tailSeen';

const event = (timestamp: number, message: string, ingestionTime = timestamp) => ({
  logGroupName: '/aws/lambda/f',
  logStreamName: 's',
  timestamp,
  message,
  ingestionTime,
});

test('ids are delivered once; the next poll starts the look-back window before the newest timestamp', () => {
  const seen = new SeenWindow(1000);
  assert.equal(seen.queryStart(42), 42, 'nothing delivered: the floor');
  assert.equal(seen.admitPolled(event(5000, 'a'), 'id-a'), true);
  assert.equal(seen.admitPolled(event(5000, 'a'), 'id-a'), false);
  assert.equal(seen.admitPolled(event(5000, 'a'), 'id-a2'), true, 'same content, another id: another event');
  assert.equal(seen.queryStart(0), 4000);
  assert.equal(seen.queryStart(4500), 4500, 'never before the floor');
});

test('memory is bounded by the window, however many events pass', () => {
  const seen = new SeenWindow(100);
  for (let i = 0; i < 50_000; i++) seen.admitPolled(event(i, `m${i}`), `id${i}`);
  assert.ok(seen.size <= 400, `${seen.size} ids held`);
  assert.equal(seen.admitPolled(event(49_999, 'm49999'), 'id49999'), false, 'the newest are still known');
});

test('a live event and its poll copy are delivered once, whichever comes first; identical lines are counted, not merged', () => {
  const seen = new SeenWindow(1000);
  seen.startLive(0);
  // Live first.
  const liveId = seen.admitLive(event(100, 'hello'));
  assert.match(liveId ?? '', /^live:100:[\w-]+:\d+$/);
  assert.equal(seen.admitPolled(event(100, 'hello'), 'real-1'), false);
  // Poll first.
  assert.equal(seen.admitPolled(event(200, 'world'), 'real-2'), true);
  assert.equal(seen.admitLive(event(200, 'world')), undefined);
  // Two identical lines live, three copies polled: the third is a different event.
  assert.ok(seen.admitLive(event(300, 'same')));
  assert.ok(seen.admitLive(event(300, 'same')));
  assert.equal(seen.admitPolled(event(300, 'same'), 'r1'), false);
  assert.equal(seen.admitPolled(event(300, 'same'), 'r2'), false);
  assert.equal(seen.admitPolled(event(300, 'same'), 'r3'), true);
});

test('a poll copy waits for its live copy however far the watermark has moved, until the session ends', () => {
  const seen = new SeenWindow(1000);
  seen.startLive(0);
  assert.equal(seen.admitPolled(event(100, 'early'), 'e'), true);
  assert.equal(seen.admitPolled(event(60_000, 'late'), 'l'), true, 'a catch-up poll ran far ahead');
  assert.equal(seen.admitLive(event(100, 'early')), undefined, 'the queued live copy is still recognised');
  seen.stopLive();
  seen.startLive(70_000);
  assert.equal(seen.admitPolled(event(60_500, 'before this session', 60_500), 'b'), true);
  assert.ok(seen.admitLive(event(60_500, 'before this session', 60_500)), 'not ingested during a session: not waited for');
});

test('a checkpoint (through JSON) carries ids and live keys into a new window', () => {
  const seen = new SeenWindow(1000);
  seen.startLive(0);
  seen.admitPolled(event(100, 'polled'), 'p1');
  seen.admitLive(event(150, 'live'));
  const checkpoint = JSON.parse(JSON.stringify(seen.checkpoint(0)));
  assert.equal(checkpoint.lastTimestamp, 150);
  const resumed = new SeenWindow(1000, checkpoint);
  assert.equal(resumed.watermark, 150);
  assert.equal(resumed.queryStart(0), 0);
  assert.equal(resumed.admitPolled(event(100, 'polled'), 'p1'), false);
  assert.equal(resumed.admitPolled(event(150, 'live'), 'l1'), false, 'the live key matches the poll copy');
  assert.equal(resumed.admitPolled(event(150, 'new'), 'n1'), true);
  const held = resumed.size;
  resumed.admitPolled(event(10_000, 'much later'), 'm1');
  assert.ok(resumed.size < held, 'the checkpoint\'s ids are forgotten once no poll can return them');
  assert.deepEqual(new SeenWindow(1000).checkpoint(77), { lastTimestamp: 77, seenIds: [] });
});
