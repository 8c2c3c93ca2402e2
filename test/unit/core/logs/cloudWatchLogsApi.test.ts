import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  paginateDescribeLogGroups,
  paginateDescribeLogStreams,
  paginateFilterLogEvents,
  paginateGetLogEvents,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  SessionTimeoutException,
  StartLiveTailCommand,
  ThrottlingException,
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  type FilterLogEventsCommandInput,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { decodeEventStreamMessages, encodeEvent, encodeException } from '../../../../src/core/aws/eventStreamCodec';
import { lambdaLogGroupName, lambdaLogStreamName } from '../../../../src/core/logs/logNames';
import { startLogsServer, type LogsServer } from '../../../helpers/logsServer';

const GROUP = lambdaLogGroupName('orders');
const NOW = Date.now();
const T0 = NOW - 30 * 60 * 1000;

async function rawCall(endpoint: string, target: string | undefined, body: string, path = '/'): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.1' };
  if (target) headers['X-Amz-Target'] = target;
  return fetch(`${endpoint}${path}`, { method: 'POST', headers, body });
}

async function collectFilter(client: CloudWatchLogsClient, input: FilterLogEventsCommandInput): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  for await (const page of paginateFilterLogEvents({ client }, input)) events.push(...(page.events ?? []));
  return events;
}

