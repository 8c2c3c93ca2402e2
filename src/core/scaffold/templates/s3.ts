import type { TriggerTemplate } from '../types';

/** S3 object-created notifications from a bucket of the stack. */
export const s3Template: TriggerTemplate = {
  id: 's3',
  label: 'S3',
  description: 'S3 notifications when objects are created in a bucket',
  sampleEvent: () => ({ catalogueName: 'aws:s3-put', params: { key: 'uploads/hello world.txt' } }),
  manifest: (name) => ({ description: 'Handles S3 object-created notifications', events: [{ type: 's3', bucket: `${name}-bucket`, event: 's3:ObjectCreated:*' }] }),
  sam: (name) => ({
    eventName: 'ObjectCreated',
    event: { Type: 'S3', Properties: { Bucket: { tag: '!Ref', value: `${name}Bucket` }, Events: 's3:ObjectCreated:*' } },
    resources: { [`${name}Bucket`]: { Type: 'AWS::S3::Bucket' } },
  }),
  code: {
    typescript: () => ({
      handler: `import type { S3Event } from 'aws-lambda';

/** Handles S3 object notifications: one record per object created. */
export const handler = async (event: S3Event): Promise<{ objects: string[] }> => {
  const objects = event.Records.map((record) => {
    const bucket = record.s3.bucket.name;
    // Keys arrive URL-encoded, with spaces as '+'.
    const key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, ' '));
    console.log(\`\${record.eventName}: s3://\${bucket}/\${key} (\${record.s3.object.size} bytes)\`);
    return \`s3://\${bucket}/\${key}\`;
  });
  return { objects };
};
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { handler } from './index';

/** The fields of an S3 notification record the handler reads. */
function record(bucket: string, key: string): S3EventRecord {
  return {
    eventName: 'ObjectCreated:Put',
    s3: { bucket: { name: bucket }, object: { key, size: 5 } },
  } as S3EventRecord;
}

test('lists the objects of the notification with their keys decoded', async () => {
  const event: S3Event = { Records: [record('photos', 'cats/tom+%26+jerry.jpg'), record('photos', 'dog.jpg')] };
  const result = await handler(event);
  assert.deepEqual(result.objects, ['s3://photos/cats/tom & jerry.jpg', 's3://photos/dog.jpg']);
});
`,
    }),
    javascript: () => ({
      handler: `/**
 * Handles S3 object notifications: one record per object created.
 * @param {import('aws-lambda').S3Event} event
 * @returns {Promise<{ objects: string[] }>}
 */
export const handler = async (event) => {
  const objects = event.Records.map((record) => {
    const bucket = record.s3.bucket.name;
    // Keys arrive URL-encoded, with spaces as '+'.
    const key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, ' '));
    console.log(\`\${record.eventName}: s3://\${bucket}/\${key} (\${record.s3.object.size} bytes)\`);
    return \`s3://\${bucket}/\${key}\`;
  });
  return { objects };
};
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handler } from './index.mjs';

/** The fields of an S3 notification record the handler reads. */
function record(bucket, key) {
  return { eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key, size: 5 } } };
}

test('lists the objects of the notification with their keys decoded', async () => {
  const result = await handler({ Records: [record('photos', 'cats/tom+%26+jerry.jpg'), record('photos', 'dog.jpg')] });
  assert.deepEqual(result.objects, ['s3://photos/cats/tom & jerry.jpg', 's3://photos/dog.jpg']);
});
`,
    }),
    python: () => ({
      handler: `from typing import Any
from urllib.parse import unquote_plus


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Handles S3 object notifications: one record per object created."""
    objects = []
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        # Keys arrive URL-encoded, with spaces as '+'.
        key = unquote_plus(record["s3"]["object"]["key"])
        size = record["s3"]["object"].get("size", 0)
        print(f"{record['eventName']}: s3://{bucket}/{key} ({size} bytes)")
        objects.append(f"s3://{bucket}/{key}")
    return {"objects": objects}
`,
      test: `import unittest

from app import lambda_handler


def record(bucket, key):
    """The fields of an S3 notification record the handler reads."""
    return {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": bucket}, "object": {"key": key, "size": 5}}}


class HandlerTest(unittest.TestCase):
    def test_lists_the_objects_with_their_keys_decoded(self):
        event = {"Records": [record("photos", "cats/tom+%26+jerry.jpg"), record("photos", "dog.jpg")]}
        result = lambda_handler(event, None)
        self.assertEqual(result["objects"], ["s3://photos/cats/tom & jerry.jpg", "s3://photos/dog.jpg"])


if __name__ == "__main__":
    unittest.main()
`,
    }),
  },
};
