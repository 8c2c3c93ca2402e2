/** SQS messages delivered by the Lambda event source mapping (standard and FIFO queues). */
import { createHash } from 'node:crypto';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { base64Random, digits, freshUuid, md5Hex, now, parseTime, uuid } from '../ids';
import { defineEvent, param } from '../types';
import { asCount, asObject } from '../values';
import { arn, awsAccount } from './common';

/** Scalars only: numbers become `Number` attributes, everything else `String`. */
export function sqsMessageAttributes(value: unknown): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, item] of Object.entries(asObject(value, 'messageAttributes'))) {
    out[name] = {
      stringValue: String(item),
      stringListValues: [],
      binaryListValues: [],
      dataType: typeof item === 'number' ? 'Number' : 'String',
    };
  }
  return out;
}

/**
 * SQS's MD5 of message attributes: for each attribute in name order, length-prefixed name, data
 * type, a transport byte (1 string, 2 binary) and length-prefixed value. Handlers that verify
 * messages check this, so it is computed rather than made up.
 */
export function md5OfMessageAttributes(attributes: SQSMessageAttributes): string {
  const hash = createHash('md5');
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(attribute.dataType, 'utf8'));
    if (attribute.binaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(attribute.binaryValue, 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(attribute.stringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

interface RecordOptions {
  queue: string;
  body: string;
  messageId: string;
  attributes: SQSMessageAttributes;
  sent: Date;
  receiveCount: number;
  region: string;
  accountId: string;
  fifo?: { groupId: string; sequenceNumber: string };
}

function sqsRecord(o: RecordOptions): SQSRecord {
  const sentMs = o.sent.getTime();
  const hasAttributes = Object.keys(o.attributes).length > 0;
  return {
    messageId: o.messageId,
    receiptHandle: `AQEB${base64Random(180)}`,
    body: o.body,
    attributes: {
      ApproximateReceiveCount: String(o.receiveCount),
      ...(o.fifo
        ? {
            MessageGroupId: o.fifo.groupId,
            // Content-based de-duplication: the SHA-256 of the body.
            MessageDeduplicationId: createHash('sha256').update(o.body).digest('hex'),
            SequenceNumber: o.fifo.sequenceNumber,
          }
        : {}),
      SentTimestamp: String(sentMs),
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: String(sentMs + 12),
    },
    messageAttributes: o.attributes,
    md5OfBody: md5Hex(o.body),
    ...(hasAttributes ? { md5OfMessageAttributes: md5OfMessageAttributes(o.attributes) } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: arn('sqs', o.region, o.accountId, o.queue),
    awsRegion: o.region,
  };
}

const queue = param.string('queue', 'queue name', 'orders-queue');
const messageAttributes = param.json('messageAttributes', 'message attributes, {"name": "value"} (numbers become Number attributes)', {});
const time = param.string('time', 'time the message was sent (ISO 8601)', now);
const receiveCount = param.number('receiveCount', 'ApproximateReceiveCount (above 1 means a retry)', 1);

export const sqs = defineEvent({
  name: 'aws:sqs',
  provider: 'aws',
  description: 'SQS message, one record',
  parameters: [
    queue,
    param.string('body', 'message body', '{"orderId":"1234","status":"created"}'),
    messageAttributes,
    param.string('messageId', 'message id', freshUuid),
    time,
    receiveCount,
    ...awsAccount,
  ],
  generate: (p): SQSEvent => ({
    Records: [
      sqsRecord({
        ...p,
        attributes: sqsMessageAttributes(p.messageAttributes),
        sent: parseTime(p.time),
        receiveCount: asCount(p.receiveCount, 'receiveCount'),
      }),
    ],
  }),
});

const batchBody = param.string('body', 'message body; {n} is replaced with the message number', '{"orderId":"order-{n}","status":"created"}');

export const sqsBatch = defineEvent({
  name: 'aws:sqs-batch',
  provider: 'aws',
  description: 'SQS batch of several messages (for partial batch responses)',
  parameters: [queue, param.number('count', 'number of messages', 3), batchBody, messageAttributes, time, receiveCount, ...awsAccount],
  generate: (p): SQSEvent => {
    const sent = parseTime(p.time);
    const attributes = sqsMessageAttributes(p.messageAttributes);
    return {
      Records: Array.from({ length: asCount(p.count, 'count') }, (_, i) =>
        sqsRecord({
          ...p,
          body: p.body.replaceAll('{n}', String(i + 1)),
          messageId: uuid(),
          attributes,
          sent: new Date(sent.getTime() + i * 7),
          receiveCount: asCount(p.receiveCount, 'receiveCount'),
        }),
      ),
    };
  },
});

export const sqsFifo = defineEvent({
  name: 'aws:sqs-fifo',
  provider: 'aws',
  description: 'SQS FIFO queue messages (MessageGroupId, deduplication id, sequence number)',
  parameters: [
    param.string('queue', 'queue name (FIFO names end in .fifo)', 'orders.fifo'),
    param.string('messageGroupId', 'message group id', 'customer-42'),
    param.number('count', 'number of messages', 1),
    batchBody,
    messageAttributes,
    time,
    ...awsAccount,
  ],
  generate: (p): SQSEvent => {
    const sent = parseTime(p.time);
    const attributes = sqsMessageAttributes(p.messageAttributes);
    const firstSequence = BigInt(digits(20));
    return {
      Records: Array.from({ length: asCount(p.count, 'count') }, (_, i) =>
        sqsRecord({
          ...p,
          body: p.body.replaceAll('{n}', String(i + 1)),
          messageId: uuid(),
          attributes,
          sent: new Date(sent.getTime() + i * 7),
          receiveCount: 1,
          fifo: { groupId: p.messageGroupId, sequenceNumber: String(firstSequence + BigInt(i)) },
        }),
      ),
    };
  },
});
