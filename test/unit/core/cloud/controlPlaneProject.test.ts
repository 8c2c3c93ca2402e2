import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvalidParameterValueException,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { lambdaTimestamp } from '../../../../src/core/cloud/configuration';
import { isProjectFunctionConfiguration } from '../../../../src/core/cloud/projectFunctions';
import { LAMBDA_RUNTIMES } from '../../../../src/core/cloud/runtimes';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';
import { FakeEmulator, fakeSpec } from '../../../helpers/fakeEmulator';
import { ACCOUNT, ROLE, handlerZip, startCloudServer, tempStateDir, type CloudServer } from './cloudServer';

// The project's own functions (what `swb serve` discovered) as read-only members of the control
// plane, beside deployed ones, through the real @aws-sdk/client-lambda.

const workspace = path.join(__dirname, '..', '..', '..', 'fixtures', 'cloud', 'workspace');
const manifest = path.join(workspace, 'serverless-workbench.json');
const ARN = (name: string, qualifier?: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
const waiter = (client: LambdaClient) => ({ client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 });

function projectSpec(name: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return fakeSpec(name, { codeDir: path.join(workspace, 'functions', name), source: { kind: 'manifest', file: manifest, line: 3 }, ...overrides });
}

async function createDeployed(client: LambdaClient, name: string): Promise<void> {
  await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: handlerZip(1) } }));
  await waitUntilFunctionActiveV2({ client, maxWaitTime: 10, minDelay: 0.1, maxDelay: 0.2 }, { FunctionName: name });
}

