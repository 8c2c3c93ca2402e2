import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestEmulator, failure, fixtureSpec } from '../../../helpers/emulator';

// Every error type of AWS's Node.js runtime, each from a real child process, in AWS's shape:
// the invoke resolves with `error`, `functionError: 'Unhandled'` and the error JSON as payload.

const { emulator } = createTestEmulator(after);
const register = (name: string, folder: string, handler: string) => emulator.register(fixtureSpec(name, folder, handler));

test('a thrown TypeError keeps its name, message and stack as trace, and is logged as Invoke Error', async () => {
  register('typeError', 'node-basic', 'index.throwsTypeError');
  const inv = await emulator.invoke('typeError', { payload: '{}' });
  const error = failure(inv);
  assert.equal(error.errorType, 'TypeError');
  assert.match(error.errorMessage, /Cannot read properties of null/);
  assert.match(error.trace![0], /^TypeError: Cannot read properties of null/);
  assert.ok(error.trace!.some((line) => /node-basic[\\/]index\.js:\d+:\d+/.test(line)));
  assert.match(inv.logs, new RegExp(`\\t${inv.requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"TypeError","errorMessage":"Cannot read`));
  // The environment survives a handled error.
  const again = await emulator.invoke('typeError', { payload: '{}' });
  assert.equal(again.coldStart, false);
  assert.equal(failure(again).errorType, 'TypeError');
});

test('custom error classes report their own name; thrown strings report errorType "string"', async () => {
  register('custom', 'node-basic', 'index.throwsCustom');
  const custom = failure(await emulator.invoke('custom', { payload: '{}' }));
  assert.equal(custom.errorType, 'PaymentDeclined');
  assert.equal(custom.errorMessage, 'card 4242 declined');
  register('string', 'node-basic', 'index.throwsString');
  const plain = failure(await emulator.invoke('string', { payload: '{}' }));
  assert.deepEqual(plain, { errorType: 'string', errorMessage: 'plain string', trace: [] });
});

