import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, test } from 'node:test';
import { MAX_RESPONSE_BYTES } from '../../../../src/core/emulator/lambdaErrors';
import { RuntimeApiServer, type RuntimeApiListener } from '../../../../src/core/emulator/runtimeApi';

// The Runtime API server spoken to over raw sockets, as any runtime client would.

interface Recorded {
  next: number;
  responses: Array<[string, string]>;
  errors: Array<[string, string, string | undefined]>;
  tooLarge: Array<[string, number]>;
  initErrors: Array<[string, string | undefined]>;
  streams: Array<[string, string]>;
  chunks: Array<[string, string]>;
}

async function startServer(streamLimit = MAX_RESPONSE_BYTES): Promise<{ server: RuntimeApiServer; port: number; seen: Recorded }> {
  const seen: Recorded = { next: 0, responses: [], errors: [], tooLarge: [], initErrors: [], streams: [], chunks: [] };
  const listener: RuntimeApiListener = {
    next: () => void seen.next++,
    response: (id, body) => void seen.responses.push([id, body.toString()]),
    error: (id, body, type) => void seen.errors.push([id, body.toString(), type]),
    responseTooLarge: (id, limit) => void seen.tooLarge.push([id, limit]),
    streamStart: (id, contentType) => {
      seen.streams.push([id, contentType]);
      return streamLimit;
    },
    streamChunk: (id, chunk) => void seen.chunks.push([id, chunk.toString()]),
    initError: (body, type) => void seen.initErrors.push([body.toString(), type]),
  };
  const server = new RuntimeApiServer(listener);
  const { port } = await server.listen();
  after(() => server.close());
  return { server, port, seen };
}

/** A raw HTTP/1.1 connection that collects whatever the server sends. */
async function connect(port: number): Promise<{ send(text: string | Buffer): void; read(until: RegExp, ms?: number): Promise<string>; socket: net.Socket }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  after(() => socket.destroy());
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  return {
    socket,
    send: (text) => socket.write(text),
    read: async (until, ms = 3000) => {
      const end = Date.now() + ms;
      while (!until.test(received) && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
      const text = received;
      received = '';
      return text;
    },
  };
}

const next = 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n';
const post = (path: string, body: string, headers = '') =>
  `POST /2018-06-01/runtime${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}\r\n${body}`;

