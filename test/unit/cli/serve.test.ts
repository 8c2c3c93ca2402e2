import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';

const root = join(__dirname, '..', '..', '..');
const projectDir = join(__dirname, '..', '..', 'fixtures', 'invoke', 'project');

/** Polls until `check` returns a value (generous: two cores shared with other test runs); `stderr` explains a time-out. */
async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 20_000, stderr?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${stderr ? ` (stderr: ${stderr()})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Each serve gets its own local cloud state folder: one writer per folder. */
function freshStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'swb-serve-state-'));
}

function urlsFrom(banner: string): { invokeUrl: string; apiUrl: string } | undefined {
  const invokeUrl = /Lambda API\s+(http:\/\/\S+)/.exec(banner)?.[1];
  const apiUrl = /API Gateway\s+(http:\/\/\S+)/.exec(banner)?.[1];
  return invokeUrl && apiUrl ? { invokeUrl, apiUrl } : undefined;
}

async function invokeThrough(invokeUrl: string, functionName: string, payload: unknown): Promise<{ payload: unknown; logs: string }> {
  const client = new LambdaClient({ endpoint: invokeUrl, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
  try {
    const out = await client.send(new InvokeCommand({ FunctionName: functionName, LogType: 'Tail', Payload: Buffer.from(JSON.stringify(payload)) }));
    return { payload: JSON.parse(Buffer.from(out.Payload ?? []).toString()), logs: Buffer.from(out.LogResult ?? '', 'base64').toString() };
  } finally {
    client.destroy();
  }
}

describe('swb serve (in-process, real emulator)', () => {
  test('serves the manifest: banner, API Gateway (2.0 and 1.0) and the Invoke API; stops on abort', async () => {
    const controller = new AbortController();
    const io = captureIo({ cwd: projectDir, signal: controller.signal });
    const running = runCli(['serve', '--port', '0', '--api-port', '0', '--state-dir', freshStateDir()], io);
    const urls = await waitFor('the banner', () => (io.out().includes('Press Ctrl+C') ? urlsFrom(io.out()) : undefined), 60_000, io.err);
    const banner = io.out();
    assert.match(banner, /^Serving 2 functions from .*invoke\/project$/m);
    assert.match(banner, /^ {2}hello {2}nodejs20\.x +index\.handler {2}serverless-workbench\.json:3 \(Serverless Workbench manifest\)$/m);
    assert.match(banner, /^Watching serverless-workbench\.json for changes\. Press Ctrl\+C to stop\.$/m);
    assert.match(banner, /GET \/hello → hello \(HTTP API, payload 2\.0\) {2}http:\/\/127\.0\.0\.1:\d+\/hello/);
    assert.match(banner, /POST \/py\/\{id\} → py \(REST API, payload 1\.0\)/);
    assert.match(io.err(), /error: function "broken": unknown key "timout"/, 'manifest problems are printed');

    const hello = await fetch(`${urls.apiUrl}/hello?x=1`);
    assert.equal(hello.status, 200);
    const helloBody = (await hello.json()) as { event: { routeKey: string; queryStringParameters: unknown }; env: { GREETING: string }; memory: string };
    assert.equal(helloBody.event.routeKey, 'GET /hello');
    assert.deepEqual(helloBody.event.queryStringParameters, { x: '1' });
    assert.equal(helloBody.env.GREETING, 'from-manifest');
    assert.equal(String(helloBody.memory), '256');

    const py = await fetch(`${urls.apiUrl}/py/7`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'posted' });
    assert.equal(py.status, 201);
    assert.equal(py.headers.get('x-fn'), 'py');
    assert.deepEqual(await py.json(), { id: '7', body: 'posted' });

    const direct = await invokeThrough(urls.invokeUrl, 'hello', { direct: true });
    assert.deepEqual((direct.payload as { event: unknown }).event, { direct: true });
    assert.match(direct.logs, /^START RequestId: /m);
    assert.match(direct.logs, /^REPORT RequestId: /m);
    assert.match(io.out(), /^GET \/hello\?x=1 200 → hello \(\d+ ms\)$/m, 'requests are logged');

    controller.abort();
    assert.equal(await running, 0);
    await assert.rejects(fetch(`${urls.apiUrl}/hello`), 'the API Gateway is closed');
    await assert.rejects(fetch(`${urls.invokeUrl}/2015-03-31/functions/hello/invocations`, { method: 'POST', body: '{}' }), 'the Invoke API is closed');
  });

  test('a port in use, a state folder in use and a bad flag are one-line errors (exit 2)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const io = captureIo({ cwd: projectDir });
      assert.equal(await runCli(['serve', '--port', String(taken), '--api-port', '0', '--state-dir', freshStateDir()], io), 2);
      assert.equal(io.err().split('\n')[0], `swb serve: port ${taken} on 127.0.0.1 is already in use (--port)`);
    } finally {
      blocker.close();
    }
    const stateDir = freshStateDir();
    const first = new AbortController();
    const holder = captureIo({ cwd: join(projectDir, 'functions'), signal: first.signal });
    const holding = runCli(['serve', '--port', '0', '--api-port', '0', '--state-dir', stateDir], holder);
    await waitFor('the banner', () => (holder.out().includes('Press Ctrl+C') ? true : undefined), 60_000, holder.err);
    assert.match(holder.out(), /^Serving 0 functions from .*functions$/m, 'a folder without project files still serves the local cloud');
    const second = captureIo({ cwd: projectDir });
    assert.equal(await runCli(['serve', '--port', '0', '--api-port', '0', '--state-dir', stateDir], second), 2);
    assert.match(second.err().split('\n')[0], /^swb serve: the local cloud state folder .* is in use by another local cloud/);
    first.abort();
    assert.equal(await holding, 0);
    const bad = captureIo({ cwd: projectDir });
    assert.equal(await runCli(['serve', '--concurrency', '0'], bad), 2);
    assert.match(bad.err(), /^swb serve: --concurrency must be at least 1, got 0\n/);
  });
});

/** Every process below `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const child of children.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    // A zombie still answers kill(0); it has exited all the same.
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('swb serve (the bundled binary)', () => {
  let child: ChildProcess | undefined;
  before(() => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
  });
  after(() => {
    if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
  });

  test('SIGTERM shuts down cleanly and kills every execution environment', async () => {
    const cli = join(root, 'dist', 'cli.js');
    assert.ok(existsSync(cli));
    child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--api-port', '0', '--prewarm', '1', '--state-dir', freshStateDir()], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const urls = await waitFor(`the banner (stderr: ${err})`, () => (out.includes('Press Ctrl+C') ? urlsFrom(out) : undefined), 30_000);
    assert.equal((await fetch(`${urls.apiUrl}/hello`)).status, 200);
    const environments = descendants(child.pid!);
    assert.ok(environments.length >= 2, `prewarmed environments run as children (found ${environments.length})`);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, err);
    assert.match(out, /Stopping…/);
    await waitFor('every environment to end', () => (environments.every((pid) => !alive(pid)) ? true : undefined), 10_000);
  });
});

