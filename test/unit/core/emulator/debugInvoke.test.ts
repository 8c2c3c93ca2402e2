import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { invokeUnderDebugger, type AttachedDebugger, type InspectorAddress } from '../../../../src/core/emulator/debugInvoke';
import { hasDebugpy } from '../../../../src/core/emulator/inspect';
import { CancelledError, UserError } from '../../../../src/core/errors';
import { CdpClient, waitForTarget } from '../../../helpers/cdpClient';
import { copyFixture, fixtureSpec, json } from '../../../helpers/emulator';

// One invocation under a debugger, with a CDP client standing in for VS Code's js-debug: the run
// ends cleanly however the debugger behaves, and the process never outlives it.

const DEBUG_FIXTURES = path.resolve(__dirname, '../../../fixtures/debug');
const waitSpec = (timeout = 1) => fixtureSpec('waiting', path.join(DEBUG_FIXTURES, 'node-wait'), 'index.handler', { timeout });

interface Attached extends AttachedDebugger {
  cdp: CdpClient;
  pid: number;
  stopped: boolean;
}

/** What js-debug does with `continueOnAttach`: connect, then let the paused process run. */
async function attachCdp({ host, port }: InspectorAddress, record: Attached[]): Promise<Attached> {
  const target = await waitForTarget(host, port);
  const cdp = await CdpClient.connect(target.webSocketDebuggerUrl);
  await cdp.send('Runtime.runIfWaitingForDebugger');
  const { result } = await cdp.send<{ result: { value: number } }>('Runtime.evaluate', { expression: 'process.pid', returnByValue: true });
  const attached: Attached = {
    cdp,
    pid: result.value,
    stopped: false,
    ended: cdp.closed,
    async stop() {
      attached.stopped = true;
      cdp.close();
    },
  };
  record.push(attached);
  return attached;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('attaches once the process listens, returns the invocation, then detaches and kills the process', { timeout: 30_000 }, async () => {
  const attached: Attached[] = [];
  const addresses: InspectorAddress[] = [];
  const invocation = await invokeUnderDebugger({
    spec: waitSpec(1),
    payload: '{"waitMs":1500}',
    attach: (address) => {
      addresses.push(address);
      return attachCdp(address, attached);
    },
  });
  assert.equal(invocation.error, undefined, invocation.payload.toString());
  assert.equal((json(invocation) as { waited: number }).waited, 1500, 'ran past its 1 s timeout');
  assert.equal(addresses.length, 1);
  assert.equal(addresses[0].host, '127.0.0.1');
  assert.ok(addresses[0].port > 0);
  assert.equal(attached[0].stopped, true, 'the debugger is detached afterwards');
  assert.equal(alive(attached[0].pid), false, 'the environment is gone');
});

test('a debugger that goes away mid-run ends it with a cancellation instead of a hang', { timeout: 30_000 }, async () => {
  const attached: Attached[] = [];
  const started = Date.now();
  await assert.rejects(
    invokeUnderDebugger({
      spec: waitSpec(900),
      payload: '{"waitMs":60000}',
      detachGraceMs: 300,
      attach: async (address) => {
        const debuggerOn = await attachCdp(address, attached);
        setTimeout(() => debuggerOn.cdp.close(), 300);
        return debuggerOn;
      },
    }),
    (err: unknown) => err instanceof CancelledError && /debug session ended before waiting returned/.test(err.message),
  );
  assert.ok(Date.now() - started < 20_000);
  assert.equal(alive(attached[0].pid), false);
});

test('cancelling through the signal stops the run and the process', { timeout: 30_000 }, async () => {
  const attached: Attached[] = [];
  const controller = new AbortController();
  await assert.rejects(
    invokeUnderDebugger({
      spec: waitSpec(900),
      payload: '{"waitMs":60000}',
      signal: controller.signal,
      attach: async (address) => {
        const debuggerOn = await attachCdp(address, attached);
        setTimeout(() => controller.abort(), 200);
        return debuggerOn;
      },
    }),
    CancelledError,
  );
  assert.equal(attached[0].stopped, true);
  assert.equal(alive(attached[0].pid), false);
});

test('an init failure (a TypeScript syntax error) comes back as the invocation, without attaching', async (t) => {
  const dir = copyFixture(t.after.bind(t), '../debug/node-ts');
  writeFileSync(path.join(dir, 'handler.ts'), 'export const handler = async () => { return { ;\n');
  let attachCalls = 0;
  const invocation = await invokeUnderDebugger({
    spec: fixtureSpec('broken', dir, 'handler.handler'),
    payload: '{}',
    attach: () => {
      attachCalls++;
      throw new Error('must not attach');
    },
  });
  assert.equal(invocation.error?.errorType, 'Runtime.UserCodeSyntaxError');
  assert.equal(attachCalls, 0);
});

test('only Node.js and Python functions can be debugged', async () => {
  await assert.rejects(
    invokeUnderDebugger({
      spec: fixtureSpec('custom', 'provided', 'function.handler', { runtime: 'provided.al2023' }),
      payload: '{}',
      attach: () => Promise.reject(new Error('must not attach')),
    }),
    (err: unknown) => err instanceof UserError && err.message === 'Debugging supports Node.js and Python functions; custom runs provided.al2023.',
  );
});

test('a Python function without debugpy fails with a one-line UserError naming the fix', { timeout: 30_000 }, async (t) => {
  const spec = fixtureSpec('py', 'python-smoke', 'app.handler', { runtime: 'python3.11', timeout: 30 });
  if (await hasDebugpy('python3')) {
    // With debugpy installed the process listens for a debugger and the attach is asked for.
    const asked: InspectorAddress[] = [];
    await assert.rejects(
      invokeUnderDebugger({
        spec,
        payload: '{}',
        attach: (address) => {
          asked.push(address);
          return Promise.reject(new Error('no debugger here'));
        },
      }),
      /no debugger here/,
    );
    assert.equal(asked.length, 1);
    return;
  }
  t.diagnostic('debugpy is not installed here: checking the error');
  await assert.rejects(
    invokeUnderDebugger({ spec, payload: '{}', attach: () => Promise.reject(new Error('must not attach')) }),
    (err: unknown) => err instanceof UserError && /^debugpy is not installed for \S+: pip install debugpy$/.test(err.message),
  );
});
