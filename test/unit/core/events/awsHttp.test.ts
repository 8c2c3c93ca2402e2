import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { generateEvent } from '../../../../src/core/events';
import { matchRoute } from '../../../../src/core/events/aws/route';

const gen = <T>(name: string, params: Record<string, string> = {}): T => generateEvent(name, params) as T;

test('aws:apigateway-v1 is a REST proxy event whose path parameters follow the path', () => {
  const event = gen<APIGatewayProxyEvent>('aws:apigateway-v1', {
    method: 'post',
    path: '/items/77?expand=true&tag=a&tag=b',
    body: '{"name":"lamp"}',
    requestId: 'req-1',
    time: '2024-05-01T12:00:00Z',
    headers: '{"X-Custom":"yes"}',
  });
  assert.equal(event.httpMethod, 'POST');
  assert.equal(event.resource, '/items/{id}');
  assert.equal(event.path, '/items/77');
  assert.deepEqual(event.pathParameters, { id: '77' });
  assert.deepEqual(event.queryStringParameters, { expand: 'true', tag: 'b' });
  assert.deepEqual(event.multiValueQueryStringParameters, { expand: ['true'], tag: ['a', 'b'] });
  assert.equal(event.headers['Content-Type'], 'application/json');
  assert.equal(event.headers['X-Custom'], 'yes');
  assert.deepEqual(event.multiValueHeaders['X-Custom'], ['yes']);
  assert.equal(event.body, '{"name":"lamp"}');
  assert.equal(event.isBase64Encoded, false);
  assert.equal(event.requestContext.requestId, 'req-1');
  assert.equal(event.requestContext.requestTimeEpoch, Date.parse('2024-05-01T12:00:00Z'));
  assert.equal(event.requestContext.requestTime, '01/May/2024:12:00:00 +0000');
  assert.equal(event.requestContext.path, '/prod/items/77');
  assert.equal(event.requestContext.identity.sourceIp, '203.0.113.10');
  assert.equal(event.requestContext.domainName, 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com');
});

test('aws:apigateway-v1 without a body has body null, and base64 encodes it when asked', () => {
  const get = gen<APIGatewayProxyEvent>('aws:apigateway-v1', { path: '/health' });
  assert.equal(get.body, null);
  assert.equal(get.resource, '/health', 'a path outside the template is its own resource');
  assert.equal(get.pathParameters, null);
  assert.equal(get.queryStringParameters, null);
  const binary = gen<APIGatewayProxyEvent>('aws:apigateway-v1', { body: 'hello', base64: 'true' });
  assert.equal(binary.isBase64Encoded, true);
  assert.equal(Buffer.from(binary.body ?? '', 'base64').toString(), 'hello');
});

test('aws:apigateway-v2 is an HTTP API payload 2.0 with route key, cookies and joined values', () => {
  const event = gen<APIGatewayProxyEventV2>('aws:apigateway-v2', {
    path: '/items/9?a=1&a=2',
    headers: '{"Cookie":"s=1; theme=dark","X-Trace":["p","q"]}',
    requestId: 'abc',
    time: '2024-05-01T12:00:00.250Z',
  });
  assert.equal(event.version, '2.0');
  assert.equal(event.routeKey, 'GET /items/{id}');
  assert.equal(event.rawPath, '/items/9');
  assert.equal(event.rawQueryString, 'a=1&a=2');
  assert.deepEqual(event.queryStringParameters, { a: '1,2' });
  assert.deepEqual(event.cookies, ['s=1', 'theme=dark']);
  assert.equal(event.headers.cookie, undefined, 'cookies move out of the headers');
  assert.equal(event.headers['x-trace'], 'p,q');
  assert.deepEqual(event.pathParameters, { id: '9' });
  assert.equal(event.requestContext.http.method, 'GET');
  assert.equal(event.requestContext.requestId, 'abc');
  assert.equal(event.requestContext.timeEpoch, Date.parse('2024-05-01T12:00:00.250Z'));
  assert.equal(event.body, undefined);
  const staged = gen<APIGatewayProxyEventV2>('aws:apigateway-v2', { path: '/other', stage: 'dev' });
  assert.equal(staged.routeKey, '$default');
  assert.equal(staged.rawPath, '/dev/other');
});

test('aws:function-url is payload 2.0 on the lambda-url host with routeKey $default', () => {
  const event = gen<APIGatewayProxyEventV2>('aws:function-url', { method: 'PUT', path: '/x', body: 'hi', region: 'eu-west-1' });
  assert.equal(event.routeKey, '$default');
  assert.equal(event.requestContext.domainName, 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws');
  assert.equal(event.requestContext.stage, '$default');
  assert.equal(event.requestContext.http.method, 'PUT');
  assert.equal(event.body, 'hi');
  assert.equal(event.headers['content-type'], 'text/plain');
});

test('aws:apigateway-authorizer-token carries the token and the method ARN', () => {
  const event = gen<APIGatewayTokenAuthorizerEvent>('aws:apigateway-authorizer-token', { token: 'Bearer t0k', method: 'delete', path: '/items/1' });
  assert.equal(event.type, 'TOKEN');
  assert.equal(event.authorizationToken, 'Bearer t0k');
  assert.equal(event.methodArn, 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/DELETE/items/1');
});

test('aws:apigateway-authorizer-request carries headers, query and context', () => {
  const event = gen<APIGatewayRequestAuthorizerEvent>('aws:apigateway-authorizer-request', { path: '/items/5?x=1', authorization: 'Bearer abc' });
  assert.equal(event.type, 'REQUEST');
  assert.equal(event.methodArn, 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/items/5');
  assert.equal(event.headers?.Authorization, 'Bearer abc');
  assert.deepEqual(event.queryStringParameters, { x: '1' });
  assert.deepEqual(event.pathParameters, { id: '5' });
  assert.equal(event.requestContext.resourcePath, '/items/{id}');
});

test('aws:apigateway-v2-authorizer has the identity source and route ARN', () => {
  const event = gen<APIGatewayRequestAuthorizerEventV2>('aws:apigateway-v2-authorizer', { authorization: 'Bearer xyz', path: '/items/3' });
  assert.equal(event.version, '2.0');
  assert.equal(event.type, 'REQUEST');
  assert.deepEqual(event.identitySource, ['Bearer xyz']);
  assert.equal(event.headers?.authorization, 'Bearer xyz');
  assert.equal(event.routeKey, 'GET /items/{id}');
  assert.match(event.routeArn, /^arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5\/\$default\/GET\/items\/3$/);
});

test('aws:alb has the target group, lower-cased headers and encoded query values', () => {
  const event = gen<ALBEvent>('aws:alb', { path: '/search', query: '{"q":"red shoes"}', targetGroup: 'shop' });
  assert.match(event.requestContext.elb.targetGroupArn, /^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/shop\/[0-9a-f]{16}$/);
  assert.equal(event.httpMethod, 'GET');
  assert.equal(event.path, '/search');
  assert.deepEqual(event.queryStringParameters, { q: 'red%20shoes' });
  assert.equal(event.headers?.host, 'my-alb-1234567890.us-east-1.elb.amazonaws.com');
  assert.equal(event.multiValueHeaders, undefined);
  const multi = gen<ALBEvent>('aws:alb', { multiValue: 'true', query: '{"t":["a","b"]}' });
  assert.deepEqual(multi.multiValueQueryStringParameters, { t: ['a', 'b'] });
  assert.ok(Array.isArray(multi.multiValueHeaders?.host));
  assert.equal(multi.headers, undefined);
});

test('matchRoute fills variables and greedy proxies and rejects other paths', () => {
  assert.deepEqual(matchRoute('/items/{id}', '/items/4%202'), { id: '4 2' });
  assert.deepEqual(matchRoute('/files/{proxy+}', '/files/a/b/c.txt'), { proxy: 'a/b/c.txt' });
  assert.deepEqual(matchRoute('/health', '/health'), {});
  assert.equal(matchRoute('/items/{id}', '/items'), undefined);
  assert.equal(matchRoute('/items/{id}', '/users/1'), undefined);
  assert.equal(matchRoute('/files/{proxy+}', '/files'), undefined);
});
