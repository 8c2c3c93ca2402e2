import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TailInvocation } from '../../../../src/extension/logs/tailInvocations';
import { newerTail, STOP_TAIL_COMMAND, tailDecorationText, tailHoverCommands, tailHoverMarkdown } from '../../../../src/extension/logs/tailInline';
import { tailConnection, tailKey, tailLabel, tailLogGroup, tailStatus } from '../../../../src/extension/logs/tailTargets';

function invocation(overrides: Partial<TailInvocation> = {}): TailInvocation {
  return {
    requestId: 'req-1',
    logGroupName: '/aws/lambda/orders',
    logStreamName: '2024/05/31/[$LATEST]abc',
    lines: ['START RequestId: req-1 Version: $LATEST', '2024-05-31T10:00:00.000Z\treq-1\tINFO\tpaid 3 orders', 'END RequestId: req-1', 'REPORT RequestId: req-1\tDuration: 12.34 ms'],
    omitted: 0,
    report: { requestId: 'req-1', durationMs: 12.34, billedDurationMs: 13, memorySizeMB: 128, maxMemoryUsedMB: 64, initDurationMs: 110.2 },
    errors: [],
    lastLogLine: 'paid 3 orders',
    finishedAt: 2000,
    ...overrides,
  };
}

test('the tailed invocation is shown when it is newer than the last local run and not that run itself', () => {
  const tail = invocation();
  assert.equal(newerTail(undefined, tail), tail);
  assert.equal(newerTail({ finishedAt: 1000, invocation: { requestId: 'local-1' } }, tail), tail);
  assert.equal(newerTail({ finishedAt: 3000, invocation: { requestId: 'local-1' } }, tail), undefined);
  // The editor's own run, seen again by a tail of the local cloud: the local result is richer.
  assert.equal(newerTail({ finishedAt: 1000, invocation: { requestId: 'req-1' } }, tail), undefined);
  assert.equal(newerTail({ finishedAt: 1000, invocation: { requestId: 'x' } }, undefined), undefined);
});

test('the decoration: outcome, duration and the last line logged; the error headline on failure', () => {
  assert.equal(tailDecorationText(invocation()), '✓ 12.3 ms — paid 3 orders');
  assert.equal(tailDecorationText(invocation({ lastLogLine: undefined })), '✓ 12.3 ms');
  assert.equal(tailDecorationText(invocation({ error: { errorType: 'TypeError', errorMessage: 'order has no id', stack: [], fatal: true } })), '✗ TypeError: order has no id');
  assert.equal(tailDecorationText(invocation({ lastLogLine: 'x'.repeat(200) })).length, 80);
});

test('the hover: summary with where it was tailed from, stop and output links, stack links, the whole log', () => {
  const sections = tailHoverMarkdown(
    {
      functionName: 'orders',
      invocation: invocation({ error: { errorType: 'TypeError', errorMessage: 'no id', stack: [], fatal: true }, omitted: 2 }),
      source: 'local cloud',
      frames: [{ file: '/ws/orders/index.js', line: 3, column: 5, functionName: 'check' }],
      labelRoot: '/ws/orders',
    },
    { file: (frame) => `file://${frame.file}#L${frame.line}` },
  );
  assert.equal(sections.length, 3);
  assert.match(sections[0], /^\*\*orders\*\* — ✗ TypeError: no id · tailed from local cloud/);
  assert.match(sections[0], /Request `req-1`/);
  assert.match(sections[0], /Duration 12\.34 ms · billed 13 ms · memory 64 \/ 128 MB · cold start \(init 110\.20 ms\)/);
  assert.match(sections[0], new RegExp(`\\[Stop tail\\]\\(command:${STOP_TAIL_COMMAND}\\?${encodeURIComponent('["orders"]').replace(/[[\]]/g, '\\$&')}\\)`));
  assert.match(sections[1], /\[index\\\.js:3:5\]\(file:\/\/\/ws\/orders\/index\.js#L3\) in `check`/);
  assert.match(sections[2], /^\*\*Log\*\*\n\n```serverless-log\nSTART RequestId: req-1/);
  assert.match(sections[2], /_2 more lines in the output channel\._$/);
  assert.deepEqual(tailHoverCommands(), ['serverlessWorkbench.showFunctionOutput', STOP_TAIL_COMMAND]);
});

test('tail identity, labels and the status bar text', () => {
  const local = { functionName: 'orders', deployedName: 'orders', target: { provider: 'local' as const } };
  const aws = { functionName: 'orders', deployedName: 'shop-prod-orders', target: { provider: 'aws' as const, profile: 'dev', region: 'eu-west-1' } };
  assert.equal(tailLogGroup(aws), '/aws/lambda/shop-prod-orders');
  assert.equal(tailKey(local), 'local|/aws/lambda/orders');
  assert.equal(tailKey(aws), 'aws:dev:eu-west-1|/aws/lambda/shop-prod-orders');
  assert.equal(tailLabel(local), 'orders (local cloud)');
  assert.equal(tailLabel(aws), 'orders → shop-prod-orders (AWS dev · eu-west-1)');
  assert.equal(tailStatus([]), undefined);
  assert.deepEqual(tailStatus([{ label: 'orders (local cloud)', functionName: 'orders', perMinute: 12 }]), {
    text: '$(pulse) orders · 12 ev/min',
    tooltip: 'Tailing logs: orders (local cloud) · 12 ev/min\nClick to stop.',
  });
  const several = tailStatus([
    { label: 'a (local cloud)', functionName: 'a', perMinute: 1 },
    { label: 'b (local cloud)', functionName: 'b', perMinute: 2 },
    { label: 'c (local cloud)', functionName: 'c', perMinute: 3 },
  ]);
  assert.equal(several?.text, '$(pulse) 3 tails');
  assert.match(several!.tooltip, /a \(local cloud\) · 1 ev\/min\nb .*\nc .*\nClick to stop one or all\./);
});

test('connections: the local cloud with any credentials, AWS with the profile’s region and the custom endpoint', async () => {
  const local = tailConnection({ provider: 'local' }, { localEndpoint: '127.0.0.1:3001/', env: {} });
  assert.equal(local.endpoint, 'http://127.0.0.1:3001');
  assert.throws(() => tailConnection({ provider: 'local' }, { env: {} }), /not running/);
  const aws = tailConnection({ provider: 'aws', region: 'eu-west-1' }, { awsEndpointUrl: 'http://localhost:4566', env: { HOME: '/nonexistent' } });
  assert.equal(aws.region, 'eu-west-1');
  assert.equal(aws.endpoint, 'http://localhost:4566');
  const fromEnv = tailConnection({ provider: 'aws' }, { env: { HOME: '/nonexistent', AWS_REGION: 'ap-south-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' } });
  assert.equal(fromEnv.region, 'ap-south-1');
  assert.equal(fromEnv.endpoint, undefined);
  const credentials = await (fromEnv.credentials as () => Promise<{ accessKeyId: string }>)();
  assert.equal(credentials.accessKeyId, 'AKIDEXAMPLE');
});
