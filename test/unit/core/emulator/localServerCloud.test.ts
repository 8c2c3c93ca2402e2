import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { isProjectFunctionConfiguration } from '../../../../src/core/cloud/projectFunctions';
import { startLocalServer } from '../../../../src/core/emulator/localServer';
import { writeZip } from '../../../../src/core/package/zip';
import { createLocalProvider } from '../../../../src/core/providers/local/localProvider';

// `swb serve` as the local cloud: one port answers the Lambda control plane, the Invoke API and
// the CloudWatch Logs API over every invocation's logs — each checked with the real AWS SDK.

const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };
const stateDir = mkdtempSync(join(tmpdir(), 'swb-local-cloud-'));
const emptyProject = mkdtempSync(join(tmpdir(), 'swb-empty-project-'));
after(() => {
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(emptyProject, { recursive: true, force: true });
});

test('deploy, invoke and read the logs back through one local cloud endpoint', { timeout: 90_000 }, async () => {
  const server = await startLocalServer({ dir: emptyProject, port: 0, apiPort: 0, watch: false, cloud: { stateDir, delays: { createMs: 50, updateMs: 50 } }, logs: { stateDir: join(stateDir, 'logs') } });
  const lambda = new LambdaClient({ endpoint: server.invokeUrl, region: 'us-east-1', credentials });
  const logs = new CloudWatchLogsClient({ endpoint: server.invokeUrl, region: 'us-east-1', credentials });
  try {
    assert.deepEqual(server.functions(), [], 'a folder without project files still starts, as a local cloud');
    const zip = writeZip([{ path: 'index.js', data: Buffer.from("exports.handler = async (e) => { console.log('got', e.n); return { twice: e.n * 2 }; };\n") }]);
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'doubler', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: zip } }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: 'doubler' });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'doubler', Payload: Buffer.from('{"n":21}') }));
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { twice: 42 });

    // Logs are written in batches a few tens of milliseconds apart; poll briefly.
    let messages: string[] = [];
    for (let i = 0; i < 50 && !messages.some((m) => m.startsWith('REPORT')); i++) {
      // Until the first batch is written the group does not exist, as on AWS right after an invoke.
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/doubler' })).catch((error: unknown) => {
        if ((error as { name?: string }).name === 'ResourceNotFoundException') return { events: [] };
        throw error;
      });
      messages = (page.events ?? []).map((e) => e.message ?? '');
      if (!messages.some((m) => m.startsWith('REPORT'))) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(messages[0], /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n$/);
    assert.ok(messages.some((m) => /\tINFO\tgot 21\n$/.test(m)), messages.join(''));
    assert.ok(messages.some((m) => m.startsWith('END RequestId:')));
    assert.ok(messages.some((m) => /^REPORT RequestId: .*Init Duration/.test(m)));
  } finally {
    lambda.destroy();
    logs.destroy();
    await server.close();
  }

  // The state and the logs survive a restart.
  const again = await startLocalServer({ dir: emptyProject, port: 0, apiPort: 0, watch: false, cloud: { stateDir }, logs: { stateDir: join(stateDir, 'logs') } });
  const logs2 = new CloudWatchLogsClient({ endpoint: again.invokeUrl, region: 'us-east-1', credentials });
  const lambda2 = new LambdaClient({ endpoint: again.invokeUrl, region: 'us-east-1', credentials });
  try {
    const page = await logs2.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/doubler', filterPattern: 'REPORT' }));
    assert.equal(page.events?.length, 1);
    const out = await lambda2.send(new InvokeCommand({ FunctionName: 'doubler', Payload: Buffer.from('{"n":2}') }));
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { twice: 4 });
  } finally {
    logs2.destroy();
    lambda2.destroy();
    await again.close();
  }
});

