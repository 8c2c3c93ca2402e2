import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestEmulator, fixtureSpec, json } from '../../../helpers/emulator';

// Warm reuse, the platform's log lines, console formatting and the environment Lambda gives a
// function, against real child processes.

const { emulator, logs } = createTestEmulator(after, { region: 'eu-west-3', accountId: '111122223333' });
emulator.register(fixtureSpec('counter', 'node-basic', 'index.counter'));
emulator.register(
  fixtureSpec('env', 'node-basic', 'index.environment', {
    memorySize: 256,
    functionName: 'deployed-env',
    environment: { GREETING: 'hi', AWS_REGION: 'xx-fake-1', TZ: 'Europe/Paris' },
  }),
);
emulator.register(fixtureSpec('levels', 'node-basic', 'index.levels'));
emulator.register(fixtureSpec('chatty', 'node-basic', 'index.chatty'));
emulator.register(fixtureSpec('nested', 'node-basic', 'index.nested.deeper.handler'));

const REPORT = /^REPORT RequestId: ([0-9a-f-]{36})\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB/;

test('a warm environment is reused: module state survives and only the first invoke is cold', async () => {
  const first = await emulator.invoke('counter', { payload: '{}' });
  const second = await emulator.invoke('counter', { payload: '{}' });
  const third = await emulator.invoke('counter', { payload: '{}' });
  const [a, b, c] = [first, second, third].map((inv) => json(inv) as { invocations: number; pid: number });
  assert.deepEqual([a.invocations, b.invocations, c.invocations], [1, 2, 3]);
  assert.equal(a.pid, c.pid);
  assert.equal(first.coldStart, true);
  assert.equal(second.coldStart, false);
  assert.ok(first.initDurationMs !== undefined && first.initDurationMs > 0);
  assert.equal(second.initDurationMs, undefined);
  assert.match(first.logs, /\tInit Duration: \d+\.\d{2} ms\n$/);
  assert.doesNotMatch(second.logs, /Init Duration/);
  assert.equal(first.executedVersion, '$LATEST');
});

test('logs run START, the invocation lines, END, REPORT — with init lines first on a cold start', async () => {
  const { emulator: fresh } = createTestEmulator(after);
  fresh.register(fixtureSpec('cold', 'node-basic', 'index.counter'));
  const inv = await fresh.invoke('cold', { payload: '{}' });
  const lines = inv.logs.trimEnd().split('\n');
  assert.match(lines[0], /^\S+Z\tundefined\tINFO\tmodule initialised$/);
  assert.equal(lines[1], `START RequestId: ${inv.requestId} Version: $LATEST`);
  assert.equal(lines[2], `END RequestId: ${inv.requestId}`);
  const report = REPORT.exec(lines[3]);
  assert.ok(report, lines[3]);
  assert.equal(report[1], inv.requestId);
  assert.ok(inv.billedDurationMs >= Math.ceil(inv.durationMs));
  assert.ok(inv.maxMemoryUsedMB > 5 && inv.maxMemoryUsedMB < 128, `memory ${inv.maxMemoryUsedMB}`);
});