test('GET next long-polls and answers with the event and its Lambda-Runtime headers', async () => {
  const { server, port, seen } = await startServer();
  const client = await connect(port);
  client.send(next);
  await client.read(/never/, 100);
  assert.equal(seen.next, 1, 'the poll is held, not answered');
  server.deliver({
    requestId: 'req-1',
    payload: Buffer.from('{"a":1}'),
    headers: { 'Lambda-Runtime-Aws-Request-Id': 'req-1', 'Lambda-Runtime-Deadline-Ms': '1700000000000', 'Lambda-Runtime-Trace-Id': 'Root=1-a' },
  });
  const answer = await client.read(/\{"a":1\}$/);
  assert.match(answer, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(answer, /\r\nLambda-Runtime-Aws-Request-Id: req-1\r\n/);
  assert.match(answer, /\r\nLambda-Runtime-Deadline-Ms: 1700000000000\r\n/);
  assert.match(answer, /\r\nContent-Length: 7\r\n/);
});

test('an event delivered before the poll is handed over when the runtime polls', async () => {
  const { server, port } = await startServer();
  server.deliver({ requestId: 'early', payload: Buffer.from('{}'), headers: { 'Lambda-Runtime-Aws-Request-Id': 'early' } });
  const client = await connect(port);
  client.send(next);
  assert.match(await client.read(/\{\}$/), /Lambda-Runtime-Aws-Request-Id: early/);
});

test('response and error posts are accepted with 202; unknown ids get 400, answered ones 403', async () => {
  const { server, port, seen } = await startServer();
  const client = await connect(port);
  server.deliver({ requestId: 'r1', payload: Buffer.from('{}'), headers: {} });
  client.send(next);
  await client.read(/\{\}$/);
  client.send(post('/invocation/nope/response', '"x"'));
  assert.match(await client.read(/InvalidRequestID/), /^HTTP\/1\.1 400 .*\r\n\r\n\{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"\}$/s);
  client.send(post('/invocation/r1/response', '"done"'));
  assert.match(await client.read(/\{"status":"OK"\}/), /^HTTP\/1\.1 202 /);
  assert.deepEqual(seen.responses, [['r1', '"done"']]);
  client.send(post('/invocation/r1/response', '"again"'));
  assert.match(await client.read(/InvalidStateTransition/), /^HTTP\/1\.1 403 /);

  server.deliver({ requestId: 'r2', payload: Buffer.from('{}'), headers: {} });
  client.send(next);
  await client.read(/\{\}$/);
  client.send(post('/invocation/r2/error', '{"errorType":"MyError","errorMessage":"m"}', 'Lambda-Runtime-Function-Error-Type: MyError\r\n'));
  assert.match(await client.read(/OK/), /^HTTP\/1\.1 202 /);
  assert.deepEqual(seen.errors, [['r2', '{"errorType":"MyError","errorMessage":"m"}', 'MyError']]);
});

test('a response over 6 MB gets 413 RequestEntityTooLarge and the connection stays usable', async () => {
  const { server, port, seen } = await startServer();
  const client = await connect(port);
  server.deliver({ requestId: 'big', payload: Buffer.from('{}'), headers: {} });
  client.send(next);
  await client.read(/\{\}$/);
  client.send(post('/invocation/big/response', 'x'.repeat(MAX_RESPONSE_BYTES + 1)));
  const answer = await client.read(/RequestEntityTooLarge/, 10_000);
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.match(answer, /"errorMessage":"Exceeded maximum allowed payload size \(6291556 bytes\)\."/);
  assert.deepEqual(seen.tooLarge, [['big', MAX_RESPONSE_BYTES]]);
  client.send(post('/invocation/big/response', '"late"'));
  assert.match(await client.read(/403/), /InvalidStateTransition/);
});

test('chunked bodies, Expect: 100-continue, init errors, unknown paths and pipelining are handled', async () => {
  const { server, port, seen } = await startServer();
  const client = await connect(port);
  client.send(
    'POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n' +
      'Lambda-Runtime-Function-Error-Type: Runtime.Custom\r\n\r\n',
  );
  assert.match(await client.read(/100 Continue/), /^HTTP\/1\.1 100 Continue\r\n\r\n$/);
  client.send('5\r\n{"err\r\n');
  client.send('a\r\norType":1}\r\n0\r\n\r\n');
  assert.match(await client.read(/OK/), /202 Accepted/);
  assert.deepEqual(seen.initErrors, [['{"errorType":1}', 'Runtime.Custom']]);

  client.send('GET /2018-06-01/runtime/whatever HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.match(await client.read(/NotFound/), /^HTTP\/1\.1 404 /);

  // An answer and the next poll in one packet: the 202 travels with the next event.
  server.deliver({ requestId: 'p1', payload: Buffer.from('{"n":1}'), headers: {} });
  client.send(next);
  await client.read(/\{"n":1\}$/);
  client.send(post('/invocation/p1/response', '1') + next);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(seen.responses, [['p1', '1']]);
  server.deliver({ requestId: 'p2', payload: Buffer.from('{"n":2}'), headers: {} });
  const both = await client.read(/\{"n":2\}$/);
  assert.match(both, /^HTTP\/1\.1 202 Accepted\r\n[\s\S]*\{"status":"OK"\}HTTP\/1\.1 200 OK\r\n[\s\S]*\{"n":2\}$/);
});

test('a malformed request gets 400 and the connection closes', async () => {
  const { port } = await startServer();
  const client = await connect(port);
  const closed = new Promise((resolve) => client.socket.once('close', resolve));
  client.send('NONSENSE\r\n\r\n');
  assert.match(await client.read(/400/), /^HTTP\/1\.1 400 /);
  await closed;
});

const streamHead = (id: string, contentType: string) =>
  `POST /2018-06-01/runtime/invocation/${id}/response HTTP/1.1\r\nHost: x\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n` +
  `Content-Type: ${contentType}\r\nTransfer-Encoding: chunked\r\nTrailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n`;
const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;

test('a streamed response passes each chunk on as it arrives, then answers with the whole body', async () => {
  const { server, port, seen } = await startServer();
  const runtime = await connect(port);
  server.deliver({ requestId: 's1', payload: Buffer.from('{}'), headers: {} });
  runtime.send(next);
  await runtime.read(/\{\}$/);
  // A second connection, as AWS's runtime opens for the stream.
  const stream = await connect(port);
  stream.send(streamHead('s1', 'text/plain'));
  stream.send(chunk('one '));
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(seen.streams, [['s1', 'text/plain']]);
  assert.deepEqual(seen.chunks, [['s1', 'one ']]);
  assert.deepEqual(seen.responses, [], 'the answer waits for the end of the stream');
  stream.send(chunk('two'));
  stream.send('0\r\n\r\n');
  assert.match(await stream.read(/OK/), /^HTTP\/1\.1 202 /);
  assert.deepEqual(seen.chunks, [['s1', 'one '], ['s1', 'two']]);
  assert.deepEqual(seen.responses, [['s1', 'one two']]);
});

test('an error in a streamed response\u2019s trailers ends the invocation as that error', async () => {
  const { server, port, seen } = await startServer();
  const runtime = await connect(port);
  server.deliver({ requestId: 's2', payload: Buffer.from('{}'), headers: {} });
  runtime.send(next);
  await runtime.read(/\{\}$/);
  const body = JSON.stringify({ errorType: 'Error', errorMessage: 'boom', trace: [] });
  runtime.send(streamHead('s2', 'application/octet-stream') + chunk('partial'));
  runtime.send(`0\r\nLambda-Runtime-Function-Error-Type: Error\r\nLambda-Runtime-Function-Error-Body: ${Buffer.from(body).toString('base64')}\r\n\r\n`);
  assert.match(await runtime.read(/OK/), /^HTTP\/1\.1 202 /);
  assert.deepEqual(seen.chunks, [['s2', 'partial']]);
  assert.deepEqual(seen.errors, [['s2', body, 'Error']]);
  assert.deepEqual(seen.responses, []);
});

test('a stream over the limit the listener gives is cut off with 413 and reported once', async () => {
  const { server, port, seen } = await startServer(10);
  const runtime = await connect(port);
  server.deliver({ requestId: 's3', payload: Buffer.from('{}'), headers: {} });
  runtime.send(next);
  await runtime.read(/\{\}$/);
  runtime.send(streamHead('s3', 'text/plain') + chunk('12345') + chunk('678901') + '0\r\n\r\n');
  const answer = await runtime.read(/RequestEntityTooLarge/);
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.match(answer, /\(10 bytes\)/);
  assert.deepEqual(seen.chunks, [['s3', '12345']]);
  assert.deepEqual(seen.tooLarge, [['s3', 10]]);
});

test('a stream for an invocation not in flight is not passed on and gets 400', async () => {
  const { port, seen } = await startServer();
  const runtime = await connect(port);
  runtime.send(streamHead('nobody', 'text/plain') + chunk('x') + '0\r\n\r\n');
  assert.match(await runtime.read(/InvalidRequestID/), /^HTTP\/1\.1 400 /);
  assert.deepEqual(seen.streams, []);
  assert.deepEqual(seen.chunks, []);
});
