import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { parseManifest } from '../../../../src/core/project/manifest';
import { createTestEmulator, failure, fixtureSpec, json } from '../../../helpers/emulator';

// `isolation: 'thread'`: Node.js environments as worker threads of the emulator's process, still
// speaking the Runtime API, with the emulator's logs, errors and limits.

const THREAD_FIXTURES = path.resolve(__dirname, '../../../fixtures/thread-isolation');
const { emulator, warnings } = createTestEmulator(after, { isolation: 'thread' });
const threadSpec = (name: string, handler: string, overrides = {}) => fixtureSpec(name, THREAD_FIXTURES, handler, overrides);

interface WhereAmI {
  invocations: number;
  pid: number;
  isMainThread: boolean;
  threadId: number;
  cwd: string;
  secret?: string;
}

test('a warm thread is reused: same worker, module state kept, in this process', async () => {
  emulator.register(threadSpec('where', 'index.whereAmI'));
  const first = await emulator.invoke('where', { payload: '{}' });
  const second = await emulator.invoke('where', { payload: '{}' });
  const a = json(first) as WhereAmI;
  const b = json(second) as WhereAmI;
  assert.equal(first.coldStart, true);
  assert.equal(second.coldStart, false);
  assert.equal(a.pid, process.pid);
  assert.equal(a.isMainThread, false);
  assert.equal(b.threadId, a.threadId);
  assert.equal(b.invocations, 2);
  // Max Memory Used is the thread's heap, measured (not the shared RSS, not a placeholder).
  assert.ok(first.maxMemoryUsedMB > 1 && first.maxMemoryUsedMB < 128, `Max Memory Used ${first.maxMemoryUsedMB}`);
  assert.match(first.logs, new RegExp(`Max Memory Used: ${first.maxMemoryUsedMB} MB\\tInit Duration: `));
});

test('the function gets its own variables; this process does not see them; cwd is not the task root', async () => {
  emulator.register(threadSpec('env', 'index.whereAmI', { environment: { THREAD_SECRET: 's3cret' } }));
  const result = json(await emulator.invoke('env', { payload: '{}' })) as WhereAmI;
  assert.equal(result.secret, 's3cret');
  assert.equal(process.env.THREAD_SECRET, undefined);
  // A worker cannot chdir: the documented difference from a process.
  assert.equal(result.cwd, process.cwd());
  emulator.register(fixtureSpec('lambdaEnv', 'node-basic', 'index.environment'));
  const { env } = json(await emulator.invoke('lambdaEnv', { payload: '{}' })) as { env: Record<string, string> };
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'lambdaEnv');
  assert.equal(env.LAMBDA_TASK_ROOT, path.resolve(__dirname, '../../../fixtures/emulator/node-basic'));
  assert.equal(env._SWB_RUNTIME_API_SOCKET, undefined);
  assert.equal(process.env.AWS_LAMBDA_FUNCTION_NAME, undefined);
});

test('console output lands in its own invocation: START, app lines with the request id, END, REPORT', async () => {
  emulator.register(threadSpec('lines', 'index.twoLines'));
  const one = await emulator.invoke('lines', { payload: '{"tag":"one"}' });
  const two = await emulator.invoke('lines', { payload: '{"tag":"two"}' });
  for (const [inv, tag, other] of [[one, 'one', 'two'], [two, 'two', 'one']] as const) {
    const lines = inv.logs.trimEnd().split('\n');
    assert.equal(lines[0], `START RequestId: ${inv.requestId} Version: $LATEST`);
    assert.match(lines[1], new RegExp(`^\\d{4}-[\\d-]+T[\\d:.]+Z\\t${inv.requestId}\\tINFO\\tfirst of ${tag}$`));
    assert.match(lines[2], new RegExp(`\\t${inv.requestId}\\tINFO\\tsecond of ${tag}$`));
    assert.equal(lines[3], `END RequestId: ${inv.requestId}`);
    assert.match(lines[4], new RegExp(`^REPORT RequestId: ${inv.requestId}\\tDuration: `));
    assert.doesNotMatch(inv.logs, new RegExp(`of ${other}`));
  }
});

test('error types: HandlerNotFound, ImportModuleError, UnhandledPromiseRejection', async () => {
  emulator.register(fixtureSpec('nope', 'node-basic', 'index.nope'));
  const notFound = await emulator.invoke('nope', { payload: '{}' });
  assert.equal(failure(notFound).errorType, 'Runtime.HandlerNotFound');
  assert.match(notFound.logs, /^INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime\.HandlerNotFound$/m);
  emulator.register(fixtureSpec('missing', 'node-basic', 'nowhere.handler'));
  assert.equal(failure(await emulator.invoke('missing', { payload: '{}' })).errorType, 'Runtime.ImportModuleError');
  emulator.register(fixtureSpec('rejects', 'node-basic', 'index.rejectsUnhandled'));
  const rejected = failure(await emulator.invoke('rejects', { payload: '{}' }));
  assert.equal(rejected.errorType, 'Runtime.UnhandledPromiseRejection');
  assert.equal(rejected.errorMessage, 'Error: nobody caught me');
});

