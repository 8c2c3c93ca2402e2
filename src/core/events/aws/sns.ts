/** SNS notification delivered to a subscribed function. */
import type { SNSEvent, SNSMessageAttributes } from 'aws-lambda';
import { base64Random, freshUuid, hex, now, parseTime, uuid } from '../ids';
import { defineEvent, param } from '../types';
import { asObject } from '../values';
import { arn, awsAccount } from './common';

function snsAttributes(value: unknown): SNSMessageAttributes {
  const out: SNSMessageAttributes = {};
  for (const [name, item] of Object.entries(asObject(value, 'messageAttributes'))) {
    out[name] = { Type: typeof item === 'number' ? 'Number' : Array.isArray(item) ? 'String.Array' : 'String', Value: typeof item === 'string' ? item : JSON.stringify(item) };
  }
  return out;
}

export const sns = defineEvent({
  name: 'aws:sns',
  provider: 'aws',
  description: 'SNS notification to a Lambda subscription',
  parameters: [
    param.string('topic', 'topic name', 'order-events'),
    param.string('message', 'message text', '{"orderId":"1234","status":"shipped"}'),
    param.string('subject', 'subject (empty for none)', 'Order shipped'),
    param.json('messageAttributes', 'message attributes, {"name": "value"}', {}),
    param.string('messageId', 'message id', freshUuid),
    param.string('time', 'publish time (ISO 8601)', now),
    ...awsAccount,
  ],
  generate: (p): SNSEvent => {
    const topicArn = arn('sns', p.region, p.accountId, p.topic);
    const subscriptionArn = `${topicArn}:${uuid()}`;
    return {
      Records: [
        {
          EventVersion: '1.0',
          EventSubscriptionArn: subscriptionArn,
          EventSource: 'aws:sns',
          Sns: {
            SignatureVersion: '1',
            Timestamp: parseTime(p.time).toISOString(),
            Signature: base64Random(256),
            SigningCertUrl: `https://sns.${p.region}.amazonaws.com/SimpleNotificationService-${hex(16)}.pem`,
            MessageId: p.messageId,
            Message: p.message,
            MessageAttributes: snsAttributes(p.messageAttributes),
            Type: 'Notification',
            UnsubscribeUrl: `https://sns.${p.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
            TopicArn: topicArn,
            ...(p.subject ? { Subject: p.subject } : {}),
          },
        },
      ],
    };
  },
});
