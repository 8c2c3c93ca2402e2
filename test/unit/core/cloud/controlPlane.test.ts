import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { computeCodeSha256 } from '../../../../src/core/package/codeSha256';
import { ACCOUNT, ROLE, handlerZip, payloadOf, startCloudServer, tempStateDir, type CloudServer } from './cloudServer';

const ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:hello`;
const waiter = (client: LambdaClient) => ({ client, maxWaitTime: 20, minDelay: 0.2, maxDelay: 1 });

describe('local cloud: the deploy lifecycle through @aws-sdk/client-lambda, run by the real emulator', () => {
  let cloud: CloudServer;
  let client: LambdaClient;
  const stateDir = tempStateDir(after);
  before(async () => {
    cloud = await startCloudServer({ stateDir, delays: { createMs: 200, updateMs: 200 } });
    client = cloud.client();
  });
  after(() => cloud.close());

  test('CreateFunction answers Pending with the configuration, then the waiter sees Active', async () => {
    const zip = handlerZip(1);
    const created = await client.send(
      new CreateFunctionCommand({
        FunctionName: 'hello',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: zip },
        MemorySize: 256,
        Timeout: 10,
        Environment: { Variables: { STAGE: 'dev' } },
        Architectures: ['arm64'],
        Description: 'says hello',
        Tags: { 'serverless-workbench:function': 'hello' },
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.State, 'Pending');
    assert.equal(created.StateReasonCode, 'Creating');
    assert.equal(created.FunctionArn, ARN);
    assert.equal(created.CodeSha256, computeCodeSha256(zip));
    assert.equal(created.CodeSize, zip.length);
    assert.equal(created.Version, '$LATEST');
    assert.equal(created.PackageType, 'Zip');
    assert.deepEqual(created.Architectures, ['arm64']);
    assert.deepEqual(created.Environment?.Variables, { STAGE: 'dev' });
    assert.match(created.LastModified ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.match(created.RevisionId ?? '', /^[0-9a-f-]{36}$/);

    const waited = await waitUntilFunctionActiveV2(waiter(client), { FunctionName: 'hello' });
    assert.equal(waited.state, 'SUCCESS');
    const got = await client.send(new GetFunctionCommand({ FunctionName: 'hello' }));
    assert.equal(got.Configuration?.State, 'Active');
    assert.equal(got.Configuration?.LastUpdateStatus, 'Successful');
    assert.notEqual(got.Configuration?.RevisionId, created.RevisionId, 'the state change is a new revision');
    assert.deepEqual(got.Tags, { 'serverless-workbench:function': 'hello' });
    assert.equal(got.Code?.RepositoryType, 'S3');
    const download = await fetch(got.Code?.Location ?? '');
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), zip, 'Code.Location serves the uploaded zip');
  });

  test('Invoke runs the deployed zip in a child process with its configuration', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'hello', Payload: Buffer.from('{"n":1}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    const result = payloadOf(out.Payload);
    assert.deepEqual(
      { code: result.code, label: result.label, stage: result.stage, memory: result.memory, functionName: result.functionName, event: result.event },
      { code: 1, label: 'v1', stage: 'dev', memory: '256', functionName: 'hello', event: { n: 1 } },
    );
    assert.equal(result.invokedArn, ARN);
    assert.ok(cloud.requests.some((r) => r.operation === 'Invoke' && r.functionName === 'hello' && r.status === 200));
  });

  test('ListFunctions pages with Marker/MaxItems, in name order', async () => {
    for (const name of ['zeta', 'alpha']) {
      await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'python3.12', Handler: 'app.handler', Role: ROLE, Code: { ZipFile: handlerZip(0) } }));
    }
    const pages: string[][] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      pages.push((page.Functions ?? []).map((f) => f.FunctionName ?? '?'));
      assert.equal(page.Functions?.[0]?.State, undefined, 'ListFunctions leaves out the state fields, as Lambda does');
      marker = page.NextMarker;
    } while (marker);
    assert.deepEqual(pages, [['alpha', 'hello'], ['zeta']]);
    const all = await client.send(new ListFunctionsCommand({}));
    assert.equal(all.NextMarker, undefined);
    assert.equal(all.Functions?.length, 3);
    for (const name of ['zeta', 'alpha']) await client.send(new DeleteFunctionCommand({ FunctionName: name }));
  });

  test('UpdateFunctionCode goes InProgress, the updated waiter waits, then the new code runs', async () => {
    const zip = handlerZip(2);
    const updated = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'hello', ZipFile: zip }));
    assert.equal(updated.LastUpdateStatus, 'InProgress');
    assert.equal(updated.CodeSha256, computeCodeSha256(zip));
    assert.equal((await waitUntilFunctionUpdatedV2(waiter(client), { FunctionName: 'hello' })).state, 'SUCCESS');
    const out = await client.send(new InvokeCommand({ FunctionName: 'hello' }));
    assert.equal(payloadOf(out.Payload).label, 'v2');
  });

  test('UpdateFunctionConfiguration changes environment and memory for the next invoke', async () => {
    const updated = await client.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'hello', Environment: { Variables: { STAGE: 'prod' } }, MemorySize: 512, Description: 'v2' }),
    );
    assert.equal(updated.LastUpdateStatus, 'InProgress');
    assert.equal((await waitUntilFunctionUpdatedV2(waiter(client), { FunctionName: 'hello' })).state, 'SUCCESS');
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'hello' }));
    assert.equal(config.MemorySize, 512);
    assert.equal(config.Description, 'v2');
    const result = payloadOf((await client.send(new InvokeCommand({ FunctionName: 'hello' }))).Payload);
    assert.deepEqual([result.code, result.stage, result.memory], [2, 'prod', '512']);
  });

  test('PublishVersion, aliases and invoking through them', async () => {
    const v1 = await client.send(new PublishVersionCommand({ FunctionName: 'hello', Description: 'first' }));
    assert.equal(v1.$metadata.httpStatusCode, 201);
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, `${ARN}:1`);
    assert.equal(v1.Description, 'first');
    const again = await client.send(new PublishVersionCommand({ FunctionName: 'hello' }));
    assert.equal(again.Version, '1', 'nothing changed, so no new version');

    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'hello', ZipFile: handlerZip(3) }));
    await waitUntilFunctionUpdatedV2(waiter(client), { FunctionName: 'hello' });

    const alias = await client.send(new CreateAliasCommand({ FunctionName: 'hello', Name: 'live', FunctionVersion: '1' }));
    assert.equal(alias.AliasArn, `${ARN}:live`);
    const viaAlias = await client.send(new InvokeCommand({ FunctionName: 'hello', Qualifier: 'live' }));
    assert.equal(viaAlias.ExecutedVersion, '1');
    const fromV1 = payloadOf(viaAlias.Payload);
    assert.deepEqual([fromV1.label, fromV1.stage, fromV1.invokedArn], ['v2', 'prod', `${ARN}:live`]);
    const latest = await client.send(new InvokeCommand({ FunctionName: 'hello' }));
    assert.equal(payloadOf(latest.Payload).label, 'v3');

    const v2 = await client.send(new PublishVersionCommand({ FunctionName: 'hello' }));
    assert.equal(v2.Version, '2');
    const moved = await client.send(new UpdateAliasCommand({ FunctionName: 'hello', Name: 'live', FunctionVersion: '2', RevisionId: alias.RevisionId }));
    assert.equal(moved.FunctionVersion, '2');
    assert.equal((await client.send(new GetAliasCommand({ FunctionName: 'hello', Name: 'live' }))).FunctionVersion, '2');
    const viaMoved = await client.send(new InvokeCommand({ FunctionName: 'hello:live' }));
    assert.equal(viaMoved.ExecutedVersion, '2');
    assert.equal(payloadOf(viaMoved.Payload).label, 'v3');
    const byNumber = await client.send(new InvokeCommand({ FunctionName: 'hello', Qualifier: '1' }));
    assert.equal(payloadOf(byNumber.Payload).label, 'v2');

    const versions = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'hello' }));
    assert.deepEqual(versions.Versions?.map((v) => [v.Version, v.FunctionArn]), [
      ['$LATEST', `${ARN}:$LATEST`],
      ['1', `${ARN}:1`],
      ['2', `${ARN}:2`],
    ]);
    const aliases = await client.send(new ListAliasesCommand({ FunctionName: 'hello' }));
    assert.deepEqual(aliases.Aliases?.map((a) => [a.Name, a.FunctionVersion]), [['live', '2']]);
    const viaQualifiedGet = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'hello', Qualifier: 'live' }));
    assert.deepEqual([viaQualifiedGet.Version, viaQualifiedGet.FunctionArn], ['2', `${ARN}:live`]);
  });

  test('DeleteFunction removes a version (unless an alias uses it), then the function', async () => {
    await assert.rejects(client.send(new DeleteFunctionCommand({ FunctionName: 'hello', Qualifier: '2' })), ResourceConflictException);
    const deletedVersion = await client.send(new DeleteFunctionCommand({ FunctionName: 'hello', Qualifier: '1' }));
    assert.equal(deletedVersion.$metadata.httpStatusCode, 204);
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'hello', Qualifier: '1' })), ResourceNotFoundException);

    await client.send(new DeleteFunctionCommand({ FunctionName: 'hello' }));
    await assert.rejects(client.send(new GetFunctionCommand({ FunctionName: 'hello' })), ResourceNotFoundException);
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'hello' })), ResourceNotFoundException);
    assert.equal(cloud.emulator.functions().length, 0, 'every emulator registration is gone');
    assert.deepEqual(cloud.cloud.functions(), []);
  });
});

describe('local cloud: an update in progress', () => {
  let cloud: CloudServer;
  let client: LambdaClient;
  const stateDir = tempStateDir(after);
  before(async () => {
    // A long update, so the checks below happen well inside it.
    cloud = await startCloudServer({ stateDir, delays: { createMs: 0, updateMs: 4000 } });
    client = cloud.client({ maxAttempts: 1 });
  });
  after(() => cloud.close());

  test('conflicts with another update, while invokes keep running the previous code', async () => {
    await client.send(new CreateFunctionCommand({ FunctionName: 'busy', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: handlerZip(1) } }));
    await waitUntilFunctionActiveV2(waiter(client), { FunctionName: 'busy' });
    assert.equal(payloadOf((await client.send(new InvokeCommand({ FunctionName: 'busy' }))).Payload).label, 'v1');

    const started = Date.now();
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'busy', ZipFile: handlerZip(2) }));
    await assert.rejects(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'busy', Timeout: 30 })), (error: unknown) => {
      assert.ok(error instanceof ResourceConflictException);
      assert.equal(error.$metadata.httpStatusCode, 409);
      assert.match(error.message, /An update is in progress for resource: arn:aws:lambda:us-east-1:000000000000:function:busy/);
      return true;
    });
    await assert.rejects(client.send(new PublishVersionCommand({ FunctionName: 'busy' })), ResourceConflictException);
    const during = await client.send(new InvokeCommand({ FunctionName: 'busy' }));
    assert.ok(Date.now() - started < 4000, 'still inside the update');
    assert.equal(payloadOf(during.Payload).label, 'v1', 'the previous code serves until the update completes');

    assert.equal((await waitUntilFunctionUpdatedV2(waiter(client), { FunctionName: 'busy' })).state, 'SUCCESS');
    assert.equal(payloadOf((await client.send(new InvokeCommand({ FunctionName: 'busy' }))).Payload).label, 'v2');
    const retried = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'busy', Timeout: 30 }));
    assert.equal(retried.Timeout, 30);
    assert.ok(cloud.requests.some((r) => r.operation === 'UpdateFunctionConfiguration' && r.status === 409));
  });

  test('CreateFunction of an existing name is a ResourceConflictException', async () => {
    await assert.rejects(
      client.send(new CreateFunctionCommand({ FunctionName: 'busy', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: handlerZip(9) } })),
      (error: unknown) => error instanceof ResourceConflictException && /Function already exist: busy/.test(error.message),
    );
  });
});
