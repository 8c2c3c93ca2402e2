import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startApiGateway } from '../../../../src/core/emulator/apiGateway';
import type { ApiGateway } from '../../../../src/core/emulator/apiGateway';
import type { RunningServer } from '../../../../src/core/emulator/httpServer';
import type { FunctionEventSpec } from '../../../../src/core/project/functionSpec';
import { createTestEmulator, fixtureSpec } from '../../../helpers/emulator';

// The API Gateway emulator relays a streaming function's response as the function writes it, as
// Lambda function URLs do: the HTTP integration prelude becomes status, headers and cookies.

const FIXTURES = path.resolve(__dirname, '../../../fixtures/streaming-inline');
const { emulator } = createTestEmulator(after, { isolation: 'inline' });
const requests: { status: number; functionName?: string }[] = [];
let api: RunningServer & { gateway: ApiGateway };

function route(name: string, handler: string, events: FunctionEventSpec[], isolation?: 'process'): void {
  emulator.register(fixtureSpec(name, FIXTURES, handler, { events }), isolation ? { isolation } : {});
}

before(async () => {
  route('http', 'index.http', [{ type: 'httpApi', method: 'GET', path: '/http' }]);
  route('httpProcess', 'index.http', [{ type: 'httpApi', method: 'GET', path: '/process/http' }], 'process');
  route('httpEmpty', 'index.httpEmpty', [{ type: 'httpApi', method: 'GET', path: '/empty' }]);
  route('chunks', 'index.chunks', [{ type: 'http', method: 'GET', path: '/rest/chunks' }]);
  route('octets', 'index.octets', [{ type: 'httpApi', method: 'GET', path: '/octets' }]);
  route('throwsMidway', 'index.throwsMidway', [{ type: 'httpApi', method: 'GET', path: '/midway' }]);
  route('throwsAtOnce', 'index.throwsAtOnce', [
    { type: 'httpApi', method: 'GET', path: '/at-once' },
    { type: 'http', method: 'GET', path: '/rest/at-once' },
  ]);
  route('badPrelude', 'index.badPrelude', [{ type: 'httpApi', method: 'GET', path: '/bad-prelude' }]);
  route('plain', 'index.plain', [{ type: 'httpApi', method: 'GET', path: '/plain' }]);
  api = await startApiGateway(emulator, { port: 0, onRequest: (entry) => requests.push(entry) });
});

after(() => api.close());

/** Reads a body chunk by chunk, noting when the first one came. */
async function readBody(response: Response): Promise<{ text: string; firstChunkAt: number; endedAt: number }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let firstChunkAt = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    firstChunkAt ||= Date.now();
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), firstChunkAt, endedAt: Date.now() };
}

test('HttpResponseStream: status, headers and cookies from the prelude, the body chunked and readable before the function ends', async () => {
  const response = await fetch(`${api.url}/http?pauseMs=1200`);
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(response.headers.get('x-streamed'), 'yes');
  assert.deepEqual(response.headers.getSetCookie(), ['session=abc; Path=/; HttpOnly']);
  assert.equal(response.headers.get('content-length'), null);
  assert.equal(response.headers.get('transfer-encoding'), 'chunked');
  assert.match(response.headers.get('apigw-requestid') ?? '', /^[A-Za-z0-9+/=]{16}$/);
  const { text, firstChunkAt, endedAt } = await readBody(response);
  assert.equal(text, 'created item 7');
  assert.ok(endedAt - firstChunkAt >= 900, `the first bytes came ${endedAt - firstChunkAt} ms before the end`);
  assert.deepEqual(requests.at(-1), { ...requests.at(-1), status: 201, functionName: 'http' });
});

test('process isolation streams through the gateway the same way', async () => {
  const response = await fetch(`${api.url}/process/http`);
  assert.equal(response.status, 201);
  assert.deepEqual(response.headers.getSetCookie(), ['session=abc; Path=/; HttpOnly']);
  assert.equal(await response.text(), 'created item 7');
});

test('a prelude with an empty body: its status, no body', async () => {
  const response = await fetch(`${api.url}/empty`);
  assert.equal(response.status, 204);
  assert.equal(await response.text(), '');
});

test('another content type: 200 with that Content-Type and the bytes as the body (REST API route)', async () => {
  const response = await fetch(`${api.url}/rest/chunks`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain');
  assert.equal(response.headers.get('content-length'), null);
  assert.equal(await response.text(), 'one,two,three');
});

test('application/octet-stream: the bytes as written', async () => {
  const response = await fetch(`${api.url}/octets`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [...Buffer.from('{"part":1}'), 0, 1, 2, 255]);
});

test('an error after the first chunk cuts the connection: the client got the chunk, then a failed read', async () => {
  const response = await fetch(`${api.url}/midway?pauseMs=300`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain');
  const reader = response.body!.getReader();
  const first = await reader.read();
  assert.equal(new TextDecoder().decode(first.value), 'first chunk');
  await assert.rejects(async () => {
    for (;;) if ((await reader.read()).done) break;
  }, /terminated/);
});

test('an error before any byte: API Gateway\'s usual 502', async () => {
  const httpApi = await fetch(`${api.url}/at-once`);
  assert.equal(httpApi.status, 502);
  assert.deepEqual(await httpApi.json(), { message: 'Internal Server Error' });
  const restApi = await fetch(`${api.url}/rest/at-once`);
  assert.equal(restApi.status, 502);
  assert.deepEqual(await restApi.json(), { message: 'Internal server error' });
});

test('a prelude that is not JSON: 502', async () => {
  const response = await fetch(`${api.url}/bad-prelude`);
  assert.equal(response.status, 502);
  assert.deepEqual(await response.json(), { message: 'Internal Server Error' });
});

test('a function that does not stream answers as before (Content-Length, JSON)', async () => {
  const response = await fetch(`${api.url}/plain`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json');
  const body = await response.text();
  assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(body)));
  assert.equal((JSON.parse(body) as { awslambda: string }).awslambda, 'object');
});
