import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  InvalidParameterValueException,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { computeCodeSha256 } from '../../../../src/core/package/codeSha256';
import { FakeEmulator, fakeSpec } from '../../../helpers/fakeEmulator';
import { ACCOUNT, ROLE, handlerZip, startCloudServer, tempStateDir, type CloudServer, untilActive } from './cloudServer';

const ARN = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

async function raw(endpoint: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${endpoint}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

function createBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: handlerZip(1).toString('base64') }, ...overrides };
}


describe('local cloud: errors, validation and the smaller operations (over a fake emulator)', () => {
  const emulator = new FakeEmulator();
  let cloud: CloudServer;
  let client: LambdaClient;
  const stateDir = tempStateDir(after);
  before(async () => {
    emulator.register(fakeSpec('local-only'));
    cloud = await startCloudServer({ stateDir, emulator, delays: { createMs: 0, updateMs: 0 } });
    client = cloud.client({ maxAttempts: 1 });
    await client.send(new CreateFunctionCommand({ FunctionName: 'fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: handlerZip(1) } }));
    await untilActive(client, 'fn');
  });
  after(() => cloud.close());

  test('requests it does not own fall through to the next handler untouched', async () => {
    const before = cloud.requests.length;
    const logs = await raw(cloud.endpoint, 'POST', '/', {}, { 'X-Amz-Target': 'Logs_20140328.DescribeLogGroups' });
    assert.equal(logs.errorType, 'UnknownOperationException', 'answered by the Invoke API, not the control plane');
    const local = await raw(cloud.endpoint, 'POST', '/2015-03-31/functions/local-only/invocations', { hi: 1 });
    assert.deepEqual([local.status, local.body], [200, { hi: 1 }]);
    assert.equal(cloud.requests.length, before, 'the control plane logged neither');
    const deployed = await raw(cloud.endpoint, 'POST', '/2015-03-31/functions/fn/invocations', { there: 2 });
    assert.deepEqual([deployed.status, deployed.body], [200, { there: 2 }]);
    assert.deepEqual(cloud.requests.at(-1), { operation: 'Invoke', functionName: 'fn', status: 200 });
  });

  test('errors carry x-amzn-ErrorType and a {Type, message} body', async () => {
    const missing = await raw(cloud.endpoint, 'GET', '/2015-03-31/functions/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.errorType, 'ResourceNotFoundException');
    assert.deepEqual(missing.body, { Type: 'User', Message: `Function not found: ${ARN('nope')}` });
    const conflict = await raw(cloud.endpoint, 'POST', '/2015-03-31/functions', createBody('fn'));
    assert.equal(conflict.status, 409);
    assert.equal(conflict.errorType, 'ResourceConflictException');
    assert.deepEqual(conflict.body, { Type: 'User', message: 'Function already exist: fn' });
    const notJson = await raw(cloud.endpoint, 'POST', '/2015-03-31/functions', '{"FunctionName":');
    assert.deepEqual([notJson.status, notJson.errorType], [400, 'InvalidRequestContentException']);
    await assert.rejects(client.send(new GetFunctionConfigurationCommand({ FunctionName: 'nope' })), ResourceNotFoundException);
  });

  test('bad input is an InvalidParameterValueException naming what is wrong', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [createBody('small', { MemorySize: 64 }), /memorySize.*greater than or equal to 128/],
      [createBody('slow', { Timeout: 901 }), /timeout.*less than or equal to 900/],
      [createBody('reserved', { Environment: { Variables: { AWS_REGION: 'x' } } }), /reserved keys.*AWS_REGION/],
      [createBody('badzip', { Code: { ZipFile: Buffer.from('not a zip').toString('base64') } }), /Could not unzip uploaded file/],
      [createBody('s3', { Code: { S3Bucket: 'b', S3Key: 'k' } }), /ZipFile bytes only/],
      [createBody('norole', { Role: undefined }), /'role'.*must not be null/],
      [createBody('badrole', { Role: 'admin' }), /'role'/],
      [createBody('cobol', { Runtime: 'cobol85' }), /'runtime'/],
      [createBody('nohandler', { Handler: undefined }), /Handler is required/],
      [createBody('two-arch', { Architectures: ['x86_64', 'arm64'] }), /architectures/],
      [createBody('bad name!'), /functionName/],
    ];
    for (const [body, message] of cases) {
      const answer = await raw(cloud.endpoint, 'POST', '/2015-03-31/functions', body);
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(answer.errorType, 'InvalidParameterValueException');
      assert.match(String(answer.body?.message), message);
    }
    const listed = await client.send(new ListFunctionsCommand({}));
    assert.deepEqual(listed.Functions?.map((f) => f.FunctionName), ['fn'], 'nothing was created');
    const tooMany = await raw(cloud.endpoint, 'GET', '/2015-03-31/functions?MaxItems=0');
    assert.deepEqual([tooMany.status, tooMany.errorType], [400, 'InvalidParameterValueException']);
    await assert.rejects(client.send(new ListFunctionsCommand({ Marker: 'garbage' })), InvalidParameterValueException);
  });

  test('a stale RevisionId is a PreconditionFailedException; DryRun changes nothing', async () => {
    await assert.rejects(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Timeout: 5, RevisionId: 'stale' })), PreconditionFailedException);
    const dry = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'fn', ZipFile: handlerZip(2), DryRun: true }));
    assert.equal(dry.CodeSha256, computeCodeSha256(handlerZip(1)));
    await assert.rejects(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'fn', ZipFile: Buffer.from('nope'), DryRun: true })), InvalidParameterValueException);
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' }));
    assert.deepEqual([config.CodeSha256, config.LastUpdateStatus, config.Timeout], [computeCodeSha256(handlerZip(1)), 'Successful', 3]);
  });

  test('TagResource, ListTags and UntagResource work on the function ARN only', async () => {
    await client.send(new TagResourceCommand({ Resource: ARN('fn'), Tags: { a: '1', b: '2' } }));
    await client.send(new UntagResourceCommand({ Resource: ARN('fn'), TagKeys: ['a'] }));
    assert.deepEqual((await client.send(new ListTagsCommand({ Resource: ARN('fn') }))).Tags, { b: '2' });
    await assert.rejects(client.send(new TagResourceCommand({ Resource: `${ARN('fn')}:1`, Tags: { c: '3' } })), InvalidParameterValueException);
    await assert.rejects(client.send(new ListTagsCommand({ Resource: ARN('ghost') })), ResourceNotFoundException);
  });

  test('Publish on create, ListFunctions with FunctionVersion=ALL, and GetAccountSettings', async () => {
    const created = await client.send(
      new CreateFunctionCommand({ FunctionName: 'pub', Runtime: 'python3.12', Handler: 'app.handler', Role: ROLE, Code: { ZipFile: handlerZip(5) }, Publish: true }),
    );
    assert.deepEqual([created.Version, created.FunctionArn], ['1', `${ARN('pub')}:1`]);
    await untilActive(client, 'pub');
    const all = await client.send(new ListFunctionsCommand({ FunctionVersion: 'ALL' }));
    assert.deepEqual(all.Functions?.map((f) => `${f.FunctionName}:${f.Version}`), ['fn:$LATEST', 'pub:$LATEST', 'pub:1']);
    const settings = await client.send(new GetAccountSettingsCommand({}));
    assert.equal(settings.AccountUsage?.FunctionCount, 2);
    assert.equal(settings.AccountUsage?.TotalCodeSize, handlerZip(1).length + 2 * handlerZip(5).length);
    assert.equal(settings.AccountLimit?.CodeSizeZipped, 52_428_800);
    // botocore puts a trailing slash on these paths.
    assert.equal((await raw(cloud.endpoint, 'GET', '/2015-03-31/functions/')).status, 200);
    assert.equal((await raw(cloud.endpoint, 'GET', '/2016-08-19/account-settings/')).status, 200);
  });

  test('alias errors, weighted routing and DeleteAlias', async () => {
    await assert.rejects(client.send(new CreateAliasCommand({ FunctionName: 'pub', Name: 'x', FunctionVersion: '7' })), ResourceNotFoundException);
    await assert.rejects(client.send(new CreateAliasCommand({ FunctionName: 'pub', Name: '12', FunctionVersion: '1' })), InvalidParameterValueException);
    const canary = await client.send(
      new CreateAliasCommand({ FunctionName: 'pub', Name: 'canary', FunctionVersion: '$LATEST', Description: 'all new' }),
    );
    assert.equal(canary.AliasArn, `${ARN('pub')}:canary`);
    await assert.rejects(client.send(new CreateAliasCommand({ FunctionName: 'pub', Name: 'canary', FunctionVersion: '1' })), ResourceConflictException);
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'pub', ZipFile: handlerZip(6), Publish: true }));
    await untilActive(client, 'pub');
    const split = await client.send(
      new CreateAliasCommand({ FunctionName: 'pub', Name: 'split', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } } }),
    );
    assert.deepEqual(split.RoutingConfig?.AdditionalVersionWeights, { '2': 0.25 });
    assert.deepEqual((await client.send(new ListAliasesCommand({ FunctionName: 'pub', FunctionVersion: '1' }))).Aliases?.map((a) => a.Name), ['split']);
    await client.send(new DeleteAliasCommand({ FunctionName: 'pub', Name: 'canary' }));
    await assert.rejects(client.send(new GetAliasCommand({ FunctionName: 'pub', Name: 'canary' })), ResourceNotFoundException);
  });
});