describe('swb serve over project discovery (in-process, real emulator)', () => {
  const discoveryDir = join(__dirname, '..', '..', 'fixtures', 'discovery-cli');

  async function serve(args: string[], cwd: string) {
    const controller = new AbortController();
    const io = captureIo({ cwd, signal: controller.signal });
    const running = runCli(['serve', '--port', '0', '--api-port', '0', '--state-dir', freshStateDir(), ...args], io);
    const urls = await waitFor('the banner', () => (io.out().includes('Press Ctrl+C') ? urlsFrom(io.out()) : undefined), 60_000, io.err);
    const stop = async (): Promise<void> => {
      controller.abort();
      assert.equal(await running, 0);
    };
    return { io, urls, stop };
  }

  test('SAM, serverless.yml and manifest functions on the Invoke API and the API Gateway; a malformed template is reported', async (t) => {
    const { io, urls, stop } = await serve(['--dir', discoveryDir], join(discoveryDir, '..'));
    t.after(stop);
    const banner = io.out();
    assert.match(banner, /^Serving 3 functions from .*discovery-cli$/m);
    assert.match(banner, /^ {2}greet +nodejs20\.x {2}index\.handler +malformed-workspace\/serverless-workbench\.json:3 \(Serverless Workbench manifest\)$/m);
    assert.match(banner, /^ {2}HelloWorldFunction {2}nodejs20\.x {2}app\.lambdaHandler {2}sam-hello-world\/template\.yaml:14 \(AWS SAM\)$/m);
    assert.match(banner, /^ {2}hello +nodejs20\.x {2}handler\.hello +serverless-http\/serverless\.yml:20 \(Serverless Framework\)$/m);
    assert.match(banner, /^ {2}GET \/hello → HelloWorldFunction \(REST API, payload 1\.0\) {2}http:\/\/127\.0\.0\.1:\d+\/hello$/m);
    assert.match(banner, /^ {2}GET \/ → hello \(HTTP API, payload 2\.0\) {2}http:\/\/127\.0\.0\.1:\d+\/$/m);
    assert.match(banner, /^ {2}GET \/greet → greet \(HTTP API, payload 2\.0\)/m);
    assert.match(banner, /^Watching 5 project files for changes\./m);
    assert.match(io.err(), /^malformed-workspace\/legacy\/template\.yaml:16:1: error: YAML syntax error: All mapping items must start at the same column$/m);
    assert.match(io.err(), /^sam-python\/template\.yaml:\d+: error: Function name "HelloWorldFunction" is declared twice/m);

    const sam = await invokeThrough(urls.invokeUrl, 'HelloWorldFunction', { path: '/hello' });
    assert.deepEqual(sam.payload, { statusCode: 200, body: JSON.stringify({ message: 'hello world' }) });
    assert.match(sam.logs, /^REPORT RequestId: .*\tMemory Size: 128 MB/m);
    const sls = await invokeThrough(urls.invokeUrl, 'hello', {});
    assert.deepEqual(JSON.parse((sls.payload as { body: string }).body), { message: 'hello from dev!', stage: 'greeter-dev' });

    const rest = await fetch(`${urls.apiUrl}/hello`);
    assert.equal(rest.status, 200);
    assert.deepEqual(await rest.json(), { message: 'hello world' });
    const httpApi = await fetch(`${urls.apiUrl}/`);
    assert.equal(httpApi.status, 200);
    assert.deepEqual(await httpApi.json(), { message: 'hello from dev!', stage: 'greeter-dev', routeKey: 'GET /' });
    assert.equal((await fetch(`${urls.apiUrl}/greet`)).status, 200);
    assert.equal((await fetch(`${urls.apiUrl}/legacy`)).status, 404, 'the malformed template serves nothing');
  });

  test('reloads when template.yaml changes; a broken template keeps serving; a new serverless.yml at the root is picked up', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-serve-sam-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(join(discoveryDir, 'sam-hello-world'), dir, { recursive: true });
    const { io, urls, stop } = await serve(['--stage', 'prod'], dir);
    t.after(stop);
    assert.match(io.out(), /^Watching template\.yaml for changes\./m);
    assert.equal((await fetch(`${urls.apiUrl}/hello`)).status, 200);

    const template = join(dir, 'template.yaml');
    const original = readFileSync(template, 'utf8');
    writeFileSync(template, original.replace('Path: /hello', 'Path: /hi'));
    await waitFor('the reload', () => (/^Reloaded: updated HelloWorldFunction; 1 function\(s\), 1 route\(s\)$/m.test(io.out()) ? true : undefined));
    assert.equal((await fetch(`${urls.apiUrl}/hi`)).status, 200);
    assert.equal((await fetch(`${urls.apiUrl}/hello`)).status, 404);

    writeFileSync(template, original.replace('      Runtime: nodejs20.x', '     Runtime: nodejs20.x'));
    await waitFor('the broken template', () => (io.out().includes('template.yaml changed but cannot be used; still serving its previous functions') ? true : undefined));
    assert.match(io.err(), /^template\.yaml:\d+(:\d+)?: error: YAML syntax error: /m);
    assert.equal((await fetch(`${urls.apiUrl}/hi`)).status, 200, 'the previous functions still serve');

    cpSync(join(discoveryDir, 'serverless-http', 'serverless.yml'), join(dir, 'serverless.yml'));
    writeFileSync(join(dir, 'handler.js'), readFileSync(join(discoveryDir, 'serverless-http', 'handler.js')));
    await waitFor('the new serverless.yml', () => (/^Reloaded: added hello;/m.test(io.out()) ? true : undefined));
    const added = await fetch(`${urls.apiUrl}/`);
    assert.equal(added.status, 200);
    assert.deepEqual(await added.json(), { message: 'hello from prod!', stage: 'greeter-prod', routeKey: 'GET /' }, '--stage reaches the reloaded serverless.yml');
  });
});
