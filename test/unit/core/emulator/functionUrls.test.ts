import assert from 'node:assert/strict';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { functionUrlId } from '../../../../src/core/emulator/functionUrlEvents';
import type { FunctionUrlRequestLog } from '../../../../src/core/emulator/functionUrlEndpoint';
import { FunctionUrls } from '../../../../src/core/emulator/functionUrls';
import { MAX_REQUEST_BYTES } from '../../../../src/core/emulator/lambdaErrors';
import type { FunctionRunOptions } from '../../../../src/core/emulator/types';
import type { FunctionSpec, FunctionUrlSpec } from '../../../../src/core/project/functionSpec';
import { createTestEmulator, fixtureSpec } from '../../../helpers/emulator';

// Each function URL on its own server, driven with fetch; the functions run in the real emulator.

const HANDLERS = path.resolve(__dirname, '../../../fixtures/function-urls/handlers');
const { emulator } = createTestEmulator(after);
const requests: FunctionUrlRequestLog[] = [];
const urls = new FunctionUrls(emulator, { basePort: 0, accountId: '123456789012', onRequest: (entry) => requests.push(entry) });
after(() => urls.close());

const cors = {
  allowOrigins: ['https://app.example'],
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['Content-Type', 'X-Api-Key'],
  exposeHeaders: ['X-Custom'],
  allowCredentials: true,
  maxAge: 300,
};

function register(name: string, handler: string, url: FunctionUrlSpec, runOptions: FunctionRunOptions = {}): void {
  emulator.register(fixtureSpec(name, HANDLERS, `index.${handler}`, { url }), runOptions);
}

before(async () => {
  register('echo', 'echo', { authType: 'NONE', invokeMode: 'BUFFERED' });
  register('iamEcho', 'echo', { authType: 'AWS_IAM', invokeMode: 'BUFFERED' });
  register('corsEcho', 'echo', { authType: 'NONE', invokeMode: 'BUFFERED', cors });
  register('shaped', 'shaped', { authType: 'NONE', invokeMode: 'BUFFERED', cors: { allowOrigins: ['*'] } });
  register('fails', 'fails', { authType: 'NONE', invokeMode: 'BUFFERED' });
  register('streamBuffered', 'stream', { authType: 'NONE', invokeMode: 'BUFFERED' });
  // One environment and no queue: a second request while one runs is throttled.
  register('stream', 'stream', { authType: 'NONE', invokeMode: 'RESPONSE_STREAM', cors }, { concurrency: 1, maxQueue: 0 });
  const changes = await urls.setFunctions(emulator.functions());
  assert.equal(changes.added.length, 7);
  assert.deepEqual(changes.failed, []);
});

function urlOf(name: string): string {
  const entry = urls.list().find((u) => u.functionName === name);
  assert.ok(entry, `no URL for ${name}`);
  return entry.url;
}

interface Echo {
  invocations: number;
  awsRequestId: string;
  event: {
    version: string;
    routeKey: string;
    rawPath: string;
    rawQueryString: string;
    cookies?: string[];
    headers: Record<string, string>;
    queryStringParameters?: Record<string, string>;
    body?: string;
    isBase64Encoded: boolean;
    requestContext: Record<string, unknown> & { http: Record<string, unknown>; authorizer?: { iam: Record<string, unknown> } };
  };
}