test('process.exit() ends only the thread: Runtime.ExitError, then a new environment', async () => {
  emulator.register(fixtureSpec('exits', 'node-basic', 'index.exits'));
  const inv = await emulator.invoke('exits', { payload: '{"code":3}' });
  const error = failure(inv);
  assert.equal(error.errorType, 'Runtime.ExitError');
  assert.equal(error.errorMessage, `RequestId: ${inv.requestId} Error: Runtime exited with error: exit status 3`);
  assert.match(inv.logs, /\tStatus: error\tError Type: Runtime\.ExitError\n$/);
  emulator.register(threadSpec('exits', 'index.whereAmI'));
  const next = await emulator.invoke('exits', { payload: '{}' });
  assert.equal(next.coldStart, true);
  assert.equal((json(next) as WhereAmI).pid, process.pid);
});

test('a timeout terminates the thread, even one stuck in a synchronous loop', async () => {
  emulator.register(threadSpec('busy', 'index.busyLoop', { timeout: 1 }));
  const started = Date.now();
  const inv = await emulator.invoke('busy', { payload: '{}' });
  const elapsed = Date.now() - started;
  assert.deepEqual(failure(inv), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${inv.requestId} Error: Task timed out after 1.00 seconds` });
  assert.ok(elapsed >= 990 && elapsed < 10_000, `took ${elapsed} ms`);
  assert.match(inv.logs, new RegExp(`^[\\d-]+T[\\d:.]+Z ${inv.requestId} Task timed out after 1\\.00 seconds$`, 'm'));
  emulator.register(threadSpec('busy', 'index.whereAmI', { timeout: 1 }));
  const next = await emulator.invoke('busy', { payload: '{}' });
  assert.equal(next.coldStart, true);
  assert.equal((json(next) as WhereAmI).invocations, 1);
});

test('a thread that outgrows its heap is ended: Runtime.OutOfMemory, and the emulator keeps serving', async () => {
  emulator.register(threadSpec('hog', 'index.heapHog', { timeout: 30, memorySize: 128 }));
  const inv = await emulator.invoke('hog', { payload: '{}' });
  const error = failure(inv);
  assert.equal(error.errorType, 'Runtime.OutOfMemory');
  assert.equal(inv.maxMemoryUsedMB, 128);
  assert.match(inv.logs, /\tStatus: error\tError Type: Runtime\.OutOfMemory\n$/);
  emulator.register(threadSpec('hog', 'index.whereAmI', { timeout: 30 }));
  const next = await emulator.invoke('hog', { payload: '{}' });
  assert.equal(next.error, undefined);
  assert.equal((json(next) as WhereAmI).invocations, 1);
});

test('ES modules and TypeScript (with the stack mapped to the .ts line) run in threads', async () => {
  emulator.register(fixtureSpec('esm', 'node-esm-mjs', 'index.handler'));
  const esm = json(await emulator.invoke('esm', { payload: '{"a":1}' })) as { format: string; calls: number };
  assert.equal(esm.format, 'esm');
  emulator.register(fixtureSpec('ts', 'node-ts', 'handler.handler'));
  assert.deepEqual(json(await emulator.invoke('ts', { payload: '{"name":"thread"}' })), { message: 'hello thread' });
  const error = failure(await emulator.invoke('ts', { payload: '{"fail":true}' }));
  assert.equal(error.errorMessage, 'typed failure');
  assert.ok(error.trace!.some((line) => /handler\.ts:10:\d+/.test(line)), error.trace!.join('\n'));
});

test('a function can ask for a process; Python ignores thread with one warning', async () => {
  emulator.register(threadSpec('own', 'index.whereAmI'), { isolation: 'process' });
  const own = json(await emulator.invoke('own', { payload: '{}' })) as WhereAmI;
  assert.notEqual(own.pid, process.pid);
  assert.equal(own.isMainThread, true);
  const py = fixtureSpec('py', 'python-smoke', 'app.handler', { runtime: 'python3.11', timeout: 30 });
  emulator.register(py);
  emulator.register(py);
  const inv = await emulator.invoke('py', { payload: '{"numbers":[1,2]}' });
  assert.equal(inv.error, undefined, inv.payload.toString());
  assert.equal((json(inv) as { sum: number }).sum, 3);
  assert.deepEqual(warnings.filter((w) => /cannot run in a thread/.test(w)), ['py: python3.11 cannot run in a thread; it runs in its own process.']);
});

test('serverless-workbench.json takes "isolation" per function and refuses other values', () => {
  const ok = parseManifest(JSON.stringify({ functions: { f: { runtime: 'nodejs20.x', handler: 'index.handler', isolation: 'thread' } } }), '/p/serverless-workbench.json');
  assert.deepEqual(ok.diagnostics, []);
  assert.deepEqual(ok.runOptions.f, { isolation: 'thread' });
  const bad = parseManifest(JSON.stringify({ functions: { f: { runtime: 'nodejs20.x', handler: 'index.handler', isolation: 'vm' } } }), '/p/serverless-workbench.json');
  assert.equal(bad.diagnostics.length, 1);
  assert.match(bad.diagnostics[0].message, /^function "f": "isolation" must be one of process, thread/);
});
