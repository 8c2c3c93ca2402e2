import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../../../../src/cli/main';
import { parseManifest } from '../../../../src/core/project/manifest';
import { captureIo } from '../../../helpers/cliIo';
import { createTestEmulator, failure, fixtureSpec, json } from '../../../helpers/emulator';

// `isolation: 'inline'`: the handler runs on the emulator's own event loop, with the emulator's
// context object, log lines, error shapes and timeout answer (see docs/performance.md).

const ROOT = path.resolve(__dirname, '../../../..');
const INLINE_FIXTURES = path.resolve(__dirname, '../../../fixtures/inline-isolation');
const { emulator, warnings } = createTestEmulator(after, { isolation: 'inline' });
const inlineSpec = (name: string, handler: string, overrides = {}) => fixtureSpec(name, INLINE_FIXTURES, handler, overrides);

interface Counter {
  invocations: number;
  pid: number;
  isMainThread: boolean;
  shared?: string;
}

const APP_LINE = (id: string, level: string, message: string) => new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\t${level}\\t${message}$`, 'm');

test('a warm inline environment is reused: module state kept, in this very thread; REPORT measured', async () => {
  emulator.register(inlineSpec('counter', 'index.counter'));
  const first = await emulator.invoke('counter', { payload: '{}' });
  const second = await emulator.invoke('counter', { payload: '{}' });
  const a = json(first) as Counter;
  assert.deepEqual([a.invocations, (json(second) as Counter).invocations], [1, 2]);
  assert.equal(a.pid, process.pid);
  assert.equal(a.isMainThread, true);
  assert.deepEqual([first.coldStart, second.coldStart], [true, false]);
  assert.match(first.logs, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
  assert.match(first.logs, /\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\n$/);
  assert.ok(first.maxMemoryUsedMB > 10, `Max Memory Used is the process's RSS: ${first.maxMemoryUsedMB}`);
  assert.doesNotMatch(second.logs, /Init Duration/);
});

