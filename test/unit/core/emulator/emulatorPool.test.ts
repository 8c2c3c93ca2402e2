import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { copyFixture, createTestEmulator, fixtureSpec, json } from '../../../helpers/emulator';

// The pool of execution environments: concurrency, queueing, prewarming, reload on change,
// idle recycling and cleanup.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await sleep(25);
  }
  return condition();
}

interface Timed {
  pid: number;
  start: number;
  end: number;
}

test('two environments serve two slow requests in parallel; a third queues for a free one', async () => {
  const { emulator } = createTestEmulator(after);
  emulator.register(fixtureSpec('slow', 'node-basic', 'index.slow'), { concurrency: 2 });
  const [a, b, c] = (await Promise.all([1, 2, 3].map(() => emulator.invoke('slow', { payload: '{"ms":800}' })))).map(
    (inv) => json(inv) as Timed,
  );
  assert.notEqual(a.pid, b.pid, 'the first two ran in separate environments');
  assert.ok(a.start < b.end && b.start < a.end, 'the first two overlapped');
  assert.ok([a.pid, b.pid].includes(c.pid), 'no third environment was started');
  assert.ok(c.start >= Math.min(a.end, b.end), 'the third waited for a free environment');
});

test('prewarmed environments exist before the first invoke, which is then warm', async () => {
  const { emulator, logs } = createTestEmulator(after);
  emulator.register(fixtureSpec('warm', 'node-basic', 'index.counter'));
  await emulator.prewarm('warm', 1);
  assert.ok(logs.some((line) => line.endsWith('\tINFO\tmodule initialised')), 'init ran during prewarm');
  const before = Date.now();
  const inv = await emulator.invoke('warm', { payload: '{}' });
  assert.equal(inv.coldStart, false);
  assert.equal(inv.initDurationMs, undefined);
  assert.doesNotMatch(inv.logs, /Init Duration/);
  assert.ok((json(inv) as { loadedAt: number }).loadedAt <= before, 'the module loaded before the invoke');
});

test('FunctionRunOptions.prewarm starts environments at registration', async () => {
  const { emulator, logs } = createTestEmulator(after);
  emulator.register(fixtureSpec('auto', 'node-basic', 'index.counter'), { prewarm: 2 });
  // prewarm() resolves once the environments registration started are warm (it starts no more).
  await emulator.prewarm('auto', 2);
  assert.equal(logs.filter((l) => l.endsWith('module initialised')).length, 2);
  const [x, y] = await Promise.all([emulator.invoke('auto', { payload: '{}' }), emulator.invoke('auto', { payload: '{}' })]);
  assert.equal(x.coldStart || y.coldStart, false);
  assert.notEqual((json(x) as Timed).pid, (json(y) as Timed).pid);
});

test('editing the handler file makes the next invoke run the new code, without a restart', async () => {
  const dir = copyFixture(after, 'node-basic');
  const { emulator } = createTestEmulator(after);
  emulator.register(fixtureSpec('live', dir, 'index.echo'));
  assert.deepEqual(json(await emulator.invoke('live', { payload: '{"v":1}' })), { v: 1 });
  const file = path.join(dir, 'index.js');
  writeFileSync(file, readFileSync(file, 'utf8').replace('exports.echo = async (event) => event;', "exports.echo = async () => 'edited';"));
  await sleep(300); // the change event
  const inv = await emulator.invoke('live', { payload: '{"v":2}' });
  assert.equal(json(inv), 'edited');
  assert.equal(inv.coldStart, true);
});

test('editing a file a TypeScript handler imports recompiles it', async () => {
  const dir = copyFixture(after, 'node-ts');
  const { emulator } = createTestEmulator(after);
  emulator.register(fixtureSpec('liveTs', dir, 'handler.handler'));
  assert.deepEqual(json(await emulator.invoke('liveTs', { payload: '{"name":"a"}' })), { message: 'hello a' });
  const lib = path.join(dir, 'lib', 'greet.ts');
  writeFileSync(lib, readFileSync(lib, 'utf8').replace('hello ${name}', 'bonjour ${name}'));
  await sleep(300);
  assert.deepEqual(json(await emulator.invoke('liveTs', { payload: '{"name":"a"}' })), { message: 'bonjour a' });
});

test('idle environments are recycled after idleTimeoutMs', async () => {
  const { emulator } = createTestEmulator(after, { idleTimeoutMs: 300 });
  emulator.register(fixtureSpec('idle', 'node-basic', 'index.counter'));
  const first = await emulator.invoke('idle', { payload: '{}' });
  const pid = (json(first) as Timed).pid;
  assert.ok(await waitFor(() => !alive(pid), 5000), 'the idle child was stopped');
  const second = await emulator.invoke('idle', { payload: '{}' });
  assert.equal(second.coldStart, true);
  assert.equal((json(second) as { invocations: number }).invocations, 1);
});

test('registering a function again recycles its environments', async () => {
  const { emulator } = createTestEmulator(after);
  emulator.register(fixtureSpec('swap', 'node-basic', 'index.counter'));
  const pid = (json(await emulator.invoke('swap', { payload: '{}' })) as Timed).pid;
  emulator.register(fixtureSpec('swap', 'node-basic', 'index.echo'));
  assert.deepEqual(json(await emulator.invoke('swap', { payload: '{"now":"echo"}' })), { now: 'echo' });
  assert.ok(await waitFor(() => !alive(pid), 5000));
  assert.equal(emulator.functions().find((f) => f.name === 'swap')?.handler, 'index.echo');
});

test('close() kills every child; unregister forgets the function', async () => {
  const { emulator, logs } = createTestEmulator(after);
  emulator.register(fixtureSpec('a', 'node-basic', 'index.counter'));
  emulator.register(fixtureSpec('b', 'node-basic', 'index.slow'));
  const pidA = (json(await emulator.invoke('a', { payload: '{}' })) as Timed).pid;
  const startsBefore = logs.filter((line) => line.startsWith('START')).length;
  const running = emulator.invoke('b', { payload: '{"ms":5000}' });
  // b must be running (not still starting) when close() comes: its START line says so.
  assert.ok(await waitFor(() => logs.filter((line) => line.startsWith('START')).length > startsBefore, 20_000), 'b started');
  await emulator.unregister('a');
  assert.equal(emulator.has('a'), false);
  await assert.rejects(emulator.invoke('a', { payload: '{}' }), { name: 'ResourceNotFoundException' });
  assert.ok(await waitFor(() => !alive(pidA), 3000));
  await emulator.close();
  const interrupted = await running;
  assert.equal(interrupted.error?.errorType, 'Runtime.ExitError');
});
