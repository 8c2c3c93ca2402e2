import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { HTTP_INTEGRATION_CONTENT_TYPE, MAX_RESPONSE_BYTES, type Invocation, type ResponseStreamSink } from '../../../../src/core/emulator';
import { createTestEmulator, failure, fixtureSpec } from '../../../helpers/emulator';

// Lambda response streaming with `isolation: 'inline'`: the `awslambda` global, the stream a
// streamifyResponse handler writes to, and the invoke's sink receiving it as it is written.

const FIXTURES = path.resolve(__dirname, '../../../fixtures/streaming-inline');
const { emulator } = createTestEmulator(after, { isolation: 'inline' });
const spec = (name: string, handler: string, overrides = {}) => fixtureSpec(name, FIXTURES, handler, overrides);

interface Recorded {
  /** `begin <type>` and `chunk <text>`, in order. */
  events: string[];
  /** Whether the invoke had settled when each event came. */
  settledAt: boolean[];
}

/** Invokes with a recording sink; `settled` flips when the invoke's promise settles. */
async function invokeStreaming(name: string, event: unknown = {}): Promise<{ invocation: Invocation } & Recorded> {
  const recorded: Recorded = { events: [], settledAt: [] };
  let settled = false;
  const sink: ResponseStreamSink = {
    begin: (contentType) => {
      recorded.events.push(`begin ${contentType}`);
      recorded.settledAt.push(settled);
    },
    chunk: (data) => {
      recorded.events.push(`chunk ${data.toString('latin1')}`);
      recorded.settledAt.push(settled);
    },
  };
  const invocation = await emulator.invoke(name, { payload: JSON.stringify(event), responseStream: sink });
  settled = true;
  return { invocation, ...recorded };
}

test('streamifyResponse: begin once with the content type, then each chunk in order while the handler still runs', async () => {
  emulator.register(spec('chunks', 'index.chunks'));
  const { invocation, events, settledAt } = await invokeStreaming('chunks', { pauseMs: 150 });
  assert.deepEqual(events, ['begin text/plain', 'chunk one,', 'chunk two,', 'chunk three']);
  assert.deepEqual(settledAt, [false, false, false, false], 'every chunk arrived before the invoke settled');
  assert.equal(invocation.streamContentType, 'text/plain');
  assert.equal(invocation.payload.toString(), 'one,two,three');
  assert.equal(invocation.functionError, undefined);
  // The pauses are inside the invocation: it lasted at least both of them.
  assert.ok(invocation.durationMs >= 250, `duration ${invocation.durationMs}`);
  assert.match(invocation.logs, /^END RequestId: /m);
});

test('the first chunk reaches the sink before the handler finished', async () => {
  emulator.register(spec('progressive', 'index.chunks'));
  let firstChunkAt = 0;
  const started = Date.now();
  const invoked = emulator.invoke('progressive', {
    payload: JSON.stringify({ pauseMs: 600 }),
    responseStream: { begin: () => undefined, chunk: () => void (firstChunkAt ||= Date.now()) },
  });
  const invocation = await invoked;
  const settledAt = Date.now();
  assert.ok(firstChunkAt > 0);
  assert.ok(settledAt - firstChunkAt >= 1000, `first chunk ${firstChunkAt - started} ms in, settled ${settledAt - started} ms in`);
  assert.equal(invocation.payload.toString(), 'one,two,three');
});

