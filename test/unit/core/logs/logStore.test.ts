import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  LAMBDA_LOG_STREAM_PATTERN,
  lambdaLogGroupName,
  lambdaLogStreamName,
  logGroupNameFromIdentifier,
} from '../../../../src/core/logs/logNames';
import { LogsError } from '../../../../src/core/logs/logsErrors';
import { LogStore, type LogStoreOptions } from '../../../../src/core/logs/logStore';
import type { FilteredLogEvent, FilterLogEventsInput, LogEvent } from '../../../../src/core/logs/logTypes';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'swb-logstore-'));
  dirs.push(dir);
  return dir;
}

const GROUP = '/aws/lambda/orders';
// Recent, so the default 30-day age retention keeps everything.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

function filterAll(store: LogStore, input: FilterLogEventsInput): { events: FilteredLogEvent[]; pages: number } {
  const events: FilteredLogEvent[] = [];
  let nextToken = input.nextToken;
  let pages = 0;
  do {
    const page = store.filterLogEvents({ ...input, nextToken });
    events.push(...page.events);
    nextToken = page.nextToken;
    pages++;
    assert.ok(pages < 10_000, 'pagination must end');
  } while (nextToken);
  return { events, pages };
}

function assertInvalid(fn: () => unknown, code = 'InvalidParameterException'): void {
  assert.throws(fn, (error: unknown) => error instanceof LogsError && error.code === code);
}

describe('names and ids', () => {
  test('log groups and streams are named as Lambda names them', () => {
    assert.equal(lambdaLogGroupName('orders'), '/aws/lambda/orders');
    const name = lambdaLogStreamName(Date.UTC(2024, 0, 5, 23, 59));
    assert.match(name, LAMBDA_LOG_STREAM_PATTERN);
    assert.ok(name.startsWith('2024/01/05/[$LATEST]'), name);
    assert.equal(name.length, '2024/01/05/[$LATEST]'.length + 32);
    assert.notEqual(lambdaLogStreamName(T0), lambdaLogStreamName(T0), 'one stream per environment');
    assert.ok(lambdaLogStreamName(T0, '3').includes('/[3]'));
  });

  test('a log group identifier may be a name or an ARN', () => {
    assert.equal(logGroupNameFromIdentifier('/aws/lambda/x'), '/aws/lambda/x');
    assert.equal(logGroupNameFromIdentifier('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*'), '/aws/lambda/x');
    assert.equal(logGroupNameFromIdentifier('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x'), '/aws/lambda/x');
  });

  test('event ids are 56 digits, unique, and sort by timestamp', () => {
    const store = new LogStore();
    const appended = store.append(GROUP, 's', [
      { timestamp: T0 + 5, message: 'c' },
      { timestamp: T0, message: 'a' },
      { timestamp: T0, message: 'b' },
      { timestamp: T0 + 1, message: 'd' },
    ]);
    const ids = appended.map((e) => e.eventId);
    for (const id of ids) assert.match(id, /^\d{56}$/);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(appended.map((e) => e.timestamp), [T0, T0, T0 + 1, T0 + 5], 'returned in time order');
    assert.deepEqual([...ids].sort(), ids);
    const later = store.append(GROUP, 'other', [{ timestamp: T0 + 2, message: 'e' }]);
    assert.ok(later[0].eventId > ids[2] && later[0].eventId < ids[3], 'ids of different streams interleave by time');
  });
});

