import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { lambdaLogGroupName } from '../../../src/core/logs/logNames';
import { captureIo } from '../../helpers/cliIo';
import { startFaultyLogsServer, type FaultyLogsServer } from '../../helpers/logsFaults';

const root = join(__dirname, '..', '..', '..');
const home = mkdtempSync(join(tmpdir(), 'swb-logs-home-'));
// No AWS settings of the machine's leak in: an empty home, no AWS_* variables.
const cleanEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, SWB_TEST: '1' };
  return { ...env, ...extra };
};
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let logs: FaultyLogsServer;
const FN = lambdaLogGroupName('orders');
const OTHER = lambdaLogGroupName('payments');
const t0 = Date.now() - 5 * 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

before(async () => {
  logs = await startFaultyLogsServer({ liveTail: { updateIntervalMs: 50 } });
  logs.store.append(FN, '2024/05/01/[$LATEST]aaa', [
    { timestamp: t0, message: 'START RequestId: r1 Version: $LATEST\n' },
    { timestamp: t0 + 20, message: '{"level":"ERROR","msg":"boom"}\n' },
    { timestamp: t0 + 40, message: 'END RequestId: r1\n' },
  ]);
  logs.store.append(OTHER, '2024/05/01/[$LATEST]bbb', [{ timestamp: t0 + 10, message: 'paid\n' }]);
  // Older than the default --since 10m.
  logs.store.append(FN, '2024/05/01/[$LATEST]aaa', [{ timestamp: t0 - 3_600_000, message: 'an hour earlier\n' }]);
});
after(async () => {
  await logs.close();
  rmSync(home, { recursive: true, force: true });
});

