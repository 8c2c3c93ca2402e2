import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  InvalidParameterValueException,
  ListFunctionUrlConfigsCommand,
  PreconditionFailedException,
  PublishVersionCommand,
  RemovePermissionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionUrlConfigCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';
import { fakeSpec } from '../../../helpers/fakeEmulator';
import { ACCOUNT, ROLE, handlerZip, startCloudServer, tempStateDir, type CloudServer } from './cloudServer';

/**
 * Lambda's function URL API (2021-10-31) and resource policies in the local cloud, driven by the
 * real `@aws-sdk/client-lambda`; each URL is a real server on a port of its own, answered by the
 * deployed function (an alias's URL by the alias's version).
 */

const ARN = (name: string, qualifier?: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
const waiter = (client: LambdaClient) => ({ client, maxWaitTime: 20, minDelay: 0.1, maxDelay: 0.5 });

/** A workspace function with a URL: read-only here, its URL served by the workspace. */
const site: FunctionSpec = fakeSpec('site', {
  codeDir: path.join(__dirname, 'unused'),
  url: { authType: 'AWS_IAM', invokeMode: 'RESPONSE_STREAM', cors: { allowOrigins: ['*'], maxAge: 60 } },
});

async function rejectsWith<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.ok(error instanceof type, `${error.name}: ${error.message}`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('local cloud: function URL configs and permissions', () => {
  const stateDir = tempStateDir(after);
  let cloud: CloudServer;
  let client: LambdaClient;
  const start = async (): Promise<void> => {
    cloud = await startCloudServer({
      stateDir,
      delays: { createMs: 50, updateMs: 50 },
      functionUrls: { basePort: 0 },
      projectFunctions: { dir: __dirname, functions: () => [site], functionUrl: (name) => (name === 'site' ? 'http://127.0.0.1:3999/' : undefined) },
    });
    client = cloud.client({ maxAttempts: 1 });
  };
  before(async () => {
    await start();
    // web: version 1 runs code 1 (alias live), $LATEST code 2.
    await client.send(new CreateFunctionCommand({ FunctionName: 'web', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: handlerZip(1) } }));
    await waitUntilFunctionActiveV2(waiter(client), { FunctionName: 'web' });
    await client.send(new PublishVersionCommand({ FunctionName: 'web' }));
    await client.send(new CreateAliasCommand({ FunctionName: 'web', Name: 'live', FunctionVersion: '1' }));
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'web', ZipFile: handlerZip(2) }));
    await waitUntilFunctionUpdatedV2(waiter(client), { FunctionName: 'web' });
  });
  after(() => cloud?.close());

  test('create → fetch → get → update → delete, each in effect at once', async () => {
    const created = await client.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE', Cors: { AllowOrigins: ['https://app.example.com'], ExposeHeaders: ['x-total'], MaxAge: 300 } }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.match(created.FunctionUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(created.FunctionArn, ARN('web'));
    assert.equal(created.AuthType, 'NONE');
    assert.equal(created.InvokeMode, 'BUFFERED', 'the default');
    assert.deepEqual(created.Cors, { AllowOrigins: ['https://app.example.com'], ExposeHeaders: ['x-total'], MaxAge: 300 });
    assert.match(created.CreationTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal('LastModifiedTime' in created, false, 'CreateFunctionUrlConfig answers without LastModifiedTime');
    const url = created.FunctionUrl!;

    const answered = await getJson(`${url}orders/7?page=2`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(answered.status, 200);
    assert.equal(answered.body.code, 2, '$LATEST runs');
    const event = answered.body.event as { rawPath: string; rawQueryString: string; requestContext: { http: { method: string } } };
    assert.deepEqual([event.rawPath, event.rawQueryString, event.requestContext.http.method], ['/orders/7', 'page=2', 'GET']);
    assert.equal(answered.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(answered.headers.get('access-control-expose-headers'), 'x-total');

    const got = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web' }));
    assert.equal(got.FunctionUrl, url);
    assert.equal(got.LastModifiedTime, created.CreationTime);
    await rejectsWith(
      client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' })),
      ResourceConflictException,
      `Failed to create function url config for [functionArn = ${ARN('web')}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    );

    // Only the members given change; an empty Cors removes it.
    const updated = await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'web', InvokeMode: 'RESPONSE_STREAM', Cors: {} }));
    assert.deepEqual([updated.FunctionUrl, updated.AuthType, updated.InvokeMode, updated.Cors], [url, 'NONE', 'RESPONSE_STREAM', undefined]);
    assert.ok(Date.parse(updated.LastModifiedTime ?? '') >= Date.parse(updated.CreationTime ?? ''));
    const afterUpdate = await getJson(url, { headers: { origin: 'https://app.example.com' } });
    assert.equal(afterUpdate.body.code, 2, 'a function that does not stream is answered as BUFFERED');
    assert.equal(afterUpdate.headers.get('access-control-allow-origin'), null, 'no CORS any more');

    const deleted = await client.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'web' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web' })), ResourceNotFoundException, 'The resource you requested does not exist.');
    await assert.rejects(fetch(url), 'its server is closed');
    assert.deepEqual(cloud.cloud.functionUrls(), []);
  });

  test('Lambda’s validation errors and not-found answers', async () => {
    const invalid = async (input: Record<string, unknown>, message: string | RegExp): Promise<void> =>
      rejectsWith(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', ...input } as never)), InvalidParameterValueException, message);
    await invalid({}, "1 validation error detected: Value null at 'authType' failed to satisfy constraint: Member must not be null");
    await invalid({ AuthType: 'PUBLIC' }, "1 validation error detected: Value 'PUBLIC' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [AWS_IAM, NONE]");
    await invalid(
      { AuthType: 'NONE', InvokeMode: 'STREAMING' },
      "1 validation error detected: Value 'STREAMING' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]",
    );
    await invalid({ AuthType: 'NONE', Cors: { MaxAge: 90000 } }, "1 validation error detected: Value '90000' at 'cors.maxAge' failed to satisfy constraint: Member must have value less than or equal to 86400");
    await invalid({ AuthType: 'NONE', Qualifier: '1' }, /Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await rejectsWith(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: 'nope', AuthType: 'NONE' })), ResourceNotFoundException, `Function not found: ${ARN('web', 'nope')}`);
    await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'ghost' })), ResourceNotFoundException, `Function not found: ${ARN('ghost')}`);
    await rejectsWith(client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' })), ResourceNotFoundException, 'The resource you requested does not exist.');
    assert.deepEqual((await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web' }))).FunctionUrlConfigs, [], 'nothing was created');
  });

  test('an alias’s URL runs the alias’s version; both are listed; deleting the alias removes its URL', async () => {
    const own = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' }));
    const live = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: 'live', AuthType: 'AWS_IAM' }));
    assert.equal(live.FunctionArn, ARN('web', 'live'));
    assert.notEqual(live.FunctionUrl, own.FunctionUrl, 'a port each');

    const viaAlias = await getJson(live.FunctionUrl!);
    assert.deepEqual([viaAlias.body.code, viaAlias.body.invokedArn], [1, ARN('web', 'live')]);
    const iam = (viaAlias.body.event as { requestContext: { accountId: string; authorizer?: unknown } }).requestContext;
    assert.equal(iam.accountId, ACCOUNT, 'an AWS_IAM URL’s event names the owner’s account');
    assert.equal((await getJson(own.FunctionUrl!)).body.code, 2);

    const listed = await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web' }));
    assert.deepEqual(
      listed.FunctionUrlConfigs?.map((c) => [c.FunctionArn, c.AuthType]),
      [
        [ARN('web'), 'NONE'],
        [ARN('web', 'live'), 'AWS_IAM'],
      ],
    );
    const firstPage = await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web', MaxItems: 1 }));
    assert.equal(firstPage.FunctionUrlConfigs?.length, 1);
    const secondPage = await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web', MaxItems: 1, Marker: firstPage.NextMarker }));
    assert.equal(secondPage.FunctionUrlConfigs?.[0]?.FunctionArn, ARN('web', 'live'));
    assert.equal(secondPage.NextMarker, undefined);
    assert.equal((await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web:live' }))).FunctionUrl, live.FunctionUrl, 'the qualifier in the name works too');

    await client.send(new DeleteAliasCommand({ FunctionName: 'web', Name: 'live' }));
    await assert.rejects(fetch(live.FunctionUrl!), 'the alias’s URL is closed with it');
    assert.deepEqual((await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web' }))).FunctionUrlConfigs?.map((c) => c.FunctionArn), [ARN('web')]);
    await client.send(new CreateAliasCommand({ FunctionName: 'web', Name: 'live', FunctionVersion: '1' }));
    await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: 'live' })), ResourceNotFoundException, 'The resource you requested does not exist.');
  });

  test('AddPermission / GetPolicy / RemovePermission keep Lambda’s policy document', async () => {
    await rejectsWith(client.send(new GetPolicyCommand({ FunctionName: 'web' })), ResourceNotFoundException, 'The resource you requested does not exist.');
    const added = await client.send(
      new AddPermissionCommand({ FunctionName: 'web', StatementId: 'FunctionURLAllowPublicAccess', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }),
    );
    assert.equal(added.$metadata.httpStatusCode, 201);
    const urlStatement = {
      Sid: 'FunctionURLAllowPublicAccess',
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:InvokeFunctionUrl',
      Resource: ARN('web'),
      Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
    };
    assert.deepEqual(JSON.parse(added.Statement ?? ''), urlStatement);
    await rejectsWith(
      client.send(new AddPermissionCommand({ FunctionName: 'web', StatementId: 'FunctionURLAllowPublicAccess', Action: 'lambda:InvokeFunctionUrl', Principal: '*' })),
      ResourceConflictException,
      'The statement id (FunctionURLAllowPublicAccess) provided already exists. Please provide a new statement id, or remove the existing statement.',
    );
    await client.send(new AddPermissionCommand({ FunctionName: 'web', StatementId: 'viaUrl', Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true }));
    await client.send(new AddPermissionCommand({ FunctionName: 'web', StatementId: 'other', Action: 'lambda:InvokeFunction', Principal: '123456789012' }));
    await client.send(
      new AddPermissionCommand({ FunctionName: 'web', Qualifier: 'live', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::bucket' }),
    );
    await rejectsWith(
      client.send(new AddPermissionCommand({ FunctionName: 'web', Qualifier: '$LATEST', StatementId: 'x', Action: 'lambda:InvokeFunction', Principal: '*' })),
      InvalidParameterValueException,
      'We currently do not support adding policies for $LATEST.',
    );

    const policy = await client.send(new GetPolicyCommand({ FunctionName: 'web' }));
    const document = JSON.parse(policy.Policy ?? '') as { Version: string; Id: string; Statement: Record<string, unknown>[] };
    assert.equal(document.Version, '2012-10-17');
    assert.deepEqual(document.Statement[0], urlStatement);
    assert.deepEqual(document.Statement[1]?.Condition, { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } });
    assert.deepEqual(document.Statement[2]?.Principal, { AWS: 'arn:aws:iam::123456789012:root' });
    assert.equal(document.Statement.length, 3, 'the alias has a policy of its own');
    const aliasPolicy = JSON.parse((await client.send(new GetPolicyCommand({ FunctionName: 'web', Qualifier: 'live' }))).Policy ?? '') as { Statement: Record<string, unknown>[] };
    assert.deepEqual(aliasPolicy.Statement[0], {
      Sid: 's3',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: ARN('web', 'live'),
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::bucket' } },
    });

    await rejectsWith(
      client.send(new RemovePermissionCommand({ FunctionName: 'web', StatementId: 'other', RevisionId: 'stale' })),
      PreconditionFailedException,
      /^The Revision Id provided does not match the latest Revision Id/,
    );
    const removed = await client.send(new RemovePermissionCommand({ FunctionName: 'web', StatementId: 'other', RevisionId: policy.RevisionId }));
    assert.equal(removed.$metadata.httpStatusCode, 204);
    await rejectsWith(client.send(new RemovePermissionCommand({ FunctionName: 'web', StatementId: 'other' })), ResourceNotFoundException, 'Statement other is not found in resource policy.');
    const remaining = JSON.parse((await client.send(new GetPolicyCommand({ FunctionName: 'web' }))).Policy ?? '') as { Statement: { Sid: string }[] };
    assert.deepEqual(remaining.Statement.map((s) => s.Sid), ['FunctionURLAllowPublicAccess', 'viaUrl']);
  });

  test('URL configs and policies survive a restart, on the same port; deleting the function removes them', async () => {
    const earlier = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web' }));
    await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'web', Cors: { AllowOrigins: ['*'] } }));
    await cloud.close();
    await assert.rejects(fetch(earlier.FunctionUrl!), 'closed with the control plane');

    await start();
    const restored = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web' }));
    assert.equal(restored.FunctionUrl, earlier.FunctionUrl, 'the port is remembered');
    assert.deepEqual([restored.AuthType, restored.CreationTime, restored.Cors], ['NONE', earlier.CreationTime, { AllowOrigins: ['*'] }]);
    const answered = await getJson(restored.FunctionUrl!, { headers: { origin: 'https://elsewhere.example' } });
    assert.deepEqual([answered.status, answered.body.code, answered.headers.get('access-control-allow-origin')], [200, 2, '*']);
    const statements = JSON.parse((await client.send(new GetPolicyCommand({ FunctionName: 'web' }))).Policy ?? '') as { Statement: { Sid: string }[] };
    assert.deepEqual(statements.Statement.map((s) => s.Sid), ['FunctionURLAllowPublicAccess', 'viaUrl']);

    await client.send(new DeleteFunctionCommand({ FunctionName: 'web' }));
    await assert.rejects(fetch(restored.FunctionUrl!), 'its URL goes with it');
    assert.deepEqual(cloud.cloud.functionUrls(), []);
    await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web' })), ResourceNotFoundException, `Function not found: ${ARN('web')}`);
  });

  test('a project function shows the URL the workspace serves and refuses every change', async () => {
    const shown = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'site' }));
    assert.deepEqual([shown.FunctionUrl, shown.AuthType, shown.InvokeMode, shown.Cors], ['http://127.0.0.1:3999/', 'AWS_IAM', 'RESPONSE_STREAM', { AllowOrigins: ['*'], MaxAge: 60 }]);
    assert.equal((await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'site' }))).FunctionUrlConfigs?.length, 1);
    await rejectsWith(client.send(new GetPolicyCommand({ FunctionName: 'site' })), ResourceNotFoundException, 'The resource you requested does not exist.');
    const refused = /^Function site is defined by .* and served from the workspace, so the Lambda API cannot change it/;
    const changes = [
      new CreateFunctionUrlConfigCommand({ FunctionName: 'site', AuthType: 'NONE' }),
      new UpdateFunctionUrlConfigCommand({ FunctionName: 'site', AuthType: 'NONE' }),
      new DeleteFunctionUrlConfigCommand({ FunctionName: 'site' }),
      new AddPermissionCommand({ FunctionName: 'site', StatementId: 'x', Action: 'lambda:InvokeFunctionUrl', Principal: '*' }),
      new RemovePermissionCommand({ FunctionName: 'site', StatementId: 'x' }),
    ];
    for (const command of changes) await rejectsWith(client.send(command as Parameters<LambdaClient['send']>[0]), ResourceConflictException, refused);
    assert.ok(cloud.requests.some((r) => r.operation === 'CreateFunctionUrlConfig' && r.functionName === 'site' && r.status === 409));
  });
});
