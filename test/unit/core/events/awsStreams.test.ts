import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type {
  CloudWatchAlarmEvent,
  CloudWatchLogsDecodedData,
  CloudWatchLogsEvent,
  DynamoDBStreamEvent,
  FirehoseTransformationEvent,
  KinesisStreamEvent,
  MSKEvent,
  SelfManagedKafkaEvent,
} from 'aws-lambda';
import { generateEvent } from '../../../../src/core/events';
import { marshall } from '../../../../src/core/events/aws/dynamodb';

const gen = <T>(name: string, params: Record<string, string> = {}): T => generateEvent(name, params) as T;
const fromBase64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

test('aws:cloudwatch-logs decodes (base64 → gunzip → JSON) to the log events given', () => {
  const event = gen<CloudWatchLogsEvent>('aws:cloudwatch-logs', {
    messages: '["first line","second line"]',
    logGroup: '/aws/lambda/demo',
    time: '2024-05-01T12:00:00Z',
  });
  assert.deepEqual(Object.keys(event), ['awslogs']);
  const decoded = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as CloudWatchLogsDecodedData;
  assert.equal(decoded.messageType, 'DATA_MESSAGE');
  assert.equal(decoded.logGroup, '/aws/lambda/demo');
  assert.equal(decoded.owner, '123456789012');
  assert.deepEqual(decoded.subscriptionFilters, ['errors-to-lambda']);
  assert.deepEqual(decoded.logEvents.map((e) => e.message), ['first line', 'second line']);
  assert.equal(decoded.logEvents[0].timestamp, Date.parse('2024-05-01T12:00:00Z'));
  assert.ok(decoded.logEvents.every((e) => /^\d{56}$/.test(e.id)));
});