test('the event: payload 2.0 as a function URL sends it ($default, anonymous account, the URL id, no path parameters)', async () => {
  const base = urlOf('echo');
  const response = await fetch(`${base}orders/42?b=2&a=1&a=3`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'x-custom': 'here' },
    body: '{"item":7}',
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json');
  assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  const { event, awsRequestId } = (await response.json()) as Echo;
  assert.equal(event.version, '2.0');
  assert.equal(event.routeKey, '$default');
  assert.equal(event.rawPath, '/orders/42');
  assert.equal(event.rawQueryString, 'b=2&a=1&a=3');
  assert.deepEqual(event.queryStringParameters, { b: '2', a: '1,3' });
  assert.deepEqual(event.cookies, ['c1=v1', 'c2=v2']);
  assert.equal(event.headers['x-custom'], 'here');
  assert.equal(event.headers.cookie, undefined, 'cookies are taken out of the headers');
  assert.equal(event.body, '{"item":7}');
  assert.equal(event.isBase64Encoded, false);
  assert.ok(!('pathParameters' in event) && !('stageVariables' in event));
  const { host, port } = new URL(base);
  const ctx = event.requestContext;
  assert.equal(ctx.accountId, 'anonymous');
  assert.equal(ctx.apiId, functionUrlId('echo'));
  assert.match(String(ctx.apiId), /^[a-z0-9]{32}$/);
  assert.notEqual(functionUrlId('echo'), functionUrlId('iamEcho'));
  assert.equal(ctx.domainName, host);
  assert.equal(ctx.domainPrefix, host.split(':')[0].split('.')[0]);
  assert.deepEqual(ctx.http, { method: 'POST', path: '/orders/42', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'node' });
  assert.match(String(ctx.requestId), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(ctx.requestId, awsRequestId, 'the event and the invocation share one request id');
  assert.equal(response.headers.get('x-amzn-requestid'), awsRequestId);
  assert.equal(ctx.routeKey, '$default');
  assert.equal(ctx.stage, '$default');
  assert.match(String(ctx.time), /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  assert.equal(typeof ctx.timeEpoch, 'number');
  assert.equal(ctx.authorizer, undefined, 'auth NONE: no authorizer');
  assert.equal(event.headers['x-forwarded-port'], port);

  const binary = (await (await fetch(`${base}upload`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array([1, 2, 255]) })).json()) as Echo;
  assert.equal(binary.event.isBase64Encoded, true);
  assert.equal(binary.event.body, Buffer.from([1, 2, 255]).toString('base64'));
  assert.deepEqual(requests.at(-1), { ...requests.at(-1), method: 'PUT', path: '/upload', status: 200, functionName: 'echo' });
});

test('AWS_IAM: the owner account and an authorizer.iam caller; the signature is not checked locally', async () => {
  const signed = await fetch(urlOf('iamEcho'), {
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIATESTKEY123/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=abc' },
  });
  assert.equal(signed.status, 200);
  const { event } = (await signed.json()) as Echo;
  assert.equal(event.requestContext.accountId, '123456789012');
  const iam = event.requestContext.authorizer?.iam;
  assert.ok(iam);
  assert.equal(iam.accessKey, 'AKIATESTKEY123');
  assert.equal(iam.accountId, '123456789012');
  assert.equal(iam.userArn, 'arn:aws:iam::123456789012:user/local');
  assert.equal(iam.callerId, iam.userId);
  assert.equal(iam.cognitoIdentity, null);
  const unsigned = await fetch(urlOf('iamEcho'));
  assert.equal(unsigned.status, 200, 'AWS_IAM is not enforced');
  assert.match(String(((await unsigned.json()) as Echo).event.requestContext.authorizer?.iam.accessKey), /^AKIA/);
});

test('BUFFERED: a structured result becomes status, headers, cookies and the decoded body', async () => {
  const response = await fetch(`${urlOf('shaped')}anything`, { method: 'DELETE' });
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('x-custom'), 'yes');
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  assert.deepEqual(response.headers.getSetCookie(), ['a=1; Path=/', 'b=2']);
  assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [0, 1, 2, 254, 255]);
  assert.equal(response.headers.get('access-control-allow-origin'), 'https://function.example', 'no Origin: no CORS headers of the URL');
});

test('BUFFERED: a streaming function is answered through its prelude, all at once', async () => {
  const response = await fetch(urlOf('streamBuffered'));
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('x-streamed'), 'yes');
  assert.deepEqual(response.headers.getSetCookie(), ['session=abc; Path=/']);
  assert.equal(response.headers.get('content-length'), '13');
  assert.equal(await response.text(), 'one,two,three');
});

test('RESPONSE_STREAM: status, headers and cookies from the prelude; the first bytes arrive before the function ends', async () => {
  const response = await fetch(`${urlOf('stream')}?pauseMs=1000`);
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('x-streamed'), 'yes');
  assert.deepEqual(response.headers.getSetCookie(), ['session=abc; Path=/']);
  assert.equal(response.headers.get('content-length'), null);
  assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let firstAt = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    firstAt ||= Date.now();
    text += decoder.decode(value, { stream: true });
  }
  const endedAt = Date.now();
  assert.equal(text, 'one,two,three');
  assert.ok(endedAt - firstAt >= 1000, `the first bytes came only ${endedAt - firstAt} ms before the end`);
});

test('a request while the only environment is busy and nothing may queue: 429, as Lambda throttles', async () => {
  const first = await fetch(`${urlOf('stream')}?pauseMs=1500`);
  assert.equal(first.status, 201, 'the first request is running');
  const second = await fetch(urlOf('stream'));
  assert.equal(second.status, 429);
  assert.deepEqual(await second.json(), { Message: 'Rate Exceeded.' });
  assert.equal(await first.text(), 'one,two,three');
});

