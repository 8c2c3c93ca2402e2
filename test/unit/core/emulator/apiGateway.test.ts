import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { clfTime, isTextContentType } from '../../../../src/core/emulator/apiEvents';
import type { ApiGateway } from '../../../../src/core/emulator/apiGateway';
import { describeRoute, startApiGateway } from '../../../../src/core/emulator/apiGateway';
import { Emulator } from '../../../../src/core/emulator/emulator';
import { buildRoutes, matchRoute } from '../../../../src/core/emulator/apiRoutes';
import type { RunningServer } from '../../../../src/core/emulator/httpServer';
import { FakeEmulator, fakeSpec, queueFullError } from '../../../helpers/fakeEmulator';

/** Each fake function returns the event it received as the body, so tests can inspect it. */
const echoEvent = (event: unknown): unknown => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });

/** A request with repeated headers, which fetch cannot send. */
function rawRequest(url: string, path: string, headers: [string, string][], method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // Raw header pairs skip Node's automatic Host header, which HTTP/1.1 servers require.
    const pairs = [['Host', new URL(url).host], ...headers].flat();
    const req = httpRequest(`${url}${path}`, { method, headers: pairs as unknown as Record<string, string> }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('API Gateway emulator over a fake emulator, with real HTTP requests', () => {
  const emulator = new FakeEmulator();
  let api: RunningServer & { gateway: ApiGateway };
  const requests: { status: number; functionName?: string }[] = [];

  before(async () => {
    emulator.register(
      fakeSpec('v2', {
        events: [
          { type: 'httpApi', method: 'GET', path: '/hello' },
          { type: 'httpApi', method: 'POST', path: '/upload' },
          { type: 'httpApi', method: 'ANY', path: '/users/{id}' },
          { type: 'httpApi', method: 'GET', path: '/files/{proxy+}' },
        ],
      }),
    );
    emulator.register(fakeSpec('v1', { events: [{ type: 'http', method: 'ANY', path: '/rest/{id}' }, { type: 'http', method: 'POST', path: '/rest/upload' }] }));
    emulator.register(fakeSpec('special', { events: [{ type: 'httpApi', method: 'GET', path: '/users/me' }] }));
    emulator.register(fakeSpec('plain', { events: [{ type: 'httpApi', method: 'GET', path: '/plain/{kind}' }, { type: 'http', method: 'GET', path: '/plain-rest/{kind}' }] }));
    emulator.register(fakeSpec('fails', { events: [{ type: 'httpApi', method: 'GET', path: '/fails' }, { type: 'http', method: 'GET', path: '/fails-rest' }] }));
    emulator.register(fakeSpec('busy', { events: [{ type: 'httpApi', method: 'GET', path: '/busy' }] }));
    emulator.register(fakeSpec('slow', { events: [{ type: 'httpApi', method: 'GET', path: '/slow' }, { type: 'http', method: 'GET', path: '/slow-rest' }] }));
    emulator.handlers.set('v2', echoEvent);
    emulator.handlers.set('v1', echoEvent);
    emulator.handlers.set('special', () => ({ statusCode: 200, body: 'me' }));
    emulator.handlers.set('fails', () => {
      throw new Error('nope');
    });
    emulator.handlers.set('busy', () => {
      throw queueFullError();
    });
    emulator.handlers.set('slow', () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, body: 'late' }), 1500)));
    emulator.handlers.set('plain', (event) => {
      const kind = (event as { pathParameters: { kind: string } }).pathParameters.kind;
      switch (kind) {
        case 'object':
          return { hello: 'world' };
        case 'string':
          return 'just text';
        case 'number':
          return 42;
        case 'binary':
          return { statusCode: 201, headers: { 'Content-Type': 'image/png' }, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]).toString('base64'), isBase64Encoded: true };
        case 'cookies':
          return { statusCode: 200, cookies: ['a=1; Path=/', 'b=2; HttpOnly'], headers: { 'X-Single': 'one' }, body: 'ok' };
        case 'multi':
          return { statusCode: 200, headers: { 'X-Single': 'one', 'X-Both': 'from-single' }, multiValueHeaders: { 'X-Multi': ['a', 'b'], 'X-Both': ['from-multi'] }, body: 'ok' };
        case 'malformed':
          return { statusCode: 'abc', body: 'x' };
        case 'nostatus':
          return { body: 'no status code' };
        default:
          return null;
      }
    });
    api = await startApiGateway(emulator, {
      port: 0,
      integrationTimeoutMs: { httpApi: 300, http: 300 },
      onRequest: (entry) => requests.push({ status: entry.status, functionName: entry.functionName }),
    });
  });
  after(() => api.close());

  test('HTTP API 2.0 event: version, routeKey, rawPath, query, cookies, lower-cased and comma-joined headers', async () => {
    const res = await rawRequest(api.url, '/hello?name=J%C3%BCrgen&tag=a&tag=b&flag', [
      ['X-Custom', 'one'],
      ['X-Custom', 'two'],
      ['Cookie', 'session=abc; theme=dark'],
      ['User-Agent', 'test-agent/1.0'],
    ]);
    assert.equal(res.status, 200);
    const event = JSON.parse(res.body) as APIGatewayProxyEventV2;
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, 'GET /hello');
    assert.equal(event.rawPath, '/hello');
    assert.equal(event.rawQueryString, 'name=J%C3%BCrgen&tag=a&tag=b&flag');
    assert.deepEqual(event.queryStringParameters, { name: 'Jürgen', tag: 'a,b', flag: '' });
    assert.deepEqual(event.cookies, ['session=abc', 'theme=dark']);
    assert.equal(event.headers['x-custom'], 'one,two');
    assert.equal(event.headers.cookie, undefined, 'cookies move out of headers');
    assert.equal(event.headers['user-agent'], 'test-agent/1.0');
    assert.equal(event.headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(event.headers['x-forwarded-proto'], 'http');
    assert.match(event.headers['x-amzn-trace-id'] ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    for (const name of Object.keys(event.headers)) assert.equal(name, name.toLowerCase());
    const ctx = event.requestContext;
    assert.deepEqual(ctx.http, { method: 'GET', path: '/hello', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test-agent/1.0' });
    assert.equal(ctx.stage, '$default');
    assert.equal(ctx.routeKey, 'GET /hello');
    assert.equal(ctx.accountId, '000000000000');
    assert.equal(ctx.apiId, 'local');
    assert.equal(ctx.domainName, new URL(api.url).host);
    assert.match(ctx.requestId, /^[A-Za-z0-9+/]{14}==$/);
    assert.ok(Math.abs(ctx.timeEpoch - Date.now()) < 60_000);
    assert.equal(ctx.time, clfTime(new Date(ctx.timeEpoch)));
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.body, undefined);
    assert.equal(event.pathParameters, undefined);
  });

  test('2.0 bodies: text content types as text, binary as base64; apigw-requestid header', async () => {
    const text = await fetch(`${api.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"x":1}' });
    assert.ok(text.headers.get('apigw-requestid'));
    const textEvent = (await text.json()) as APIGatewayProxyEventV2;
    assert.equal(textEvent.body, '{"x":1}');
    assert.equal(textEvent.isBase64Encoded, false);
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const bin = await fetch(`${api.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    const binEvent = (await bin.json()) as APIGatewayProxyEventV2;
    assert.equal(binEvent.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(binEvent.body ?? '', 'base64'), bytes);
    assert.equal(binEvent.headers['content-length'], String(bytes.length));
  });

  test('path parameters: {id} decoded, greedy {proxy+} over several segments, literal beats parameter', async () => {
    const user = (await (await fetch(`${api.url}/users/a%20b`, { method: 'DELETE' })).json()) as APIGatewayProxyEventV2;
    assert.equal(user.routeKey, 'ANY /users/{id}');
    assert.deepEqual(user.pathParameters, { id: 'a b' });
    assert.equal(user.requestContext.http.method, 'DELETE');
    const files = (await (await fetch(`${api.url}/files/docs/2024/report.pdf`)).json()) as APIGatewayProxyEventV2;
    assert.deepEqual(files.pathParameters, { proxy: 'docs/2024/report.pdf' });
    assert.equal(files.routeKey, 'GET /files/{proxy+}');
    const me = await fetch(`${api.url}/users/me`);
    assert.equal(await me.text(), 'me');
    assert.equal((await fetch(`${api.url}/files`)).status, 404, 'a greedy variable needs at least one segment');
  });

  test('REST API 1.0 event: resource, path, multiValueHeaders, multi-value query, pathParameters, identity', async () => {
    const res = await rawRequest(api.url, '/rest/42?a=1&a=2&b=x%20y', [
      ['X-Dup', 'first'],
      ['X-Dup', 'second'],
      ['Cookie', 'k=v'],
    ]);
    assert.equal(res.status, 200);
    const event = JSON.parse(res.body) as APIGatewayProxyEvent;
    assert.equal(event.resource, '/rest/{id}');
    assert.equal(event.path, '/rest/42');
    assert.equal(event.httpMethod, 'GET');
    assert.equal(event.headers['X-Dup'], 'second');
    assert.deepEqual(event.multiValueHeaders['X-Dup'], ['first', 'second']);
    assert.equal(event.headers.Cookie, 'k=v');
    assert.deepEqual(event.queryStringParameters, { a: '2', b: 'x y' });
    assert.deepEqual(event.multiValueQueryStringParameters, { a: ['1', '2'], b: ['x y'] });
    assert.deepEqual(event.pathParameters, { id: '42' });
    assert.equal(event.stageVariables, null);
    assert.equal(event.body, null);
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.requestContext.resourcePath, '/rest/{id}');
    assert.equal(event.requestContext.path, '/dev/rest/42');
    assert.equal(event.requestContext.stage, 'dev');
    assert.equal(event.requestContext.httpMethod, 'GET');
    assert.equal(event.requestContext.identity.sourceIp, '127.0.0.1');
    assert.equal(typeof event.requestContext.requestTimeEpoch, 'number');
    assert.match(event.requestContext.requestId, /^[0-9a-f-]{36}$/);
  });

  test('REST API 1.0: a route without parameters has pathParameters null; binary bodies are base64', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    const res = await fetch(`${api.url}/rest/upload`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: bytes });
    const event = (await res.json()) as APIGatewayProxyEvent;
    assert.equal(event.resource, '/rest/upload');
    assert.equal(event.pathParameters, null);
    assert.equal(event.queryStringParameters, null);
    assert.equal(event.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(event.body ?? '', 'base64'), bytes);
  });

  test('2.0 results without statusCode become 200 application/json with the raw result as the body', async () => {
    for (const [kind, body] of [
      ['object', '{"hello":"world"}'],
      ['string', '"just text"'],
      ['number', '42'],
      ['nostatus', '{"body":"no status code"}'],
    ]) {
      const res = await fetch(`${api.url}/plain/${kind}`);
      assert.equal(res.status, 200, kind);
      assert.equal(res.headers.get('content-type'), 'application/json', kind);
      assert.equal(await res.text(), body, kind);
    }
  });

  test('structured results: status, headers, cookies → Set-Cookie, base64 bodies decoded, multiValueHeaders (1.0)', async () => {
    const bin = await fetch(`${api.url}/plain/binary`);
    assert.equal(bin.status, 201);
    assert.equal(bin.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await bin.arrayBuffer()), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]));
    const cookies = await fetch(`${api.url}/plain/cookies`);
    assert.deepEqual(cookies.headers.getSetCookie(), ['a=1; Path=/', 'b=2; HttpOnly']);
    assert.equal(cookies.headers.get('x-single'), 'one');
    const multi = await fetch(`${api.url}/plain-rest/multi`);
    assert.equal(multi.status, 200);
    assert.equal(multi.headers.get('x-multi'), 'a, b');
    assert.equal(multi.headers.get('x-single'), 'one');
    assert.equal(multi.headers.get('x-both'), 'from-multi', 'multiValueHeaders win over headers for the same name');
    assert.equal(multi.headers.get('content-type'), 'application/json', 'REST APIs default to JSON');
  });

  test('a function error is 502 {"message":"Internal Server Error"} (REST: "Internal server error")', async () => {
    const res = await fetch(`${api.url}/fails`);
    assert.equal(res.status, 502);
    assert.deepEqual(await res.json(), { message: 'Internal Server Error' });
    const rest = await fetch(`${api.url}/fails-rest`);
    assert.equal(rest.status, 502);
    assert.deepEqual(await rest.json(), { message: 'Internal server error' });
  });

  test('malformed proxy results are 502; a REST result must have a statusCode', async () => {
    assert.equal((await fetch(`${api.url}/plain/malformed`)).status, 502);
    const rest = await fetch(`${api.url}/plain-rest/object`);
    assert.equal(rest.status, 502);
    assert.deepEqual(await rest.json(), { message: 'Internal server error' });
  });

  test('no route is 404 {"message":"Not Found"}, including a known path with another method', async () => {
    const res = await fetch(`${api.url}/nowhere`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { message: 'Not Found' });
    assert.equal((await fetch(`${api.url}/hello`, { method: 'POST', body: 'x' })).status, 404);
  });

  test('a rejected invoke (queue full) is 500; past the integration timeout HTTP APIs answer 503, REST 504', async () => {
    const busy = await fetch(`${api.url}/busy`);
    assert.equal(busy.status, 500);
    const slow = await fetch(`${api.url}/slow`);
    assert.equal(slow.status, 503);
    assert.deepEqual(await slow.json(), { message: 'Service Unavailable' });
    const slowRest = await fetch(`${api.url}/slow-rest`);
    assert.equal(slowRest.status, 504);
    assert.deepEqual(await slowRest.json(), { message: 'Endpoint request timed out' });
  });

  test('every request is reported once with its status and function', () => {
    assert.ok(requests.some((r) => r.status === 404 && r.functionName === undefined));
    assert.ok(requests.some((r) => r.status === 502 && r.functionName === 'fails'));
  });

  test('routes are rebuilt from the functions on setFunctions', async () => {
    const added = fakeSpec('late', { events: [{ type: 'httpApi', method: 'GET', path: '/late' }] });
    emulator.register(added);
    assert.equal((await fetch(`${api.url}/late`)).status, 404);
    api.gateway.setFunctions(emulator.functions());
    assert.equal((await fetch(`${api.url}/late`)).status, 200);
  });
});