describe('local cloud: a function still being created', () => {
  const emulator = new FakeEmulator();
  let cloud: CloudServer;
  let client: LambdaClient;
  const stateDir = tempStateDir(after);
  before(async () => {
    // Pending for the whole test: close() cancels the transition.
    cloud = await startCloudServer({ stateDir, emulator, delays: { createMs: 60_000 } });
    client = cloud.client({ maxAttempts: 1 });
  });
  after(() => cloud.close());

  test('stays Pending, refuses updates and invokes with ResourceConflictException', async () => {
    await client.send(new CreateFunctionCommand({ FunctionName: 'slow', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: handlerZip(1) } }));
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'slow' }));
    assert.deepEqual([config.State, config.StateReasonCode, config.LastUpdateStatus], ['Pending', 'Creating', undefined]);
    await assert.rejects(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'slow', ZipFile: handlerZip(2) })), (error: unknown) => {
      return error instanceof ResourceConflictException && /currently in the following state: Pending/.test(error.message);
    });
    const invoked = await raw(cloud.endpoint, 'POST', '/2015-03-31/functions/slow/invocations', {});
    assert.deepEqual([invoked.status, invoked.errorType], [409, 'ResourceConflictException']);
    assert.equal(emulator.has('slow'), false, 'not registered with the emulator until Active');
  });
});