test('HttpResponseStream.from: the JSON prelude and 8 zero bytes before the body, with the integration content type', async () => {
  emulator.register(spec('http', 'index.http'));
  const { invocation, events } = await invokeStreaming('http');
  const prelude = { statusCode: 201, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Streamed': 'yes' }, cookies: ['session=abc; Path=/; HttpOnly'] };
  assert.deepEqual(events, [`begin ${HTTP_INTEGRATION_CONTENT_TYPE}`, `chunk ${JSON.stringify(prelude)}`, `chunk ${'\0'.repeat(8)}`, 'chunk created ', 'chunk item 7']);
  assert.equal(invocation.streamContentType, HTTP_INTEGRATION_CONTENT_TYPE);
  assert.equal(invocation.payload.toString('latin1'), `${JSON.stringify(prelude)}${'\0'.repeat(8)}created item 7`);
});

test('HttpResponseStream.from and end() with no write still sends the prelude', async () => {
  emulator.register(spec('httpEmpty', 'index.httpEmpty'));
  const { invocation, events } = await invokeStreaming('httpEmpty');
  assert.deepEqual(events, [`begin ${HTTP_INTEGRATION_CONTENT_TYPE}`, 'chunk {"statusCode":204}', `chunk ${'\0'.repeat(8)}`]);
  assert.equal(invocation.payload.toString('latin1'), `{"statusCode":204}${'\0'.repeat(8)}`);
});

test('default content type application/octet-stream; objects are written as JSON, bytes as they are', async () => {
  emulator.register(spec('octets', 'index.octets'));
  const { invocation, events } = await invokeStreaming('octets');
  assert.equal(events[0], 'begin application/octet-stream');
  assert.equal(invocation.streamContentType, 'application/octet-stream');
  assert.deepEqual([...invocation.payload], [...Buffer.from('{"part":1}'), 0, 1, 2, 255]);
});

test('an ES module handler streams too (the global is there while it is evaluated)', async () => {
  emulator.register(spec('esm', 'esm.handler'));
  const { invocation, events } = await invokeStreaming('esm');
  assert.deepEqual(events, ['begin text/csv', 'chunk a,b\n', 'chunk 1,2\n']);
  assert.equal(invocation.payload.toString(), 'a,b\n1,2\n');
});

test('a handler that throws after the first chunk: a function error in AWS shape, after the chunk went out', async () => {
  emulator.register(spec('throwsMidway', 'index.throwsMidway'));
  const { invocation, events, settledAt } = await invokeStreaming('throwsMidway', { pauseMs: 50 });
  assert.deepEqual(events, ['begin text/plain', 'chunk first chunk']);
  assert.deepEqual(settledAt, [false, false]);
  const error = failure(invocation);
  assert.equal(error.errorType, 'TypeError');
  assert.equal(error.errorMessage, 'broke after the first chunk');
  assert.match(String(error.trace?.[0]), /^TypeError: broke after the first chunk$/);
  assert.ok(error.trace?.some((line) => line.includes('streaming-inline/index.js')), 'the trace points at the handler');
  assert.equal(invocation.streamContentType, undefined, 'the payload is the error, not the stream');
  assert.match(invocation.logs, new RegExp(`\\t${invocation.requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"TypeError","errorMessage":"broke after the first chunk"`));
});

test('a handler that fails before writing: the stream opens only to carry the error', async () => {
  emulator.register(spec('throwsAtOnce', 'index.throwsAtOnce'));
  const { invocation, events } = await invokeStreaming('throwsAtOnce');
  assert.deepEqual(events, ['begin application/octet-stream']);
  assert.deepEqual(failure(invocation).errorMessage, 'nothing to stream');
});

test('a streaming handler that is not async is refused, as by AWS\'s runtime', async () => {
  emulator.register(spec('notAsync', 'index.notAsync'));
  const { invocation } = await invokeStreaming('notAsync');
  const error = failure(invocation);
  assert.deepEqual([error.errorType, error.errorMessage], ['Error', 'Streaming does not support non-async handlers.']);
});

test('setContentType after the first write throws Runtime.InvalidStreamingOperation', async () => {
  emulator.register(spec('late', 'index.lateContentType'));
  const { invocation, events } = await invokeStreaming('late');
  assert.deepEqual(events, ['begin application/octet-stream', 'chunk <p>']);
  const error = failure(invocation);
  assert.deepEqual([error.errorType, error.errorMessage], ['Runtime.InvalidStreamingOperation', 'Cannot set content-type, too late.']);
  assert.match(String(error.trace?.[0]), /^Runtime\.InvalidStreamingOperation: Cannot set content-type, too late\.$/);
});

test('a returned value is ignored with a warning line', async () => {
  emulator.register(spec('returnsValue', 'index.returnsValue'));
  const { invocation } = await invokeStreaming('returnsValue');
  assert.equal(invocation.functionError, undefined);
  assert.equal(invocation.payload.toString(), 'streamed');
  assert.match(invocation.logs, new RegExp(`\\t${invocation.requestId}\\tWARN\\tStreaming handlers ignore return values\\.$`, 'm'));
});

test('a handler that never ends its stream runs into the timeout; what it wrote was already sent', async () => {
  emulator.register(spec('neverEnds', 'index.neverEnds', { timeout: 1 }));
  const { invocation, events } = await invokeStreaming('neverEnds');
  assert.deepEqual(events, ['begin application/octet-stream', 'chunk waiting']);
  assert.equal(failure(invocation).errorType, 'Sandbox.Timedout');
});

test('without a sink the stream is collected, with the 6 MB limit of a buffered invoke', async () => {
  emulator.register(spec('collected', 'index.chunks'));
  const small = await emulator.invoke('collected', { payload: '{}' });
  assert.equal(small.payload.toString(), 'one,two,three');
  assert.equal(small.streamContentType, 'text/plain');

  emulator.register(spec('large', 'index.large'));
  const tooLarge = await emulator.invoke('large', { payload: JSON.stringify({ bytes: 7 * 1024 * 1024 }) });
  const error = failure(tooLarge);
  assert.equal(error.errorType, 'Function.ResponseSizeTooLarge');
  assert.match(error.errorMessage, new RegExp(`\\(${MAX_RESPONSE_BYTES} bytes\\)`));
  // With a sink, the streamed limit (200 MB) applies.
  let received = 0;
  const streamed = await emulator.invoke('large', {
    payload: JSON.stringify({ bytes: 7 * 1024 * 1024 }),
    responseStream: { begin: () => undefined, chunk: (data) => void (received += data.length) },
  });
  assert.equal(streamed.functionError, undefined);
  assert.equal(received, 7 * 1024 * 1024);
  assert.equal(streamed.payload.length, received);
});

test('awslambda is defined for a handler that does not stream, and it answers as before', async () => {
  emulator.register(spec('plain', 'index.plain'));
  const invocation = await emulator.invoke('plain', { payload: '{}', responseStream: { begin: () => assert.fail('no stream'), chunk: () => assert.fail('no stream') } });
  assert.deepEqual(JSON.parse(invocation.payload.toString()), { awslambda: 'object', streamifyResponse: 'function', httpResponseStream: 'function' });
  assert.equal(invocation.streamContentType, undefined);
});

test('AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA hides the global from that function only (CommonJS and ES modules)', async () => {
  const hidden = { environment: { AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA: '1' } };
  emulator.register(spec('noGlobal', 'noglobal.handler', hidden));
  emulator.register(spec('noGlobalEsm', 'esmNoGlobal.handler', { environment: { AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA: 'true' } }));
  for (const name of ['noGlobal', 'noGlobalEsm']) {
    const invocation = await emulator.invoke(name, { payload: '{}' });
    assert.deepEqual(JSON.parse(invocation.payload.toString()), { atLoad: 'undefined', atRun: 'undefined' }, name);
  }
  // Outside those functions' scope the global is still there.
  assert.equal(typeof (globalThis as { awslambda?: unknown }).awslambda, 'object');
  emulator.register(spec('plainBeside', 'index.plain'));
  const plain = await emulator.invoke('plainBeside', { payload: '{}' });
  assert.equal((JSON.parse(plain.payload.toString()) as { awslambda: string }).awslambda, 'object');
});