describe('CloudWatch Logs API through the real SDK', () => {
  let logs: LogsServer;
  let client: CloudWatchLogsClient;
  const streams = [lambdaLogStreamName(T0), lambdaLogStreamName(T0), lambdaLogStreamName(T0)];

  before(async () => {
    logs = await startLogsServer();
    client = logs.client();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    for (const [s, stream] of streams.entries()) {
      await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
      await client.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: stream,
          logEvents: Array.from({ length: 30 }, (_, i) => ({
            timestamp: T0 + i * 1000 + s,
            message: i % 5 === 0 ? JSON.stringify({ level: 'ERROR', status: 500 + s, stream: s }) : `INFO request ${i} from stream ${s}`,
          })),
        }),
      );
    }
  });
  after(() => logs.close());

  test('requests that are not CloudWatch Logs calls fall through to the next handler', async () => {
    const get = await fetch(`${logs.endpoint}/`);
    assert.equal(get.headers.get('x-test-fallthrough'), '1');
    const lambda = await rawCall(logs.endpoint, undefined, '{}', '/2015-03-31/functions/f/invocations');
    assert.equal(lambda.headers.get('x-test-fallthrough'), '1');
    const otherService = await rawCall(logs.endpoint, 'AWSLambda.Invoke', '{}');
    assert.equal(otherService.headers.get('x-test-fallthrough'), '1');
  });

  test('errors come back in AWS JSON 1.1 shape', async () => {
    const unknown = await rawCall(logs.endpoint, 'Logs_20140328.PutRetentionPolicyX', '{}');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal(((await unknown.json()) as { __type: string }).__type, 'UnknownOperationException');
    const missing = await rawCall(logs.endpoint, 'Logs_20140328.DescribeLogStreams', '{"logGroupName":"/nope"}');
    assert.deepEqual(await missing.json(), { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    assert.equal(missing.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
    const garbage = await rawCall(logs.endpoint, 'Logs_20140328.DescribeLogGroups', '{not json');
    assert.equal(((await garbage.json()) as { __type: string }).__type, 'SerializationException');
  });

  test('SDK exceptions: already exists, not found, invalid parameter', async () => {
    await assert.rejects(client.send(new CreateLogGroupCommand({ logGroupName: GROUP })), ResourceAlreadyExistsException);
    await assert.rejects(
      client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: streams[0] })),
      ResourceAlreadyExistsException,
    );
    await assert.rejects(
      client.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'nope' })),
      (error: unknown) => error instanceof ResourceNotFoundException && error.message === 'The specified log stream does not exist.',
    );
    await assert.rejects(
      client.send(new PutLogEventsCommand({ logGroupName: '/nope', logStreamName: 's', logEvents: [{ timestamp: NOW, message: 'x' }] })),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: streams[0],
          logEvents: [
            { timestamp: NOW, message: 'later' },
            { timestamp: NOW - 1, message: 'earlier' },
          ],
        }),
      ),
      (error: unknown) => error instanceof InvalidParameterException && /chronological/.test(error.message),
    );
    await assert.rejects(
      client.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '{ $.level = ' })),
      (error: unknown) => error instanceof InvalidParameterException && /^Invalid filter pattern/.test(error.message),
    );
    await assert.rejects(client.send(new FilterLogEventsCommand({ logGroupName: GROUP, nextToken: 'bogus' })), InvalidParameterException);
  });

  test('PutLogEvents rejects events too old or too new and stores the rest', async () => {
    const group = '/aws/lambda/edges';
    const DAY = 24 * 3600 * 1000;
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
    const result = await client.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's',
        logEvents: [
          { timestamp: NOW - 14 * DAY - 7_200_000, message: 'ancient' },
          { timestamp: NOW - 14 * DAY - 3_600_000, message: 'ancient too' },
          { timestamp: NOW - 14 * DAY + 3_600_000, message: 'ok' },
        ],
      }),
    );
    assert.deepEqual(result.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 2 });
    const future = await client.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's',
        logEvents: [
          { timestamp: NOW, message: 'now' },
          { timestamp: NOW + 3 * 3600 * 1000, message: 'future' },
        ],
      }),
    );
    assert.deepEqual(future.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 });
    const stored = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 's', startFromHead: true }));
    assert.deepEqual(stored.events?.map((e) => e.message), ['ok', 'now']);
    await assert.rejects(
      client.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 's',
          logEvents: [
            { timestamp: NOW - 2 * DAY, message: 'a' },
            { timestamp: NOW, message: 'b' },
          ],
        }),
      ),
      (error: unknown) => error instanceof InvalidParameterException && /24 hours/.test(error.message),
    );
  });

  test('DescribeLogGroups and DescribeLogStreams page with nextToken until exhausted', async () => {
    for (const fn of ['alpha', 'beta', 'gamma']) await client.send(new CreateLogGroupCommand({ logGroupName: lambdaLogGroupName(fn) }));
    const groups: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeLogGroups({ client, pageSize: 2 }, { logGroupNamePrefix: '/aws/lambda/' })) {
      groups.push(...(page.logGroups ?? []).map((g) => g.logGroupName as string));
      pages++;
    }
    assert.deepEqual(groups, ['/aws/lambda/alpha', '/aws/lambda/beta', '/aws/lambda/edges', '/aws/lambda/gamma', '/aws/lambda/orders']);
    assert.equal(pages, 3);

    const byName: string[] = [];
    for await (const page of paginateDescribeLogStreams({ client, pageSize: 1 }, { logGroupName: GROUP })) {
      assert.ok((page.logStreams ?? []).length <= 1);
      byName.push(...(page.logStreams ?? []).map((s) => s.logStreamName as string));
    }
    assert.deepEqual(byName, [...streams].sort());

    const latest = await client.send(
      new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: 'LastEventTime', descending: true, limit: 1 }),
    );
    const top = latest.logStreams?.[0];
    assert.equal(top?.logStreamName, streams[2], 'stream 2 has the newest event');
    assert.equal(top?.firstEventTimestamp, T0 + 2);
    assert.equal(top?.lastEventTimestamp, T0 + 29_000 + 2);
    assert.ok((top?.lastIngestionTime ?? 0) >= NOW - 60_000);
    assert.ok((top?.storedBytes ?? 0) > 0);
    assert.ok(latest.nextToken);

    const described = await client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'ORDERS' }));
    assert.equal(described.logGroups?.[0]?.logGroupName, GROUP);
    assert.equal(described.logGroups?.[0]?.arn, `arn:aws:logs:us-east-1:000000000000:log-group:${GROUP}:*`);
  });

  test('GetLogEvents: startFromHead, forward paging to the repeated token, backward paging', async () => {
    const forward: string[] = [];
    let pages = 0;
    for await (const page of paginateGetLogEvents(
      { client, pageSize: 7, stopOnSameToken: true },
      { logGroupName: GROUP, logStreamName: streams[1], startFromHead: true },
    )) {
      forward.push(...(page.events ?? []).map((e) => e.message as string));
      pages++;
    }
    assert.equal(forward.length, 30);
    assert.equal(forward[1], 'INFO request 1 from stream 1');
    assert.equal(pages, 6, '5 pages of events, then the empty page that repeats the token');

    const tail = await client.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[1], limit: 4 }));
    assert.deepEqual(tail.events?.map((e) => e.timestamp), [26, 27, 28, 29].map((i) => T0 + i * 1000 + 1));
    assert.match(tail.nextBackwardToken ?? '', /^b\/\d{56}$/);
    const earlier = await client.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[1], limit: 4, nextToken: tail.nextBackwardToken }),
    );
    assert.deepEqual(earlier.events?.map((e) => e.timestamp), [22, 23, 24, 25].map((i) => T0 + i * 1000 + 1));

    const windowed = await client.send(
      new GetLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: streams[1],
        startTime: T0 + 10_000,
        endTime: T0 + 13_000,
        startFromHead: true,
      }),
    );
    assert.deepEqual(windowed.events?.map((e) => e.timestamp), [10, 11, 12].map((i) => T0 + i * 1000 + 1));
  });

  test('FilterLogEvents: patterns, stream names, time windows and paging', async () => {
    const all = await collectFilter(client, { logGroupName: GROUP, limit: 8 });
    assert.equal(all.length, 90);
    assert.ok(all.every((e, i) => i === 0 || (e.timestamp as number) >= (all[i - 1].timestamp as number)));
    assert.equal(new Set(all.map((e) => e.eventId)).size, 90);

    const errors = await collectFilter(client, { logGroupName: GROUP, filterPattern: '{ $.level = "ERROR" && $.status >= 501 }' });
    assert.equal(errors.length, 12);
    assert.ok(errors.every((e) => e.logStreamName !== streams[0]));

    const terms = await collectFilter(client, { logGroupName: GROUP, filterPattern: '"from stream 1" -"request 2"' });
    assert.equal(terms.length, 15, '24 INFO lines of stream 1, less requests 2 and 21–29 (25 is an ERROR line)');

    const named = await collectFilter(client, {
      logGroupIdentifier: `arn:aws:logs:us-east-1:000000000000:log-group:${GROUP}`,
      logStreamNames: [streams[0]],
      startTime: T0 + 5000,
      endTime: T0 + 9000,
    });
    assert.deepEqual(named.map((e) => e.timestamp), [5, 6, 7, 8, 9].map((i) => T0 + i * 1000));
    assert.ok(named.every((e) => e.logStreamName === streams[0]));
  });
});

