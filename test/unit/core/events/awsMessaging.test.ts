import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { EventBridgeEvent, ScheduledEvent, SESEvent, SNSEvent, SQSEvent } from 'aws-lambda';
import { generateEvent } from '../../../../src/core/events';
import { md5OfMessageAttributes } from '../../../../src/core/events/aws/sqs';

const gen = <T>(name: string, params: Record<string, string> = {}): T => generateEvent(name, params) as T;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

test('aws:sqs is one record with the body, a real MD5 and the queue ARN', () => {
  const event = gen<SQSEvent>('aws:sqs', { body: 'hello', queue: 'jobs', messageId: 'm-1', time: '2024-05-01T12:00:00Z', accountId: '111122223333' });
  assert.equal(event.Records.length, 1);
  const record = event.Records[0];
  assert.equal(record.body, 'hello');
  assert.equal(record.messageId, 'm-1');
  assert.equal(record.md5OfBody, md5('hello'));
  assert.equal(record.eventSource, 'aws:sqs');
  assert.equal(record.eventSourceARN, 'arn:aws:sqs:us-east-1:111122223333:jobs');
  assert.equal(record.attributes.SentTimestamp, String(Date.parse('2024-05-01T12:00:00Z')));
  assert.equal(record.attributes.ApproximateReceiveCount, '1');
  assert.match(record.receiptHandle, /^AQEB/);
  assert.deepEqual(record.messageAttributes, {});
  assert.equal(record.md5OfMessageAttributes, undefined);
});

test('aws:sqs message attributes are typed and hashed the way SQS does', () => {
  const event = gen<SQSEvent>('aws:sqs', { messageAttributes: '{"source":"web","priority":2}' });
  const record = event.Records[0];
  assert.equal(record.messageAttributes.source.dataType, 'String');
  assert.equal(record.messageAttributes.source.stringValue, 'web');
  assert.equal(record.messageAttributes.priority.dataType, 'Number');
  // Built by hand from SQS's documented encoding: names sorted, 4-byte big-endian lengths, transport byte 1.
  const part = (text: string) => {
    const bytes = Buffer.from(text);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const expected = createHash('md5')
    .update(Buffer.concat([part('priority'), part('Number'), Buffer.from([1]), part('2'), part('source'), part('String'), Buffer.from([1]), part('web')]))
    .digest('hex');
  assert.equal(record.md5OfMessageAttributes, expected);
  assert.equal(md5OfMessageAttributes(record.messageAttributes), expected);
});

test('aws:sqs-batch has count records with numbered bodies and distinct ids', () => {
  const event = gen<SQSEvent>('aws:sqs-batch', { count: '5', body: 'job {n}' });
  assert.equal(event.Records.length, 5);
  assert.deepEqual(event.Records.map((r) => r.body), ['job 1', 'job 2', 'job 3', 'job 4', 'job 5']);
  assert.equal(new Set(event.Records.map((r) => r.messageId)).size, 5);
  assert.ok(event.Records.every((r) => r.md5OfBody === md5(r.body)));
});

test('aws:sqs-fifo records carry group id, content-based dedup id and increasing sequence numbers', () => {
  const event = gen<SQSEvent>('aws:sqs-fifo', { count: '2', messageGroupId: 'g1' });
  const [a, b] = event.Records;
  assert.match(a.eventSourceARN, /:orders\.fifo$/);
  assert.equal(a.attributes.MessageGroupId, 'g1');
  assert.equal(a.attributes.MessageDeduplicationId, createHash('sha256').update(a.body).digest('hex'));
  assert.equal(BigInt(b.attributes.SequenceNumber ?? '0') - BigInt(a.attributes.SequenceNumber ?? '0'), 1n);
});

test('aws:sns carries topic, message, subject and attributes', () => {
  const event = gen<SNSEvent>('aws:sns', { topic: 'alerts', message: 'disk full', subject: 'Alert', messageAttributes: '{"severity":"high"}', messageId: 'sns-1' });
  const record = event.Records[0];
  assert.equal(record.EventSource, 'aws:sns');
  assert.equal(record.Sns.TopicArn, 'arn:aws:sns:us-east-1:123456789012:alerts');
  assert.ok(record.EventSubscriptionArn.startsWith('arn:aws:sns:us-east-1:123456789012:alerts:'));
  assert.equal(record.Sns.Message, 'disk full');
  assert.equal(record.Sns.Subject, 'Alert');
  assert.equal(record.Sns.MessageId, 'sns-1');
  assert.equal(record.Sns.Type, 'Notification');
  assert.deepEqual(record.Sns.MessageAttributes.severity, { Type: 'String', Value: 'high' });
  const noSubject = gen<SNSEvent>('aws:sns', { subject: '' });
  assert.equal(noSubject.Records[0].Sns.Subject, undefined);
});

test('aws:ses has mail headers and a Lambda receipt action', () => {
  const event = gen<SESEvent>('aws:ses', { from: 'a@x.test', to: 'b@y.test', subject: 'Hi' });
  const { mail, receipt } = event.Records[0].ses;
  assert.equal(event.Records[0].eventSource, 'aws:ses');
  assert.equal(mail.source, 'a@x.test');
  assert.deepEqual(mail.destination, ['b@y.test']);
  assert.equal(mail.commonHeaders.subject, 'Hi');
  assert.deepEqual(mail.commonHeaders.from, ['a@x.test']);
  assert.ok(mail.headers.some((h) => h.name === 'Subject' && h.value === 'Hi'));
  assert.equal(receipt.action.type, 'Lambda');
  assert.equal(receipt.spamVerdict.status, 'PASS');
});

test('aws:eventbridge-scheduled is a Scheduled Event from aws.events naming the rule', () => {
  const event = gen<ScheduledEvent>('aws:eventbridge-scheduled', { rule: 'hourly', id: 'evt-1', time: '2024-05-01T12:00:00.500Z' });
  assert.equal(event['detail-type'], 'Scheduled Event');
  assert.equal(event.source, 'aws.events');
  assert.equal(event.id, 'evt-1');
  assert.equal(event.time, '2024-05-01T12:00:00Z');
  assert.deepEqual(event.resources, ['arn:aws:events:us-east-1:123456789012:rule/hourly']);
  assert.deepEqual(event.detail, {});
});

test('aws:eventbridge carries a custom source, detail-type and detail', () => {
  const event = gen<EventBridgeEvent<string, { id: number }>>('aws:eventbridge', { source: 'my.app', detailType: 'Thing Happened', detail: '{"id":7}' });
  assert.equal(event.source, 'my.app');
  assert.equal(event['detail-type'], 'Thing Happened');
  assert.deepEqual(event.detail, { id: 7 });
  assert.equal(event.version, '0');
  assert.match(event.id, /^[0-9a-f-]{36}$/);
  assert.throws(() => generateEvent('aws:eventbridge', { resources: '"x"' }), /parameter "resources" must be a JSON array/);
});
