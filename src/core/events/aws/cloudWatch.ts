/** CloudWatch Logs subscription deliveries and CloudWatch alarm actions. */
import { gzipSync } from 'node:zlib';
import type { CloudWatchAlarmEvent, CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda';
import { digits, hex, now, parseTime } from '../ids';
import { defineEvent, param } from '../types';
import { asStringArray } from '../values';
import { arn, awsAccount } from './common';

/** The payload as AWS sends it: JSON, gzipped, base64-encoded into `awslogs.data`. */
export function encodeLogsData(decoded: CloudWatchLogsDecodedData): CloudWatchLogsEvent {
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(decoded), 'utf8')).toString('base64') } };
}

export const cloudWatchLogs = defineEvent({
  name: 'aws:cloudwatch-logs',
  provider: 'aws',
  description: 'CloudWatch Logs subscription filter delivery (gzip + base64 awslogs.data)',
  parameters: [
    param.string('logGroup', 'log group name', '/aws/lambda/orders-api'),
    param.string('logStream', 'log stream name', '2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef'),
    param.json('messages', 'log messages, one log event each', ['INFO order 1234 created', 'ERROR payment for order 1234 declined']),
    param.string('filterName', 'subscription filter name', 'errors-to-lambda'),
    param.string('time', 'time of the first log event (ISO 8601)', now),
    param.string('accountId', 'the 12-digit AWS account id (owner)', '123456789012'),
  ],
  generate: (p): CloudWatchLogsEvent => {
    const start = parseTime(p.time).getTime();
    const decoded: CloudWatchLogsDecodedData = {
      messageType: 'DATA_MESSAGE',
      owner: p.accountId,
      logGroup: p.logGroup,
      logStream: p.logStream,
      subscriptionFilters: [p.filterName],
      logEvents: asStringArray(p.messages, 'messages').map((message, i) => ({ id: digits(56), timestamp: start + i, message })),
    };
    return encodeLogsData(decoded);
  },
});

export const cloudWatchAlarm = defineEvent({
  name: 'aws:cloudwatch-alarm',
  provider: 'aws',
  description: 'CloudWatch alarm state change invoking a Lambda alarm action',
  parameters: [
    param.string('alarmName', 'alarm name', 'orders-api-errors'),
    param.string('state', 'new state: ALARM, OK or INSUFFICIENT_DATA', 'ALARM'),
    param.string('previousState', 'previous state', 'OK'),
    param.string('metric', 'metric name (namespace AWS/Lambda)', 'Errors'),
    param.string('functionName', 'FunctionName dimension', 'orders-api'),
    param.string('time', 'state change time (ISO 8601)', now),
    ...awsAccount,
  ],
  generate: (p): CloudWatchAlarmEvent => {
    const date = parseTime(p.time);
    const timestamp = date.toISOString().replace('Z', '+0000');
    return {
      source: 'aws.cloudwatch',
      alarmArn: arn('cloudwatch', p.region, p.accountId, `alarm:${p.alarmName}`),
      accountId: p.accountId,
      time: timestamp,
      region: p.region,
      alarmData: {
        alarmName: p.alarmName,
        state: {
          value: p.state,
          reason: `Threshold Crossed: 1 datapoint [3.0 (${date.toISOString()})] was greater than or equal to the threshold (1.0).`,
          reasonData: JSON.stringify({ version: '1.0', queryDate: timestamp, statistic: 'Sum', period: 60, recentDatapoints: [3.0], threshold: 1.0 }),
          timestamp,
        },
        previousState: {
          value: p.previousState,
          reason: 'Threshold Crossed: 1 datapoint [0.0] was not greater than or equal to the threshold (1.0).',
          timestamp: new Date(date.getTime() - 3_600_000).toISOString().replace('Z', '+0000'),
        },
        configuration: {
          description: `${p.metric} of ${p.functionName} at or above 1 in a minute`,
          metrics: [
            {
              id: hex(8),
              metricStat: { metric: { namespace: 'AWS/Lambda', name: p.metric, dimensions: { FunctionName: p.functionName } }, period: 60, stat: 'Sum' },
              returnData: true,
            },
          ],
        },
      },
    };
  },
});
