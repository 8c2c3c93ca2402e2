import type { TriggerTemplate } from '../types';

/** Batches from an SQS queue, answering with a partial batch response so only failed messages return. */
export const sqsTemplate: TriggerTemplate = {
  id: 'sqs',
  label: 'SQS',
  description: 'SQS queue messages in batches, with partial batch responses',
  sampleEvent: (name) => ({ catalogueName: 'aws:sqs-batch', params: { queue: `${name}-queue` } }),
  manifest: (name) => ({ description: 'Reads batches of SQS messages (partial batch responses)', events: [{ type: 'sqs', queue: `${name}-queue`, batchSize: 10 }] }),
  sam: (name) => ({
    eventName: 'Messages',
    event: {
      Type: 'SQS',
      Properties: {
        Queue: { tag: '!GetAtt', value: `${name}Queue.Arn` },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    },
    resources: { [`${name}Queue`]: { Type: 'AWS::SQS::Queue' } },
  }),
  code: {
    typescript: () => ({
      handler: `import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Handles a batch of SQS messages. Failed messages are reported in batchItemFailures, so only they
 * return to the queue (the event source mapping needs ReportBatchItemFailures).
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try {
      await processMessage(record);
    } catch (error) {
      console.error(\`Message \${record.messageId} failed:\`, error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};

async function processMessage(record: SQSRecord): Promise<void> {
  const body: unknown = JSON.parse(record.body);
  console.log(\`Message \${record.messageId}:\`, body);
}
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { handler } from './index';

/** The fields of an SQS record the handler reads. */
function message(messageId: string, body: string): SQSRecord {
  return { messageId, body } as SQSRecord;
}

test('reports no failures when every message is processed', async () => {
  const event: SQSEvent = { Records: [message('1', '{"orderId":"1"}'), message('2', '{"orderId":"2"}')] };
  assert.deepEqual(await handler(event), { batchItemFailures: [] });
});

test('reports only the message that failed', async () => {
  const event: SQSEvent = { Records: [message('1', '{"orderId":"1"}'), message('2', 'not JSON')] };
  assert.deepEqual(await handler(event), { batchItemFailures: [{ itemIdentifier: '2' }] });
});
`,
    }),
    javascript: () => ({
      handler: `/**
 * Handles a batch of SQS messages. Failed messages are reported in batchItemFailures, so only they
 * return to the queue (the event source mapping needs ReportBatchItemFailures).
 * @param {import('aws-lambda').SQSEvent} event
 * @returns {Promise<import('aws-lambda').SQSBatchResponse>}
 */
export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      await processMessage(record);
    } catch (error) {
      console.error(\`Message \${record.messageId} failed:\`, error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};

/** @param {import('aws-lambda').SQSRecord} record */
async function processMessage(record) {
  const body = JSON.parse(record.body);
  console.log(\`Message \${record.messageId}:\`, body);
}
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handler } from './index.mjs';

test('reports no failures when every message is processed', async () => {
  const event = { Records: [{ messageId: '1', body: '{"orderId":"1"}' }, { messageId: '2', body: '{"orderId":"2"}' }] };
  assert.deepEqual(await handler(event), { batchItemFailures: [] });
});

test('reports only the message that failed', async () => {
  const event = { Records: [{ messageId: '1', body: '{"orderId":"1"}' }, { messageId: '2', body: 'not JSON' }] };
  assert.deepEqual(await handler(event), { batchItemFailures: [{ itemIdentifier: '2' }] });
});
`,
    }),
    python: () => ({
      handler: `import json
from typing import Any


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Handles a batch of SQS messages.

    Failed messages are reported in batchItemFailures, so only they return to the queue
    (the event source mapping needs ReportBatchItemFailures).
    """
    failures = []
    for record in event["Records"]:
        try:
            process_message(record)
        except Exception as error:  # one bad message must not fail the whole batch
            print(f"Message {record['messageId']} failed: {error!r}")
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def process_message(record: dict[str, Any]) -> None:
    body = json.loads(record["body"])
    print(f"Message {record['messageId']}: {body}")
`,
      test: `import unittest

from app import lambda_handler


class HandlerTest(unittest.TestCase):
    def test_reports_no_failures_when_every_message_is_processed(self):
        event = {"Records": [{"messageId": "1", "body": '{"orderId": "1"}'}, {"messageId": "2", "body": '{"orderId": "2"}'}]}
        self.assertEqual(lambda_handler(event, None), {"batchItemFailures": []})

    def test_reports_only_the_message_that_failed(self):
        event = {"Records": [{"messageId": "1", "body": '{"orderId": "1"}'}, {"messageId": "2", "body": "not JSON"}]}
        self.assertEqual(lambda_handler(event, None), {"batchItemFailures": [{"itemIdentifier": "2"}]})


if __name__ == "__main__":
    unittest.main()
`,
    }),
  },
};