test('the context object and the function variables (set in the shared process.env)', async () => {
  emulator.register(fixtureSpec('ctx', 'node-basic', 'index.environment', { environment: { INLINE_STAGE: 'dev' }, memorySize: 256 }));
  const inv = await emulator.invoke('ctx', { payload: '{}', qualifier: 'live' });
  const { env, context } = json(inv) as { env: Record<string, string>; context: Record<string, unknown> };
  assert.equal(env.INLINE_STAGE, 'dev');
  assert.equal(process.env.INLINE_STAGE, 'dev');
  assert.equal(context.functionName, 'ctx');
  assert.equal(context.functionVersion, '$LATEST');
  assert.equal(context.awsRequestId, inv.requestId);
  assert.equal(context.memoryLimitInMB, '256');
  assert.equal(context.logGroupName, '/aws/lambda/ctx');
  assert.match(String(context.invokedFunctionArn), /^arn:aws:lambda:us-east-1:\d{12}:function:ctx:live$/);
  assert.match(String(context.logStreamName), /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  const remaining = Number(context.remaining);
  assert.ok(remaining > 5000 && remaining <= 10_000, `remaining ${remaining}`);
  assert.equal(context.callbackWaitsForEmptyEventLoop, true);
  assert.equal(context.hasLegacy, true);
  // Init output (before any request) goes to the first invocation, with no request id.
  assert.match(inv.logs, APP_LINE('undefined', 'INFO', 'module initialised'));
});

test('console methods become Lambda log lines at their levels, between START and END', async () => {
  emulator.register(fixtureSpec('levels', 'node-basic', 'index.levels'));
  const inv = await emulator.invoke('levels', { payload: '{}' });
  const id = inv.requestId;
  assert.match(inv.logs, APP_LINE(id, 'INFO', 'via log 1'));
  assert.match(inv.logs, APP_LINE(id, 'INFO', 'via info'));
  assert.match(inv.logs, APP_LINE(id, 'WARN', 'via warn'));
  assert.match(inv.logs, APP_LINE(id, 'ERROR', 'via error'));
  const lines = inv.logs.trimEnd().split('\n');
  // Output of the module's init (a new environment) comes first, as from a process.
  assert.ok(lines.findIndex((line) => line.startsWith('START ')) < lines.findIndex((line) => line.includes('via log 1')));
  assert.match(lines.at(-2) ?? '', new RegExp(`^END RequestId: ${id}$`));
  assert.match(lines.at(-1) ?? '', /^REPORT /);
});

test('with concurrency 2, interleaved lines land in the invocation that wrote them', async () => {
  emulator.register(inlineSpec('lines', 'index.twoLines'), { concurrency: 2 });
  const [one, two] = await Promise.all([
    emulator.invoke('lines', { payload: '{"tag":"one","pause":150}' }),
    emulator.invoke('lines', { payload: '{"tag":"two","pause":10}' }),
  ]);
  for (const [inv, tag, other] of [[one, 'one', 'two'], [two, 'two', 'one']] as const) {
    assert.equal(json(inv), tag);
    assert.match(inv.logs, APP_LINE(inv.requestId, 'INFO', `first of ${tag}`));
    assert.match(inv.logs, APP_LINE(inv.requestId, 'WARN', `second of ${tag}`));
    assert.doesNotMatch(inv.logs, new RegExp(`of ${other}`));
  }
  // Both ran at once: "two" finished while "one" was still waiting.
  assert.ok(two.durationMs < one.durationMs, `${two.durationMs} < ${one.durationMs}`);
});

test("loading errors have Lambda's runtime error types and init reports", async () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['noExport', 'node-basic', 'index.nope', /^index\.nope is undefined or not exported$/],
    ['notFunction', 'node-basic', 'index.notAFunction', /^index\.notAFunction is not a function$/],
    ['missing', 'node-basic', 'nowhere.handler', /^Error: Cannot find module 'nowhere'/],
    ['needsPackage', 'node-basic', 'needsPackage.handler', /^Error: Cannot find module 'swb-no-such-package-anywhere'/],
    ['malformed', 'node-basic', 'index', /^Bad handler$/],
    // Under tsx (these tests) the loader's parser reports the syntax error first.
    ['syntax', 'node-syntax', 'index.handler', /^(SyntaxError|TransformError): /],
  ];
  const types = ['HandlerNotFound', 'HandlerNotFound', 'ImportModuleError', 'ImportModuleError', 'MalformedHandlerName', 'UserCodeSyntaxError'];
  for (const [i, [name, folder, handler, message]] of cases.entries()) {
    emulator.register(fixtureSpec(name, folder, handler));
    const inv = await emulator.invoke(name, { payload: '{}' });
    const error = failure(inv);
    assert.equal(error.errorType, `Runtime.${types[i]}`, name);
    assert.match(error.errorMessage, message, name);
    assert.ok(Array.isArray(error.trace), name);
    assert.match(inv.logs, new RegExp(`\\tundefined\\tERROR\\tUncaught Exception \\t\\{"errorType":"Runtime\\.${types[i]}"`), name);
    assert.match(inv.logs, new RegExp(`^INIT_REPORT Init Duration: \\d+\\.\\d\\d ms\\tPhase: init\\tStatus: error\\tError Type: Runtime\\.${types[i]}$`, 'm'), name);
  }
});

test('a thrown error keeps its shape and is logged as an Invoke Error', async () => {
  emulator.register(fixtureSpec('custom', 'node-basic', 'index.throwsCustom'));
  const custom = await emulator.invoke('custom', { payload: '{}' });
  const error = failure(custom);
  assert.deepEqual([error.errorType, error.errorMessage], ['PaymentDeclined', 'card 4242 declined']);
  assert.match(error.trace?.[0] ?? '', /^PaymentDeclined: card 4242 declined$/);
  assert.match(custom.logs, APP_LINE(custom.requestId, 'ERROR', 'Invoke Error \\t\\{"errorType":"PaymentDeclined".*'));
  const again = await emulator.invoke('custom', { payload: '{}' });
  assert.deepEqual([failure(again).errorType, again.coldStart], ['PaymentDeclined', false]);
});