async function raw(endpoint: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`${endpoint}${url}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('local cloud: project functions are read-only members of the control plane', () => {
  const specs: FunctionSpec[] = [
    projectSpec('hello', {
      timeout: 7,
      memorySize: 256,
      description: 'says hello',
      environment: { GREETING: 'from-workspace' },
      architectures: ['arm64'],
      logFormat: 'JSON',
      layers: [{ name: 'Shared Libs', contentDir: '/tmp/shared', mountPath: '/opt' }, { name: 'arn:aws:lambda:us-east-1:123456789012:layer:ext:4' }],
    }),
    projectSpec('tasks'),
    projectSpec('bravo'),
    // Deployed below too: the deployed one wins, as it does for Invoke.
    projectSpec('shared', { runtime: 'python3.12', handler: 'app.handler' }),
  ];
  let cloud: CloudServer;
  let client: LambdaClient;
  const stateDir = tempStateDir(after);
  before(async () => {
    cloud = await startCloudServer({ stateDir, emulator: new FakeEmulator(), delays: { createMs: 0, updateMs: 0 }, projectFunctions: { dir: workspace, functions: () => specs } });
    client = cloud.client({ maxAttempts: 1 });
    for (const name of ['alpha', 'mike', 'shared']) await createDeployed(client, name);
  });
  after(() => cloud.close());

  test('ListFunctions merges both sets in name order; the paginator pages across them; a deployed function hides a project one', async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client, pageSize: 1 }, {})) {
      pages++;
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ''));
    }
    assert.deepEqual(names, ['alpha', 'bravo', 'hello', 'mike', 'shared', 'tasks']);
    assert.equal(pages, 6, 'one function a page, the marker resuming across deployed and project functions');
    const byTwo: string[][] = [];
    for await (const page of paginateListFunctions({ client, pageSize: 2 }, {})) byTwo.push((page.Functions ?? []).map((f) => f.FunctionName ?? ''));
    assert.deepEqual(byTwo, [['alpha', 'bravo'], ['hello', 'mike'], ['shared', 'tasks']]);

    const listed = await client.send(new ListFunctionsCommand({}));
    const byName = new Map((listed.Functions ?? []).map((f) => [f.FunctionName, f]));
    assert.equal(byName.get('shared')?.Runtime, 'nodejs20.x', 'the deployed shared, not the python3.12 project one');
    assert.equal(byName.get('shared')?.Role, ROLE);
    const hello = byName.get('hello');
    assert.equal(hello?.Handler, 'index.handler');
    assert.equal(hello?.State, undefined, 'ListFunctions leaves out the state members, as for deployed functions');
    assert.ok(isProjectFunctionConfiguration(hello), 'tools can tell a project function by its role');
    assert.ok(!isProjectFunctionConfiguration(byName.get('alpha')));

    const all = await client.send(new ListFunctionsCommand({ FunctionVersion: 'ALL' }));
    const helloAll = all.Functions?.find((f) => f.FunctionName === 'hello');
    assert.equal(helloAll?.FunctionArn, ARN('hello', '$LATEST'));
    assert.equal(all.Functions?.filter((f) => f.FunctionName === 'hello').length, 1, 'a project function has $LATEST only');
  });

  test('GetFunction / GetFunctionConfiguration describe a project function as Lambda would', async () => {
    const got = await client.send(new GetFunctionCommand({ FunctionName: 'hello' }));
    const config = got.Configuration as FunctionConfiguration;
    assert.equal(config.FunctionName, 'hello');
    assert.equal(config.FunctionArn, ARN('hello'));
    assert.equal(config.Runtime, 'nodejs20.x');
    assert.equal(config.Handler, 'index.handler');
    assert.equal(config.Role, `arn:aws:iam::${ACCOUNT}:role/serverless-workbench-project-function`);
    assert.equal(config.CodeSize, 0);
    assert.match(config.Description ?? '', /^says hello \(served from the workspace, defined by serverless-workbench\.json:3 /);
    assert.equal(config.Timeout, 7);
    assert.equal(config.MemorySize, 256);
    assert.deepEqual(config.Environment?.Variables, { GREETING: 'from-workspace' });
    assert.deepEqual(config.Architectures, ['arm64']);
    assert.equal(config.PackageType, 'Zip');
    assert.equal(config.State, 'Active');
    assert.equal(config.LastUpdateStatus, 'Successful');
    assert.equal(config.Version, '$LATEST');
    assert.equal(config.LastModified, lambdaTimestamp(Math.floor(statSync(manifest).mtimeMs)), "the project file's mtime");
    assert.match(config.CodeSha256 ?? '', /^[A-Za-z0-9+/]{43}=$/);
    assert.match(config.RevisionId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(config.TracingConfig, { Mode: 'PassThrough' });
    assert.deepEqual(config.EphemeralStorage, { Size: 512 });
    assert.deepEqual(config.LoggingConfig, { LogFormat: 'JSON', LogGroup: '/aws/lambda/hello' });
    assert.deepEqual(
      config.Layers?.map((l) => l.Arn),
      [`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:Shared-Libs:1`, 'arn:aws:lambda:us-east-1:123456789012:layer:ext:4'],
    );
    assert.equal(got.Code?.RepositoryType, 'S3');
    assert.equal(got.Code?.Location, undefined, 'no stored package to download');
    assert.equal(got.Tags, undefined);

    const tasks = await client.send(new GetFunctionConfigurationCommand({ FunctionName: ARN('tasks') }));
    assert.equal(tasks.Description, 'Served from the workspace, defined by serverless-workbench.json:3 (Serverless Workbench manifest)');
    assert.equal(tasks.Environment, undefined);
    assert.deepEqual(tasks.Architectures, ['x86_64']);
    assert.deepEqual(tasks.LoggingConfig, { LogFormat: 'Text', LogGroup: '/aws/lambda/tasks' });
    assert.notEqual(tasks.CodeSha256, config.CodeSha256);

    const latest = await client.send(new GetFunctionCommand({ FunctionName: 'hello', Qualifier: '$LATEST' }));
    assert.equal(latest.Configuration?.FunctionArn, ARN('hello', '$LATEST'));
    assert.equal(latest.Configuration?.CodeSha256, config.CodeSha256, 'stable while the declaration is unchanged');
    const qualified = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'hello:$LATEST' }));
    assert.equal(qualified.FunctionArn, ARN('hello', '$LATEST'));
    await assert.rejects(client.send(new GetFunctionCommand({ FunctionName: 'hello', Qualifier: '1' })), (error: Error) => {
      assert.ok(error instanceof ResourceNotFoundException);
      assert.equal(error.message, `Function not found: ${ARN('hello', '1')}`);
      return true;
    });
  });

  test('the function-active-v2 and function-updated-v2 waiters succeed on their first look', async () => {
    const before = cloud.requests.length;
    assert.equal((await waitUntilFunctionActiveV2(waiter(client), { FunctionName: 'hello' })).state, 'SUCCESS');
    assert.equal((await waitUntilFunctionUpdatedV2(waiter(client), { FunctionName: 'hello' })).state, 'SUCCESS');
    assert.deepEqual(
      cloud.requests.slice(before).map((r) => `${r.operation} ${r.status}`),
      ['GetFunction 200', 'GetFunction 200'],
    );
  });

  test('versions, aliases and tags: $LATEST only, none, GetAlias not found, no tags', async () => {
    const versions = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'hello' }));
    assert.deepEqual(versions.Versions?.map((v) => [v.Version, v.FunctionArn]), [['$LATEST', ARN('hello', '$LATEST')]]);
    const aliases = await client.send(new ListAliasesCommand({ FunctionName: 'hello' }));
    assert.deepEqual(aliases.Aliases, []);
    await assert.rejects(client.send(new GetAliasCommand({ FunctionName: 'hello', Name: 'live' })), (error: Error) => {
      assert.ok(error instanceof ResourceNotFoundException);
      assert.equal(error.message, `Cannot find alias arn: ${ARN('hello', 'live')}`);
      return true;
    });
    assert.deepEqual((await client.send(new ListTagsCommand({ Resource: ARN('hello') }))).Tags, {});
  });

  test('every change to a project function is a ResourceConflictException naming the project file', async () => {
    const message =
      'Function hello is defined by serverless-workbench.json:3 (Serverless Workbench manifest) and served from the workspace, so the Lambda API cannot change it: ' +
      'edit the file, or deploy it to the local cloud with `swb deploy hello --provider local` (the deployed copy then takes its place here).';
    const changes = [
      new UpdateFunctionCodeCommand({ FunctionName: 'hello', ZipFile: handlerZip(2) }),
      new UpdateFunctionConfigurationCommand({ FunctionName: 'hello', Timeout: 9 }),
      new DeleteFunctionCommand({ FunctionName: 'hello' }),
      new DeleteFunctionCommand({ FunctionName: 'hello', Qualifier: '$LATEST' }),
      new PublishVersionCommand({ FunctionName: 'hello' }),
      new CreateAliasCommand({ FunctionName: 'hello', Name: 'live', FunctionVersion: '$LATEST' }),
      new UpdateAliasCommand({ FunctionName: 'hello', Name: 'live', FunctionVersion: '$LATEST' }),
      new TagResourceCommand({ Resource: ARN('hello'), Tags: { team: 'blue' } }),
      new UntagResourceCommand({ Resource: ARN('hello'), TagKeys: ['team'] }),
      new PutFunctionConcurrencyCommand({ FunctionName: 'hello', ReservedConcurrentExecutions: 5 }),
      new DeleteFunctionConcurrencyCommand({ FunctionName: 'hello' }),
      new AddPermissionCommand({ FunctionName: 'hello', StatementId: 's1', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' }),
    ];
    for (const command of changes) {
      await assert.rejects(
        client.send(command as Parameters<LambdaClient['send']>[0]),
        (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
          assert.ok(error instanceof ResourceConflictException, `${command.constructor.name}: ${error.name}`);
          assert.equal(error.$metadata?.httpStatusCode, 409);
          assert.equal(error.message, message);
          return true;
        },
      );
    }
    const removePermission = await raw(cloud.endpoint, 'DELETE', '/2015-03-31/functions/hello/policy/s1');
    assert.deepEqual([removePermission.status, removePermission.errorType], [409, 'ResourceConflictException']);
    const unchanged = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'hello' }));
    assert.equal(unchanged.Timeout, 7, 'nothing changed');
    assert.ok(cloud.requests.some((r) => r.operation === 'PutFunctionConcurrency' && r.functionName === 'hello' && r.status === 409), 'logged like any other request');

    // A change the local cloud does not serve is passed on for anything but a project function, as before.
    const passedOn = await raw(cloud.endpoint, 'PUT', '/2017-10-31/functions/alpha/concurrency', { ReservedConcurrentExecutions: 5 });
    assert.equal(passedOn.errorType, 'UnknownOperationException');

    const renamed = projectSpec('renamed', { functionName: 'renamed-prod' });
    specs.push(renamed);
    const conflict = await raw(cloud.endpoint, 'PUT', '/2015-03-31/functions/renamed/configuration', { Timeout: 9 });
    assert.match(String(conflict.body?.message), /or deploy it to the local cloud as renamed-prod with `swb deploy renamed --provider local`\.$/);
    specs.pop();
  });

  test('CreateFunction of a project function name deploys a function that hides it until deleted', async () => {
    await createDeployed(client, 'bravo');
    const deployed = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'bravo' }));
    assert.equal(deployed.Role, ROLE, 'the deployed function answers now');
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'bravo', Timeout: 9 }));
    const listed = await client.send(new ListFunctionsCommand({}));
    assert.deepEqual(
      listed.Functions?.filter((f) => f.FunctionName === 'bravo').map((f) => f.Role),
      [ROLE],
      'listed once',
    );
    await client.send(new DeleteFunctionCommand({ FunctionName: 'bravo' }));
    const back = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'bravo' }));
    assert.ok(isProjectFunctionConfiguration(back), 'the project function is served again');
  });

  test('the project source is read on every request: a function gone from the project is gone here', async () => {
    const removed = specs.splice(specs.findIndex((s) => s.name === 'tasks'), 1);
    try {
      await assert.rejects(client.send(new GetFunctionConfigurationCommand({ FunctionName: 'tasks' })), ResourceNotFoundException);
      const listed = await client.send(new ListFunctionsCommand({}));
      assert.ok(!listed.Functions?.some((f) => f.FunctionName === 'tasks'));
    } finally {
      specs.push(...removed);
    }
  });
});

describe('local cloud: runtimes are checked against the Runtime enum Lambda documents', () => {
  let cloud: CloudServer;
  let client: LambdaClient;
  const stateDir = tempStateDir(after);
  before(async () => {
    cloud = await startCloudServer({ stateDir, emulator: new FakeEmulator(), delays: { createMs: 0, updateMs: 0 } });
    client = cloud.client({ maxAttempts: 1 });
  });
  after(() => cloud.close());

  test('CreateFunction and UpdateFunctionConfiguration refuse an unknown runtime, naming it and the allowed set', async () => {
    const refused = (error: Error) => {
      assert.ok(error instanceof InvalidParameterValueException, error.name);
      assert.match(error.message, /^1 validation error detected: Value 'nodejs1\.x' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs, /);
      for (const runtime of ['nodejs20.x', 'python3.12', 'java21', 'provided', 'provided.al2', 'provided.al2023', 'python2.7']) {
        assert.ok(error.message.includes(` ${runtime},`) || error.message.includes(` ${runtime}]`), `${runtime} is in the allowed set`);
      }
      return true;
    };
    const create = (runtime: string, name: string) =>
      client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime as 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: handlerZip(1) } }));
    await assert.rejects(create('nodejs1.x', 'ancient'), refused);
    await assert.rejects(client.send(new GetFunctionConfigurationCommand({ FunctionName: 'ancient' })), ResourceNotFoundException, 'nothing was created');

    for (const [runtime, name] of [['provided', 'custom'], ['provided.al2', 'custom2'], ['provided.al2023', 'custom2023'], ['python3.7', 'deprecated']]) {
      const created = await create(runtime, name);
      assert.equal(created.Runtime, runtime, `${runtime} is accepted`);
    }
    await assert.rejects(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'custom', Runtime: 'nodejs1.x' as 'nodejs20.x' })), refused);
    assert.equal((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'custom' }))).Runtime, 'provided', 'unchanged');
  });

  test('the allowed set holds each identifier once, current and deprecated ones alike', () => {
    assert.equal(new Set(LAMBDA_RUNTIMES).size, LAMBDA_RUNTIMES.length);
    for (const runtime of ['nodejs22.x', 'python3.13', 'dotnet8', 'ruby3.3', 'java8.al2', 'go1.x', 'nodejs4.3-edge', 'dotnetcore3.1']) assert.ok(LAMBDA_RUNTIMES.includes(runtime), runtime);
    assert.ok(!LAMBDA_RUNTIMES.includes('nodejs21.x'), 'only what Lambda recognises, not whatever looks like a runtime');
  });
});
