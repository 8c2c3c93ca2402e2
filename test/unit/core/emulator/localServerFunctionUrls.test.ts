import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { LocalServer } from '../../../../src/core/emulator/localServer';
import { startLocalServer } from '../../../../src/core/emulator/localServer';

// `startLocalServer` (swb serve and the editor's local cloud) serves a SAM function's
// FunctionUrlConfig on a port of its own, with the real emulator, and follows template edits.

const fixture = join(__dirname, '..', '..', '..', 'fixtures', 'function-urls', 'sam');
const dir = mkdtempSync(join(tmpdir(), 'swb-function-urls-'));
cpSync(fixture, dir, { recursive: true });
let server: LocalServer | undefined;
after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a SAM FunctionUrlConfig (RESPONSE_STREAM) is listed and served; removing it from the template closes it, restoring it reopens the same port', async () => {
  const requests: { path: string; status: number; functionName?: string }[] = [];
  server = await startLocalServer({ dir, port: 0, apiPort: 0, urlPort: 0, watch: false, onRequest: (entry) => requests.push(entry) });
  const listed = server.functionUrls();
  assert.equal(listed.length, 1);
  const [entry] = listed;
  assert.deepEqual({ ...entry, url: '' }, { functionName: 'StreamFunction', url: '', authType: 'NONE', invokeMode: 'RESPONSE_STREAM' });
  assert.match(entry.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.notEqual(entry.url, `${server.apiUrl}/`);

  const response = await fetch(`${entry.url}a/b?pauseMs=800`, { headers: { origin: 'https://app.example' } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain');
  assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example');
  const reader = response.body!.getReader();
  const first = await reader.read();
  const firstAt = Date.now();
  assert.equal(new TextDecoder().decode(first.value), 'path /a/b;');
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    rest += new TextDecoder().decode(value);
  }
  assert.equal(rest, 'done');
  assert.ok(Date.now() - firstAt >= 400, 'the first chunk came before the function ended');
  assert.deepEqual(requests.at(-1), { ...requests.at(-1), path: '/a/b?pauseMs=800', status: 200, functionName: 'StreamFunction' });

  const template = join(dir, 'template.yaml');
  const original = readFileSync(template, 'utf8');
  writeFileSync(template, original.replace(/ {6}FunctionUrlConfig:[\s\S]*$/, ''));
  const removed = await server.reload();
  assert.deepEqual(removed.changed, ['StreamFunction']);
  assert.deepEqual(removed.urlsRemoved.map((u) => u.url), [entry.url]);
  assert.deepEqual(server.functionUrls(), []);
  await assert.rejects(fetch(entry.url), 'its server is closed');

  writeFileSync(template, original);
  const restored = await server.reload();
  assert.deepEqual(restored.urlsAdded, [entry], 'the URL comes back on the port it had');
  assert.equal(await (await fetch(entry.url)).text(), 'path /;done');
});
