import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES } from '../../../../src/core/emulator';
import { createTestEmulator, failure, fixtureSpec, json } from '../../../helpers/emulator';

// Lambda's limits: timeout, memory, payload sizes, and the Invoke API's own rejections.

const { emulator } = createTestEmulator(after);

test('a handler running past its timeout is stopped: Sandbox.Timedout and Lambda\'s log line', async () => {
  emulator.register(fixtureSpec('hangs', 'node-basic', 'index.hangs', { timeout: 1 }));
  const started = Date.now();
  const inv = await emulator.invoke('hangs', { payload: '{}' });
  const elapsed = Date.now() - started;
  assert.deepEqual(failure(inv), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${inv.requestId} Error: Task timed out after 1.00 seconds` });
  assert.ok(elapsed >= 990 && elapsed < 8000, `took ${elapsed} ms`);
  assert.match(inv.logs, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${inv.requestId} Task timed out after 1\\.00 seconds$`, 'm'));
  assert.match(inv.logs, /\tStatus: timeout\n$/);
  assert.ok(inv.durationMs >= 1000);
  // The environment was killed; the next invoke gets a new one.
  emulator.register(fixtureSpec('hangs', 'node-basic', 'index.counter', { timeout: 1 }));
  const next = await emulator.invoke('hangs', { payload: '{}' });
  assert.equal(next.coldStart, true);
  assert.equal((json(next) as { invocations: number }).invocations, 1);
});

test('an environment that outgrows its memory is killed: Runtime.OutOfMemory', async () => {
  emulator.register(fixtureSpec('hog', 'node-basic', 'index.hog', { timeout: 30, memorySize: 128 }));
  const inv = await emulator.invoke('hog', { payload: '{}' });
  const error = failure(inv);
  assert.equal(error.errorType, 'Runtime.OutOfMemory');
  assert.equal(error.errorMessage, `RequestId: ${inv.requestId} Error: Runtime exited with error: signal: killed`);
  assert.equal(inv.maxMemoryUsedMB, 128);
  assert.match(inv.logs, /\tMax Memory Used: 128 MB\t.*Status: error\tError Type: Runtime\.OutOfMemory\n$/);
});

test('a request payload over 6 MB is rejected with RequestTooLargeException before any environment starts', async () => {
  emulator.register(fixtureSpec('echo', 'node-basic', 'index.echo'));
  const big = Buffer.from(JSON.stringify('x'.repeat(MAX_REQUEST_BYTES)));
  await assert.rejects(emulator.invoke('echo', { payload: big }), (err: Error) => {
    assert.equal(err.name, 'RequestTooLargeException');
    assert.match(err.message, /6291456 bytes/);
    return true;
  });
  // Just under the limit goes through.
  const fits = Buffer.from(JSON.stringify('y'.repeat(MAX_REQUEST_BYTES - 10)));
  const inv = await emulator.invoke('echo', { payload: fits });
  assert.equal(inv.error, undefined);
  assert.equal(inv.payload.length, fits.length);
});

test('a response over 6 MB fails the invoke with Function.ResponseSizeTooLarge; the environment stays warm', async () => {
  emulator.register(fixtureSpec('big', 'node-basic', 'index.bigResponse'));
  const inv = await emulator.invoke('big', { payload: JSON.stringify({ bytes: MAX_RESPONSE_BYTES }) });
  assert.deepEqual(failure(inv), {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
  });
  const fits = await emulator.invoke('big', { payload: JSON.stringify({ bytes: MAX_RESPONSE_BYTES - 2 }) });
  assert.equal(fits.error, undefined);
  assert.equal(fits.payload.length, MAX_RESPONSE_BYTES);
  assert.equal(fits.coldStart, false);
});

test('emulator-level rejections carry AWS exception names', async () => {
  await assert.rejects(emulator.invoke('no-such-function', { payload: '{}' }), (err: Error) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.match(err.message, /^Function not found: arn:aws:lambda:us-east-1:\d{12}:function:no-such-function$/);
    return true;
  });
  emulator.register(fixtureSpec('echo2', 'node-basic', 'index.echo'));
  await assert.rejects(emulator.invoke('echo2', { payload: '{not json' }), { name: 'InvalidRequestContentException' });
  await assert.rejects(emulator.invoke('echo2', { payload: '{}', clientContext: 'bm90IGpzb24=' }), { name: 'InvalidRequestContentException' });
  emulator.register(fixtureSpec('java', 'node-basic', 'index.echo', { runtime: 'java21' }));
  await assert.rejects(emulator.invoke('java', { payload: '{}' }), (err: Error) => err.name === 'InvalidRuntimeException' && /java21/.test(err.message));
});

test('requests beyond concurrency queue; beyond maxQueue they are refused with TooManyRequestsException', async () => {
  emulator.register(fixtureSpec('slow', 'node-basic', 'index.slow'), { concurrency: 1, maxQueue: 1 });
  const first = emulator.invoke('slow', { payload: '{"ms":600}' });
  const second = emulator.invoke('slow', { payload: '{"ms":10}' });
  await assert.rejects(emulator.invoke('slow', { payload: '{"ms":10}' }), { name: 'TooManyRequestsException' });
  const [a, b] = await Promise.all([first, second]);
  const [ra, rb] = [json(a), json(b)] as Array<{ pid: number; start: number; end: number }>;
  assert.equal(ra.pid, rb.pid);
  assert.ok(rb.start >= ra.end, 'the queued request ran after the first');
});

test('an aborted request leaves the queue with an AbortError', async () => {
  emulator.register(fixtureSpec('slow2', 'node-basic', 'index.slow'), { concurrency: 1 });
  const running = emulator.invoke('slow2', { payload: '{"ms":400}' });
  const controller = new AbortController();
  const queued = emulator.invoke('slow2', { payload: '{"ms":10}', signal: controller.signal });
  controller.abort();
  await assert.rejects(queued, { name: 'AbortError' });
  assert.equal((await running).error, undefined);
});
