/** Kinesis Data Streams records and Kinesis Data Firehose transformation batches. */
import type { FirehoseTransformationEvent, KinesisStreamEvent } from 'aws-lambda';
import { digits, freshUuid, now, parseTime, toBase64 } from '../ids';
import { defineEvent, param } from '../types';
import { asCount } from '../values';
import { arn, awsAccount } from './common';

const count = param.number('count', 'number of records', 1);
const time = param.string('time', 'arrival time of the first record (ISO 8601)', now);

export const kinesis = defineEvent({
  name: 'aws:kinesis',
  provider: 'aws',
  description: 'Kinesis Data Streams records (data base64-encoded)',
  parameters: [
    param.string('stream', 'stream name', 'clickstream'),
    param.string('data', 'record data before base64; {n} is replaced with the record number', '{"userId":"user-{n}","action":"page_view","page":"/home"}'),
    param.string('partitionKey', 'partition key', 'user-1'),
    count,
    time,
    ...awsAccount,
  ],
  generate: (p): KinesisStreamEvent => {
    const arrival = parseTime(p.time).getTime();
    const firstSequence = BigInt(digits(56));
    return {
      Records: Array.from({ length: asCount(p.count, 'count') }, (_, i) => {
        const sequenceNumber = String(firstSequence + BigInt(i));
        return {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: p.partitionKey,
            sequenceNumber,
            data: toBase64(p.data.replaceAll('{n}', String(i + 1))),
            approximateArrivalTimestamp: (arrival + i * 5) / 1000,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `shardId-000000000000:${sequenceNumber}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: arn('iam', '', p.accountId, 'role/lambda-kinesis-role'),
          awsRegion: p.region,
          eventSourceARN: arn('kinesis', p.region, p.accountId, `stream/${p.stream}`),
        };
      }),
    };
  },
});

export const firehose = defineEvent({
  name: 'aws:firehose',
  provider: 'aws',
  description: 'Kinesis Data Firehose data transformation batch',
  parameters: [
    param.string('deliveryStream', 'delivery stream name', 'events-to-s3'),
    param.string('data', 'record data before base64; {n} is replaced with the record number', '{"ticker":"AMZN","price":{n}0.5}'),
    count,
    param.string('invocationId', 'invocation id', freshUuid),
    time,
    ...awsAccount,
  ],
  generate: (p): FirehoseTransformationEvent => {
    const arrival = parseTime(p.time).getTime();
    return {
      invocationId: p.invocationId,
      deliveryStreamArn: arn('firehose', p.region, p.accountId, `deliverystream/${p.deliveryStream}`),
      region: p.region,
      records: Array.from({ length: asCount(p.count, 'count') }, (_, i) => ({
        recordId: `${digits(56)}000000000000`,
        approximateArrivalTimestamp: arrival + i * 5,
        data: toBase64(p.data.replaceAll('{n}', String(i + 1))),
      })),
    };
  },
});
