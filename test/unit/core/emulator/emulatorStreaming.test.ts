import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MAX_RESPONSE_BYTES } from '../../../../src/core/emulator/lambdaErrors';
import type { Invocation, Isolation, ResponseStreamSink } from '../../../../src/core/emulator/types';
import { createTestEmulator, failure, fixtureSpec, json } from '../../../helpers/emulator';

// Response streaming (`awslambda.streamifyResponse`) through the Runtime API's streamed responses,
// with real child processes and worker threads running the Node.js bootstrap.

interface Recorded {
  events: Array<{ at: number; what: 'begin' | 'chunk'; data: string }>;
  sink: ResponseStreamSink;
}

function recorder(): Recorded {
  const events: Recorded['events'] = [];
  return {
    events,
    sink: {
      begin: (contentType) => events.push({ at: Date.now(), what: 'begin', data: contentType }),
      chunk: (data) => events.push({ at: Date.now(), what: 'chunk', data: data.toString() }),
    },
  };
}

const streamed = (recorded: Recorded) => recorded.events.filter((e) => e.what === 'chunk').map((e) => e.data).join('');

for (const isolation of ['process', 'thread'] as Isolation[]) {
  describe(`response streaming (${isolation})`, () => {
    const { emulator } = createTestEmulator(after, { isolation });
    const handlers = ['chunks', 'http', 'piped', 'failsMidway', 'notAsync', 'returnsValue', 'lateContentType', 'big', 'neverEnds', 'plain'];
    for (const name of handlers) {
      emulator.register(fixtureSpec(name, 'node-streaming', `handlers.${name}`, { timeout: name === 'neverEnds' ? 1 : 10 }));
    }

    test('chunks reach the sink as the handler writes them, and the invocation holds them all', async () => {
      const recorded = recorder();
      const started = Date.now();
      let settledAt = 0;
      const invocation = await emulator.invoke('chunks', { payload: '{"pauseMs":200}', responseStream: recorded.sink }).finally(() => (settledAt = Date.now()));
      assert.equal(invocation.error, undefined, invocation.payload.toString());
      assert.deepEqual(recorded.events.map((e) => e.what), ['begin', 'chunk', 'chunk', 'chunk']);
      assert.equal(recorded.events[0].data, 'text/plain');
      assert.equal(streamed(recorded), 'chunk 1\nchunk 2\nchunk 3\n');
      // The first chunk arrived while the handler still had two pauses of 200 ms to go.
      assert.ok(recorded.events[1].at - started < settledAt - started - 250, `first chunk after ${recorded.events[1].at - started} ms, settled after ${settledAt - started} ms`);
      assert.equal(invocation.streamContentType, 'text/plain');
      assert.equal(invocation.payload.toString(), 'chunk 1\nchunk 2\nchunk 3\n');
      const lines = invocation.logs.trimEnd().split('\n');
      assert.match(lines[0], /^START RequestId: /);
      assert.deepEqual(lines.filter((l) => /\tINFO\t/.test(l)).map((l) => l.split('\t')[3]), ['writing 1', 'writing 2', 'writing 3']);
      assert.match(lines.at(-2)!, /^END RequestId: /);
      assert.match(lines.at(-1)!, /^REPORT RequestId: /);
    });

    test('HttpResponseStream.from writes its JSON prelude and 8 zero bytes before the body', async () => {
      const recorded = recorder();
      const invocation = await emulator.invoke('http', { payload: '{}', responseStream: recorded.sink });
      assert.equal(invocation.streamContentType, 'application/vnd.awslambda.http-integration-response');
      const bytes = invocation.payload;
      const zeros = bytes.indexOf(Buffer.alloc(8));
      assert.ok(zeros > 0);
      assert.deepEqual(JSON.parse(bytes.subarray(0, zeros).toString()), { statusCode: 201, headers: { 'x-made-by': 'stream' }, cookies: ['a=1'] });
      // A non-string write is sent as JSON, as AWS's runtime does.
      assert.equal(bytes.subarray(zeros + 8).toString(), '{"hello":"world"}');
    });

    test('a stream.pipeline into the response stream works, and the context is the usual one', async () => {
      const invocation = await emulator.invoke('piped', { payload: '{}', responseStream: recorder().sink });
      assert.equal(invocation.payload.toString(), `request ${invocation.requestId}\ndone\n`);
      assert.equal(invocation.streamContentType, 'application/octet-stream');
    });

    test('an error after the stream began ends the invocation with that error in AWS’s shape', async () => {
      const recorded = recorder();
      const invocation = await emulator.invoke('failsMidway', { payload: '{}', responseStream: recorded.sink });
      assert.equal(streamed(recorded), 'partial');
      const error = failure(invocation);
      assert.equal(error.errorType, 'TypeError');
      assert.equal(error.errorMessage, 'broke after the first chunk');
      assert.match(invocation.logs, /\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"broke after the first chunk"/);
      // The environment stays usable.
      assert.equal((await emulator.invoke('failsMidway', { payload: '{}' })).error?.errorType, 'TypeError');
    });

    test('AWS’s runtime rules: async handlers only, return values ignored, content type before the first write', async () => {
      assert.equal(failure(await emulator.invoke('notAsync', { payload: '{}' })).errorMessage, 'Streaming does not support non-async handlers.');
      const returned = await emulator.invoke('returnsValue', { payload: '{}' });
      assert.equal(returned.payload.toString(), 'ended');
      assert.match(returned.logs, /\tWARN\tStreaming handlers ignore return values\.\n/);
      const late = failure(await emulator.invoke('lateContentType', { payload: '{}' }));
      assert.equal(late.errorType, 'Runtime.InvalidStreamingOperation');
      assert.equal(late.errorMessage, 'Cannot set content-type, too late.');
    });

    test('without a sink a streamed response keeps the 6 MB limit of a buffered invoke; with one it may be larger', async () => {
      const buffered = failure(await emulator.invoke('big', { payload: '{"megabytes":7}' }));
      assert.equal(buffered.errorType, 'Function.ResponseSizeTooLarge');
      assert.match(buffered.errorMessage, new RegExp(`\\(${MAX_RESPONSE_BYTES} bytes\\)`));
      let received = 0;
      const invocation = await emulator.invoke('big', { payload: '{"megabytes":7}', responseStream: { begin: () => undefined, chunk: (data) => (received += data.length) } });
      assert.equal(invocation.error, undefined);
      assert.equal(received, 7 * 1024 * 1024);
    });

    test('a stream never ended times out like any invocation, after what it sent', async () => {
      const recorded = recorder();
      const invocation = await emulator.invoke('neverEnds', { payload: '{}', responseStream: recorded.sink });
      assert.equal(streamed(recorded), 'started');
      assert.equal(failure(invocation).errorType, 'Sandbox.Timedout');
      assert.match(invocation.logs, /Task timed out after 1\.00 seconds/);
    });

    test('awslambda is a global for every handler, streaming or not; a plain handler answers as before', async () => {
      const recorded = recorder();
      const invocation = await emulator.invoke('plain', { payload: '{}', responseStream: recorded.sink });
      assert.deepEqual(json(invocation), { awslambda: 'object', streamify: 'function' });
      assert.deepEqual(recorded.events, [], 'a buffered answer is not streamed');
      assert.equal(invocation.streamContentType, undefined);
    });
  });
}

test('AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA leaves the global undefined', async () => {
  const { emulator } = createTestEmulator(after);
  emulator.register(fixtureSpec('noGlobal', 'node-streaming', 'noGlobal.handler', { environment: { AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA: 'true' } }));
  const invocation: Invocation = await emulator.invoke('noGlobal', { payload: '{}' });
  assert.deepEqual(json(invocation), { awslambda: 'undefined' });
});