async function swb(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo({ env: cleanEnv(env) });
  const code = await runCli(['logs', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('swb logs', () => {
  test('prints `<time> <stream> <message>` for the last 10 minutes of a function, oldest first', async () => {
    const { code, out, err } = await swb(['orders', '--endpoint-url', logs.endpoint]);
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(
      out,
      [
        `${iso(t0)} 2024/05/01/[$LATEST]aaa START RequestId: r1 Version: $LATEST`,
        `${iso(t0 + 20)} 2024/05/01/[$LATEST]aaa {"level":"ERROR","msg":"boom"}`,
        `${iso(t0 + 40)} 2024/05/01/[$LATEST]aaa END RequestId: r1`,
        '',
      ].join('\n'),
    );
  });

  test('several functions interleave in time, each line naming its function; --since, --until, --filter', async () => {
    const both = await swb(['orders', 'payments', '--endpoint-url', logs.endpoint, '--since', '2h', '--until', String(t0 + 20)]);
    assert.equal(both.code, 0);
    assert.deepEqual(both.out.trimEnd().split('\n'), [
      `${iso(t0 - 3_600_000)} orders 2024/05/01/[$LATEST]aaa an hour earlier`,
      `${iso(t0)} orders 2024/05/01/[$LATEST]aaa START RequestId: r1 Version: $LATEST`,
      `${iso(t0 + 10)} payments 2024/05/01/[$LATEST]bbb paid`,
      `${iso(t0 + 20)} orders 2024/05/01/[$LATEST]aaa {"level":"ERROR","msg":"boom"}`,
    ]);
    const filtered = await swb(['orders', '--endpoint-url', logs.endpoint, '--filter', '{ $.level = "ERROR" }']);
    assert.equal(filtered.out, `${iso(t0 + 20)} 2024/05/01/[$LATEST]aaa {"level":"ERROR","msg":"boom"}\n`);
  });

  test('--json prints one object per event, the message as stored', async () => {
    const { code, out } = await swb(['orders', '--endpoint-url', logs.endpoint, '--json', '--filter', 'END']);
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.length, 1);
    assert.equal(lines[0].message, 'END RequestId: r1\n');
    assert.equal(lines[0].logGroupName, FN);
    assert.equal(lines[0].timestamp, t0 + 40);
    assert.equal(lines[0].time, iso(t0 + 40));
    assert.match(lines[0].eventId, /^\d{56}$/);
  });

  test('--provider aws with --endpoint-url reads the local cloud through the AWS code path', async () => {
    const { code, out, err } = await swb(['orders', '--provider', 'aws', '--endpoint-url', logs.endpoint, '--region', 'eu-west-1', '--filter', 'START'], {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.match(out, /START RequestId: r1/);
  });

  test('the local cloud is the default, at $SWB_LOCAL_ENDPOINT when set; a group with no logs yet is a note, not an error', async () => {
    const { code, out, err } = await swb(['never-invoked'], { SWB_LOCAL_ENDPOINT: logs.endpoint });
    assert.equal(code, 0);
    assert.equal(out, '');
    assert.equal(err, 'swb logs: no log group /aws/lambda/never-invoked (the function has not logged yet)\n');
  });

  test('nothing listening: one line saying to start `swb serve`', async () => {
    const idle = await startFaultyLogsServer();
    await idle.close();
    const { code, out, err } = await swb(['orders', '--endpoint-url', idle.endpoint]);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.equal(err, `swb logs: no local cloud at ${idle.endpoint}: start it with \`swb serve\`\n`);
  });

  test('bad input is a one-line error and exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /name one or more functions/],
      [['orders', '--since', 'yesterday'], /cannot read the time "yesterday"/],
      [['orders', '--tail', '--until', '1m'], /cannot be combined with --tail/],
      [['orders', '--since', '1m', '--until', '1h'], /--until is before --since/],
      [['orders', '--provider', 'local', '--profile', 'dev'], /--profile applies to --provider aws/],
      [['orders', '--provider', 'gcp'], /not "gcp"/],
      [['not a name!'], /is not a function name/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await swb(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err.split('\n')[0], message);
    }
    const badPattern = await swb(['orders', '--endpoint-url', logs.endpoint, '--filter', '{ $.level = }']);
    assert.equal(badPattern.code, 2);
    assert.match(badPattern.err.split('\n')[0], /^swb logs: InvalidParameterException/);
  });

  test('--tail follows new events until the signal (Ctrl+C) stops it, exit 0', async () => {
    const abort = new AbortController();
    const io = captureIo({ env: cleanEnv(), signal: abort.signal });
    const running = runCli(['logs', 'orders', '-f', '--endpoint-url', logs.endpoint, '--filter', 'tailed'], io);
    const deadline = Date.now() + 15_000;
    while (!io.err().includes('Live Tail') && Date.now() < deadline) await delay(25);
    assert.equal(io.err(), 'swb logs: following with Live Tail (Ctrl+C to stop)\n');
    logs.store.append(FN, 's2', [{ timestamp: Date.now(), message: 'tailed line\n' }]);
    while (!io.out().includes('tailed line') && Date.now() < deadline) await delay(25);
    abort.abort();
    assert.equal(await running, 0);
    assert.match(io.out(), /^\S+Z s2 tailed line\n$/);
  });

  test('--tail says once that it polls when the endpoint refuses Live Tail, and still follows', async () => {
    const noLive = await startFaultyLogsServer({ faults: { refuseOperations: ['StartLiveTail'] } });
    const abort = new AbortController();
    try {
      noLive.store.createLogGroup(FN);
      const io = captureIo({ env: cleanEnv(), signal: abort.signal });
      const running = runCli(['logs', 'orders', '--tail', '--endpoint-url', noLive.endpoint], io);
      const deadline = Date.now() + 15_000;
      while (!io.err().includes('polling') && Date.now() < deadline) await delay(25);
      noLive.store.append(FN, 's', [{ timestamp: Date.now(), message: 'polled line' }]);
      while (!io.out().includes('polled line') && Date.now() < deadline) await delay(25);
      abort.abort();
      assert.equal(await running, 0);
      assert.match(io.err(), /^swb logs: following by polling FilterLogEvents: Live Tail unavailable \(UnknownOperationException: StartLiveTail is not supported\) \(Ctrl\+C to stop\)\n$/);
      assert.match(io.out(), / s polled line\n$/);
    } finally {
      abort.abort();
      await noLive.close();
    }
  });
});

test('the real CLI process tails until SIGINT and exits 0', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'logs', 'orders', '--tail', '--endpoint-url', logs.endpoint], {
    cwd: root,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 45_000;
    while (!err.includes('Live Tail') && Date.now() < deadline) await delay(50);
    logs.store.append(FN, 's3', [{ timestamp: Date.now(), message: 'from the process test\n' }]);
    while (!out.includes('from the process test') && Date.now() < deadline) await delay(50);
    assert.match(out, /END RequestId: r1\n[\s\S]*from the process test\n$/);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