test('route matching: specificity order, ANY after specific methods, $default last', () => {
  const routes = buildRoutes([
    fakeSpec('catchAll', { events: [{ type: 'httpApi', method: 'ANY', path: '$default' }] }),
    fakeSpec('greedy', { events: [{ type: 'httpApi', method: 'ANY', path: '/{proxy+}' }] }),
    fakeSpec('param', { events: [{ type: 'httpApi', method: 'GET', path: '/items/{id}' }] }),
    fakeSpec('anyItem', { events: [{ type: 'httpApi', method: 'ANY', path: '/items/{id}' }] }),
    fakeSpec('literal', { events: [{ type: 'httpApi', method: 'GET', path: '/items/new' }] }),
    fakeSpec('root', { events: [{ type: 'http', method: 'GET', path: '/' }] }),
  ]);
  const who = (method: string, path: string): string | undefined => matchRoute(routes, method, path)?.route.functionName;
  assert.equal(who('GET', '/items/new'), 'literal');
  assert.equal(who('GET', '/items/7'), 'param');
  assert.equal(who('PUT', '/items/7'), 'anyItem');
  assert.equal(who('GET', '/items/7/extra'), 'greedy');
  assert.equal(who('GET', '/'), 'root');
  assert.equal(who('POST', '/'), 'catchAll');
  assert.equal(who('GET', '/items/new/'), 'literal', 'a trailing slash is ignored');
  assert.equal(describeRoute(routes[0]), 'GET /items/new → literal (HTTP API, payload 2.0)');
});

