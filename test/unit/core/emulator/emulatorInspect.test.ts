import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { freePort } from '../../../../src/core/emulator/debugInvoke';
import { DEBUGGER_MISSING, hasDebugpy, nodeInspectArgs, pythonInspectArgs } from '../../../../src/core/emulator/inspect';
import { planLaunch } from '../../../../src/core/emulator/launch';
import { InitError } from '../../../../src/core/emulator/lambdaErrors';
import { compiledOutputDir } from '../../../../src/core/emulator/typescriptHandler';
import { CdpClient, waitForTarget } from '../../../helpers/cdpClient';
import { copyFixture, createTestEmulator, failure, fixtureSpec, json } from '../../../helpers/emulator';

// EmulatorOptions.inspect: environments started under Node's inspector or debugpy, with Lambda's
// limits lifted while a debugger may hold them paused.

const DEBUG_FIXTURES = path.resolve(__dirname, '../../../fixtures/debug');
const HOST = '127.0.0.1';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('Node runs with --inspect-brk (or --inspect) on the given address, before the bootstrap', async () => {
  assert.deepEqual(nodeInspectArgs({ port: 9555, breakOnStart: true }), ['--inspect-brk=127.0.0.1:9555']);
  assert.deepEqual(nodeInspectArgs({ host: '0.0.0.0', port: 9556 }), ['--inspect=0.0.0.0:9556']);
  const spec = fixtureSpec('plan', path.join(DEBUG_FIXTURES, 'node-wait'), 'index.handler');
  const plan = await planLaunch(spec, { inspect: { port: 9557, breakOnStart: true } });
  const flag = plan.args.indexOf('--inspect-brk=127.0.0.1:9557');
  const bootstrap = plan.args.findIndex((arg) => arg.endsWith('bootstrap.js'));
  assert.ok(flag !== -1 && flag < bootstrap, plan.args.join(' '));
  assert.equal(plan.underDebugger, true);
  const plain = await planLaunch(spec, {});
  assert.ok(!plain.args.some((arg) => arg.startsWith('--inspect')));
  assert.equal(plain.underDebugger, false);
});

test('Python runs its bootstrap under debugpy, or fails init naming the fix when debugpy is missing', async () => {
  assert.deepEqual(pythonInspectArgs({ port: 5678, breakOnStart: true }, '/rt/bootstrap.py'), [
    '-u', '-m', 'debugpy', '--listen', '127.0.0.1:5678', '--wait-for-client', '/rt/bootstrap.py',
  ]);
  assert.deepEqual(pythonInspectArgs({ host: '::1', port: 5679 }, 'b.py'), ['-u', '-m', 'debugpy', '--listen', '::1:5679', 'b.py']);

  const spec = fixtureSpec('py', 'python-smoke', 'app.handler', { runtime: 'python3.11', timeout: 30 });
  const inspect = { port: await freePort(), breakOnStart: true };
  // Asked before planning: a plan that rejects while this check is pending would be an unhandled rejection.
  const debugpy = await hasDebugpy('python3');
  const planned = planLaunch(spec, { inspect });
  const { emulator } = createTestEmulator(after, { inspect });
  emulator.register(spec);
  if (debugpy) {
    // A machine with debugpy: the plan is the debugpy command line.
    const plan = await planned;
    assert.deepEqual(plan.args.slice(0, 6), ['-u', '-m', 'debugpy', '--listen', `127.0.0.1:${inspect.port}`, '--wait-for-client']);
    assert.match(plan.args[6], /bootstrap\.py$/);
  } else {
    await assert.rejects(planned, (err: unknown) => {
      assert.ok(err instanceof InitError);
      assert.equal(err.payload.errorType, DEBUGGER_MISSING);
      assert.match(err.payload.errorMessage, /^debugpy is not installed for \S*python\S*: pip install debugpy$/);
      return true;
    });
    const error = failure(await emulator.invoke('py', { payload: '{}' }));
    assert.equal(error.errorType, DEBUGGER_MISSING);
    assert.match(error.errorMessage, /pip install debugpy/);
  }
});