describe('groups and streams', () => {
  test('append creates the group and stream; describe reports AWS fields', () => {
    let now = T0 + 10_000;
    const store = new LogStore({ now: () => now, accountId: '123456789012', region: 'eu-west-1' });
    store.append(GROUP, 'b-stream', [
      { timestamp: T0, message: 'hello' },
      { timestamp: T0 + 50, message: 'world!' },
    ]);
    now += 5;
    store.append(GROUP, 'a-stream', [{ timestamp: T0 + 20, message: 'x' }]);
    const { logGroups } = store.describeLogGroups();
    assert.equal(logGroups.length, 1);
    assert.equal(logGroups[0].logGroupName, GROUP);
    assert.equal(logGroups[0].arn, `arn:aws:logs:eu-west-1:123456789012:log-group:${GROUP}:*`);
    assert.equal(logGroups[0].storedBytes, 5 + 6 + 1 + 3 * 26);
    const { logStreams } = store.describeLogStreams({ logGroupName: GROUP });
    assert.deepEqual(logStreams.map((s) => s.logStreamName), ['a-stream', 'b-stream']);
    const b = logStreams[1];
    assert.equal(b.firstEventTimestamp, T0);
    assert.equal(b.lastEventTimestamp, T0 + 50);
    assert.equal(b.lastIngestionTime, T0 + 10_000);
    assert.equal(b.storedBytes, 5 + 6 + 2 * 26);
    assert.equal(b.arn, `arn:aws:logs:eu-west-1:123456789012:log-group:${GROUP}:log-stream:b-stream`);
  });

  test('create, duplicate and missing groups and streams raise AWS errors', () => {
    const store = new LogStore();
    store.createLogGroup(GROUP);
    assertInvalid(() => store.createLogGroup(GROUP), 'ResourceAlreadyExistsException');
    store.createLogStream(GROUP, 's');
    assertInvalid(() => store.createLogStream(GROUP, 's'), 'ResourceAlreadyExistsException');
    assertInvalid(() => store.createLogStream('/nope', 's'), 'ResourceNotFoundException');
    assertInvalid(() => store.getLogEvents({ logGroupName: GROUP, logStreamName: 'missing' }), 'ResourceNotFoundException');
    assertInvalid(() => store.filterLogEvents({ logGroupName: '/nope' }), 'ResourceNotFoundException');
    assertInvalid(() => store.createLogGroup('bad name with spaces'));
    const { logStreams } = store.describeLogStreams({ logGroupName: GROUP });
    assert.equal(logStreams[0].firstEventTimestamp, undefined, 'an empty stream has no event times');
    store.deleteLogStream(GROUP, 's');
    assert.equal(store.hasLogStream(GROUP, 's'), false);
    store.deleteLogGroup(GROUP);
    assert.equal(store.hasLogGroup(GROUP), false);
  });

  test('describeLogStreams orders by name or last event time, either way, and pages', () => {
    const store = new LogStore();
    const lastTimes: Record<string, number> = { s1: 30, s2: 10, s3: 50, s4: 20, s5: 40 };
    for (const [name, t] of Object.entries(lastTimes)) store.append(GROUP, name, [{ timestamp: T0 + t, message: name }]);
    const collect = (input: { orderBy?: 'LogStreamName' | 'LastEventTime'; descending?: boolean }): string[] => {
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = store.describeLogStreams({ logGroupName: GROUP, limit: 2, nextToken, ...input });
        assert.ok(page.logStreams.length <= 2);
        names.push(...page.logStreams.map((s) => s.logStreamName));
        nextToken = page.nextToken;
      } while (nextToken);
      return names;
    };
    assert.deepEqual(collect({}), ['s1', 's2', 's3', 's4', 's5']);
    assert.deepEqual(collect({ descending: true }), ['s5', 's4', 's3', 's2', 's1']);
    assert.deepEqual(collect({ orderBy: 'LastEventTime' }), ['s2', 's4', 's1', 's5', 's3']);
    assert.deepEqual(collect({ orderBy: 'LastEventTime', descending: true }), ['s3', 's5', 's1', 's4', 's2']);
    assert.deepEqual(
      store.describeLogStreams({ logGroupName: GROUP, logStreamNamePrefix: 's3' }).logStreams.map((s) => s.logStreamName),
      ['s3'],
    );
    assertInvalid(() => store.describeLogStreams({ logGroupName: GROUP, orderBy: 'LastEventTime', logStreamNamePrefix: 's' }));
    assertInvalid(() => store.describeLogStreams({ logGroupName: GROUP, limit: 51 }));
    assertInvalid(() => store.describeLogStreams({ logGroupName: GROUP, nextToken: 'garbage' }));
  });

  test('describeLogGroups filters by prefix and pattern and pages', () => {
    const store = new LogStore();
    for (const fn of ['a', 'b', 'c', 'd']) store.createLogGroup(lambdaLogGroupName(fn));
    store.createLogGroup('/custom/Thing');
    const first = store.describeLogGroups({ logGroupNamePrefix: '/aws/lambda/', limit: 3 });
    assert.deepEqual(first.logGroups.map((g) => g.logGroupName), ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c']);
    assert.ok(first.nextToken);
    const second = store.describeLogGroups({ logGroupNamePrefix: '/aws/lambda/', limit: 3, nextToken: first.nextToken });
    assert.deepEqual(second.logGroups.map((g) => g.logGroupName), ['/aws/lambda/d']);
    assert.equal(second.nextToken, undefined);
    assert.deepEqual(store.describeLogGroups({ logGroupNamePattern: 'thing' }).logGroups.map((g) => g.logGroupName), ['/custom/Thing']);
  });
});

