/** SES email receiving: the Lambda receipt-rule action. */
import type { SESEvent } from 'aws-lambda';
import { httpDate, now, parseTime, token } from '../ids';
import { defineEvent, param } from '../types';
import { arn, awsAccount } from './common';

export const ses = defineEvent({
  name: 'aws:ses',
  provider: 'aws',
  description: 'SES inbound email, Lambda receipt rule action',
  parameters: [
    param.string('from', 'sender address', 'sender@example.com'),
    param.string('to', 'recipient address', 'support@example.org'),
    param.string('subject', 'subject line', 'Question about my order'),
    param.string('function', 'receiving function name (for the action ARN)', 'process-email'),
    param.string('time', 'time received (ISO 8601)', now),
    ...awsAccount,
  ],
  generate: (p): SESEvent => {
    const date = parseTime(p.time);
    const messageId = token(40, 'abcdefghijklmnopqrstuvwxyz0123456789');
    const headerMessageId = `<${token(24)}@mail.example.com>`;
    return {
      Records: [
        {
          eventSource: 'aws:ses',
          eventVersion: '1.0',
          ses: {
            mail: {
              timestamp: date.toISOString(),
              source: p.from,
              messageId,
              destination: [p.to],
              headersTruncated: false,
              headers: [
                { name: 'Return-Path', value: `<${p.from}>` },
                { name: 'Received', value: `from mail.example.com by inbound-smtp.${p.region}.amazonaws.com with SMTP id ${messageId}; ${httpDate(date)}` },
                { name: 'From', value: p.from },
                { name: 'To', value: p.to },
                { name: 'Subject', value: p.subject },
                { name: 'Date', value: httpDate(date) },
                { name: 'Message-ID', value: headerMessageId },
                { name: 'MIME-Version', value: '1.0' },
                { name: 'Content-Type', value: 'text/plain; charset=UTF-8' },
              ],
              commonHeaders: { returnPath: p.from, from: [p.from], date: httpDate(date), to: [p.to], messageId: headerMessageId, subject: p.subject },
            },
            receipt: {
              timestamp: date.toISOString(),
              processingTimeMillis: 574,
              recipients: [p.to],
              spamVerdict: { status: 'PASS' },
              virusVerdict: { status: 'PASS' },
              spfVerdict: { status: 'PASS' },
              dkimVerdict: { status: 'PASS' },
              dmarcVerdict: { status: 'PASS' },
              action: { type: 'Lambda', functionArn: arn('lambda', p.region, p.accountId, `function:${p.function}`), invocationType: 'Event' },
            },
          },
        },
      ],
    };
  },
});
