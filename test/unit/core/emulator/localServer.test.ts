import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LocalServer, ReloadSummary } from '../../../../src/core/emulator/localServer';
import { startLocalServer } from '../../../../src/core/emulator/localServer';
import { UserError } from '../../../../src/core/errors';
import { FakeEmulator } from '../../../helpers/fakeEmulator';

const tempDirs: string[] = [];
const servers: LocalServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

async function project(functions: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'swb-serve-'));
  tempDirs.push(dir);
  await writeFile(join(dir, 'serverless-workbench.json'), JSON.stringify({ functions }, null, 2));
  return dir;
}

const hello = { runtime: 'nodejs20.x', handler: 'index.handler', events: [{ type: 'httpApi', method: 'GET', path: '/hello' }] };

test('serves the manifest on both ports, applies run options, and close() closes the emulator', async () => {
  const dir = await project({ hello, busy: { runtime: 'nodejs20.x', handler: 'index.handler', concurrency: 3, prewarm: 2 } });
  const fake = new FakeEmulator();
  fake.handlers.set('hello', () => ({ statusCode: 200, body: 'hi' }));
  const server = await startLocalServer({ dir, port: 0, apiPort: 0, watch: false, prewarm: 1, createEmulator: () => fake });
  servers.push(server);
  assert.deepEqual(
    server.functions().map((f) => f.name),
    ['hello', 'busy'],
  );
  assert.deepEqual(fake.runOptions.get('busy'), { concurrency: 3, prewarm: 2 });
  assert.deepEqual(fake.runOptions.get('hello'), { prewarm: 1 });
  assert.equal(await (await fetch(`${server.apiUrl}/hello`)).text(), 'hi');
  const client = new LambdaClient({ endpoint: server.invokeUrl, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const out = await client.send(new InvokeCommand({ FunctionName: 'busy', Payload: Buffer.from('{"x":1}') }));
  client.destroy();
  assert.equal(Buffer.from(out.Payload ?? []).toString(), '{"x":1}');
  await server.close();
  assert.equal(fake.closed, true);
  await assert.rejects(fetch(`${server.apiUrl}/hello`));
});

test('a missing manifest and a taken port are one-line user errors; nothing is left running', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'swb-serve-'));
  tempDirs.push(empty);
  await assert.rejects(startLocalServer({ dir: empty, port: 0, apiPort: 0, createEmulator: () => new FakeEmulator() }), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /^no serverless-workbench\.json in /);
    return true;
  });
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const taken = (blocker.address() as { port: number }).port;
  const dir = await project({ hello });
  const fake = new FakeEmulator();
  try {
    await assert.rejects(startLocalServer({ dir, port: 0, apiPort: taken, watch: false, createEmulator: () => fake }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, `port ${taken} on 127.0.0.1 is already in use (--api-port)`);
      return true;
    });
    assert.equal(fake.closed, true, 'the emulator is closed when start-up fails');
  } finally {
    blocker.close();
  }
});

test('edits to the manifest are picked up: added, changed, removed; invalid JSON keeps the previous functions', async () => {
  const dir = await project({ hello });
  const fake = new FakeEmulator();
  const reloads: ReloadSummary[] = [];
  const server = await startLocalServer({ dir, port: 0, apiPort: 0, createEmulator: () => fake, onReload: (s) => reloads.push(s) });
  servers.push(server);
  const waitForReload = async (count: number): Promise<ReloadSummary> => {
    for (let i = 0; i < 200 && reloads.length < count; i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(reloads.length >= count, 'the manifest change was noticed');
    return reloads[count - 1];
  };
  const file = join(dir, 'serverless-workbench.json');

  await writeFile(file, JSON.stringify({ functions: { hello: { ...hello, timeout: 10 }, other: { runtime: 'python3.12', handler: 'app.handler', events: [{ type: 'http', method: 'POST', path: '/other' }] } } }));
  const first = await waitForReload(1);
  assert.deepEqual(first.added, ['other']);
  assert.deepEqual(first.changed, ['hello']);
  assert.equal(fake.specs.get('hello')?.timeout, 10);
  assert.deepEqual(
    server.routes().map((r) => r.routeKey),
    ['GET /hello', 'POST /other'],
  );

  await writeFile(file, '{ "functions": { oops');
  const second = await waitForReload(2);
  assert.equal(second.kept, true);
  assert.match(second.diagnostics[0].message, /^not valid JSON/);
  assert.equal(server.functions().length, 2);

  await writeFile(file, JSON.stringify({ functions: { other: { runtime: 'python3.12', handler: 'app.handler' } } }));
  const third = await waitForReload(3);
  assert.deepEqual(third.removed, ['hello']);
  assert.deepEqual(third.changed, ['other']);
  assert.equal(fake.has('hello'), false);
  assert.equal((await fetch(`${server.apiUrl}/hello`)).status, 404);
});