describe('getLogEvents', () => {
  function streamOf(count: number): { store: LogStore; events: LogEvent[] } {
    const store = new LogStore();
    const events = store.append(
      GROUP,
      's',
      Array.from({ length: count }, (_, i) => ({ timestamp: T0 + i * 10, message: `event ${i}` })),
    );
    return { store, events };
  }

  test('without a token it returns the newest events; startFromHead the oldest', () => {
    const { store } = streamOf(25);
    const tail = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 10 });
    assert.deepEqual(tail.events.map((e) => e.message), Array.from({ length: 10 }, (_, i) => `event ${15 + i}`));
    const head = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 10, startFromHead: true });
    assert.deepEqual(head.events.map((e) => e.message), Array.from({ length: 10 }, (_, i) => `event ${i}`));
    assert.match(head.nextForwardToken, /^f\/\d{56}$/);
    assert.match(head.nextBackwardToken, /^b\/\d{56}$/);
  });

  test('forward tokens walk to the end, which hands back the same token', () => {
    const { store } = streamOf(25);
    const seen: string[] = [];
    let page = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 10, startFromHead: true });
    seen.push(...page.events.map((e) => e.message));
    for (;;) {
      const token = page.nextForwardToken;
      page = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 10, nextToken: token });
      if (page.events.length === 0) {
        assert.equal(page.nextForwardToken, token, 'the end of the stream returns the token it was given');
        break;
      }
      seen.push(...page.events.map((e) => e.message));
    }
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => `event ${i}`));
    store.append(GROUP, 's', [{ timestamp: T0 + 1000, message: 'late arrival' }]);
    const more = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', nextToken: page.nextForwardToken });
    assert.deepEqual(more.events.map((e) => e.message), ['late arrival'], 'a saved forward token picks up new events');
  });

  test('backward tokens walk to the start, which hands back the same token', () => {
    const { store } = streamOf(25);
    const seen: string[] = [];
    let page = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 10 });
    seen.unshift(...page.events.map((e) => e.message));
    for (;;) {
      const token = page.nextBackwardToken;
      page = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 10, nextToken: token });
      if (page.events.length === 0) {
        assert.equal(page.nextBackwardToken, token);
        break;
      }
      seen.unshift(...page.events.map((e) => e.message));
    }
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => `event ${i}`));
    const forwardAgain = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 3, nextToken: page.nextForwardToken });
    assert.deepEqual(forwardAgain.events.map((e) => e.message), ['event 0', 'event 1', 'event 2']);
  });

  test('a backward page followed by its forward token continues after it', () => {
    const { store } = streamOf(25);
    const tail = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 5 });
    const earlier = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 5, nextToken: tail.nextBackwardToken });
    assert.deepEqual(earlier.events.map((e) => e.message), ['event 15', 'event 16', 'event 17', 'event 18', 'event 19']);
    const back = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 5, nextToken: earlier.nextForwardToken });
    assert.deepEqual(back.events, tail.events);
  });

  test('startTime is inclusive and endTime exclusive', () => {
    const { store } = streamOf(25);
    const page = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', startTime: T0 + 50, endTime: T0 + 100, startFromHead: true });
    assert.deepEqual(page.events.map((e) => e.message), ['event 5', 'event 6', 'event 7', 'event 8', 'event 9']);
    const empty = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', startTime: T0 + 10_000 });
    assert.deepEqual(empty.events, []);
    assert.match(empty.nextForwardToken, /^f\//);
  });

  test('invalid tokens and limits are InvalidParameterException', () => {
    const { store } = streamOf(3);
    assertInvalid(() => store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', nextToken: 'f/123' }));
    assertInvalid(() => store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 0 }));
    assertInvalid(() => store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', limit: 10_001 }));
  });

  test('pages stop at the byte limit', () => {
    const store = new LogStore({ pageLimits: { maxBytes: 1000 } });
    store.append(GROUP, 's', Array.from({ length: 10 }, (_, i) => ({ timestamp: T0 + i, message: 'x'.repeat(174) })));
    const page = store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', startFromHead: true });
    assert.equal(page.events.length, 5, '5 × (174 + 26) bytes fill 1000');
  });
});

