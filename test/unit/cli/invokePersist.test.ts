import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import type { LocalServer } from '../../../src/core/emulator/localServer';
import { startLocalServer } from '../../../src/core/emulator/localServer';
import { LAMBDA_LOG_STREAM_PATTERN } from '../../../src/core/logs/logNames';
import { tailLogs } from '../../../src/core/logs/tailer';
import type { TailEvent } from '../../../src/core/logs/tailTypes';
import { captureIo } from '../../helpers/cliIo';

// `swb invoke --persist` against a real local cloud: the invocation's lines land in
// /aws/lambda/<function>, read back through the CloudWatch Logs API with the SDK.
const project = join(__dirname, '..', '..', 'fixtures', 'logs-editor', 'persist');
const scratch = mkdtempSync(join(tmpdir(), 'swb-invoke-persist-'));
const eventFile = (name: string, event: unknown): string => {
  const file = join(scratch, `${name}.json`);
  writeFileSync(file, JSON.stringify(event));
  return file;
};

let server: LocalServer;

before(async () => {
  server = await startLocalServer({
    dir: join(scratch, 'empty'),
    host: '127.0.0.1',
    port: 0,
    apiPort: 0,
    watch: false,
    cloud: { stateDir: join(scratch, 'state') },
    logs: { stateDir: join(scratch, 'state', 'logs') },
  });
});
after(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function invoke(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo({ cwd: project, env: { PATH: process.env.PATH, HOME: scratch, SWB_TEST: '1', ...env } });
  const code = await runCli(['invoke', 'greeter', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

async function storedEvents(): Promise<TailEvent[]> {
  const events: TailEvent[] = [];
  await tailLogs({
    connection: { endpoint: server.invokeUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } },
    logGroupNames: ['/aws/lambda/greeter'],
    since: 0,
    follow: false,
    onEvent: (event) => void events.push(event),
  });
  return events;
}

describe('swb invoke --persist', () => {
  test('sends START, the function’s lines, END and REPORT to /aws/lambda/<function> in the environment’s stream', async () => {
    const { code, out, err } = await invoke(['--persist', '--endpoint-url', server.invokeUrl, '--event', eventFile('alice', { name: 'alice' })]);
    assert.equal(code, 0, err);
    assert.match(out, /"hello alice"/);
    assert.match(err, /greeting alice/, 'the logs still stream to stderr');
    assert.match(err, new RegExp(`swb invoke: 5 log lines sent to /aws/lambda/greeter at ${server.invokeUrl}`));

    const events = await storedEvents();
    assert.equal(events.length, 5);
    assert.equal(new Set(events.map((e) => e.logStreamName)).size, 1);
    assert.match(events[0].logStreamName, LAMBDA_LOG_STREAM_PATTERN);
    const messages = events.map((e) => e.message);
    assert.match(messages[0], /^START RequestId: [0-9a-f-]+ Version: \$LATEST\n$/);
    assert.match(messages[1], /\tINFO\t\{"name":"alice"\}\n$/);
    assert.match(messages[2], /\tINFO\tgreeting alice\n$/);
    assert.match(messages[3], /^END RequestId: /);
    assert.match(messages[4], /^REPORT RequestId: .*\tDuration: [\d.]+ ms/);
    assert.ok(events.every((e) => e.message.endsWith('\n')), 'one newline-terminated event per line, as Lambda stores them');
  });

  test('a failed invoke keeps its exit status and persists its error; --json output stays JSON; $SWB_LOCAL_ENDPOINT is the default', async () => {
    const before = (await storedEvents()).length;
    const { code, out, err } = await invoke(['--persist', '--json', '--event', eventFile('bob', { name: 'bob', fail: true })], { SWB_LOCAL_ENDPOINT: server.invokeUrl });
    assert.equal(code, 1, err);
    const report = JSON.parse(out) as { error: { errorType: string } };
    assert.equal(report.error.errorType, 'TypeError');
    const events = (await storedEvents()).slice(before);
    assert.equal(new Set(events.map((e) => e.logStreamName)).size, 1, 'a fresh environment, a new stream');
    assert.ok(events.some((e) => /ERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"cannot greet bob"/.test(e.message)));
    assert.match(events.at(-1)!.message, /^REPORT RequestId: /);
  });

  test('nothing listening is a warning, not a failure of the invoke', async () => {
    const port = await closedPort();
    const { code, out, err } = await invoke(['--persist', '--endpoint-url', `127.0.0.1:${port}`, '--event', eventFile('carol', { name: 'carol' })]);
    assert.equal(code, 0, err);
    assert.match(out, /"hello carol"/);
    assert.match(err, new RegExp(`swb invoke: warning: the logs were not persisted: no local cloud at http://127\\.0\\.0\\.1:${port} \\(start it with \`swb serve\``));
  });

  test('--endpoint-url needs --persist and a URL', async () => {
    const without = await invoke(['--endpoint-url', server.invokeUrl]);
    assert.equal(without.code, 2);
    assert.match(without.err, /^swb invoke: --endpoint-url goes with --persist/);
    const bad = await invoke(['--persist', '--endpoint-url', 'ftp://example.invalid']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--endpoint-url must be http:\/\/ or https:\/\//);
  });
});

/** A port nothing listens on (just released by a server of ours). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
