import type { TriggerTemplate } from '../types';

const rate = 'rate(5 minutes)';

/** An EventBridge scheduled rule firing every five minutes. */
export const scheduleTemplate: TriggerTemplate = {
  id: 'schedule',
  label: 'EventBridge schedule',
  description: `EventBridge scheduled rule, ${rate}`,
  sampleEvent: (name) => ({ catalogueName: 'aws:eventbridge-scheduled', params: { rule: `${name}-schedule` } }),
  manifest: () => ({ description: `Runs on an EventBridge schedule, ${rate}`, events: [{ type: 'schedule', rate }] }),
  sam: () => ({
    eventName: 'Schedule',
    event: { Type: 'Schedule', Properties: { Schedule: rate } },
    resources: {},
  }),
  code: {
    typescript: () => ({
      handler: `import type { ScheduledEvent } from 'aws-lambda';

/** Runs on an EventBridge schedule (a rate or cron expression on the rule). */
export const handler = async (event: ScheduledEvent): Promise<{ rule: string; time: string }> => {
  // The rule's ARN ends with rule/<rule name>.
  const rule = event.resources[0]?.split('/').pop() ?? 'unknown rule';
  console.log(\`Scheduled run of \${rule} at \${event.time}\`);
  return { rule, time: event.time };
};
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScheduledEvent } from 'aws-lambda';
import { handler } from './index';

test('reports which rule fired and when', async () => {
  const event = {
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    time: '2024-05-01T12:00:00Z',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/nightly'],
    detail: {},
  } as ScheduledEvent;
  assert.deepEqual(await handler(event), { rule: 'nightly', time: '2024-05-01T12:00:00Z' });
});
`,
    }),
    javascript: () => ({
      handler: `/**
 * Runs on an EventBridge schedule (a rate or cron expression on the rule).
 * @param {import('aws-lambda').ScheduledEvent} event
 * @returns {Promise<{ rule: string, time: string }>}
 */
export const handler = async (event) => {
  // The rule's ARN ends with rule/<rule name>.
  const rule = event.resources[0]?.split('/').pop() ?? 'unknown rule';
  console.log(\`Scheduled run of \${rule} at \${event.time}\`);
  return { rule, time: event.time };
};
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handler } from './index.mjs';

test('reports which rule fired and when', async () => {
  const event = {
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    time: '2024-05-01T12:00:00Z',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/nightly'],
    detail: {},
  };
  assert.deepEqual(await handler(event), { rule: 'nightly', time: '2024-05-01T12:00:00Z' });
});
`,
    }),
    python: () => ({
      handler: `from typing import Any


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Runs on an EventBridge schedule (a rate or cron expression on the rule)."""
    resources = event.get("resources") or []
    # The rule's ARN ends with rule/<rule name>.
    rule = resources[0].split("/")[-1] if resources else "unknown rule"
    print(f"Scheduled run of {rule} at {event['time']}")
    return {"rule": rule, "time": event["time"]}
`,
      test: `import unittest

from app import lambda_handler


class HandlerTest(unittest.TestCase):
    def test_reports_which_rule_fired_and_when(self):
        event = {
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "time": "2024-05-01T12:00:00Z",
            "resources": ["arn:aws:events:us-east-1:123456789012:rule/nightly"],
            "detail": {},
        }
        self.assertEqual(lambda_handler(event, None), {"rule": "nightly", "time": "2024-05-01T12:00:00Z"})


if __name__ == "__main__":
    unittest.main()
`,
    }),
  },
};
