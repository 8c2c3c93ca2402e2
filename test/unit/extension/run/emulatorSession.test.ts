import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { Emulator } from '../../../../src/core/emulator';
import { CancelledError } from '../../../../src/core/errors';
import { EmulatorSession } from '../../../../src/extension/run/emulatorSession';
import { fixtureSpec } from '../../../helpers/emulator';

const codeDir = path.resolve(__dirname, '../../../fixtures/local-loop/session');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('EmulatorSession', () => {
  const logs: string[] = [];
  let created = 0;
  const session = new EmulatorSession(() => {
    created++;
    return new Emulator({ onLog: ({ line }) => logs.push(line) });
  });
  after(() => session.close());

  test('creates no emulator until the first run, then one for all runs', async () => {
    assert.equal(session.started, false);
    const spec = fixtureSpec('echo', codeDir, 'index.handler', { environment: { GREETING: 'hi' } });
    const first = await session.invoke(spec, '{"n":1}');
    assert.deepEqual(JSON.parse(first.payload.toString()), { greeting: 'hi', event: { n: 1 } });
    const second = await session.invoke(spec, '{"n":2}');
    assert.equal(second.coldStart, false, 'the warm environment was reused');
    assert.equal(created, 1);
    assert.deepEqual(session.registeredNames(), ['echo']);
  });

  test('a changed spec is re-registered before the next run', async () => {
    const spec = fixtureSpec('echo', codeDir, 'index.handler', { environment: { GREETING: 'changed' } });
    const result = await session.invoke(spec, '{}');
    assert.equal(JSON.parse(result.payload.toString()).greeting, 'changed');
    assert.equal(result.coldStart, true, 'the old environment was recycled');
  });

  test('sync re-registers changed functions and drops removed ones', async () => {
    await session.invoke(fixtureSpec('other', codeDir, 'index.handler'), '{}');
    const changed = fixtureSpec('echo', codeDir, 'index.handler', { environment: { GREETING: 'synced' } });
    await session.sync([changed]);
    assert.deepEqual(session.registeredNames(), ['echo']);
    const result = await session.invoke(changed, '{}');
    assert.equal(result.coldStart, true, 'sync recycled the environment');
  });

  test('cancelling a run rejects with CancelledError and kills the running environment', async () => {
    const spec = fixtureSpec('waiter', codeDir, 'index.handler', { timeout: 120 });
    const controller = new AbortController();
    const running = session.invoke(spec, '{"wait":true}', controller.signal);
    const started = await until(() => logs.some((l) => /pid=\d+/.test(l)), 20_000);
    assert.ok(started, 'the handler started');
    const pid = Number(/pid=(\d+)/.exec(logs.find((l) => /pid=\d+/.test(l)) ?? '')?.[1]);
    assert.ok(isAlive(pid));
    controller.abort();
    await assert.rejects(running, CancelledError);
    assert.ok(await until(() => !isAlive(pid), 10_000), `process ${pid} was killed`);
    assert.ok(!session.registeredNames().includes('waiter'));
  });

  test('an already-cancelled run starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(session.invoke(fixtureSpec('never', codeDir, 'index.handler'), '{}', controller.signal), CancelledError);
    assert.ok(!session.registeredNames().includes('never'));
  });

  test('close kills everything and the next run starts a new emulator', async () => {
    await session.close();
    assert.equal(session.started, false);
    assert.deepEqual(session.registeredNames(), []);
    await session.invoke(fixtureSpec('echo', codeDir, 'index.handler'), '{}');
    assert.equal(created, 2);
  });
});