describe('filterLogEvents', () => {
  function interleaved(options: LogStoreOptions = {}): LogStore {
    const store = new LogStore(options);
    for (let s = 0; s < 3; s++) {
      store.append(
        GROUP,
        `stream-${s}`,
        Array.from({ length: 20 }, (_, i) => ({ timestamp: T0 + i * 100 + (i % 2 === 0 ? 0 : s), message: `s${s} n${i} ${i % 3 === 0 ? 'ERROR' : 'INFO'}` })),
      );
    }
    return store;
  }

  const isOrdered = (events: FilteredLogEvent[]): boolean =>
    events.every((e, i) => i === 0 || e.timestamp > events[i - 1].timestamp || (e.timestamp === events[i - 1].timestamp && e.eventId > events[i - 1].eventId));

  test('merges streams in timestamp then eventId order, each event once', () => {
    const store = interleaved();
    const { events } = filterAll(store, { logGroupName: GROUP });
    assert.equal(events.length, 60);
    assert.ok(isOrdered(events));
    assert.equal(new Set(events.map((e) => e.eventId)).size, 60);
    assert.equal(events[0].logStreamName, 'stream-0');
  });

  test('filters by stream names, prefix, time window (end inclusive) and pattern', () => {
    const store = interleaved();
    const some = filterAll(store, { logGroupName: GROUP, logStreamNames: ['stream-2', 'stream-0', 'missing'] }).events;
    assert.deepEqual(new Set(some.map((e) => e.logStreamName)), new Set(['stream-0', 'stream-2']));
    assert.equal(filterAll(store, { logGroupName: GROUP, logStreamNamePrefix: 'stream-1' }).events.length, 20);
    const windowed = filterAll(store, { logGroupName: GROUP, startTime: T0 + 100, endTime: T0 + 300 }).events;
    assert.deepEqual(
      windowed.map((e) => e.timestamp),
      [T0 + 100, T0 + 101, T0 + 102, T0 + 200, T0 + 200, T0 + 200, T0 + 300],
      'startTime and endTime are both inclusive',
    );
    assert.equal(filterAll(store, { logGroupName: GROUP, startTime: T0 + 100, endTime: T0 + 301 }).events.length, 8);
    const errors = filterAll(store, { logGroupName: GROUP, filterPattern: 'ERROR' }).events;
    assert.equal(errors.length, 21);
    assert.ok(errors.every((e) => e.message.includes('ERROR')));
    assertInvalid(() => store.filterLogEvents({ logGroupName: GROUP, logStreamNames: ['a'], logStreamNamePrefix: 'a' }));
    assertInvalid(() => store.filterLogEvents({ logGroupName: GROUP, filterPattern: '{ $.a = ' }));
    assertInvalid(() => store.filterLogEvents({ logGroupName: GROUP, nextToken: 'not-a-token' }));
  });

  test('pages hold at most `limit` events and the injected event cap', () => {
    const store = interleaved({ pageLimits: { maxEvents: 7 } });
    const first = store.filterLogEvents({ logGroupName: GROUP });
    assert.equal(first.events.length, 7);
    assert.ok(first.nextToken);
    const limited = filterAll(store, { logGroupName: GROUP, limit: 4 });
    assert.equal(limited.events.length, 60);
    assert.equal(limited.pages, 15);
    assert.ok(isOrdered(limited.events));
    const capped = filterAll(store, { logGroupName: GROUP, limit: 100 });
    assert.equal(capped.pages, Math.ceil(60 / 7));
    assertInvalid(() => store.filterLogEvents({ logGroupName: GROUP, limit: 10_001 }));
  });

  test('pages stop before exceeding the byte cap', () => {
    const store = new LogStore({ pageLimits: { maxBytes: 500 } });
    store.append(GROUP, 'a', Array.from({ length: 10 }, (_, i) => ({ timestamp: T0 + i, message: 'y'.repeat(74) })));
    const first = store.filterLogEvents({ logGroupName: GROUP });
    assert.equal(first.events.length, 5, '5 × 100 bytes');
    const all = filterAll(store, { logGroupName: GROUP });
    assert.equal(all.events.length, 10);
    assert.equal(all.pages, 2);
  });

  test('a page may come back empty with a nextToken when the scan budget runs out', () => {
    const store = interleaved({ pageLimits: { maxScanned: 10 } });
    const page = store.filterLogEvents({ logGroupName: GROUP, filterPattern: 's2 n19' });
    assert.deepEqual(page.events, []);
    assert.ok(page.nextToken, 'an empty page still carries a token');
    const all = filterAll(store, { logGroupName: GROUP, filterPattern: 's2 n19' });
    assert.deepEqual(all.events.map((e) => e.message), ['s2 n19 INFO']);
    assert.equal(all.pages, 6);
  });

  test('events appended back-dated still come out in time order', () => {
    const store = new LogStore();
    store.append(GROUP, 's', [{ timestamp: T0 + 100, message: 'second' }]);
    store.append(GROUP, 's', [{ timestamp: T0, message: 'first' }]);
    assert.deepEqual(filterAll(store, { logGroupName: GROUP }).events.map((e) => e.message), ['first', 'second']);
    assert.deepEqual(
      store.getLogEvents({ logGroupName: GROUP, logStreamName: 's', startFromHead: true }).events.map((e) => e.message),
      ['first', 'second'],
    );
  });

  test('a token keeps its place while other streams grow', () => {
    const store = interleaved({ pageLimits: { maxEvents: 10 } });
    const first = store.filterLogEvents({ logGroupName: GROUP });
    store.append(GROUP, 'stream-new', [{ timestamp: T0 + 5000, message: 'newest' }]);
    const rest = filterAll(store, { logGroupName: GROUP, nextToken: first.nextToken });
    const all = [...first.events, ...rest.events];
    assert.equal(first.events.length, 10);
    assert.equal(all.length, 61);
    assert.equal(all[60].message, 'newest');
    assert.ok(isOrdered(all));
  });
});

