import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import type { TailEvent } from '../../../../src/core/logs/tailTypes';
import { eventCandidates, eventKind, eventPreview, objectInLine, suggestedEventName } from '../../../../src/extension/logs/eventExtraction';

const RID = '11111111-2222-3333-4444-555555555555';
let n = 0;
const node = (message: string): string => `2024-05-31T10:00:00.000Z\t${RID}\tINFO\t${message}`;
function lines(stream: string, messages: string[]): TailEvent[] {
  return messages.map((message) => ({ logGroupName: '/aws/lambda/fn', logStreamName: stream, timestamp: 1000 + n, message: `${message}\n`, eventId: String(n++) }));
}

const sqs = { Records: [{ messageId: 'm-1', eventSource: 'aws:sqs', body: '{"order":7}' }] };
const http = { version: '2.0', routeKey: 'GET /hello', rawPath: '/hello', requestContext: { http: { method: 'GET' } } };

test('objects in log lines: JSON, util.inspect text, after a short label, and in JSON-format records', () => {
  assert.deepEqual(objectInLine(node(JSON.stringify(sqs)))?.value, sqs);
  assert.equal(objectInLine(node(JSON.stringify(sqs)))?.requestId, RID);
  assert.deepEqual(objectInLine(node(inspect(http)))?.value, http);
  assert.equal(objectInLine(node(inspect(http)))?.format, 'inspect');
  const labelled = objectInLine(node(`Received event: ${JSON.stringify(http)}`));
  assert.deepEqual(labelled?.value, http);
  assert.equal(labelled?.labelled, true);
  // console.log('event', event) puts a space between them.
  assert.deepEqual(objectInLine(node(`event ${inspect({ a: 1 })}`))?.value, { a: 1 });
  const record = JSON.stringify({ timestamp: '2024-05-31T10:00:00.000Z', level: 'INFO', requestId: RID, message: sqs });
  assert.deepEqual(objectInLine(record)?.value, sqs);
  const stringified = JSON.stringify({ timestamp: '2024-05-31T10:00:00.000Z', level: 'INFO', requestId: RID, message: JSON.stringify(http) });
  assert.deepEqual(objectInLine(stringified)?.value, http);
  // Python's print(event): no prefix at all.
  assert.deepEqual(objectInLine("{'id': 1, 'ok': True}")?.value, { id: 1, ok: true });
});

test('not events: error payloads, empty objects, arrays, sentences with braces, long prefixes', () => {
  for (const message of [
    node('Invoke Error \t{"errorType":"TypeError","errorMessage":"x","stack":[]}'),
    node('{}'),
    node('[1,2,3]'),
    node('replaced {name} in the template {id}'),
    node(`${'a very long explanation of what happened before the object '.repeat(2)}{"a":1}`),
    node('config = {"a": 1} (cached)'),
  ]) {
    assert.equal(objectInLine(message), undefined, message);
  }
});

test('candidates: event-shaped and first-logged objects rank first, repeats once, newest first among equals', () => {
  const events = [
    ...lines('s1', [`START RequestId: ${RID} Version: $LATEST`, node(inspect(sqs)), node(JSON.stringify(sqs)), node(JSON.stringify({ row: 1 })), `END RequestId: ${RID}`]),
    ...lines('s1', [`START RequestId: ${RID} Version: $LATEST`, node(JSON.stringify({ user: 'u-1' })), node(JSON.stringify({ row: 2 }))]),
  ];
  const candidates = eventCandidates(events);
  assert.deepEqual(
    candidates.map((c) => c.event),
    [sqs, { user: 'u-1' }, { row: 2 }, { row: 1 }],
  );
  assert.equal(candidates[0].kind, 'SQS');
  assert.equal(candidates[0].format, 'json', 'printed both ways: the JSON copy is kept');
  assert.equal(suggestedEventName(candidates[0]), 'sqs-from-logs');
  assert.equal(suggestedEventName(candidates[1]), 'from-logs');
});

test('well-known event shapes are named', () => {
  assert.equal(eventKind(sqs), 'SQS');
  assert.equal(eventKind({ Records: [{ eventSource: 'aws:s3', s3: {} }] }), 'S3');
  assert.equal(eventKind({ Records: [{ EventSource: 'aws:sns', Sns: {} }] }), 'SNS');
  assert.equal(eventKind(http), 'API Gateway HTTP API');
  assert.equal(suggestedEventName({ kind: eventKind(http) }), 'http-api-from-logs');
  assert.equal(eventKind({ httpMethod: 'GET', resource: '/x', requestContext: { stage: 'dev' } }), 'API Gateway REST API');
  assert.equal(eventKind({ requestContext: { elb: { targetGroupArn: 'x' } }, httpMethod: 'GET' }), 'ALB');
  assert.equal(eventKind({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }), 'EventBridge');
  assert.equal(eventKind({ awslogs: { data: 'x' } }), 'CloudWatch Logs');
  assert.equal(eventKind({ id: 1 }), undefined);
  assert.equal(eventPreview({ a: 'x'.repeat(200) }, 20), '{"a":"xxxxxxxxxxxxx…');
});