test('CORS: the URL answers a preflight itself (the function is not invoked) and adds its headers to answers', async () => {
  const base = urlOf('corsEcho');
  const origin = 'https://app.example';
  const before = ((await (await fetch(base, { headers: { origin } })).json()) as Echo).invocations;
  const preflight = await fetch(`${base}items`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
  });
  assert.equal(preflight.status, 200);
  assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
  assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET, POST');
  assert.equal(preflight.headers.get('access-control-allow-headers'), 'Content-Type, X-Api-Key');
  assert.equal(preflight.headers.get('access-control-max-age'), '300');
  assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(await preflight.text(), '');
  const after = await fetch(base, { headers: { origin } });
  assert.equal(((await after.json()) as Echo).invocations, before + 1, 'the preflight did not reach the function');
  assert.equal(after.headers.get('access-control-allow-origin'), origin);
  assert.equal(after.headers.get('access-control-expose-headers'), 'X-Custom');
  assert.equal(after.headers.get('access-control-allow-credentials'), 'true');
  assert.match(after.headers.get('vary') ?? '', /Origin/);
  assert.equal(after.headers.get('access-control-max-age'), null, 'Max-Age belongs to preflights only');

  const streamed = await fetch(urlOf('stream'), { headers: { origin } });
  assert.equal(streamed.headers.get('access-control-allow-origin'), origin, 'streamed answers get the headers too');
  assert.equal(await streamed.text(), 'one,two,three');
});

test('CORS: an origin not allowed gets no CORS headers; the URL\'s headers replace the function\'s own', async () => {
  const stranger = 'https://stranger.example';
  const preflight = await fetch(urlOf('corsEcho'), { method: 'OPTIONS', headers: { origin: stranger, 'access-control-request-method': 'GET' } });
  assert.equal(preflight.status, 200);
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  assert.equal(preflight.headers.get('access-control-allow-methods'), null);
  const answer = await fetch(urlOf('corsEcho'), { headers: { origin: stranger } });
  assert.equal(answer.status, 200, 'the function still runs');
  assert.equal(answer.headers.get('access-control-allow-origin'), null);

  // `*` without credentials: `*`, replacing the function's own Access-Control-Allow-Origin.
  const shaped = await fetch(urlOf('shaped'), { headers: { origin: stranger } });
  assert.equal(shaped.headers.get('access-control-allow-origin'), '*');
  assert.equal(shaped.headers.get('x-custom'), 'yes');
});

test('a body over 6 MB: 413 without invoking; a function error: 502', async () => {
  const count = async (): Promise<number> => ((await (await fetch(urlOf('echo'))).json()) as Echo).invocations;
  const before = await count();
  const tooLarge = await fetch(urlOf('echo'), { method: 'POST', body: Buffer.alloc(MAX_REQUEST_BYTES + 1, 97) });
  assert.equal(tooLarge.status, 413);
  assert.match(((await tooLarge.json()) as { Message: string }).Message, /6291456 bytes/);
  assert.equal(await count(), before + 1, 'the function did not run for the 413');
  const failed = await fetch(urlOf('fails'));
  assert.equal(failed.status, 502);
  assert.equal(await failed.text(), 'Internal Server Error');
});

/** Holds a port so the next URL must skip it. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

test('ports: from the base up, skipping ports in use; kept across changes; freed when the URL goes', async (t) => {
  const held = await holdPort();
  t.after(() => held.server.close());
  const own = new FunctionUrls(emulator, { basePort: held.port });
  t.after(() => own.close());
  const spec = (url?: FunctionUrlSpec): FunctionSpec => fixtureSpec('echo', HANDLERS, 'index.echo', url ? { url } : {});
  const added = await own.setFunctions([spec({ authType: 'NONE', invokeMode: 'BUFFERED' })]);
  const port = Number(new URL(added.added[0].url).port);
  assert.ok(port > held.port && port < held.port + 100, `port ${port} after the held ${held.port}`);
  assert.equal((await fetch(added.added[0].url)).status, 200);

  const changed = await own.setFunctions([spec({ authType: 'AWS_IAM', invokeMode: 'BUFFERED' })]);
  assert.deepEqual([changed.added, changed.removed], [[], []], 'a changed URL is applied in place');
  assert.deepEqual(own.list(), [{ functionName: 'echo', url: `http://127.0.0.1:${port}/`, authType: 'AWS_IAM', invokeMode: 'BUFFERED' }]);
  const iam = (await (await fetch(own.list()[0].url)).json()) as Echo;
  assert.ok(iam.event.requestContext.authorizer, 'the new auth type applies without a restart');

  const removed = await own.setFunctions([spec()]);
  assert.deepEqual(removed.removed.map((u) => u.url), [`http://127.0.0.1:${port}/`]);
  assert.deepEqual(own.list(), []);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'the server is closed');

  const back = await own.setFunctions([spec({ authType: 'NONE', invokeMode: 'BUFFERED' })]);
  assert.equal(back.added[0].url, `http://127.0.0.1:${port}/`, 'the URL comes back on its port');
  const gone = await own.setFunctions([]);
  assert.equal(gone.removed.length, 1, 'a function that disappears loses its URL');
});