test("the project's functions are read-only members of the control plane; swb deploy of the same name takes their place", { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'swb-project-cloud-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(__dirname, '..', '..', '..', 'fixtures', 'cloud', 'workspace'), join(dir, 'project'), { recursive: true });
  const server = await startLocalServer({
    dir: join(dir, 'project'),
    port: 0,
    apiPort: 0,
    watch: false,
    cloud: { stateDir: join(dir, 'state'), delays: { createMs: 50, updateMs: 50 } },
  });
  const lambda = new LambdaClient({ endpoint: server.invokeUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
  const provider = createLocalProvider({ endpoint: server.invokeUrl, waiter: { minDelaySeconds: 0.05, maxDelaySeconds: 0.2, maxWaitSeconds: 20 }, retry: { attempts: 2, baseDelayMs: 10 } });
  const names = async () => ((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName);
  try {
    assert.deepEqual(await names(), ['hello', 'tasks']);
    const hello = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'hello' }));
    assert.deepEqual(
      [hello.Runtime, hello.Handler, hello.Timeout, hello.MemorySize, hello.Architectures, hello.LoggingConfig?.LogFormat, hello.State],
      ['nodejs20.x', 'index.handler', 7, 256, ['arm64'], 'JSON', 'Active'],
    );
    assert.deepEqual(hello.Environment?.Variables, { GREETING: 'from-workspace' });
    assert.match(hello.Description ?? '', /^says hello \(served from the workspace, defined by serverless-workbench\.json:\d+ /);
    assert.equal((await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: 'hello' })).state, 'SUCCESS');
    const ran = await lambda.send(new InvokeCommand({ FunctionName: 'hello', Payload: Buffer.from('{"n":1}') }));
    assert.deepEqual(JSON.parse(Buffer.from(ran.Payload ?? []).toString()), { from: 'workspace', greeting: 'from-workspace', event: { n: 1 } });
    // It has no published versions: only $LATEST answers.
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'hello', Qualifier: '1', Payload: Buffer.from('{}') })), (error: Error) => {
      assert.ok(error instanceof ResourceNotFoundException);
      assert.match(error.message, /function:hello:1$/);
      return true;
    });
    assert.equal((await lambda.send(new InvokeCommand({ FunctionName: 'hello', Qualifier: '$LATEST', Payload: Buffer.from('{}') }))).StatusCode, 200);
    await assert.rejects(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'hello', Timeout: 9 })), ResourceConflictException);
    // Our own provider (swb functions, the Deployed Functions view) lists deployed functions only.
    assert.deepEqual((await provider.listFunctions()).items, []);
    assert.equal(await provider.getFunction('hello'), undefined);

    // swb deploy looks hello up, finds the project function, and creates the deployed one.
    const spec = server.functions().find((f) => f.name === 'hello');
    assert.ok(spec);
    const deployed = await provider.deploy({ spec, project: 'project' });
    assert.equal(deployed.created, true);
    const shown = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'hello' }));
    assert.ok(!isProjectFunctionConfiguration(shown), 'the deployed hello answers now');
    assert.equal(shown.CodeSha256, deployed.codeSha256);
    assert.deepEqual(await names(), ['hello', 'tasks'], 'listed once');
    assert.deepEqual((await provider.listFunctions()).items.map((f) => f.name), ['hello']);
    const redeployed = await provider.deploy({ spec, project: 'project' });
    assert.deepEqual([redeployed.created, redeployed.codeUpdated], [false, false], 'a redeploy finds the deployed copy unchanged');
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'hello' }));
    assert.ok(isProjectFunctionConfiguration(await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'hello' }))), 'the project function is back');

    // A reload changes what the control plane shows.
    const manifest = join(dir, 'project', 'serverless-workbench.json');
    const declared = JSON.parse(readFileSync(manifest, 'utf8')) as { functions: Record<string, unknown> };
    delete declared.functions.tasks;
    writeFileSync(manifest, JSON.stringify(declared, null, 2));
    assert.deepEqual((await server.reload()).removed, ['tasks']);
    assert.deepEqual(await names(), ['hello']);
    await assert.rejects(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'tasks' })), ResourceNotFoundException);
  } finally {
    provider.dispose();
    lambda.destroy();
    await server.close();
  }
});