// Node's test runner counts any unhandled rejection or uncaught exception in its own process as a
// failure, so these run in a real `swb serve --isolation inline`, which must survive them.
test('swb serve --isolation inline survives unhandled rejections, uncaught exceptions and process.exit()', { timeout: 30_000 }, async (t) => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'swb-inline-state-'));
  const serve = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve', '--dir', path.join(INLINE_FIXTURES, 'project'), '--port', '0', '--api-port', '0', '--isolation', 'inline', '--state-dir', stateDir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.after(() => {
    serve.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  });
  let output = '';
  serve.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  serve.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const found = /Lambda API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) resolve(found[1]);
      if (found || serve.exitCode !== null) clearInterval(poll);
      if (serve.exitCode !== null) reject(new Error(`serve ended: ${output}`));
    }, 50);
  });
  const invoke = async (name: string, payload = '{}') => {
    const response = await fetch(`${endpoint}/2015-03-31/functions/${name}/invocations`, { method: 'POST', body: payload });
    return { functionError: response.headers.get('x-amz-function-error'), body: (await response.json()) as Record<string, unknown> };
  };
  const rejected = await invoke('rejects');
  assert.equal(rejected.functionError, 'Unhandled');
  assert.deepEqual([rejected.body.errorType, rejected.body.errorMessage], ['Runtime.UnhandledPromiseRejection', 'Error: nobody caught me']);
  const uncaught = await invoke('uncaught');
  assert.deepEqual([uncaught.body.errorType, uncaught.body.errorMessage], ['RangeError', 'thrown from a timer']);
  const exited = await invoke('exits', '{"code":7}');
  assert.equal(exited.body.errorType, 'Runtime.ExitError');
  assert.match(String(exited.body.errorMessage), /Runtime exited with error: exit status 7$/);
  const counter = await invoke('counter');
  assert.equal(counter.functionError, null);
  assert.deepEqual([counter.body.invocations, counter.body.pid], [1, serve.pid], 'the handler runs in serve itself');
  assert.equal(serve.exitCode, null, output);
  assert.match(output, /\tERROR\tUnhandled Promise Rejection \t/);
});

test('a timeout answers Sandbox.Timedout at the deadline; the code runs on, the next invoke loads it afresh', async () => {
  emulator.register(inlineSpec('lingers', 'index.lingers', { timeout: 1 }));
  const before = Number((globalThis as { __swbInlineLingered?: number }).__swbInlineLingered ?? 0);
  const timedOut = await emulator.invoke('lingers', { payload: '{}' });
  const error = failure(timedOut);
  assert.equal(error.errorType, 'Sandbox.Timedout');
  assert.equal(error.errorMessage, `RequestId: ${timedOut.requestId} Error: Task timed out after 1.00 seconds`);
  assert.ok(timedOut.durationMs >= 1000 && timedOut.durationMs < 1450, `answered at the deadline: ${timedOut.durationMs}`);
  assert.match(timedOut.logs, /^REPORT .*\tStatus: timeout$/m);
  assert.match(timedOut.logs, /Task timed out after 1\.00 seconds\n/);
  // The next invoke gets a new environment with a fresh module (its counter starts again).
  emulator.register(inlineSpec('lingers', 'index.counter', { timeout: 1 }));
  const next = await emulator.invoke('lingers', { payload: '{}' });
  assert.equal(next.coldStart, true);
  assert.equal((json(next) as Counter).invocations, 1);
  // The timed-out code kept running (documented): its side effect shows up later.
  await new Promise((resolve) => setTimeout(resolve, 900));
  assert.equal((globalThis as { __swbInlineLingered?: number }).__swbInlineLingered, before + 1);
});

test('process.exit() ends the environment (Runtime.ExitError), not the emulator', async () => {
  emulator.register(inlineSpec('exits', 'index.exits'));
  const inv = await emulator.invoke('exits', { payload: '{"code":3}' });
  const error = failure(inv);
  assert.equal(error.errorType, 'Runtime.ExitError');
  assert.equal(error.errorMessage, `RequestId: ${inv.requestId} Error: Runtime exited with error: exit status 3`);
  assert.match(inv.logs, /^REPORT .*\tStatus: error\tError Type: Runtime\.ExitError$/m);
  assert.equal((globalThis as { __swbInlineAfterExit?: boolean }).__swbInlineAfterExit, undefined, 'no code ran after exit()');
  // Still serving, in a new environment.
  const again = await emulator.invoke('exits', { payload: '{"code":0}' });
  assert.equal(again.coldStart, true);
  assert.match(failure(again).errorMessage, /Runtime exited without providing a reason$/);
});

