import type { TriggerTemplate } from '../types';

/** `GET /<name>` on an API Gateway HTTP API (payload format 2.0), greeting `?name=…`. */
export const httpTemplate: TriggerTemplate = {
  id: 'http',
  label: 'HTTP API',
  description: 'API Gateway HTTP API route GET /<name> (payload format 2.0)',
  sampleEvent: (name) => ({
    catalogueName: 'aws:apigateway-v2',
    params: { method: 'GET', path: `/${name}`, route: `/${name}`, query: '{"name":"Serverless"}' },
  }),
  manifest: (name) => ({ description: `HTTP API: GET /${name}`, events: [{ type: 'httpApi', method: 'GET', path: `/${name}` }] }),
  sam: (name) => ({
    eventName: 'HttpGet',
    event: { Type: 'HttpApi', Properties: { Path: `/${name}`, Method: 'GET' } },
    resources: {},
  }),
  code: {
    typescript: (name) => ({
      handler: `import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** GET /${name} on an API Gateway HTTP API (payload format 2.0): greets \`?name=…\`. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const who = event.queryStringParameters?.name ?? 'world';
  console.log(\`\${event.requestContext.http.method} \${event.rawPath} from \${event.requestContext.http.sourceIp}\`);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: \`Hello, \${who}!\` }),
  };
};
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler } from './index';

/** The fields of an HTTP API request the handler reads. */
function request(query?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /${name}',
    rawPath: '/${name}',
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    queryStringParameters: query,
    requestContext: { http: { method: 'GET', path: '/${name}', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

test('greets the name given in the query string', async () => {
  const response = await handler(request({ name: 'Ada' }));
  assert.equal(response.statusCode, 200);
  assert.deepEqual(JSON.parse(response.body ?? ''), { message: 'Hello, Ada!' });
});

test('greets the world when no name is given', async () => {
  const response = await handler(request());
  assert.deepEqual(JSON.parse(response.body ?? ''), { message: 'Hello, world!' });
});
`,
    }),
    javascript: (name) => ({
      handler: `/**
 * GET /${name} on an API Gateway HTTP API (payload format 2.0): greets \`?name=…\`.
 * @param {import('aws-lambda').APIGatewayProxyEventV2} event
 * @returns {Promise<import('aws-lambda').APIGatewayProxyStructuredResultV2>}
 */
export const handler = async (event) => {
  const who = event.queryStringParameters?.name ?? 'world';
  console.log(\`\${event.requestContext.http.method} \${event.rawPath} from \${event.requestContext.http.sourceIp}\`);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: \`Hello, \${who}!\` }),
  };
};
`,
      test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handler } from './index.mjs';

/** The fields of an HTTP API request the handler reads. */
function request(query) {
  return {
    version: '2.0',
    routeKey: 'GET /${name}',
    rawPath: '/${name}',
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    queryStringParameters: query,
    requestContext: { http: { method: 'GET', path: '/${name}', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
    isBase64Encoded: false,
  };
}

test('greets the name given in the query string', async () => {
  const response = await handler(request({ name: 'Ada' }));
  assert.equal(response.statusCode, 200);
  assert.deepEqual(JSON.parse(response.body), { message: 'Hello, Ada!' });
});

test('greets the world when no name is given', async () => {
  const response = await handler(request());
  assert.deepEqual(JSON.parse(response.body), { message: 'Hello, world!' });
});
`,
    }),
    python: (name) => ({
      handler: `import json
from typing import Any


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """GET /${name} on an API Gateway HTTP API (payload format 2.0): greets ?name=..."""
    query = event.get("queryStringParameters") or {}
    who = query.get("name", "world")
    http = event["requestContext"]["http"]
    print(f"{http['method']} {event['rawPath']} from {http['sourceIp']}")
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": f"Hello, {who}!"}),
    }
`,
      test: `import json
import unittest

from app import lambda_handler


def request(query=None):
    """The fields of an HTTP API request the handler reads."""
    event = {
        "version": "2.0",
        "routeKey": "GET /${name}",
        "rawPath": "/${name}",
        "requestContext": {"http": {"method": "GET", "path": "/${name}", "sourceIp": "127.0.0.1"}},
        "isBase64Encoded": False,
    }
    if query is not None:
        event["queryStringParameters"] = query
    return event


class HandlerTest(unittest.TestCase):
    def test_greets_the_name_given_in_the_query_string(self):
        response = lambda_handler(request({"name": "Ada"}), None)
        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(json.loads(response["body"]), {"message": "Hello, Ada!"})

    def test_greets_the_world_when_no_name_is_given(self):
        response = lambda_handler(request(), None)
        self.assertEqual(json.loads(response["body"]), {"message": "Hello, world!"})


if __name__ == "__main__":
    unittest.main()
`,
    }),
  },
};