test('text content types are those API Gateway passes as text', () => {
  for (const type of ['text/plain', 'text/html; charset=utf-8', 'application/json', 'application/vnd.api+json', 'application/xml', 'application/javascript']) assert.ok(isTextContentType(type), type);
  for (const type of [undefined, 'application/octet-stream', 'image/png', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) assert.ok(!isTextContentType(type), String(type));
});

describe('API Gateway over the real emulator (child processes)', () => {
  const fixtureDir = join(__dirname, '..', '..', '..', 'fixtures', 'invoke', 'node');
  const emulator = new Emulator();
  let api: RunningServer & { gateway: ApiGateway };

  before(async () => {
    emulator.register(
      fakeSpec('node-fn', {
        codeDir: fixtureDir,
        events: [
          { type: 'httpApi', method: 'POST', path: '/v2/{id}' },
          { type: 'http', method: 'GET', path: '/v1/{proxy+}' },
        ],
      }),
    );
    // A handler that does not exist: the runtime reports an error, as Lambda's would.
    emulator.register(fakeSpec('crash', { codeDir: join(fixtureDir, '..', 'python'), runtime: 'python3.11', handler: 'app.missing', events: [{ type: 'httpApi', method: 'GET', path: '/crash' }] }));
    api = await startApiGateway(emulator, { port: 0 });
  });
  after(async () => {
    await api.close();
    await emulator.close();
  });

  test('a 2.0 request with a binary body and cookies reaches a real Node function and comes back', async () => {
    const bytes = Buffer.from([0, 255, 1, 254]);
    const res = await fetch(`${api.url}/v2/abc?q=1&q=2`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', cookie: 'a=1; b=2' }, body: bytes });
    assert.equal(res.status, 200);
    const event = (await res.json()) as APIGatewayProxyEventV2;
    assert.equal(event.routeKey, 'POST /v2/{id}');
    assert.deepEqual(event.pathParameters, { id: 'abc' });
    assert.deepEqual(event.queryStringParameters, { q: '1,2' });
    assert.deepEqual(event.cookies, ['a=1', 'b=2']);
    assert.equal(event.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(event.body ?? '', 'base64'), bytes);
  });

  test('a 1.0 request through a greedy path; a function error is 502', async () => {
    const res = await fetch(`${api.url}/v1/a/b/c`);
    assert.equal(res.status, 200);
    const event = (await res.json()) as APIGatewayProxyEvent;
    assert.equal(event.resource, '/v1/{proxy+}');
    assert.deepEqual(event.pathParameters, { proxy: 'a/b/c' });
    const crash = await fetch(`${api.url}/crash`);
    assert.equal(crash.status, 502);
    assert.deepEqual(await crash.json(), { message: 'Internal Server Error' });
  });
});