describe('page limits through the SDK', () => {
  let logs: LogsServer;
  let client: CloudWatchLogsClient;
  before(async () => {
    logs = await startLogsServer();
    client = logs.client();
  });
  after(() => logs.close());

  test('a page holds at most 10,000 events (the real limit)', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 'bulk' }));
    for (let batch = 0; batch < 2; batch++) {
      await client.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: 'bulk',
          logEvents: Array.from({ length: 6000 }, (_, i) => ({ timestamp: T0 + batch * 6000 + i, message: `n${batch * 6000 + i}` })),
        }),
      );
    }
    const first = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    assert.equal(first.events?.length, 10_000);
    assert.ok(first.nextToken);
    const second = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP, nextToken: first.nextToken }));
    assert.equal(second.events?.length, 2000);
    assert.equal(second.nextToken, undefined);
    assert.equal(second.events?.[0].message, 'n10000');
    const head = await client.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'bulk', startFromHead: true }));
    assert.equal(head.events?.length, 10_000);
    await assert.rejects(client.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 10_001 })), InvalidParameterException);
  });

  test('a page holds at most 1 MB of events (the real limit)', async () => {
    const group = '/aws/lambda/big';
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
    for (let batch = 0; batch < 3; batch++) {
      await client.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 's',
          logEvents: [0, 1].map((i) => ({ timestamp: T0 + batch * 2 + i, message: `${batch * 2 + i}`.padEnd(250_000, '.') })),
        }),
      );
    }
    const first = await client.send(new FilterLogEventsCommand({ logGroupName: group }));
    assert.equal(first.events?.length, 4, '4 × 250,026 bytes fit in 1,048,576; a 5th would not');
    const rest = await client.send(new FilterLogEventsCommand({ logGroupName: group, nextToken: first.nextToken }));
    assert.equal(rest.events?.length, 2);
    assert.equal(rest.events?.[0].message?.[0], '4');
  });

  test('injected small limits page the same way through the API', async () => {
    const small = await startLogsServer({ pageLimits: { maxEvents: 3, maxBytes: 400, maxScanned: 5 } });
    try {
      const c = small.client();
      await c.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
      await c.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 's' }));
      await c.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: 's',
          logEvents: Array.from({ length: 20 }, (_, i) => ({ timestamp: T0 + i, message: i === 17 ? 'needle' : 'x'.repeat(i < 5 ? 174 : 10) })),
        }),
      );
      const bytePage = await c.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
      assert.equal(bytePage.events?.length, 2, '2 × 200 bytes fill the 400-byte cap');
      const eventPage = await c.send(new FilterLogEventsCommand({ logGroupName: GROUP, startTime: T0 + 5 }));
      assert.equal(eventPage.events?.length, 3);
      const needle = await c.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: 'needle' }));
      assert.deepEqual(needle.events, [], 'the scan budget ran out before the match');
      assert.ok(needle.nextToken, 'an empty page still carries a nextToken');
      const found = await collectFilter(c, { logGroupName: GROUP, filterPattern: 'needle' });
      assert.deepEqual(found.map((e) => e.message), ['needle']);
    } finally {
      await small.close();
    }
  });
});