test('aws:dynamodb-insert has Keys and a typed NewImage, no OldImage', () => {
  const event = gen<DynamoDBStreamEvent>('aws:dynamodb-insert', { table: 'Users', keys: '{"pk":"u#1"}', newImage: '{"name":"Ann","age":30,"admin":false,"tags":["a"],"meta":{"x":null}}' });
  const record = event.Records[0];
  assert.equal(record.eventName, 'INSERT');
  assert.equal(record.eventSource, 'aws:dynamodb');
  assert.match(record.eventSourceARN ?? '', /^arn:aws:dynamodb:us-east-1:123456789012:table\/Users\/stream\//);
  assert.deepEqual(record.dynamodb?.Keys, { pk: { S: 'u#1' } });
  assert.deepEqual(record.dynamodb?.NewImage, {
    name: { S: 'Ann' },
    age: { N: '30' },
    admin: { BOOL: false },
    tags: { L: [{ S: 'a' }] },
    meta: { M: { x: { NULL: true } } },
    pk: { S: 'u#1' },
  });
  assert.equal(record.dynamodb?.OldImage, undefined);
  assert.equal(record.dynamodb?.StreamViewType, 'NEW_AND_OLD_IMAGES');
});

test('aws:dynamodb-modify has both images', () => {
  const event = gen<DynamoDBStreamEvent>('aws:dynamodb-modify', { oldImage: '{"status":"a"}', newImage: '{"status":"b"}', time: '2024-05-01T12:00:00Z' });
  const stream = event.Records[0].dynamodb;
  assert.equal(event.Records[0].eventName, 'MODIFY');
  assert.equal(stream?.OldImage?.status.S, 'a');
  assert.equal(stream?.NewImage?.status.S, 'b');
  assert.equal(stream?.ApproximateCreationDateTime, Date.parse('2024-05-01T12:00:00Z') / 1000);
  assert.match(stream?.SequenceNumber ?? '', /^\d{21}$/);
});

test('aws:dynamodb-remove has only the OldImage, and a service identity for TTL', () => {
  const event = gen<DynamoDBStreamEvent>('aws:dynamodb-remove');
  assert.equal(event.Records[0].eventName, 'REMOVE');
  assert.ok(event.Records[0].dynamodb?.OldImage);
  assert.equal(event.Records[0].dynamodb?.NewImage, undefined);
  assert.equal(event.Records[0].userIdentity, undefined);
  const ttl = gen<DynamoDBStreamEvent>('aws:dynamodb-remove', { ttl: 'true' });
  assert.deepEqual(ttl.Records[0].userIdentity, { type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  assert.deepEqual(marshall(1.5), { N: '1.5' });
});

test('aws:kinesis records carry base64 data and increasing sequence numbers', () => {
  const event = gen<KinesisStreamEvent>('aws:kinesis', { data: 'rec {n}', count: '2', stream: 'clicks', partitionKey: 'pk' });
  assert.equal(event.Records.length, 2);
  assert.deepEqual(event.Records.map((r) => fromBase64(r.kinesis.data)), ['rec 1', 'rec 2']);
  const [a, b] = event.Records;
  assert.equal(a.eventSource, 'aws:kinesis');
  assert.equal(a.eventName, 'aws:kinesis:record');
  assert.equal(a.kinesis.partitionKey, 'pk');
  assert.equal(a.eventSourceARN, 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks');
  assert.equal(BigInt(b.kinesis.sequenceNumber) - BigInt(a.kinesis.sequenceNumber), 1n);
  assert.equal(a.eventID, `shardId-000000000000:${a.kinesis.sequenceNumber}`);
});

test('aws:firehose is a transformation batch with base64 records', () => {
  const event = gen<FirehoseTransformationEvent>('aws:firehose', { data: 'row {n}', count: '3', invocationId: 'inv-1', deliveryStream: 'to-s3' });
  assert.equal(event.invocationId, 'inv-1');
  assert.equal(event.deliveryStreamArn, 'arn:aws:firehose:us-east-1:123456789012:deliverystream/to-s3');
  assert.equal(event.records.length, 3);
  assert.deepEqual(event.records.map((r) => fromBase64(r.data)), ['row 1', 'row 2', 'row 3']);
  assert.equal(new Set(event.records.map((r) => r.recordId)).size, 3);
});

test('aws:msk groups records by topic-partition with base64 key, value and byte headers', () => {
  const event = gen<MSKEvent>('aws:msk', { topic: 'payments', partition: '2', offset: '40', count: '2', headers: '{"h":"v"}', key: 'k1', value: 'v{n}' });
  assert.equal(event.eventSource, 'aws:kafka');
  assert.match(event.eventSourceArn, /^arn:aws:kafka:us-east-1:123456789012:cluster\/orders-cluster\//);
  const records = event.records['payments-2'];
  assert.equal(records.length, 2);
  assert.deepEqual(records.map((r) => r.offset), [40, 41]);
  assert.equal(fromBase64(records[0].key), 'k1');
  assert.equal(fromBase64(records[1].value), 'v2');
  assert.deepEqual(records[0].headers, [{ h: [118] }]);
  assert.equal(records[0].timestampType, 'CREATE_TIME');
});

test('aws:kafka (self-managed) names its bootstrap servers', () => {
  const event = gen<SelfManagedKafkaEvent>('aws:kafka', { bootstrapServers: 'k:9092' });
  assert.equal(event.eventSource, 'SelfManagedKafka');
  assert.equal(event.bootstrapServers, 'k:9092');
  assert.equal(event.records['orders-0'].length, 1);
});

test('aws:cloudwatch-alarm carries the alarm, states and metric', () => {
  const event = gen<CloudWatchAlarmEvent>('aws:cloudwatch-alarm', { alarmName: 'high-errors', state: 'ALARM', previousState: 'OK', functionName: 'api' });
  assert.equal(event.source, 'aws.cloudwatch');
  assert.equal(event.alarmArn, 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:high-errors');
  assert.equal(event.alarmData.state.value, 'ALARM');
  assert.equal(event.alarmData.previousState.value, 'OK');
  const config = event.alarmData.configuration;
  assert.ok('metrics' in config);
  const metric = config.metrics[0];
  assert.ok('metricStat' in metric);
  assert.deepEqual(metric.metricStat.metric.dimensions, { FunctionName: 'api' });
});
