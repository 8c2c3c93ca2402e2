import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CancelledError } from '../../../../src/core/errors';
import { awsProviderFor, copyProject, specOf, startServer } from './providerFixtures';

/** Conflicts, throttling and cancellation, injected by the contract server. */

test('an update refused with ResourceConflictException is retried until it goes through', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  const spec = await specOf(root, 'hello');
  await provider.deploy({ spec });
  writeFileSync(path.join(root, 'functions/hello/greet.js'), 'exports.greet = () => "changed";\n');
  server.failNext('UpdateFunctionCode', 'conflict', 2);
  const messages: string[] = [];

  const result = await provider.deploy({ spec, onProgress: (p) => messages.push(p.message) });

  assert.equal(result.codeUpdated, true);
  const updates = server.requests.filter((r) => r.operation === 'UpdateFunctionCode').map((r) => r.status);
  assert.deepEqual(updates, [409, 409, 200]);
  assert.equal(messages.filter((m) => /^swb-hello is busy with another update; retrying in \d+\.\d s$/.test(m)).length, 2);
  assert.equal((await provider.getFunction('swb-hello'))?.codeSha256, result.codeSha256);
});

test('throttling (429 TooManyRequestsException) is retried by deploy itself when the SDK does not', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  // One SDK attempt per request: the retries seen here are deploy's own.
  const provider = awsProviderFor(t, server, { sdkMaxAttempts: 1 });
  server.failNext('CreateFunction', 'throttle', 2);
  const messages: string[] = [];

  const result = await provider.deploy({ spec: await specOf(root, 'hello'), onProgress: (p) => messages.push(p.message) });

  assert.equal(result.created, true);
  assert.deepEqual(server.requests.filter((r) => r.operation === 'CreateFunction').map((r) => r.status), [429, 429, 201]);
  assert.equal(messages.filter((m) => m.startsWith('throttled by Lambda; retrying')).length, 2);
});

test('retries are bounded: a conflict that never clears fails with one line', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server, { retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
  const spec = await specOf(root, 'hello');
  await provider.deploy({ spec });
  server.failNext('UpdateFunctionConfiguration', 'conflict', 100);

  await assert.rejects(provider.deploy({ spec: { ...spec, memorySize: 1024 } }), (error: Error & { kind?: string }) => {
    assert.equal(error.name, 'ProviderError');
    assert.equal(error.kind, 'conflict');
    assert.match(error.message, /^conflict: The operation cannot be performed at this time\. An update is in progress for resource: arn:aws:lambda:/);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
  assert.equal(server.requests.filter((r) => r.operation === 'UpdateFunctionConfiguration').length, 3);
});

test('a create that conflicts (the name was just taken) is not retried', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  server.failNext('CreateFunction', { status: 409, type: 'ResourceConflictException', message: 'Function already exist: swb-hello' });
  await assert.rejects(provider.deploy({ spec: await specOf(root, 'hello') }), { kind: 'conflict', message: 'conflict: Function already exist: swb-hello' });
  assert.equal(server.requests.filter((r) => r.operation === 'CreateFunction').length, 1);
});

test('deploy waits for an update already in progress instead of colliding with it', async (t) => {
  const server = await startServer(t, { transitionMs: 300 });
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  const spec = await specOf(root, 'hello');
  await provider.deploy({ spec });
  // Someone else's configuration change is still being applied.
  server.model.updateConfiguration('swb-hello', { Description: 'changed in the console' });
  writeFileSync(path.join(root, 'functions/hello/greet.js'), 'exports.greet = () => "new";\n');
  const messages: string[] = [];

  await provider.deploy({ spec, onProgress: (p) => messages.push(p.message) });

  assert.ok(messages.includes('swb-hello has an update in progress; waiting for it to finish'));
  assert.ok(server.requests.every((r) => r.status !== 409), 'no request was refused');
  assert.equal((await provider.getFunction('swb-hello'))?.description, 'says hello', 'the workspace description is restored');
});

test('cancelling mid-upload rejects with CancelledError and leaves the deployed version working', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  const spec = await specOf(root, 'hello');
  const before = await provider.deploy({ spec });
  writeFileSync(path.join(root, 'functions/hello/greet.js'), 'exports.greet = () => "never deployed";\n');
  const stall = server.stall('UpdateFunctionCode');
  const controller = new AbortController();

  const deploying = provider.deploy({ spec, signal: controller.signal });
  await stall.arrived;
  controller.abort();
  await assert.rejects(deploying, (error) => error instanceof CancelledError);
  await stall.dropped;
  stall.release();

  const deployed = await provider.getFunction('swb-hello');
  assert.equal(deployed?.codeSha256, before.codeSha256, 'the interrupted upload changed nothing');
  assert.equal(deployed?.lastUpdateStatus, 'Successful');
  const invocation = await provider.invoke('swb-hello', { payload: '{}' });
  assert.equal(invocation.functionError, undefined);
  assert.equal(JSON.parse(invocation.payload.toString()).codeSha256, before.codeSha256);
});

test('cancelling while waiting for the function to become active stops the waiter', async (t) => {
  const server = await startServer(t, { transitionMs: 5_000 });
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  const controller = new AbortController();
  const deploying = provider.deploy({
    spec: await specOf(root, 'hello'),
    signal: controller.signal,
    onProgress: (p) => {
      if (p.stage === 'waiting') setTimeout(() => controller.abort(), 50);
    },
  });
  const started = Date.now();
  await assert.rejects(deploying, (error) => error instanceof CancelledError);
  assert.ok(Date.now() - started < 4_000, 'returned long before the function became active');
  assert.equal((await provider.getFunction('swb-hello'))?.state, 'Pending');
});
