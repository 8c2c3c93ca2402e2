import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import type {
  LambdaClient} from '@aws-sdk/client-lambda';
import {
  InvalidParameterValueException,
  InvalidRequestContentException,
  InvokeWithResponseStreamCommand,
  RequestTooLargeException,
  ResourceNotFoundException,
  TooManyRequestsException,
  type InvokeWithResponseStreamCommandInput,
  type InvokeWithResponseStreamCompleteEvent,
  type ResponseStreamingInvocationType,
} from '@aws-sdk/client-lambda';
import { decodeEventStreamMessages } from '../../../../src/core/aws/eventStreamCodec';
import type { RunningServer } from '../../../../src/core/emulator/httpServer';
import { startInvokeApi } from '../../../../src/core/emulator/invokeApi';
import type { Invocation, InvokeRequest } from '../../../../src/core/emulator/types';
import { sleep } from '../../../../src/core/sleep';
import { FakeEmulator, fakeSpec, queueFullError } from '../../../helpers/fakeEmulator';
import { localLambdaClient } from '../../../helpers/lambdaClient';

/**
 * InvokeWithResponseStream over a fake emulator whose functions write to `request.responseStream`
 * (as the real runtime does), read by the real `@aws-sdk/client-lambda` event-stream parser.
 */

const MAX_REQUEST_BYTES = 64 * 1024;

const lambdaClient = localLambdaClient;

/** A promise the test resolves by hand (the fake function waits on it). */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Whether `promise` settles within `ms` (the timer is cleared either way). */
async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Received {
  chunks: Buffer[];
  complete?: InvokeWithResponseStreamCompleteEvent;
  /** Events after InvokeComplete, or of unknown kinds (there must be none). */
  stray: number;
}

async function invokeStreaming(client: LambdaClient, input: InvokeWithResponseStreamCommandInput, onChunk?: (chunk: Buffer) => void) {
  const out = await client.send(new InvokeWithResponseStreamCommand(input));
  const received: Received = { chunks: [], stray: 0 };
  for await (const event of out.EventStream ?? []) {
    if (event.PayloadChunk && !received.complete) {
      const chunk = Buffer.from(event.PayloadChunk.Payload ?? []);
      received.chunks.push(chunk);
      onChunk?.(chunk);
    } else if (event.InvokeComplete && !received.complete) {
      received.complete = event.InvokeComplete;
    } else {
      received.stray++;
    }
  }
  return { out, ...received };
}

const text = (chunks: Buffer[]): string[] => chunks.map((c) => c.toString('utf8'));

