/** Kafka records from Amazon MSK and from self-managed Apache Kafka clusters. */
import type { MSKEvent, MSKRecord, SelfManagedKafkaEvent } from 'aws-lambda';
import { now, parseTime, toBase64, uuid } from '../ids';
import { defineEvent, param } from '../types';
import { asCount, asStringMap } from '../values';
import { arn, awsAccount } from './common';

const topic = param.string('topic', 'topic name', 'orders');
const value = param.string('value', 'record value before base64; {n} is replaced with the record number', '{"orderId":"order-{n}","status":"created"}');
const key = param.string('key', 'record key before base64', 'order-key');
const headers = param.json('headers', 'record headers, {"name": "value"} (sent as byte arrays)', { source: 'checkout' });
const count = param.number('count', 'number of records', 1);
const partition = param.number('partition', 'partition number', 0);
const offset = param.number('offset', 'offset of the first record', 15);
const time = param.string('time', 'record timestamp of the first record (ISO 8601)', now);

interface RecordParams {
  topic: string;
  value: string;
  key: string;
  headers: unknown;
  count: number;
  partition: number;
  offset: number;
  time: string;
}

/** Lambda groups records by `<topic>-<partition>`; header values arrive as arrays of byte values. */
function kafkaRecords(p: RecordParams): Record<string, MSKRecord[]> {
  const start = parseTime(p.time).getTime();
  const recordHeaders = Object.entries(asStringMap(p.headers, 'headers')).map(([name, text]) => ({ [name]: [...Buffer.from(text, 'utf8')] }));
  const records = Array.from({ length: asCount(p.count, 'count') }, (_, i) => ({
    topic: p.topic,
    partition: asCount(p.partition, 'partition', 0),
    offset: asCount(p.offset, 'offset', 0, Number.MAX_SAFE_INTEGER) + i,
    timestamp: start + i,
    timestampType: 'CREATE_TIME' as const,
    key: toBase64(p.key),
    value: toBase64(p.value.replaceAll('{n}', String(i + 1))),
    headers: recordHeaders,
  }));
  return { [`${p.topic}-${p.partition}`]: records };
}

export const msk = defineEvent({
  name: 'aws:msk',
  provider: 'aws',
  description: 'Amazon MSK (managed Kafka) records, key and value base64-encoded',
  parameters: [topic, value, key, headers, count, partition, offset, time, param.string('cluster', 'MSK cluster name', 'orders-cluster'), ...awsAccount],
  generate: (p): MSKEvent => {
    const clusterId = `${uuid()}-2`;
    const broker = (n: number) => `b-${n}.${p.cluster}.abc123.c2.kafka.${p.region}.amazonaws.com:9098`;
    return {
      eventSource: 'aws:kafka',
      eventSourceArn: arn('kafka', p.region, p.accountId, `cluster/${p.cluster}/${clusterId}`),
      bootstrapServers: `${broker(1)},${broker(2)}`,
      records: kafkaRecords(p),
    };
  },
});

export const selfManagedKafka = defineEvent({
  name: 'aws:kafka',
  provider: 'aws',
  description: 'Self-managed Apache Kafka records, key and value base64-encoded',
  parameters: [topic, value, key, headers, count, partition, offset, time, param.string('bootstrapServers', 'comma-separated broker list', 'kafka-1.example.com:9092,kafka-2.example.com:9092')],
  generate: (p): SelfManagedKafkaEvent => ({
    eventSource: 'SelfManagedKafka',
    bootstrapServers: p.bootstrapServers,
    records: kafkaRecords(p),
  }),
});
