import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';

// `swb serve` lists the project's function URLs in its banner, serves them, and reports URLs
// added and removed by an edit.

const fixture = join(__dirname, '..', '..', 'fixtures', 'function-urls', 'sam');

async function waitFor<T>(what: string, check: () => T | undefined, stderr: () => string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (stderr: ${stderr()})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('swb serve --url-port: the banner lists the function URL, it answers, and reloads report it removed and added', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'swb-serve-urls-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'swb-serve-urls-state-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  });
  cpSync(fixture, dir, { recursive: true });
  const controller = new AbortController();
  const io = captureIo({ cwd: dir, signal: controller.signal });
  const running = runCli(['serve', '--port', '0', '--api-port', '0', '--url-port', '0', '--state-dir', stateDir], io);
  let stopped = false;
  t.after(async () => {
    if (stopped) return;
    controller.abort();
    await running;
  });
  await waitFor('the banner', () => (io.out().includes('Press Ctrl+C') ? true : undefined), io.err);
  const banner = io.out();
  assert.match(banner, /^Function URLs:$/m);
  const url = /^ {2}StreamFunction {2}(http:\/\/127\.0\.0\.1:\d+\/) {2}\(RESPONSE_STREAM, auth NONE\)$/m.exec(banner)?.[1];
  assert.ok(url, `no function URL line in:\n${banner}`);
  assert.ok(banner.indexOf('Function URLs:') < banner.indexOf('Invoke: aws lambda invoke'), 'listed before the example');

  const response = await fetch(`${url}x`);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'path /x;done');
  await waitFor('the request log', () => (/^GET \/x 200 → StreamFunction \(\d+ ms\)$/m.test(io.out()) ? true : undefined), io.err);

  const template = join(dir, 'template.yaml');
  const original = readFileSync(template, 'utf8');
  writeFileSync(template, original.replace(/ {6}FunctionUrlConfig:[\s\S]*$/, ''));
  await waitFor('the removal', () => (io.out().includes(`Function URL removed: StreamFunction  ${url}\n`) ? true : undefined), io.err);
  writeFileSync(template, original);
  await waitFor('the addition', () => (io.out().includes(`Function URL added: StreamFunction  ${url}  (RESPONSE_STREAM, auth NONE)\n`) ? true : undefined), io.err);

  controller.abort();
  assert.equal(await running, 0);
  stopped = true;
  await assert.rejects(fetch(url), 'the URL is closed with serve');
});

test('swb serve --url-port rejects a port out of range (exit 2)', async () => {
  const io = captureIo({ cwd: fixture });
  assert.equal(await runCli(['serve', '--url-port', '70000'], io), 2);
  assert.match(io.err(), /--url-port/);
});
