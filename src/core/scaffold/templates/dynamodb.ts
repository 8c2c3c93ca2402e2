import type { TriggerTemplate } from '../types';

/** A DynamoDB table's stream: items inserted, modified and removed. */
export const dynamodbTemplate: TriggerTemplate = {
  id: 'dynamodb',
  label: 'DynamoDB stream',
  description: "DynamoDB Streams records of a table's inserts, updates and deletes",
  sampleEvent: (name) => ({
    catalogueName: 'aws:dynamodb-insert',
    params: { table: `${name}Table`, keys: '{"id":"1"}', newImage: '{"id":"1","status":"created"}' },
  }),
  manifest: (name) => ({ description: "Reads a DynamoDB table's stream", events: [{ type: 'dynamodb', table: `${name}-table`, startingPosition: 'LATEST' }] }),
  sam: (name) => ({
    eventName: 'Stream',
    event: {
      Type: 'DynamoDB',
      Properties: { Stream: { tag: '!GetAtt', value: `${name}Table.StreamArn` }, StartingPosition: 'LATEST', BatchSize: 100 },
    },
    resources: {
      [`${name}Table`]: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        },
      },
    },
  }),
  code: {
    typescript: () => ({
      handler: `import type { DynamoDBStreamEvent } from 'aws-lambda';

type Changes = Record<'INSERT' | 'MODIFY' | 'REMOVE', number>;

/** Handles a batch of DynamoDB Streams records: items inserted, modified or removed. */
export const handler = async (event: DynamoDBStreamEvent): Promise<Changes> => {
  const changes: Changes = { INSERT: 0, MODIFY: 0, REMOVE: 0 };
  for (const record of event.Records) {
    if (!record.eventName) continue;
    changes[record.eventName] += 1;
    // Keys and images are DynamoDB JSON: {"S": "text"}, {"N": "42"}, …
    console.log(\`\${record.eventName} \${JSON.stringify(record.dynamodb?.Keys)}\`);
  }
  return changes;
};
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { handler } from './index';

/** The fields of a stream record the handler reads. */
function change(eventName: DynamoDBRecord['eventName'], id: string): DynamoDBRecord {
  return { eventName, dynamodb: { Keys: { id: { S: id } } } };
}

test('counts the changes of the batch by kind', async () => {
  const event: DynamoDBStreamEvent = { Records: [change('INSERT', '1'), change('MODIFY', '1'), change('INSERT', '2')] };
  assert.deepEqual(await handler(event), { INSERT: 2, MODIFY: 1, REMOVE: 0 });
});
`,
    }),
    javascript: () => ({
      handler: `/**
 * Handles a batch of DynamoDB Streams records: items inserted, modified or removed.
 * @param {import('aws-lambda').DynamoDBStreamEvent} event
 * @returns {Promise<{ INSERT: number, MODIFY: number, REMOVE: number }>}
 */
export const handler = async (event) => {
  const changes = { INSERT: 0, MODIFY: 0, REMOVE: 0 };
  for (const record of event.Records) {
    if (!record.eventName) continue;
    changes[record.eventName] += 1;
    // Keys and images are DynamoDB JSON: {"S": "text"}, {"N": "42"}, …
    console.log(\`\${record.eventName} \${JSON.stringify(record.dynamodb?.Keys)}\`);
  }
  return changes;
};
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handler } from './index.mjs';

/** The fields of a stream record the handler reads. */
function change(eventName, id) {
  return { eventName, dynamodb: { Keys: { id: { S: id } } } };
}

test('counts the changes of the batch by kind', async () => {
  const event = { Records: [change('INSERT', '1'), change('MODIFY', '1'), change('INSERT', '2')] };
  assert.deepEqual(await handler(event), { INSERT: 2, MODIFY: 1, REMOVE: 0 });
});
`,
    }),
    python: () => ({
      handler: `import json
from typing import Any


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """Handles a batch of DynamoDB Streams records: items inserted, modified or removed."""
    changes = {"INSERT": 0, "MODIFY": 0, "REMOVE": 0}
    for record in event["Records"]:
        name = record.get("eventName")
        if name not in changes:
            continue
        changes[name] += 1
        # Keys and images are DynamoDB JSON: {"S": "text"}, {"N": "42"}, ...
        print(f"{name} {json.dumps(record.get('dynamodb', {}).get('Keys'))}")
    return changes
`,
      test: `import unittest

from app import lambda_handler


def change(event_name, item_id):
    """The fields of a stream record the handler reads."""
    return {"eventName": event_name, "dynamodb": {"Keys": {"id": {"S": item_id}}}}


class HandlerTest(unittest.TestCase):
    def test_counts_the_changes_of_the_batch_by_kind(self):
        event = {"Records": [change("INSERT", "1"), change("MODIFY", "1"), change("INSERT", "2")]}
        self.assertEqual(lambda_handler(event, None), {"INSERT": 2, "MODIFY": 1, "REMOVE": 0})


if __name__ == "__main__":
    unittest.main()
`,
    }),
  },
};
