// `aws logs` (the real AWS CLI) over the CloudWatch Logs API of `swb serve`: the invocations'
// log groups and streams, reading, filtering, paging, `aws logs tail` (and --follow), Live Tail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AwsCli } from '../../scripts/setup-clients.mjs' with { 'resolution-mode': 'import' };
import { awsJson, requireClients, runAws, spawnAws, startServe, stopChild, waitFor, type Clients, type Serve } from '../helpers/awsClients';

const GROUP = '/aws/lambda/echo';

interface LogStream {
  logStreamName: string;
  lastEventTimestamp: number;
  arn: string;
}

describe('aws logs against swb serve', () => {
  let clients: Clients;
  let serve: Serve;
  const logs = <T>(...args: string[]): Promise<T> => awsJson<T>(serve, clients.aws, ['logs', ...args]);
  /** Straight to the Invoke API: these tests are about reading logs, not about invoking. */
  const invoke = async (name: string, event: unknown): Promise<void> => {
    const res = await fetch(`${serve.endpoint}/2015-03-31/functions/${name}/invocations`, { method: 'POST', body: JSON.stringify(event) });
    assert.equal(res.status, 200, await res.text());
  };

  before(async () => {
    clients = await requireClients();
    serve = await startServe();
    for (const n of [1, 2, 3]) await invoke('echo', { n });
    await invoke('pyecho', { n: 0 });
  });
  after(() => serve?.close());

  test('describe-log-groups --log-group-name-prefix /aws/lambda/ lists the invoked functions', async () => {
    const { logGroups } = await logs<{ logGroups: { logGroupName: string; arn: string }[] }>('describe-log-groups', '--log-group-name-prefix', '/aws/lambda/');
    assert.deepEqual(logGroups.map((g) => g.logGroupName), [GROUP, '/aws/lambda/pyecho']);
    assert.equal(logGroups[0].arn, `arn:aws:logs:us-east-1:000000000000:log-group:${GROUP}:*`);
  });

  test('describe-log-streams --order-by LastEventTime --descending, then get-log-events --start-from-head', async () => {
    const { logStreams } = await logs<{ logStreams: LogStream[] }>('describe-log-streams', '--log-group-name', GROUP, '--order-by', 'LastEventTime', '--descending');
    assert.ok(logStreams.length >= 1);
    assert.match(logStreams[0].logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    const times = logStreams.map((s) => s.lastEventTimestamp);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');

    const { events } = await logs<{ events: { message: string; timestamp: number }[] }>('get-log-events', '--log-group-name', GROUP, '--log-stream-name', logStreams[0].logStreamName, '--start-from-head');
    const messages = events.map((e) => e.message);
    assert.match(messages[0], /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n$/);
    assert.ok(messages.some((m) => /\tINFO\techo-line \{"n":1\}\n$/.test(m)), messages.join(''));
    assert.ok(messages.some((m) => m.startsWith('END RequestId: ')));
    assert.ok(messages.some((m) => m.startsWith('REPORT RequestId: ')));
    const stamps = events.map((e) => e.timestamp);
    assert.deepEqual(stamps, [...stamps].sort((a, b) => a - b), 'oldest first from the head');
  });

  test('filter-log-events --filter-pattern REPORT, and paging with --max-items / --starting-token', async () => {
    const all = await logs<{ events: { message: string }[] }>('filter-log-events', '--log-group-name', GROUP, '--filter-pattern', 'REPORT');
    assert.equal(all.events.length, 3, 'one REPORT per invoke');
    assert.ok(all.events.every((e) => e.message.startsWith('REPORT RequestId: ')));
    const first = await logs<{ events: { message: string }[]; NextToken?: string }>('filter-log-events', '--log-group-name', GROUP, '--filter-pattern', 'REPORT', '--max-items', '2', '--page-size', '1');
    assert.deepEqual(first.events.map((e) => e.message), all.events.slice(0, 2).map((e) => e.message));
    assert.ok(first.NextToken);
    const rest = await logs<{ events: { message: string }[]; NextToken?: string }>('filter-log-events', '--log-group-name', GROUP, '--filter-pattern', 'REPORT', '--starting-token', first.NextToken, '--page-size', '1');
    assert.deepEqual(rest.events.map((e) => e.message), all.events.slice(2).map((e) => e.message));
    assert.equal(rest.NextToken, undefined);
  });

  test('aws logs tail --since 1h prints every line with its stream; --follow sees a line written after it started', async () => {
    const tail = await runAws(serve, clients.aws, ['logs', 'tail', GROUP, '--since', '1h']);
    assert.equal(tail.code, 0, tail.stderr);
    const lines = tail.stdout.trim().split('\n');
    assert.equal(lines.length, 12, `START, the line, END, REPORT per invoke:\n${tail.stdout}`);
    assert.match(lines[0], /^\d{4}-\d{2}-\d{2}T\S+ \d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32} START RequestId: /);
    assert.match(tail.stdout, /echo-line \{"n":3\}/);

    const follow = spawnAws(serve, clients.aws, ['logs', 'tail', GROUP, '--follow', '--since', '1m']);
    try {
      // The lines from before show first: the tail is running.
      await waitFor('tail --follow to print the earlier lines', () => (follow.stdout().includes('echo-line {"n":3}') ? true : undefined), 30_000, follow.stderr);
      await invoke('echo', { follow: 'after-start' });
      await waitFor('tail --follow to print the new line', () => (follow.stdout().includes('echo-line {"follow":"after-start"}') ? true : undefined), 30_000, follow.stderr);
    } finally {
      await stopChild(follow.child);
    }
  });

  test('aws logs start-live-tail (each CLI found that has it; botocore needs host prefixes off) sees a new line', async (t) => {
    const hostPrefixOff = { AWS_DISABLE_HOST_PREFIX_INJECTION: 'true' };
    for (const cli of [clients.aws, ...clients.extraAws]) {
      const live = spawnAws(serve, cli, ['logs', 'start-live-tail', '--log-group-identifiers', GROUP, '--log-event-filter-pattern', 'live-marker'], hostPrefixOff);
      try {
        const seen = await liveTailSees(cli, live, () => invoke('echo', { say: 'live-marker' }));
        t.diagnostic(`${cli.version}: ${seen ? 'start-live-tail streamed the new line' : 'has no start-live-tail'}`);
      } finally {
        await stopChild(live.child);
      }
    }
  });
});

/**
 * Keeps invoking until the Live Tail prints the marker line (its session start is not visible in
 * its output), or returns false when this CLI has no such command, which must be all it says.
 */
async function liveTailSees(cli: AwsCli, live: ReturnType<typeof spawnAws>, trigger: () => Promise<void>): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (live.child.exitCode !== null) {
      assert.match(live.stderr(), /Invalid choice|invalid choice/, `${cli.version}: start-live-tail exited ${live.child.exitCode}: ${live.stderr()}`);
      return false;
    }
    if (/echo-line \{"say":"live-marker"\}/.test(live.stdout())) return true;
    await trigger();
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
  assert.fail(`${cli.version}: start-live-tail printed no marker line in 30 s; stdout: ${live.stdout()} stderr: ${live.stderr()}`);
}