test('ES modules and TypeScript load inline, with mapped stack traces', async () => {
  emulator.register(fixtureSpec('mjs', 'node-esm-mjs', 'index.handler'));
  const first = json(await emulator.invoke('mjs', { payload: '{"a":1}' })) as { format: string; calls: number; echo: unknown };
  const second = json(await emulator.invoke('mjs', { payload: '{}' })) as { calls: number };
  assert.deepEqual([first.format, first.calls, second.calls], ['esm', 1, 2]);
  assert.deepEqual(first.echo, { a: 1 });
  emulator.register(fixtureSpec('typeModule', 'node-esm-type', 'app.handler'));
  assert.deepEqual(json(await emulator.invoke('typeModule', { payload: '{}' })), { loadedVia: 'import', greeting: 'top-level await works' });
  emulator.register(fixtureSpec('ts', 'node-ts', 'handler.handler'));
  assert.deepEqual(json(await emulator.invoke('ts', { payload: '{"name":"inline"}' })), { message: 'hello inline' });
  const error = failure(await emulator.invoke('ts', { payload: '{"fail":true}' }));
  assert.equal(error.errorMessage, 'typed failure');
  assert.ok(error.trace?.some((frame) => /node-ts[\\/]handler\.ts:10:\d+\)?$/.test(frame)), error.trace?.join('\n'));
});

test('conflicting variables between inline functions fall back to a thread; Python to a process', async () => {
  emulator.register(inlineSpec('sharedA', 'index.counter', { environment: { INLINE_SHARED: 'a' } }));
  emulator.register(inlineSpec('sharedSame', 'index.counter', { environment: { INLINE_SHARED: 'a' } }));
  emulator.register(inlineSpec('sharedB', 'index.counter', { environment: { INLINE_SHARED: 'b' } }));
  const a = json(await emulator.invoke('sharedA', { payload: '{}' })) as Counter;
  const b = json(await emulator.invoke('sharedB', { payload: '{}' })) as Counter;
  assert.deepEqual([a.isMainThread, a.shared], [true, 'a']);
  assert.deepEqual([b.isMainThread, b.shared], [false, 'b']);
  assert.equal(process.env.INLINE_SHARED, 'a');
  const conflict = warnings.filter((w) => w.includes('INLINE_SHARED'));
  assert.deepEqual(conflict, ["sharedB: cannot run inline: INLINE_SHARED differs from inline function sharedA's (process.env is shared); it runs in a thread."]);
  emulator.register(fixtureSpec('py', 'python-smoke', 'app.handler', { runtime: 'python3.12' }));
  assert.ok(warnings.includes('py: python3.12 cannot run inline; it runs in its own process.'), warnings.join('\n'));
});

test('swb invoke --isolation inline runs the handler in swb itself; the manifest accepts "inline"', async () => {
  const io = captureIo({ cwd: INLINE_FIXTURES });
  const code = await runCli(['invoke', '--handler', 'index.counter', '--isolation', 'inline'], io);
  assert.equal(code, 0, io.err());
  const result = JSON.parse(io.out()) as Counter;
  assert.deepEqual([result.pid, result.isMainThread], [process.pid, true]);
  assert.match(io.err(), /^REPORT RequestId: /m);
  const manifest = parseManifest(
    JSON.stringify({ functions: { f: { provider: 'aws', runtime: 'nodejs20.x', handler: 'index.counter', isolation: 'inline' } } }),
    'serverless-workbench.json',
  );
  assert.deepEqual(manifest.diagnostics, []);
  assert.equal(manifest.runOptions.f?.isolation, 'inline');
});

test('an edited handler is reloaded on the next invoke; the JSON log format is kept', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-inline-edit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'index.js');
  writeFileSync(file, "exports.handler = async () => { console.log('v1'); return 1; };\n");
  emulator.register(fixtureSpec('edited', dir, 'index.handler', { logFormat: 'JSON' }));
  const first = await emulator.invoke('edited', { payload: '{}' });
  assert.equal(json(first), 1);
  const line = first.logs.split('\n').find((l) => l.includes('"v1"'));
  assert.deepEqual(
    { ...(JSON.parse(line ?? '{}') as Record<string, unknown>), timestamp: undefined },
    { timestamp: undefined, level: 'INFO', requestId: first.requestId, message: 'v1' },
  );
  writeFileSync(file, 'exports.handler = async () => 2;\n');
  let result: unknown;
  for (const started = Date.now(); Date.now() - started < 10_000; ) {
    result = json(await emulator.invoke('edited', { payload: '{}' }));
    if (result === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(result, 2);
});