test('console methods map to Lambda levels, one call is one line, output is attributed to its invocation', async () => {
  const inv = await emulator.invoke('levels', { payload: '{}' });
  const id = inv.requestId;
  const expected = [
    ['INFO', 'via log 1'],
    ['INFO', 'via info'],
    ['WARN', 'via warn'],
    ['ERROR', 'via error'],
    ['DEBUG', 'via debug'],
    ['TRACE', 'via trace'],
    ['INFO', 'first line\nsecond line'],
  ];
  for (const [level, message] of expected) {
    const pattern = new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\t${level}\\t${message}$`, 'm');
    assert.match(inv.logs, pattern);
  }
  assert.match(inv.logs, /^raw stdout$/m);
  assert.match(inv.logs, /^raw stderr$/m);
  // The multi-line message is one event for onLog too.
  assert.ok(logs.some((line) => line.endsWith('\tINFO\tfirst line\nsecond line')));
  const lines = inv.logs.trimEnd().split('\n');
  assert.match(lines.at(-1)!, /^REPORT /);
  assert.equal(lines.at(-2), `END RequestId: ${id}`);
});

test('END and REPORT come after every line the invocation wrote, even when it writes a lot', async () => {
  const inv = await emulator.invoke('chatty', { payload: JSON.stringify({ lines: 3000, width: 200 }) });
  const lines = inv.logs.trimEnd().split('\n');
  const appLines = lines.filter((line) => line.includes('\tINFO\tline '));
  assert.equal(appLines.length, 3000);
  assert.match(appLines.at(-1)!, /line 2999 x+$/);
  assert.equal(lines.at(-2), `END RequestId: ${inv.requestId}`);
  const next = await emulator.invoke('chatty', { payload: JSON.stringify({ lines: 1 }) });
  assert.doesNotMatch(next.logs, /line 2999/);
});

test('the environment has Lambda variables, user variables that override nothing reserved, no leaked parent variables', async () => {
  process.env.SWB_TEST_PARENT_SECRET = 'must-not-leak';
  const { emulator: fresh } = createTestEmulator(after, { region: 'eu-west-3', accountId: '111122223333' });
  fresh.register(
    fixtureSpec('env', 'node-basic', 'index.environment', {
      memorySize: 256,
      functionName: 'deployed-env',
      environment: { GREETING: 'hi', AWS_REGION: 'xx-fake-1', TZ: 'Europe/Paris' },
    }),
  );
  const inv = await fresh.invoke('env', { payload: '{}' });
  const { env, context, cwd } = json(inv) as { env: Record<string, string>; context: Record<string, unknown>; cwd: string };
  const codeDir = fixtureSpec('x', 'node-basic', 'x').codeDir;
  assert.equal(env._HANDLER, 'index.environment');
  assert.equal(env.AWS_REGION, 'eu-west-3');
  assert.equal(env.AWS_DEFAULT_REGION, 'eu-west-3');
  assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'deployed-env');
  assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
  assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
  assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
  assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/deployed-env');
  assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
  assert.equal(env.LAMBDA_TASK_ROOT, codeDir);
  assert.ok(env.LAMBDA_RUNTIME_DIR.endsWith('runtimes/node') || env.LAMBDA_RUNTIME_DIR.endsWith('runtimes\\node'));
  assert.equal(env.TZ, 'Europe/Paris'); // TZ is not reserved: the function may set it.
  assert.equal(env.LANG, 'en_US.UTF-8');
  assert.ok(env.NODE_PATH.split(/[:;]/).includes(codeDir));
  assert.equal(env.GREETING, 'hi');
  assert.match(env._X_AMZN_TRACE_ID, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  assert.equal(env.SWB_TEST_PARENT_SECRET, undefined);
  assert.equal(env._SWB_HANDLER_FILE, undefined);
  assert.equal(env._SWB_RUNTIME_API_SOCKET, undefined);
  assert.equal(env.AWS_ACCESS_KEY_ID, undefined);
  assert.equal(cwd, codeDir);
  assert.equal(context.functionName, 'deployed-env');
  assert.equal(context.functionVersion, '$LATEST');
  assert.equal(context.invokedFunctionArn, 'arn:aws:lambda:eu-west-3:111122223333:function:deployed-env');
  assert.equal(context.memoryLimitInMB, '256');
  assert.equal(context.awsRequestId, inv.requestId);
  assert.equal(context.logGroupName, '/aws/lambda/deployed-env');
  assert.equal(context.logStreamName, env.AWS_LAMBDA_LOG_STREAM_NAME);
  assert.ok((context.remaining as number) > 5000 && (context.remaining as number) <= 10_000);
  assert.equal(context.callbackWaitsForEmptyEventLoop, true);
  assert.equal(context.identity, undefined);
  assert.equal(context.clientContext, undefined);
  assert.equal(context.hasLegacy, true);
});

test('a function whose project names a region runs there: AWS_REGION and its ARN', async () => {
  const { emulator: fresh } = createTestEmulator(after, { region: 'eu-west-3', accountId: '111122223333' });
  fresh.register(fixtureSpec('regional', 'node-basic', 'index.environment', { region: 'ap-southeast-2' }));
  const { env, context } = json(await fresh.invoke('regional', { payload: '{}' })) as { env: Record<string, string>; context: Record<string, unknown> };
  assert.deepEqual([env.AWS_REGION, env.AWS_DEFAULT_REGION], ['ap-southeast-2', 'ap-southeast-2']);
  assert.equal(context.invokedFunctionArn, 'arn:aws:lambda:ap-southeast-2:111122223333:function:regional');
});

test('credentials are passed only when asked, and client context, identity, trace id and qualifier reach the context', async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-example';
  const { emulator: withCredentials } = createTestEmulator(after, { passCredentials: true });
  withCredentials.register(fixtureSpec('env', 'node-basic', 'index.environment'));
  const clientContext = Buffer.from(JSON.stringify({ custom: { tenant: 'acmé' }, client: { app_title: 'app' } })).toString('base64');
  const inv = await withCredentials.invoke('env', {
    payload: '{}',
    clientContext,
    cognitoIdentity: JSON.stringify({ cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' }),
    traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    qualifier: 'live',
  });
  const { env, context } = json(inv) as { env: Record<string, string>; context: Record<string, unknown> };
  assert.equal(env.AWS_ACCESS_KEY_ID, 'AKIDEXAMPLE');
  assert.equal(env.AWS_SECRET_ACCESS_KEY, 'secret-example');
  assert.deepEqual(context.clientContext, { custom: { tenant: 'acmé' }, client: { app_title: 'app' } });
  assert.deepEqual(context.identity, { cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' });
  assert.equal(env._X_AMZN_TRACE_ID, 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
  assert.match(context.invokedFunctionArn as string, /:function:env:live$/);

  const plain = await emulator.invoke('env', { payload: '{}' });
  assert.equal((json(plain) as { env: Record<string, string> }).env.AWS_ACCESS_KEY_ID, undefined);
});

test('nested export paths resolve like AWS (module.a.b.c)', async () => {
  assert.equal(json(await emulator.invoke('nested', { payload: '{}' })), 'nested export');
});

test('the payload passes through as bytes: an empty one becomes {}, unicode survives', async () => {
  emulator.register(fixtureSpec('echo', 'node-basic', 'index.echo'));
  assert.deepEqual(json(await emulator.invoke('echo', { payload: '' })), {});
  const event = { text: 'héllo ✓ 𝄞', list: [1, 2, 3] };
  const inv = await emulator.invoke('echo', { payload: Buffer.from(JSON.stringify(event)) });
  assert.deepEqual(json(inv), event);
});
