import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { S3BatchEvent, S3Event, S3ObjectCreatedNotificationEvent } from 'aws-lambda';
import { generateEvent } from '../../../../src/core/events';
import { encodeS3Key } from '../../../../src/core/events/aws/s3';

const gen = <T>(name: string, params: Record<string, string> = {}): T => generateEvent(name, params) as T;

test('aws:s3-put names the bucket and key given', () => {
  const event = gen<S3Event>('aws:s3-put', { bucket: 'photos', key: 'cat.jpg', size: '2048', time: '2024-05-01T12:00:00Z', region: 'eu-central-1' });
  const record = event.Records[0];
  assert.equal(event.Records.length, 1);
  assert.equal(record.eventSource, 'aws:s3');
  assert.equal(record.eventName, 'ObjectCreated:Put');
  assert.equal(record.eventTime, '2024-05-01T12:00:00.000Z');
  assert.equal(record.awsRegion, 'eu-central-1');
  assert.equal(record.s3.bucket.name, 'photos');
  assert.equal(record.s3.bucket.arn, 'arn:aws:s3:::photos');
  assert.equal(record.s3.object.key, 'cat.jpg');
  assert.equal(record.s3.object.size, 2048);
  assert.match(record.s3.object.eTag, /^[0-9a-f]{32}$/);
  assert.match(record.s3.object.sequencer, /^[0-9A-F]{16,}$/);
  assert.equal(record.s3.object.versionId, undefined);
  assert.match(record.responseElements['x-amz-request-id'], /^[0-9A-F]{16}$/);
});

test('aws:s3-put URL-encodes the key as S3 does and carries a version id when given', () => {
  const event = gen<S3Event>('aws:s3-put', { key: 'my photos/summer day.jpg', versionId: 'v-123', eventName: 'ObjectCreated:Copy' });
  assert.equal(event.Records[0].s3.object.key, 'my+photos/summer+day.jpg');
  assert.equal(event.Records[0].s3.object.versionId, 'v-123');
  assert.equal(event.Records[0].eventName, 'ObjectCreated:Copy');
  assert.equal(encodeS3Key('a/ü & b.txt'), 'a/%C3%BC+%26+b.txt');
});

test('aws:s3-delete has only key and sequencer on the object', () => {
  const event = gen<S3Event>('aws:s3-delete', { bucket: 'logs', key: 'old.log' });
  const record = event.Records[0];
  assert.equal(record.eventName, 'ObjectRemoved:Delete');
  assert.equal(record.s3.bucket.name, 'logs');
  assert.equal(record.s3.object.key, 'old.log');
  assert.deepEqual(Object.keys(record.s3.object).sort(), ['key', 'sequencer']);
});

test('aws:s3-eventbridge is an "Object Created" EventBridge event', () => {
  const event = gen<S3ObjectCreatedNotificationEvent>('aws:s3-eventbridge', { bucket: 'media', key: 'a b.png', size: '10', time: '2024-05-01T12:00:00.999Z' });
  assert.equal(event.source, 'aws.s3');
  assert.equal(event['detail-type'], 'Object Created');
  assert.equal(event.time, '2024-05-01T12:00:00Z');
  assert.deepEqual(event.resources, ['arn:aws:s3:::media']);
  assert.equal(event.detail.bucket.name, 'media');
  assert.equal(event.detail.object.key, 'a b.png');
  assert.equal(event.detail.object.size, 10);
  assert.equal(event.detail.reason, 'PutObject');
});

test('aws:s3-batch has one task per key with the bucket ARN', () => {
  const event = gen<S3BatchEvent>('aws:s3-batch', { bucket: 'archive', key: 'data/file.csv', count: '3', jobId: 'job-1' });
  assert.equal(event.invocationSchemaVersion, '1.0');
  assert.equal(event.job.id, 'job-1');
  assert.ok(event.invocationId.length > 20);
  assert.deepEqual(event.tasks.map((t) => t.s3Key), ['data/file.csv', 'data/file-2.csv', 'data/file-3.csv']);
  assert.ok(event.tasks.every((t) => t.s3BucketArn === 'arn:aws:s3:::archive' && t.s3VersionId === null && t.taskId.length > 0));
  assert.equal(new Set(event.tasks.map((t) => t.taskId)).size, 3);
});