test('a missing module is Runtime.ImportModuleError, reported as an init error', async () => {
  register('missing', 'node-basic', 'nowhere.handler');
  const inv = await emulator.invoke('missing', { payload: '{}' });
  const error = failure(inv);
  assert.equal(error.errorType, 'Runtime.ImportModuleError');
  assert.match(error.errorMessage, /^Error: Cannot find module 'nowhere'\nRequire stack:/);
  assert.equal(inv.coldStart, true);
  assert.match(inv.logs, /\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Runtime\.ImportModuleError"/);
  assert.match(inv.logs, /^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.ImportModuleError$/m);
  assert.match(inv.logs, /^REPORT RequestId: .*\tStatus: error\tError Type: Runtime\.ImportModuleError$/m);
});

test('a missing package required by the handler is Runtime.ImportModuleError naming the package', async () => {
  register('needsPackage', 'node-basic', 'needsPackage.handler');
  const error = failure(await emulator.invoke('needsPackage', { payload: '{}' }));
  assert.equal(error.errorType, 'Runtime.ImportModuleError');
  assert.match(error.errorMessage, /^Error: Cannot find module 'swb-no-such-package-anywhere'/);
});

test('a missing export is Runtime.HandlerNotFound; a non-function export too', async () => {
  register('nope', 'node-basic', 'index.nope');
  const error = failure(await emulator.invoke('nope', { payload: '{}' }));
  assert.equal(error.errorType, 'Runtime.HandlerNotFound');
  assert.equal(error.errorMessage, 'index.nope is undefined or not exported');
  register('notFunction', 'node-basic', 'index.notAFunction');
  const notFunction = failure(await emulator.invoke('notFunction', { payload: '{}' }));
  assert.equal(notFunction.errorType, 'Runtime.HandlerNotFound');
  assert.equal(notFunction.errorMessage, 'index.notAFunction is not a function');
});

test('a handler string without a dot, or with .., is Runtime.MalformedHandlerName', async () => {
  register('malformed', 'node-basic', 'index');
  const error = failure(await emulator.invoke('malformed', { payload: '{}' }));
  assert.equal(error.errorType, 'Runtime.MalformedHandlerName');
  assert.equal(error.errorMessage, 'Bad handler');
  register('climbing', 'node-basic', '../outside.handler');
  assert.equal(failure(await emulator.invoke('climbing', { payload: '{}' })).errorType, 'Runtime.MalformedHandlerName');
});

test('a syntax error in the handler file is Runtime.UserCodeSyntaxError', async () => {
  register('syntax', 'node-syntax', 'index.handler');
  const error = failure(await emulator.invoke('syntax', { payload: '{}' }));
  assert.equal(error.errorType, 'Runtime.UserCodeSyntaxError');
  assert.match(error.errorMessage, /^SyntaxError: /);
});

test('an error thrown while the module loads fails the invoke with that error and its init log', async () => {
  register('initThrow', 'node-init-throw', 'index.handler');
  const inv = await emulator.invoke('initThrow', { payload: '{}' });
  const error = failure(inv);
  assert.equal(error.errorType, 'Error');
  assert.equal(error.errorMessage, 'configuration missing');
  assert.match(inv.logs, /\tINFO\tabout to fail\n/);
  assert.match(inv.logs, /INIT_REPORT .*Error Type: Error/);
  // Each invoke retries init in a fresh environment, like Lambda.
  const again = await emulator.invoke('initThrow', { payload: '{}' });
  assert.equal(failure(again).errorMessage, 'configuration missing');
  assert.notEqual(again.requestId, inv.requestId);
});

test('an unhandled promise rejection is Runtime.UnhandledPromiseRejection and the environment is replaced', async () => {
  register('rejects', 'node-basic', 'index.rejectsUnhandled');
  const inv = await emulator.invoke('rejects', { payload: '{}' });
  const error = failure(inv);
  assert.equal(error.errorType, 'Runtime.UnhandledPromiseRejection');
  assert.equal(error.errorMessage, 'Error: nobody caught me');
  assert.match(inv.logs, /\tERROR\tUnhandled Promise Rejection \t\{"errorType":"Runtime\.UnhandledPromiseRejection"/);
  const next = await emulator.invoke('rejects', { payload: '{}' });
  assert.equal(next.coldStart, true);
});

test('an exception thrown from a timer fails the invoke with that exception', async () => {
  register('uncaught', 'node-basic', 'index.uncaught');
  const inv = await emulator.invoke('uncaught', { payload: '{}' });
  const error = failure(inv);
  assert.equal(error.errorType, 'RangeError');
  assert.equal(error.errorMessage, 'thrown from a timer');
  assert.match(inv.logs, /\tERROR\tUncaught Exception \t/);
});

test('process.exit is Runtime.ExitError with Lambda\'s message; exit 0 has "without providing a reason"', async () => {
  register('exits', 'node-basic', 'index.exits');
  const inv = await emulator.invoke('exits', { payload: '{"code":3}' });
  const error = failure(inv);
  assert.deepEqual(error, { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${inv.requestId} Error: Runtime exited with error: exit status 3` });
  assert.match(inv.logs, new RegExp(`^RequestId: ${inv.requestId} Error: Runtime exited with error: exit status 3\\nRuntime\\.ExitError\\nEND `, 'm'));
  assert.match(inv.logs, /\tStatus: error\tError Type: Runtime\.ExitError\n$/);
  const zero = await emulator.invoke('exits', { payload: '{"code":0}' });
  assert.equal(failure(zero).errorMessage, `RequestId: ${zero.requestId} Error: Runtime exited without providing a reason`);
  assert.equal(zero.coldStart, true);
});

test('a callback error is reported right away', async () => {
  register('callbackError', 'node-basic', 'index.callbackError');
  const error = failure(await emulator.invoke('callbackError', { payload: '{}' }));
  assert.equal(error.errorType, 'Error');
  assert.equal(error.errorMessage, 'callback failure');
});
