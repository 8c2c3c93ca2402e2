/** S3 notifications (direct and through EventBridge) and S3 Batch Operations tasks. */
import type { S3BatchEvent, S3Event, S3EventRecord, S3ObjectCreatedNotificationEvent } from 'aws-lambda';
import { base64Random, freshUuid, hex, isoSeconds, now, parseTime, token, uuid } from '../ids';
import { defineEvent, generated, param } from '../types';
import { asCount } from '../values';
import { awsAccount } from './common';

const bucket = param.string('bucket', 'bucket name', 'example-bucket');
const key = param.string('key', 'object key (URL-encoded in the event, as S3 does: spaces become +)', 'photos/cat.jpg');
const versionId = param.string('versionId', 'object version id (empty when the bucket is not versioned)', '');
const sourceIp = param.string('sourceIp', "the requester's IP address", '203.0.113.10');
const time = param.string('time', 'event time (ISO 8601)', now);

/** S3 writes keys into notifications form-encoded, so a handler must decode them. */
export function encodeS3Key(objectKey: string): string {
  return objectKey
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

interface RecordParams {
  bucket: string;
  key: string;
  versionId: string;
  sourceIp: string;
  time: string;
  region: string;
  accountId: string;
}

function record(p: RecordParams, eventName: string, object: S3EventRecord['s3']['object']): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: p.region,
    eventTime: parseTime(p.time).toISOString(),
    eventName,
    userIdentity: { principalId: `AWS:AIDA${token(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}` },
    requestParameters: { sourceIPAddress: p.sourceIp },
    responseElements: { 'x-amz-request-id': hex(8, true), 'x-amz-id-2': base64Random(54) },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'lambda-notification',
      bucket: { name: p.bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${p.bucket}` },
      object,
    },
  };
}

const sequencer = () => hex(9, true).slice(0, 18);

export const s3Put = defineEvent({
  name: 'aws:s3-put',
  provider: 'aws',
  description: 'S3 object created notification (ObjectCreated:Put)',
  parameters: [
    bucket,
    key,
    param.number('size', 'object size in bytes', 1024),
    param.string('eTag', 'object ETag (MD5 of the content for single-part uploads)', generated('a random MD5', () => hex(16))),
    param.string('eventName', 'ObjectCreated:Put, ObjectCreated:Post, ObjectCreated:Copy or ObjectCreated:CompleteMultipartUpload', 'ObjectCreated:Put'),
    versionId,
    sourceIp,
    time,
    ...awsAccount,
  ],
  generate: (p): S3Event => ({
    Records: [
      record(p, p.eventName, {
        key: encodeS3Key(p.key),
        size: asCount(p.size, 'size', 0, Number.MAX_SAFE_INTEGER),
        eTag: p.eTag,
        ...(p.versionId ? { versionId: p.versionId } : {}),
        sequencer: sequencer(),
      }),
    ],
  }),
});

/** A deleted object has no size or ETag: S3 sends only the key, version and sequencer. */
type S3DeleteRecord = Omit<S3EventRecord, 's3'> & {
  s3: Omit<S3EventRecord['s3'], 'object'> & { object: Pick<S3EventRecord['s3']['object'], 'key' | 'versionId' | 'sequencer'> };
};

export const s3Delete = defineEvent({
  name: 'aws:s3-delete',
  provider: 'aws',
  description: 'S3 object removed notification (ObjectRemoved:Delete)',
  parameters: [
    bucket,
    key,
    param.string('eventName', 'ObjectRemoved:Delete or ObjectRemoved:DeleteMarkerCreated', 'ObjectRemoved:Delete'),
    versionId,
    sourceIp,
    time,
    ...awsAccount,
  ],
  generate: (p): { Records: S3DeleteRecord[] } => {
    const { s3, ...rest } = record(p, p.eventName, { key: '', size: 0, eTag: '', sequencer: '' });
    return {
      Records: [
        {
          ...rest,
          s3: { ...s3, object: { key: encodeS3Key(p.key), ...(p.versionId ? { versionId: p.versionId } : {}), sequencer: sequencer() } },
        },
      ],
    };
  },
});

type CreatedDetail = S3ObjectCreatedNotificationEvent['detail'];
/** S3 leaves out version-id when the bucket is not versioned. */
type S3EventBridgeCreated = Omit<S3ObjectCreatedNotificationEvent, 'detail'> & {
  detail: Omit<CreatedDetail, 'object'> & { object: Omit<CreatedDetail['object'], 'version-id'> & { 'version-id'?: string } };
};

export const s3EventBridge = defineEvent({
  name: 'aws:s3-eventbridge',
  provider: 'aws',
  description: 'S3 "Object Created" event delivered through EventBridge',
  parameters: [bucket, param.string('key', 'object key', 'photos/cat.jpg'), param.number('size', 'object size in bytes', 1024), versionId, sourceIp, time, ...awsAccount],
  generate: (p): S3EventBridgeCreated => ({
    version: '0',
    id: uuid(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: p.accountId,
    time: isoSeconds(parseTime(p.time)),
    region: p.region,
    resources: [`arn:aws:s3:::${p.bucket}`],
    detail: {
      version: '0',
      bucket: { name: p.bucket },
      object: {
        key: p.key,
        size: asCount(p.size, 'size', 0, Number.MAX_SAFE_INTEGER),
        etag: hex(16),
        ...(p.versionId ? { 'version-id': p.versionId } : {}),
        sequencer: sequencer(),
      },
      'request-id': hex(8, true),
      requester: p.accountId,
      'source-ip-address': p.sourceIp,
      reason: 'PutObject',
    },
  }),
});

export const s3Batch = defineEvent({
  name: 'aws:s3-batch',
  provider: 'aws',
  description: 'S3 Batch Operations "Invoke Lambda function" task (schema 1.0)',
  parameters: [
    bucket,
    param.string('key', 'object key of the first task', 'reports/2024/summary.csv'),
    param.number('count', 'number of tasks (keys get a -N suffix after the first)', 1),
    param.string('jobId', 'batch job id', freshUuid),
  ],
  generate: (p): S3BatchEvent => ({
    invocationSchemaVersion: '1.0',
    invocationId: base64Random(48),
    job: { id: p.jobId },
    tasks: Array.from({ length: asCount(p.count, 'count', 1, 1000) }, (_, i) => ({
      taskId: base64Random(24),
      s3Key: i === 0 ? p.key : p.key.replace(/(\.[^./]*)?$/, `-${i + 1}$1`),
      s3VersionId: null,
      s3BucketArn: `arn:aws:s3:::${p.bucket}`,
    })),
  }),
});