test('a Node environment waits for its debugger past the init limit, then runs past its timeout', { timeout: 60_000 }, async () => {
  const port = await freePort();
  const { emulator } = createTestEmulator(after, { inspect: { port, breakOnStart: true } });
  emulator.register(fixtureSpec('waiting', path.join(DEBUG_FIXTURES, 'node-wait'), 'index.handler', { timeout: 1 }));
  let settled = false;
  const invocation = emulator.invoke('waiting', { payload: '{"waitMs":2500}' }).finally(() => (settled = true));
  const target = await waitForTarget(HOST, port);
  assert.match(target.url, /bootstrap\.js$/, 'the inspector lists the runtime as its target');
  // Lambda's init limit is 10 s; a process paused for its debugger must outlive it.
  await delay(10_500);
  assert.equal(settled, false, 'nothing runs before a debugger resumes the process');
  const cdp = await CdpClient.connect(target.webSocketDebuggerUrl);
  after(() => cdp.close());
  await cdp.send('Runtime.runIfWaitingForDebugger');
  const result = await invocation;
  assert.equal(result.error, undefined, result.payload.toString());
  const body = json(result) as { waited: number; inspector: string[] };
  assert.equal(body.waited, 2500);
  assert.deepEqual(body.inspector, [`--inspect-brk=127.0.0.1:${port}`]);
  assert.ok(result.durationMs >= 2400, `ran ${result.durationMs} ms, past the 1 s timeout`);
  assert.match(result.logs, new RegExp(`Debugger listening on ws://127\\.0\\.0\\.1:${port}/`));
});

test('under inspect a function runs one environment at a time, whatever its concurrency', async () => {
  const port = await freePort();
  const { emulator } = createTestEmulator(after, { inspect: { port } });
  emulator.register(fixtureSpec('single', path.join(DEBUG_FIXTURES, 'node-wait'), 'index.handler'), { concurrency: 4 });
  const [first, second] = await Promise.all([
    emulator.invoke('single', { payload: '{"waitMs":300}' }),
    emulator.invoke('single', { payload: '{"waitMs":300}' }),
  ]);
  const pids = [first, second].map((inv) => (json(inv) as { pid: number }).pid);
  assert.equal(pids[0], pids[1], 'both ran in the one process that owns the inspector port');
  assert.deepEqual([first.coldStart, second.coldStart].sort(), [false, true]);
});

test('a TypeScript handler is debuggable: a breakpoint on the compiled line the .ts maps to is hit', { timeout: 60_000 }, async () => {
  const dir = copyFixture(after, '../debug/node-ts');
  const tsFile = path.join(dir, 'handler.ts');
  const spec = fixtureSpec('orders', dir, 'handler.handler');
  const port = await freePort();
  const { emulator } = createTestEmulator(after, { inspect: { port, breakOnStart: true } });
  emulator.register(spec);
  const invocation = emulator.invoke('orders', { payload: '{"id":"o-1","quantity":4}' });
  const target = await waitForTarget(HOST, port);

  // The compiled file and its map are written before the process starts.
  const compiled = path.join(compiledOutputDir(spec), 'handler.cjs');
  const map = JSON.parse(readFileSync(`${compiled}.map`, 'utf8')) as SourceMapPayload;
  assert.deepEqual(map.sources, [pathToFileURL(tsFile).href], 'absolute sources, wherever the map is read from');
  const tsLine = 7; // 0-based: `return { id: event.id, total };`
  const generatedLine = readFileSync(compiled, 'utf8')
    .split('\n')
    .findIndex((_text, line) => {
      const entry = new SourceMap(map).findEntry(line, 4) as { originalLine?: number };
      return entry.originalLine === tsLine;
    });
  assert.ok(generatedLine > 0, 'the .ts line maps to a compiled line');

  const cdp = await CdpClient.connect(target.webSocketDebuggerUrl);
  after(() => cdp.close());
  const pauses: Array<{ url: string; line: number }> = [];
  const scripts = new Map<string, string>();
  cdp.onEvent((event) => {
    if (event.method === 'Debugger.scriptParsed') scripts.set(String(event.params.scriptId), String(event.params.url));
    if (event.method !== 'Debugger.paused') return;
    const [frame] = event.params.callFrames as Array<{ location: { scriptId: string; lineNumber: number } }>;
    pauses.push({ url: scripts.get(frame.location.scriptId) ?? '', line: frame.location.lineNumber });
    void cdp.send('Debugger.resume');
  });
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.setBreakpointByUrl', { urlRegex: 'handler\\.cjs$', lineNumber: generatedLine });
  await cdp.send('Runtime.runIfWaitingForDebugger');
  const result = await invocation;
  assert.deepEqual(json(result), { id: 'o-1', total: 12 });
  const hit = pauses.find((pause) => pause.url.endsWith('handler.cjs'));
  assert.deepEqual(hit, { url: pathToFileURL(compiled).href, line: generatedLine }, JSON.stringify(pauses));
});
