import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Isolation } from '../../../../src/core/emulator/types';
import { createTestEmulator, failure, fixtureSpec, json } from '../../../helpers/emulator';

// nodejs24.x as AWS runs it: callback handlers fail their init with Runtime.CallbackHandlerDeprecated,
// and the context has no callback-era members. Earlier Node.js runtimes keep both.

for (const isolation of ['process', 'inline'] as Isolation[]) {
  describe(`nodejs24.x (${isolation})`, () => {
    const { emulator } = createTestEmulator(after, { isolation });
    const node24 = (name: string, handler: string) => fixtureSpec(name, 'node24', handler, { runtime: 'nodejs24.x' });
    emulator.register(node24('callback24', 'index.callback'));
    emulator.register(node24('async24', 'index.asyncHandler'));
    emulator.register(node24('streaming24', 'index.streaming'));
    emulator.register(fixtureSpec('callback22', 'node24', 'index.callback', { runtime: 'nodejs22.x' }));
    emulator.register(fixtureSpec('async22', 'node24', 'index.asyncHandler', { runtime: 'nodejs22.x' }));

    test('a callback handler fails its init with AWS’s Runtime.CallbackHandlerDeprecated', async () => {
      const invocation = await emulator.invoke('callback24', { payload: '{}' });
      const error = failure(invocation);
      assert.equal(error.errorType, 'Runtime.CallbackHandlerDeprecated');
      assert.match(error.errorMessage, /^ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node\.js 24\./);
      assert.match(invocation.logs, /Runtime\.CallbackHandlerDeprecated/);
    });

    test('the context has no callbackWaitsForEmptyEventLoop, succeed, fail or done; streaming handlers still run', async () => {
      const invocation = await emulator.invoke('async24', { payload: '{}' });
      assert.deepEqual(json(invocation), { callbackWaitsForEmptyEventLoop: false, legacy: [], awsRequestId: invocation.requestId });
      const streamed = await emulator.invoke('streaming24', { payload: '{}' });
      assert.equal(streamed.error, undefined, streamed.payload.toString());
      assert.equal(streamed.payload.toString(), 'streaming24');
    });

    test('nodejs22.x keeps callback handlers and the full context', async () => {
      assert.deepEqual(json(await emulator.invoke('callback22', { payload: '{}' })), 'never runs on nodejs24.x');
      const context = json(await emulator.invoke('async22', { payload: '{}' })) as { callbackWaitsForEmptyEventLoop: boolean; legacy: string[] };
      assert.equal(context.callbackWaitsForEmptyEventLoop, true);
      assert.deepEqual(context.legacy, ['succeed', 'fail', 'done']);
    });
  });
}
