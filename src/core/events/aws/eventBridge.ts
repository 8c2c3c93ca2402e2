/** EventBridge: scheduled rules and custom events on a bus. */
import type { EventBridgeEvent, ScheduledEvent } from 'aws-lambda';
import { freshUuid, isoSeconds, now, parseTime } from '../ids';
import { defineEvent, param } from '../types';
import { asStringArray } from '../values';
import { arn, awsAccount } from './common';

const id = param.string('id', 'event id', freshUuid);
const time = param.string('time', 'event time (ISO 8601)', now);

export const eventBridgeScheduled = defineEvent({
  name: 'aws:eventbridge-scheduled',
  provider: 'aws',
  description: 'EventBridge scheduled rule (cron or rate) firing',
  parameters: [param.string('rule', 'rule name', 'nightly-report'), id, time, ...awsAccount],
  generate: (p): ScheduledEvent<Record<string, never>> => ({
    version: '0',
    id: p.id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: p.accountId,
    time: isoSeconds(parseTime(p.time)),
    region: p.region,
    resources: [arn('events', p.region, p.accountId, `rule/${p.rule}`)],
    detail: {},
  }),
});

export const eventBridge = defineEvent({
  name: 'aws:eventbridge',
  provider: 'aws',
  description: 'EventBridge custom event (your own source, detail-type and detail)',
  parameters: [
    param.string('source', 'event source', 'com.example.orders'),
    param.string('detailType', 'detail-type', 'OrderPlaced'),
    param.json('detail', 'the event detail (any JSON object)', { orderId: '1234', customerId: 'customer-42', total: 42.5, currency: 'EUR' }),
    param.json('resources', 'ARNs of the resources involved', []),
    id,
    time,
    ...awsAccount,
  ],
  generate: (p): EventBridgeEvent<string, unknown> => ({
    version: '0',
    id: p.id,
    'detail-type': p.detailType,
    source: p.source,
    account: p.accountId,
    time: isoSeconds(parseTime(p.time)),
    region: p.region,
    resources: asStringArray(p.resources, 'resources'),
    detail: p.detail,
  }),
});
