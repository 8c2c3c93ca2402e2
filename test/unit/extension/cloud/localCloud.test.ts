import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { LocalServerOptions } from '../../../../src/core/emulator/localServer';
import { startLocalServer } from '../../../../src/core/emulator/localServer';
import { UserError } from '../../../../src/core/errors';
import { discoverFunctions } from '../../../../src/core/project/discover';
import { createLocalProvider } from '../../../../src/core/providers/local/localProvider';
import type { LocalCloudConfig, LocalCloudState } from '../../../../src/extension/cloud/localCloud';
import { LocalCloud } from '../../../../src/extension/cloud/localCloud';

/** The window's local cloud over the real `startLocalServer`, on the fixture project. */

const project = path.join(__dirname, '..', '..', '..', 'fixtures', 'deploy-editor', 'project');
const stateDir = mkdtempSync(path.join(tmpdir(), 'swb-local-cloud-'));
after(() => rmSync(stateDir, { recursive: true, force: true }));

function config(port: number, dir = project): LocalCloudConfig {
  return { dir, port, host: '127.0.0.1', stateDir, watch: false };
}

/** Counts the servers started and remembers the options they got. */
function counting(): { start: (options: LocalServerOptions) => ReturnType<typeof startLocalServer>; calls: LocalServerOptions[] } {
  const calls: LocalServerOptions[] = [];
  return {
    calls,
    start: (options) => {
      calls.push(options);
      return startLocalServer(options);
    },
  };
}

async function occupy(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

async function invokeGreet(endpoint: string): Promise<unknown> {
  const response = await fetch(`${endpoint}/2015-03-31/functions/greet/invocations`, { method: 'POST', body: '{"name":"Ada"}' });
  return response.json();
}

describe('LocalCloud', () => {
  test('a taken preferred port falls back to a free one, and the endpoint serves the project', async (t) => {
    const taken = await occupy();
    t.after(() => taken.server.close());
    const { start, calls } = counting();
    const cloud = new LocalCloud(() => config(taken.port), start);
    t.after(() => cloud.stop());

    const endpoint = await cloud.ensureStarted();
    assert.equal(cloud.state, 'running');
    assert.equal(cloud.portTaken, taken.port);
    assert.notEqual(cloud.port, taken.port);
    assert.equal(endpoint, `http://127.0.0.1:${cloud.port}`);
    assert.deepEqual(calls.map((c) => c.port), [taken.port, 0]);
    assert.equal(calls[0].apiPort, 0, 'the API Gateway never competes for a fixed port');
    assert.equal(calls[0].urlPort, 0, 'nor do function URLs');
    assert.equal(calls[0].cloud?.stateDir, stateDir);
    assert.equal(calls[0].logs?.stateDir, path.join(stateDir, 'logs'));
    assert.equal(cloud.stateDir, stateDir);
    assert.deepEqual(await invokeGreet(endpoint), { message: 'hello Ada', stage: 'test' });
  });

  test('concurrent first uses start one server; stop closes it and reports each state', async () => {
    const { start, calls } = counting();
    const cloud = new LocalCloud(() => config(0), start);
    const states: LocalCloudState[] = [];
    cloud.onDidChange(() => states.push(cloud.state));

    const [a, b] = await Promise.all([cloud.ensureStarted(), cloud.ensureStarted()]);
    assert.equal(a, b);
    assert.equal(calls.length, 1);
    assert.equal(cloud.portTaken, undefined);

    await cloud.stop();
    assert.equal(cloud.state, 'stopped');
    assert.equal(cloud.endpoint, undefined);
    await assert.rejects(fetch(`${a}/2015-03-31/functions/greet/invocations`, { method: 'POST', body: '{}' }), 'nothing listens there any more');
    assert.deepEqual([...new Set(states)], ['starting', 'running', 'stopping', 'stopped']);

    // Started again on use, with a new server.
    const again = await cloud.ensureStarted();
    assert.equal(calls.length, 2);
    assert.deepEqual(await invokeGreet(again), { message: 'hello Ada', stage: 'test' });
    await cloud.stop();
  });

  test('a failure other than a taken port is reported and leaves it stopped', async () => {
    const { start, calls } = counting();
    // An address of no interface here (TEST-NET-3): listening fails with EADDRNOTAVAIL.
    const cloud = new LocalCloud(() => ({ ...config(0), host: '203.0.113.7' }), start);
    await assert.rejects(cloud.ensureStarted(), (error: unknown) => !(error instanceof UserError) && /EADDRNOTAVAIL/.test(String(error)));
    assert.equal(calls.length, 1, 'not retried on another port');
    assert.equal(cloud.state, 'stopped');
    await cloud.stop();
  });

  test('the endpoint is a local cloud: what is deployed there is served again after a restart', async (t) => {
    const cloud = new LocalCloud(() => config(0));
    t.after(() => cloud.stop());
    const spec = (await discoverFunctions(project)).functions.find((f) => f.name === 'greet')!;
    const endpoint = await cloud.ensureStarted();
    const provider = createLocalProvider({ endpoint });
    t.after(() => provider.dispose());
    await provider.deploy({ spec: { ...spec, functionName: 'greet-deployed' } });

    await cloud.stop();
    const again = createLocalProvider({ endpoint: await cloud.ensureStarted() });
    t.after(() => again.dispose());
    const names = (await again.listFunctions()).items.map((f) => f.name);
    assert.ok(names.includes('greet-deployed'), `listed after the restart: ${names.join(', ')}`);
    const invocation = await again.invoke('greet-deployed', { payload: '{"name":"Bo"}' });
    assert.deepEqual(JSON.parse(invocation.payload.toString()), { message: 'hello Bo', stage: 'test' });
    assert.match(invocation.log ?? '', /greeting Bo/);
  });

  test('a state folder held by another process: the fallback folder is used', async (t) => {
    const held = mkdtempSync(path.join(tmpdir(), 'swb-held-'));
    const fallback = mkdtempSync(path.join(tmpdir(), 'swb-fallback-'));
    const owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    t.after(() => {
      owner.kill();
      rmSync(held, { recursive: true, force: true });
      rmSync(fallback, { recursive: true, force: true });
    });
    writeFileSync(path.join(held, 'serve.lock'), `${owner.pid}\n`);

    const cloud = new LocalCloud(() => ({ ...config(0), stateDir: held, fallbackStateDir: fallback }));
    t.after(() => cloud.stop());
    await cloud.ensureStarted();
    assert.equal(cloud.stateDir, fallback);

    // Without a fallback the owner is named.
    const strict = new LocalCloud(() => ({ ...config(0), stateDir: held }));
    await assert.rejects(strict.ensureStarted(), new RegExp(`in use by another .*pid ${owner.pid}`));
  });
});
