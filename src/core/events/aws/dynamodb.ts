/** DynamoDB Streams records: an item inserted, modified or removed. */
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { digits, hex, now, parseTime } from '../ids';
import { defineEvent, param } from '../types';
import { asObject, isPlainObject } from '../values';
import { arn, awsAccount } from './common';

type Item = Record<string, AttributeValue>;

/** Plain JSON → DynamoDB's typed JSON (`{"S": …}`, `{"N": "42"}`, `{"M": …}`), as streams carry it. */
export function marshall(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(marshall) };
  if (isPlainObject(value)) return { M: marshallItem(value) };
  return { S: String(value) };
}

export function marshallItem(item: Record<string, unknown>): Item {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, marshall(value)]));
}

const table = param.string('table', 'table name', 'Orders');
const keys = param.json('keys', 'the item key attributes (plain JSON; also written into the images)', { orderId: '1234' });
const time = param.string('time', 'time of the change (ISO 8601)', now);
const newImage = param.json('newImage', 'the item after the change (plain JSON)', { orderId: '1234', status: 'shipped', total: 42.5, items: ['book', 'pen'] });
const oldImage = param.json('oldImage', 'the item before the change (plain JSON)', { orderId: '1234', status: 'created', total: 42.5, items: ['book', 'pen'] });

interface ChangeParams {
  table: string;
  keys: unknown;
  time: string;
  region: string;
  accountId: string;
}

function streamRecord(p: ChangeParams, eventName: 'INSERT' | 'MODIFY' | 'REMOVE', images: { NewImage?: unknown; OldImage?: unknown }): DynamoDBRecord {
  const keyValues = asObject(p.keys, 'keys');
  const Keys = marshallItem(keyValues);
  const withKeys = (image: unknown, name: string) => marshallItem({ ...asObject(image, name), ...keyValues });
  const NewImage = images.NewImage === undefined ? undefined : withKeys(images.NewImage, 'newImage');
  const OldImage = images.OldImage === undefined ? undefined : withKeys(images.OldImage, 'oldImage');
  return {
    eventID: hex(16),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: p.region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(parseTime(p.time).getTime() / 1000),
      Keys,
      ...(NewImage ? { NewImage } : {}),
      ...(OldImage ? { OldImage } : {}),
      SequenceNumber: digits(21),
      SizeBytes: JSON.stringify({ Keys, NewImage, OldImage }).length,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: arn('dynamodb', p.region, p.accountId, `table/${p.table}/stream/2024-01-01T00:00:00.000`),
  };
}

export const dynamodbInsert = defineEvent({
  name: 'aws:dynamodb-insert',
  provider: 'aws',
  description: 'DynamoDB Streams record: item inserted (NEW_AND_OLD_IMAGES)',
  parameters: [table, keys, param.json('newImage', 'the new item (plain JSON)', { orderId: '1234', status: 'created', total: 42.5, items: ['book', 'pen'] }), time, ...awsAccount],
  generate: (p): DynamoDBStreamEvent => ({ Records: [streamRecord(p, 'INSERT', { NewImage: p.newImage })] }),
});

export const dynamodbModify = defineEvent({
  name: 'aws:dynamodb-modify',
  provider: 'aws',
  description: 'DynamoDB Streams record: item modified (old and new images)',
  parameters: [table, keys, oldImage, newImage, time, ...awsAccount],
  generate: (p): DynamoDBStreamEvent => ({ Records: [streamRecord(p, 'MODIFY', { OldImage: p.oldImage, NewImage: p.newImage })] }),
});

export const dynamodbRemove = defineEvent({
  name: 'aws:dynamodb-remove',
  provider: 'aws',
  description: 'DynamoDB Streams record: item removed (by a user, or by TTL expiry)',
  parameters: [table, keys, oldImage, param.boolean('ttl', 'removed by Time To Live (userIdentity is the DynamoDB service)', false), time, ...awsAccount],
  generate: (p): DynamoDBStreamEvent => {
    const removed = streamRecord(p, 'REMOVE', { OldImage: p.oldImage });
    return { Records: [p.ttl ? { ...removed, userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : removed] };
  },
});
