import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  LambdaClient} from '@aws-sdk/client-lambda';
import {
  InvalidRequestContentException,
  InvokeCommand,
  RequestTooLargeException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { Emulator } from '../../../../src/core/emulator/emulator';
import type { RunningServer } from '../../../../src/core/emulator/httpServer';
import { logTail, parseFunctionName, startInvokeApi } from '../../../../src/core/emulator/invokeApi';
import { FakeEmulator, fakeSpec, queueFullError } from '../../../helpers/fakeEmulator';
import { localLambdaClient } from '../../../helpers/lambdaClient';

const decode = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

const lambdaClient = localLambdaClient;

/** A raw request, to see exactly what goes over the wire. */
function raw(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('Invoke API over a fake emulator, driven by @aws-sdk/client-lambda', () => {
  const emulator = new FakeEmulator();
  let api: RunningServer;
  let client: LambdaClient;
  const background: string[] = [];

  before(async () => {
    emulator.register(fakeSpec('echo'));
    emulator.register(fakeSpec('fails'));
    emulator.register(fakeSpec('busy'));
    emulator.register(fakeSpec('chatty'));
    emulator.handlers.set('fails', () => {
      throw new TypeError('boom');
    });
    emulator.handlers.set('busy', () => {
      throw queueFullError();
    });
    api = await startInvokeApi(emulator, { port: 0, onInvocation: (inv, type) => background.push(`${type}:${inv.functionName}`) });
    client = lambdaClient(api.url);
  });
  after(async () => {
    client.destroy();
    await api.close();
  });

  test('RequestResponse returns the raw payload with status 200 and $LATEST', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"a":[1,2,{"b":null}]}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    assert.equal(out.LogResult, undefined);
    assert.equal(decode(out.Payload), '{"a":[1,2,{"b":null}]}');
    assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  test('an empty payload reaches the function as {}', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'echo' }));
    assert.equal(decode(out.Payload), '{}');
    assert.deepEqual(emulator.calls.at(-1)?.event, {});
  });

  test('non-object JSON payloads are valid', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('"just a string"') }));
    assert.equal(decode(out.Payload), '"just a string"');
  });

  test("LogType Tail returns the invocation's log, base64, with START/END/REPORT", async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'echo', LogType: 'Tail', Payload: Buffer.from('{}') }));
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString();
    const requestId = out.$metadata.requestId;
    assert.match(log, new RegExp(`^START RequestId: ${requestId} Version: \\$LATEST$`, 'm'));
    assert.match(log, new RegExp(`^END RequestId: ${requestId}$`, 'm'));
    assert.match(log, new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: `, 'm'));
  });

  test('the log tail keeps only the last 4 KB, cut on a character boundary', () => {
    const long = `${'é'.repeat(3000)}END\n`;
    const tail = Buffer.from(logTail(long), 'base64');
    assert.ok(tail.length <= 4096 && tail.length >= 4090);
    assert.ok(tail.toString().endsWith('END\n'));
    assert.ok(!tail.toString().includes('\uFFFD'), 'no broken character at the start');
  });

  test('a function error: 200, FunctionError Unhandled, the error payload as the body', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'fails', Payload: Buffer.from('{}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const error = JSON.parse(decode(out.Payload));
    assert.equal(error.errorType, 'TypeError');
    assert.equal(error.errorMessage, 'boom');
  });

  test('Event: 202 with an empty body; the function runs in the background', async () => {
    const before = emulator.calls.length;
    const out = await client.send(new InvokeCommand({ FunctionName: 'chatty', InvocationType: 'Event', Payload: Buffer.from('{"n":1}') }));
    assert.equal(out.StatusCode, 202);
    assert.equal(decode(out.Payload), '');
    for (let i = 0; i < 100 && !background.includes('Event:chatty'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(background.includes('Event:chatty'));
    assert.deepEqual(emulator.calls.slice(before).map((c) => [c.name, c.event]), [['chatty', { n: 1 }]]);
  });

  test('DryRun: 204 and the function does not run', async () => {
    const before = emulator.calls.length;
    const out = await client.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }));
    assert.equal(out.StatusCode, 204);
    assert.equal(emulator.calls.length, before);
  });

  test('a full ARN, a partial ARN, a qualifier in the name and ?Qualifier= all resolve', async () => {
    for (const FunctionName of ['arn:aws:lambda:us-east-1:000000000000:function:echo', '000000000000:function:echo', 'echo:$LATEST', 'arn:aws:lambda:us-east-1:000000000000:function:echo:$LATEST']) {
      const out = await client.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('1') }));
      assert.equal(decode(out.Payload), '1', FunctionName);
    }
    await client.send(new InvokeCommand({ FunctionName: 'echo', Qualifier: 'live', Payload: Buffer.from('2') }));
    assert.equal(emulator.calls.at(-1)?.request.qualifier, 'live');
  });

  test('an unknown function is the typed ResourceNotFoundException with the ARN in the message', async () => {
    await assert.rejects(
      client.send(new InvokeCommand({ FunctionName: 'nope', Payload: Buffer.from('{}') })),
      (error: unknown) => {
        assert.ok(error instanceof ResourceNotFoundException, String(error));
        assert.equal(error.message, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope');
        assert.equal(error.$metadata.httpStatusCode, 404);
        assert.equal(error.Type, 'User');
        return true;
      },
    );
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'nope', Qualifier: '3' })), /function:nope:3$/);
  });

  test('a payload over 6 MB is the typed RequestTooLargeException (413)', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024 + 10, 0x20);
    big[0] = 0x22;
    big[big.length - 1] = 0x22;
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'echo', Payload: big })), (error: unknown) => {
      assert.ok(error instanceof RequestTooLargeException, String(error));
      assert.equal(error.message, 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
      assert.equal(error.$metadata.httpStatusCode, 413);
      return true;
    });
  });

  test('a full queue is the typed TooManyRequestsException (429) with a Reason', async () => {
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'busy', Payload: Buffer.from('{}') })), (error: unknown) => {
      assert.ok(error instanceof TooManyRequestsException, String(error));
      assert.equal(error.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
      assert.equal(error.message, 'Rate Exceeded.');
      assert.equal(error.retryAfterSeconds, '1');
      assert.equal(error.$metadata.httpStatusCode, 429);
      return true;
    });
  });

  test('a payload that is not JSON is the typed InvalidRequestContentException (400)', async () => {
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('not json') })), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestContentException, String(error));
      assert.match(error.message, /^Could not parse request body into json: Could not parse payload into json: /);
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    });
  });

  test('on the wire: x-amzn-RequestId on every response, x-amzn-ErrorType on errors, keep-alive', async () => {
    const ok = await raw(api.url, '/2015-03-31/functions/echo/invocations', { body: '{}' });
    assert.equal(ok.status, 200);
    assert.match(String(ok.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    assert.equal(ok.headers['content-type'], 'application/json');
    assert.equal(ok.headers['content-length'], '2');
    assert.equal(ok.headers.connection, 'keep-alive');
    const missing = await raw(api.url, '/2015-03-31/functions/ghost/invocations', { body: '{}' });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['x-amzn-errortype'], 'ResourceNotFoundException');
    assert.ok(missing.headers['x-amzn-requestid']);
    assert.deepEqual(JSON.parse(missing.body), { Type: 'User', Message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost' });
    const bad = await raw(api.url, '/2015-03-31/functions/echo/invocations', { body: '{', headers: { 'X-Amz-Invocation-Type': 'Event' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers['x-amzn-errortype'], 'InvalidRequestContentException');
    const dry = await raw(api.url, '/2015-03-31/functions/echo/invocations', { headers: { 'X-Amz-Invocation-Type': 'DryRun' } });
    assert.equal(dry.status, 204);
    assert.ok(dry.headers['x-amzn-requestid']);
    const unknown = await raw(api.url, '/2015-03-31/functions/', { method: 'GET' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers['x-amzn-errortype'], 'UnknownOperationException');
    const wrongType = await raw(api.url, '/2015-03-31/functions/echo/invocations', { body: '{}', headers: { 'X-Amz-Invocation-Type': 'Later' } });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.headers['x-amzn-errortype'], 'InvalidParameterValueException');
    const mismatch = await raw(api.url, '/2015-03-31/functions/echo%3Alive/invocations?Qualifier=prod', { body: '{}' });
    assert.equal(mismatch.status, 400);
  });

  test('the legacy InvokeAsync API answers 202 {"Status":202}', async () => {
    const res = await raw(api.url, '/2014-11-13/functions/chatty/invoke-async/', { body: '{"legacy":true}' });
    assert.equal(res.status, 202);
    assert.deepEqual(JSON.parse(res.body), { Status: 202 });
  });
});

test('parseFunctionName accepts the FunctionName forms Lambda accepts, and nothing else', () => {
  assert.deepEqual(parseFunctionName('my-fn'), { name: 'my-fn', qualifier: undefined });
  assert.deepEqual(parseFunctionName('my-fn:v1'), { name: 'my-fn', qualifier: 'v1' });
  assert.deepEqual(parseFunctionName('123456789012:function:my-fn'), { name: 'my-fn', qualifier: undefined });
  assert.deepEqual(parseFunctionName('123456789012:function:my-fn:prod'), { name: 'my-fn', qualifier: 'prod' });
  assert.deepEqual(parseFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:my_fn'), { name: 'my_fn', qualifier: undefined });
  assert.deepEqual(parseFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:my_fn:7'), { name: 'my_fn', qualifier: '7' });
  assert.equal(parseFunctionName('arn:aws:s3:::bucket'), undefined);
  assert.equal(parseFunctionName('a/b'), undefined);
  assert.equal(parseFunctionName('my-fn:'), undefined);
  assert.equal(parseFunctionName('1:layer:x'), undefined);
});

describe('Invoke API over the real emulator (child processes)', () => {
  const fixtureDir = join(__dirname, '..', '..', '..', 'fixtures', 'invoke', 'node');
  const emulator = new Emulator({ accountId: '000000000000' });
  let api: RunningServer;
  let client: LambdaClient;

  before(async () => {
    const spec = fakeSpec('node-fn', { codeDir: fixtureDir, memorySize: 256, environment: { GREETING: 'hi' } });
    emulator.register(spec);
    emulator.register({ ...spec, name: 'single' }, { concurrency: 1, maxQueue: 0 });
    api = await startInvokeApi(emulator, { port: 0 });
    client = lambdaClient(api.url);
  });
  after(async () => {
    client.destroy();
    await api.close();
    await emulator.close();
  });

  test('RequestResponse with LogType Tail: the result, and START/END/REPORT of the same request', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'node-fn', LogType: 'Tail', Payload: Buffer.from('{"who":"sdk"}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    const result = JSON.parse(decode(out.Payload));
    assert.deepEqual(result.event, { who: 'sdk' });
    assert.equal(result.env.GREETING, 'hi');
    assert.equal(result.functionName, 'node-fn');
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString();
    const id = out.$metadata.requestId;
    assert.match(log, new RegExp(`^START RequestId: ${id} Version: \\$LATEST$`, 'm'));
    assert.match(log, /\tINFO\thandling \{"who":"sdk"\}$/m);
    assert.match(log, new RegExp(`^END RequestId: ${id}$`, 'm'));
    assert.match(log, new RegExp(`^REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 256 MB`, 'm'));
  });

  test('a thrown error: FunctionError Unhandled with the runtime error payload', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'node-fn', Payload: Buffer.from('{"fail":"real"}') }));
    assert.equal(out.FunctionError, 'Unhandled');
    const error = JSON.parse(decode(out.Payload));
    assert.equal(error.errorType, 'TypeError');
    assert.equal(error.errorMessage, 'asked to fail: real');
  });

  test('Event returns 202 at once; DryRun 204; an empty payload is {}', async () => {
    const event = await client.send(new InvokeCommand({ FunctionName: 'node-fn', InvocationType: 'Event', Payload: Buffer.from('{"sleepMs":50}') }));
    assert.equal(event.StatusCode, 202);
    const dry = await client.send(new InvokeCommand({ FunctionName: 'node-fn', InvocationType: 'DryRun' }));
    assert.equal(dry.StatusCode, 204);
    const empty = await client.send(new InvokeCommand({ FunctionName: 'node-fn' }));
    assert.deepEqual(JSON.parse(decode(empty.Payload)).event, {});
  });

  test('typed errors from the real emulator: not found (404), not JSON (400), queue full (429)', async () => {
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'absent' })), ResourceNotFoundException);
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'node-fn', Payload: Buffer.from('{oops') })), InvalidRequestContentException);
    // One environment, no queue: a second call while the first sleeps is throttled.
    const slow = client.send(new InvokeCommand({ FunctionName: 'single', Payload: Buffer.from('{"sleepMs":1500}') }));
    await new Promise((r) => setTimeout(r, 300));
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'single', Payload: Buffer.from('{}') })), TooManyRequestsException);
    assert.equal((await slow).StatusCode, 200);
  });
});