describe('retention', () => {
  test('the byte cap drops the oldest segments, files included', () => {
    const stateDir = tempDir();
    const store = new LogStore({ stateDir, retention: { maxBytesPerGroup: 8 * 1024 } });
    for (let i = 0; i < 100; i++) {
      store.append(GROUP, `s${i % 3}`, [{ timestamp: T0 + i, message: `${String(i).padStart(3, '0')} ${'z'.repeat(96)}` }]);
    }
    const group = store.describeLogGroups().logGroups[0];
    assert.ok(group.storedBytes <= 8 * 1024, `${group.storedBytes} bytes kept`);
    assert.ok(group.storedBytes >= 6 * 1024, 'drops only what it must (segment granularity)');
    const kept = filterAll(store, { logGroupName: GROUP }).events;
    const numbers = kept.map((e) => Number(e.message.slice(0, 3)));
    assert.equal(numbers[numbers.length - 1], 99, 'the newest survives');
    assert.ok(numbers[0] > 0, 'the oldest went');
    const reopened = new LogStore({ stateDir, retention: { maxBytesPerGroup: 8 * 1024 } });
    assert.deepEqual(filterAll(reopened, { logGroupName: GROUP }).events, kept, 'dropped segments are gone from disk too');
  });

  test('the event cap drops the oldest segments', () => {
    const store = new LogStore({ retention: { maxEventsPerGroup: 40 } });
    for (let i = 0; i < 100; i++) store.append(GROUP, 's', [{ timestamp: T0 + i, message: `m${i}` }]);
    const kept = filterAll(store, { logGroupName: GROUP }).events;
    assert.ok(kept.length <= 40 && kept.length >= 35, `${kept.length} kept`);
    assert.equal(kept[kept.length - 1].message, 'm99');
  });

  test('dropping the oldest segment keeps back-dated events of newer segments', () => {
    // 16 events per group → segments of 2. Segment 1 holds later timestamps than segment 2, so its
    // events are not the first ones of the stream when retention drops it.
    const store = new LogStore({ retention: { maxEventsPerGroup: 16 } });
    store.append(GROUP, 's', [{ timestamp: T0 + 100, message: 'a1' }, { timestamp: T0 + 101, message: 'a2' }]);
    store.append(GROUP, 's', [{ timestamp: T0, message: 'b1' }, { timestamp: T0 + 1, message: 'b2' }]);
    for (let i = 0; i < 7; i++) store.append(GROUP, 's', [{ timestamp: T0 + 200 + 2 * i, message: `c${2 * i}` }, { timestamp: T0 + 201 + 2 * i, message: `c${2 * i + 1}` }]);
    const kept = filterAll(store, { logGroupName: GROUP }).events.map((e) => e.message);
    assert.deepEqual(kept, ['b1', 'b2', ...Array.from({ length: 14 }, (_, i) => `c${i}`)]);
    assert.equal(store.describeLogGroups().logGroups[0].storedBytes, kept.reduce((sum, m) => sum + m.length + 26, 0));
  });

  test('append hands back public events only; ingest files the same events', () => {
    const store = new LogStore();
    const appended = store.append(GROUP, 's', [{ timestamp: T0, message: 'one' }]);
    assert.deepEqual(Object.keys(appended[0]).sort(), ['eventId', 'ingestionTime', 'message', 'timestamp']);
    const seen: (readonly LogEvent[])[] = [];
    store.onAppend((_group, _stream, events) => seen.push(events));
    store.ingest(GROUP, 's', [{ timestamp: T0 + 1, message: 'two' }]);
    assert.deepEqual(seen.map((events) => events.map((e) => Object.keys(e).length)), [[4]], 'listeners get public events');
    assert.deepEqual(filterAll(store, { logGroupName: GROUP }).events.map((e) => e.message), ['one', 'two']);
  });

  test('max age drops segments whose events are all older, and empties streams out', () => {
    let now = T0;
    const stateDir = tempDir();
    const options: LogStoreOptions = { stateDir, now: () => now, retention: { maxAgeMs: 60_000 } };
    const store = new LogStore(options);
    store.append(GROUP, 'old', [{ timestamp: T0, message: 'old' }]);
    now = T0 + 50_000;
    store.append(GROUP, 'new', [{ timestamp: now, message: 'new' }]);
    now = T0 + 70_000;
    store.enforceRetention();
    assert.deepEqual(filterAll(store, { logGroupName: GROUP }).events.map((e) => e.message), ['new']);
    assert.deepEqual(store.describeLogStreams({ logGroupName: GROUP }).logStreams.map((s) => s.logStreamName), ['new']);
    now = T0 + 200_000;
    const reopened = new LogStore(options);
    assert.deepEqual(filterAll(reopened, { logGroupName: GROUP }).events, [], 'retention also applies on open');
    assert.equal(reopened.hasLogGroup(GROUP), true, 'the group itself stays, as in AWS');
  });
});