describe('InvokeWithResponseStream over a fake emulator, driven by @aws-sdk/client-lambda', () => {
  const emulator = new FakeEmulator();
  let api: RunningServer;
  let client: LambdaClient;
  const completed: { type: string; invocation: Invocation }[] = [];
  /** Opened by the test once the first chunk reached the client; the streaming function waits for it. */
  let firstChunkSeen = gate();
  /** What the streaming function saw: whether the client had its first chunk before the function went on. */
  let progressive: boolean[] = [];
  let finishedRuns = 0;

  before(async () => {
    for (const name of ['streams', 'streamsThenThrows', 'plain', 'plainThrows', 'busy', 'echoRequest']) emulator.register(fakeSpec(name));
    emulator.handlers.set('streams', async (_event, request) => {
      const sink = request.responseStream!;
      sink.begin('text/plain', '8f1b2c3d-0000-4000-8000-00000000beef');
      sink.chunk(Buffer.from('one '));
      // Not a timing guess: the function only goes on once the client has the first chunk (or gives up after 10 s).
      progressive.push(await within(firstChunkSeen.promise, 10_000));
      await sleep(30);
      sink.chunk(Buffer.from([0x00, 0xff, 0x80, 0x0a]));
      await sleep(30);
      sink.chunk(Buffer.alloc(0));
      sink.chunk(Buffer.from('three'));
      finishedRuns++;
      return undefined;
    });
    emulator.handlers.set('streamsThenThrows', async (_event, request) => {
      request.responseStream!.begin('application/x-ndjson', randomUUID());
      request.responseStream!.chunk(Buffer.from('{"row":1}\n'));
      await sleep(20);
      throw new RangeError('row 2 is out of range');
    });
    emulator.handlers.set('plain', (event) => ({ answer: 42, event }));
    emulator.handlers.set('plainThrows', () => {
      throw new TypeError('not streaming, still failing');
    });
    emulator.handlers.set('busy', () => {
      throw queueFullError();
    });
    emulator.handlers.set('echoRequest', (_event, request: InvokeRequest) => ({
      qualifier: request.qualifier ?? null,
      clientContext: request.clientContext ?? null,
      hasSink: request.responseStream !== undefined,
    }));
    api = await startInvokeApi(emulator, {
      port: 0,
      maxSyncPayloadBytes: MAX_REQUEST_BYTES,
      onInvocation: (invocation, type) => completed.push({ type, invocation }),
    });
    client = lambdaClient(api.url);
  });
  beforeEach(() => {
    firstChunkSeen = gate();
    progressive = [];
  });
  after(async () => {
    client.destroy();
    await api.close();
  });

  test('chunks arrive in order with their bytes, the first before the function finished', async () => {
    const got = await invokeStreaming(client, { FunctionName: 'streams', Payload: Buffer.from('{"go":true}') }, () => firstChunkSeen.open());
    assert.equal(got.out.StatusCode, 200);
    assert.equal(got.out.ResponseStreamContentType, 'text/plain');
    assert.equal(got.out.ExecutedVersion, '$LATEST');
    assert.equal(got.out.$metadata.requestId, '8f1b2c3d-0000-4000-8000-00000000beef', 'the invocation\u2019s own request id');
    assert.deepEqual(progressive, [true], 'the client read the first chunk while the function was still running');
    // The empty write sends nothing, and the function's return value is not sent again after the stream.
    assert.deepEqual(got.chunks, [Buffer.from('one '), Buffer.from([0x00, 0xff, 0x80, 0x0a]), Buffer.from('three')]);
    assert.deepEqual(got.complete, {});
    assert.equal(got.stray, 0);
    assert.equal(completed.at(-1)?.type, 'RequestResponse', 'onInvocation saw the streamed invocation');
    assert.equal(completed.at(-1)?.invocation.functionName, 'streams');
  });

  test('an error after the first chunk: the chunk, then InvokeComplete with ErrorCode and ErrorDetails (still 200)', async () => {
    const got = await invokeStreaming(client, { FunctionName: 'streamsThenThrows' });
    assert.equal(got.out.StatusCode, 200);
    assert.equal(got.out.ResponseStreamContentType, 'application/x-ndjson');
    assert.deepEqual(text(got.chunks), ['{"row":1}\n']);
    assert.deepEqual(got.complete, { ErrorCode: 'RangeError', ErrorDetails: 'row 2 is out of range' });
  });

  test("LogType Tail puts the invocation's log in InvokeComplete's LogResult", async () => {
    const got = await invokeStreaming(client, { FunctionName: 'streamsThenThrows', LogType: 'Tail' });
    assert.equal(got.complete?.ErrorCode, 'RangeError');
    const log = Buffer.from(got.complete?.LogResult ?? '', 'base64').toString('utf8');
    assert.match(log, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/);
    assert.match(log, /REPORT RequestId: .*Duration: /);
  });

  test('a function that does not stream: its JSON result as one chunk, Content-Type application/json', async () => {
    const got = await invokeStreaming(client, { FunctionName: 'plain', Payload: Buffer.from('{"q":"life"}') });
    assert.equal(got.out.StatusCode, 200);
    assert.equal(got.out.ResponseStreamContentType, 'application/json');
    assert.equal(got.out.ExecutedVersion, '$LATEST');
    assert.equal(got.out.$metadata.requestId, completed.at(-1)?.invocation.requestId, 'the invocation is known before the headers: its own request id');
    assert.deepEqual(text(got.chunks), ['{"answer":42,"event":{"q":"life"}}']);
    assert.deepEqual(got.complete, {});
  });

  test('a function that does not stream and fails: the error payload as the chunk, the error in InvokeComplete', async () => {
    const got = await invokeStreaming(client, { FunctionName: 'plainThrows', LogType: 'Tail' });
    assert.equal(got.out.StatusCode, 200);
    assert.equal(got.chunks.length, 1);
    const payload = JSON.parse(got.chunks[0].toString('utf8')) as Record<string, unknown>;
    assert.deepEqual([payload.errorType, payload.errorMessage], ['TypeError', 'not streaming, still failing']);
    assert.equal(got.complete?.ErrorCode, 'TypeError');
    assert.equal(got.complete?.ErrorDetails, 'not streaming, still failing');
    assert.match(Buffer.from(got.complete?.LogResult ?? '', 'base64').toString('utf8'), /^START RequestId/);
  });

  test('the request reaches the function: sink, ?Qualifier=, a qualifier in the name, X-Amz-Client-Context', async () => {
    const clientContext = Buffer.from('{"custom":{"a":1}}').toString('base64');
    const byQuery = await invokeStreaming(client, { FunctionName: 'echoRequest', Qualifier: '7', ClientContext: clientContext });
    assert.deepEqual(JSON.parse(byQuery.chunks[0].toString('utf8')), { qualifier: '7', clientContext, hasSink: true });
    const byName = await invokeStreaming(client, { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:echoRequest:live' });
    assert.equal((JSON.parse(byName.chunks[0].toString('utf8')) as { qualifier: string }).qualifier, 'live');
    await assert.rejects(client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'echoRequest:live', Qualifier: 'other' })), InvalidParameterValueException);
  });

  test('DryRun: 204 like the buffered route, and the function does not run', async () => {
    const calls = emulator.calls.length;
    const got = await invokeStreaming(client, { FunctionName: 'plain', InvocationType: 'DryRun' });
    assert.equal(got.out.StatusCode, 204);
    assert.deepEqual(got.chunks, []);
    assert.equal(emulator.calls.length, calls);
  });

  test('Event (and any other type) is InvalidParameterValueException, naming the two allowed types', async () => {
    for (const type of ['Event', 'Sometimes']) {
      await assert.rejects(
        client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'plain', InvocationType: type as ResponseStreamingInvocationType })),
        (error: unknown) => {
          assert.ok(error instanceof InvalidParameterValueException);
          assert.equal(error.$metadata.httpStatusCode, 400);
          assert.match(error.message, new RegExp(`Value '${type}' at 'invocationType' .*\\[RequestResponse, DryRun\\]`));
          return true;
        },
      );
    }
  });

  test('the buffered route’s errors: ResourceNotFoundException, 413, InvalidRequestContentException, 429', async () => {
    await assert.rejects(client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'missing' })), (error: unknown) => {
      assert.ok(error instanceof ResourceNotFoundException);
      assert.match(error.message, /Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing/);
      return true;
    });
    const big = Buffer.from(JSON.stringify({ pad: 'x'.repeat(MAX_REQUEST_BYTES) }));
    await assert.rejects(client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'plain', Payload: big })), (error: unknown) => {
      assert.ok(error instanceof RequestTooLargeException);
      assert.match(error.message, new RegExp(`smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeWithResponseStream operation`));
      return true;
    });
    await assert.rejects(client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'plain', Payload: Buffer.from('{not json') })), InvalidRequestContentException);
    await assert.rejects(client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'busy' })), (error: unknown) => {
      assert.ok(error instanceof TooManyRequestsException);
      assert.equal(error.$metadata.httpStatusCode, 429);
      return true;
    });
  });

  test('on the wire: event-stream framing, PayloadChunk as raw bytes, then one InvokeComplete in JSON', async () => {
    const response = await new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${api.url}/2021-11-15/functions/streams/response-streaming-invocations`, { method: 'POST' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          firstChunkSeen.open();
        });
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(response.headers['content-type'], 'text/plain');
    assert.equal(response.headers['transfer-encoding'], 'chunked');
    assert.equal(response.headers['x-amz-executed-version'], '$LATEST');
    const messages = decodeEventStreamMessages(response.body);
    assert.deepEqual(
      messages.map((m) => m.headers),
      [
        ...Array.from({ length: 3 }, () => ({ ':message-type': 'event', ':event-type': 'PayloadChunk', ':content-type': 'application/octet-stream' })),
        { ':message-type': 'event', ':event-type': 'InvokeComplete', ':content-type': 'application/json' },
      ],
    );
    assert.deepEqual(messages[1].payload, Buffer.from([0x00, 0xff, 0x80, 0x0a]));
    assert.equal(messages[3].payload.toString('utf8'), '{}');
  });

  test('a client that hangs up mid-stream: the function runs to its end, the server keeps serving', async () => {
    const runsBefore = finishedRuns;
    const invocationsBefore = completed.length;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${api.url}/2021-11-15/functions/streams/response-streaming-invocations`, { method: 'POST' }, (res) => {
        res.once('data', () => {
          req.destroy();
          // Only now may the function write on, into a closed connection.
          setTimeout(() => firstChunkSeen.open(), 50);
          resolve();
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET') reject(error);
      });
      req.end();
    });
    for (let i = 0; i < 250 && completed.length === invocationsBefore; i++) await sleep(20);
    assert.equal(finishedRuns, runsBefore + 1, 'the function wrote its remaining chunks and returned');
    assert.equal(completed.length, invocationsBefore + 1, 'onInvocation still saw it');
    const next = await invokeStreaming(client, { FunctionName: 'plain' });
    assert.deepEqual(text(next.chunks), ['{"answer":42,"event":{}}']);
  });
});
