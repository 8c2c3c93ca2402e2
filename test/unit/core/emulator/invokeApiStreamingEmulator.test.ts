import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvokeWithResponseStreamCommand, LambdaClient, type InvokeWithResponseStreamCompleteEvent } from '@aws-sdk/client-lambda';
import type { RunningServer } from '../../../../src/core/emulator/httpServer';
import { startInvokeApi } from '../../../../src/core/emulator/invokeApi';
import type { Invocation } from '../../../../src/core/emulator/types';
import { createTestEmulator, fixtureSpec } from '../../../helpers/emulator';

/**
 * InvokeWithResponseStream end to end: the real SDK, the Invoke API, the real Emulator and a
 * Node child whose handler uses `awslambda.streamifyResponse` (test/fixtures/streaming).
 */

const FIXTURE = path.resolve(__dirname, '../../../fixtures/streaming/project');

interface Chunk {
  text: string;
  at: number;
}

async function invokeStreaming(client: LambdaClient, functionName: string, payload: unknown, logType?: 'Tail') {
  const out = await client.send(
    new InvokeWithResponseStreamCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(payload)), LogType: logType }),
  );
  const chunks: Chunk[] = [];
  let complete: InvokeWithResponseStreamCompleteEvent | undefined;
  for await (const event of out.EventStream ?? []) {
    if (event.PayloadChunk) chunks.push({ text: Buffer.from(event.PayloadChunk.Payload ?? []).toString('utf8'), at: Date.now() });
    if (event.InvokeComplete) complete = event.InvokeComplete;
  }
  return { out, chunks, complete };
}

describe('InvokeWithResponseStream through the real Emulator and a streamifyResponse handler', () => {
  const { emulator } = createTestEmulator(after);
  const invocations: Invocation[] = [];
  let api: RunningServer;
  let client: LambdaClient;

  before(async () => {
    emulator.register(fixtureSpec('chunks', FIXTURE, 'index.chunks'));
    emulator.register(fixtureSpec('failsAfterFirstChunk', FIXTURE, 'index.failsAfterFirstChunk'));
    emulator.register(fixtureSpec('plain', FIXTURE, 'index.plain'));
    api = await startInvokeApi(emulator, { port: 0, onInvocation: (invocation) => invocations.push(invocation) });
    client = new LambdaClient({ endpoint: api.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' }, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    await api.close();
  });

  test('three chunks of text/plain, each as the handler writes it', async () => {
    const got = await invokeStreaming(client, 'chunks', { pauseMs: 750 });
    assert.equal(got.out.StatusCode, 200);
    assert.equal(got.out.ResponseStreamContentType, 'text/plain');
    assert.equal(got.out.ExecutedVersion, '$LATEST');
    assert.equal(got.chunks.map((c) => c.text).join(''), 'one\ntwo\nthree\n');
    assert.equal(got.chunks[0].text, 'one\n', 'the first write is a chunk of its own');
    // The handler pauses 2 × 750 ms between its first and last write: a buffered answer would bring them together.
    const spread = got.chunks.at(-1)!.at - got.chunks[0].at;
    assert.ok(spread >= 1000, `first and last chunk arrived ${spread} ms apart`);
    assert.deepEqual(got.complete, {});
    const invocation = invocations.at(-1)!;
    assert.equal(invocation.streamContentType, 'text/plain');
    assert.equal(invocation.payload.toString('utf8'), 'one\ntwo\nthree\n');
    assert.equal(got.out.$metadata.requestId, invocation.requestId, 'the streamed answer carries the invocation\u2019s request id');
  });

  test('an error after the first chunk: that chunk, then InvokeComplete with the error and the log', async () => {
    const got = await invokeStreaming(client, 'failsAfterFirstChunk', {}, 'Tail');
    assert.equal(got.out.StatusCode, 200);
    assert.equal(got.out.ResponseStreamContentType, 'text/plain');
    assert.equal(got.chunks.map((c) => c.text).join(''), 'first\n');
    assert.equal(got.complete?.ErrorCode, 'RangeError');
    assert.equal(got.complete?.ErrorDetails, 'gave up after the first chunk');
    const log = Buffer.from(got.complete?.LogResult ?? '', 'base64').toString('utf8');
    assert.match(log, /Invoke Error/);
    assert.match(log, /REPORT RequestId: /);
  });

  test('an ordinary handler: its JSON result as one chunk, application/json', async () => {
    const got = await invokeStreaming(client, 'plain', { n: 1 });
    assert.equal(got.out.ResponseStreamContentType, 'application/json');
    assert.deepEqual(
      got.chunks.map((c) => JSON.parse(c.text) as unknown),
      [{ plain: true, event: { n: 1 } }],
    );
    assert.deepEqual(got.complete, {});
  });
});