describe('persistence', () => {
  test('a reopened store has the same groups, streams and events, and new ids stay unique', () => {
    const stateDir = tempDir();
    const store = new LogStore({ stateDir });
    store.createLogGroup('/empty/group');
    store.createLogGroup(GROUP);
    store.createLogStream(GROUP, 'Case');
    store.append(GROUP, 'case', [{ timestamp: T0, message: 'lower' }]);
    store.append(GROUP, 'Case', [{ timestamp: T0 + 1, message: 'upper ünïcode ✓' }]);
    const stream = lambdaLogStreamName(T0);
    store.append(GROUP, stream, [{ timestamp: T0 + 2, message: 'lambda stream' }]);
    const before = filterAll(store, { logGroupName: GROUP }).events;

    const reopened = new LogStore({ stateDir });
    assert.deepEqual(reopened.describeLogGroups().logGroups.map((g) => g.logGroupName), ['/aws/lambda/orders', '/empty/group']);
    assert.deepEqual(filterAll(reopened, { logGroupName: GROUP }).events, before);
    assert.deepEqual(
      reopened.describeLogStreams({ logGroupName: GROUP }).logStreams,
      store.describeLogStreams({ logGroupName: GROUP }).logStreams,
    );
    const added = reopened.append(GROUP, 'case', [{ timestamp: T0, message: 'after restart' }]);
    const ids = new Set(before.map((e) => e.eventId));
    assert.ok(!ids.has(added[0].eventId));
    const merged = filterAll(reopened, { logGroupName: GROUP, logStreamNames: ['case'] }).events;
    assert.deepEqual(merged.map((e) => e.message), ['lower', 'after restart'], 'same timestamp: the later id sorts after');
  });

  test('a torn last line (crash mid-write) is skipped, the rest loads', () => {
    const stateDir = tempDir();
    const store = new LogStore({ stateDir });
    store.append(GROUP, 's', [
      { timestamp: T0, message: 'one' },
      { timestamp: T0 + 1, message: 'two' },
    ]);
    const groupDir = join(stateDir, 'groups', readdirSync(join(stateDir, 'groups'))[0]);
    const streamDir = join(groupDir, 'streams', readdirSync(join(groupDir, 'streams'))[0]);
    const segment = readdirSync(streamDir).find((f) => f.endsWith('.ndjson')) as string;
    appendFileSync(join(streamDir, segment), '{"id":"0001","t":1,"m":"tor');
    const reopened = new LogStore({ stateDir });
    assert.deepEqual(filterAll(reopened, { logGroupName: GROUP }).events.map((e) => e.message), ['one', 'two']);
    reopened.append(GROUP, 's', [{ timestamp: T0 + 2, message: 'three' }]);
    assert.deepEqual(
      filterAll(new LogStore({ stateDir }), { logGroupName: GROUP }).events.map((e) => e.message),
      ['one', 'two', 'three'],
      'writes after a torn line go to a fresh segment',
    );
  });
});

describe('subscriptions', () => {
  test('onAppend sees each stored batch until unsubscribed', () => {
    const store = new LogStore();
    const seen: string[] = [];
    const off = store.onAppend((group, stream, events) => seen.push(...events.map((e) => `${group}|${stream}|${e.message}`)));
    store.append(GROUP, 's', [{ timestamp: T0, message: 'a' }]);
    off();
    store.append(GROUP, 's', [{ timestamp: T0, message: 'b' }]);
    assert.deepEqual(seen, [`${GROUP}|s|a`]);
  });
});