describe('fault injection', () => {
  test('every nth call gets ThrottlingException, surfaced by the SDK; retries recover', async () => {
    const logs = await startLogsServer({}, { throttleEvery: 2 });
    try {
      const noRetry = logs.client({ maxAttempts: 1 });
      await noRetry.send(new DescribeLogGroupsCommand({}));
      await assert.rejects(
        noRetry.send(new DescribeLogGroupsCommand({})),
        (error: unknown) => error instanceof ThrottlingException && error.message === 'Rate exceeded' && error.$metadata.httpStatusCode === 400,
      );
      const retrying = logs.client({ maxAttempts: 3 });
      await retrying.send(new DescribeLogGroupsCommand({}));
      const result = await retrying.send(new DescribeLogGroupsCommand({}));
      assert.equal(result.$metadata.attempts, 2, 'the throttled attempt was retried');
    } finally {
      await logs.close();
    }
  });
});

describe('Live Tail', () => {
  async function nextEvent(iterator: AsyncIterator<StartLiveTailResponseStream>): Promise<StartLiveTailResponseStream> {
    const { value, done } = await iterator.next();
    assert.ok(!done, 'the stream ended early');
    return value;
  }

  test('the SDK reads sessionStart and sessionUpdate events with matching new events', async () => {
    const logs = await startLogsServer({}, { liveTail: { updateIntervalMs: 50 } });
    const abort = new AbortController();
    try {
      const client = logs.client();
      await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
      await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 's' }));
      const response = await client.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [`arn:aws:logs:us-east-1:000000000000:log-group:${GROUP}`],
          logEventFilterPattern: 'ERROR',
        }),
        { abortSignal: abort.signal },
      );
      const iterator = (response.responseStream as AsyncIterable<StartLiveTailResponseStream>)[Symbol.asyncIterator]();
      const start = await nextEvent(iterator);
      assert.equal(start.sessionStart?.logEventFilterPattern, 'ERROR');
      assert.ok(start.sessionStart?.sessionId);
      await client.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: 's',
          logEvents: [
            { timestamp: NOW, message: 'INFO skip me' },
            { timestamp: NOW + 1, message: 'ERROR catch me' },
          ],
        }),
      );
      const seen: string[] = [];
      for (let i = 0; i < 200 && seen.length === 0; i++) {
        const update = await nextEvent(iterator);
        assert.ok(update.sessionUpdate, 'after the start come updates');
        assert.equal(update.sessionUpdate.sessionMetadata?.sampled, false);
        seen.push(...(update.sessionUpdate.sessionResults ?? []).map((r) => `${r.logStreamName}:${r.message}`));
      }
      assert.deepEqual(seen, ['s:ERROR catch me']);
    } finally {
      abort.abort();
      await logs.close();
    }
  });

  test('the session ends with SessionTimeoutException; a missing group is ResourceNotFoundException', async () => {
    const logs = await startLogsServer({}, { liveTail: { updateIntervalMs: 50, maxDurationMs: 300 } });
    try {
      const client = logs.client();
      await assert.rejects(client.send(new StartLiveTailCommand({ logGroupIdentifiers: ['/aws/lambda/none'] })), ResourceNotFoundException);
      await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
      const response = await client.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP] }));
      const kinds: string[] = [];
      await assert.rejects(async () => {
        for await (const event of response.responseStream as AsyncIterable<StartLiveTailResponseStream>) {
          kinds.push(Object.keys(event).filter((k) => k !== '$unknown')[0]);
        }
      }, SessionTimeoutException);
      assert.equal(kinds[0], 'sessionStart');
      assert.ok(kinds.slice(1).every((k) => k === 'sessionUpdate'));
    } finally {
      await logs.close();
    }
  });

  test('the event-stream framing round-trips with valid CRCs', () => {
    const frames = decodeEventStreamMessages(Buffer.concat([encodeEvent('sessionUpdate', { a: 1 }), encodeException('SessionTimeoutException', 'bye')]));
    assert.deepEqual(frames[0].headers, { ':message-type': 'event', ':event-type': 'sessionUpdate', ':content-type': 'application/json' });
    assert.deepEqual(JSON.parse(frames[0].payload.toString()), { a: 1 });
    assert.equal(frames[1].headers[':exception-type'], 'SessionTimeoutException');
    const corrupt = encodeEvent('x', {});
    corrupt[corrupt.length - 6] ^= 0xff;
    assert.throws(() => decodeEventStreamMessages(corrupt), /CRC/);
  });
});
