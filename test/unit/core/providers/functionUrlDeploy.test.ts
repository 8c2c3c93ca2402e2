import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetFunctionUrlConfigCommand, GetPolicyCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';
import { AwsProvider } from '../../../../src/core/providers/aws/awsProvider';
import { urlChanges } from '../../../../src/core/providers/aws/functionUrlDeploy';
import { createLocalProvider } from '../../../../src/core/providers/local/localProvider';
import { ROLE, startCloudServer, tempStateDir, type CloudServer } from '../cloud/cloudServer';
import { copyProject, fastPacing, specOf } from './providerFixtures';

/**
 * Deploy with `spec.url` against the real local cloud (which serves the URL, so it is fetched):
 * the local provider and the AWS provider (the same deploy, as it would run against AWS).
 */

describe('deploy creates and updates the function URL', () => {
  const stateDir = tempStateDir(after);
  const root = copyProject({ after });
  let cloud: CloudServer;
  let client: LambdaClient;
  let hello: FunctionSpec;
  const providers: AwsProvider[] = [];

  const sids = async (name: string): Promise<string[]> => {
    const policy = await client.send(new GetPolicyCommand({ FunctionName: name }));
    return (JSON.parse(policy.Policy ?? '') as { Statement: { Sid: string; Action: string }[] }).Statement.map((s) => `${s.Sid} ${s.Action}`);
  };
  const operationsSince = (mark: number): string[] => cloud.requests.slice(mark).map((r) => r.operation);

  before(async () => {
    cloud = await startCloudServer({ stateDir, delays: { createMs: 100, updateMs: 100 }, functionUrls: { basePort: 0 } });
    client = cloud.client({ maxAttempts: 1 });
    hello = await specOf(root, 'hello');
  });
  after(async () => {
    for (const provider of providers) provider.dispose();
    await cloud?.close();
  });

  test('local provider: create serves the URL; a redeploy updates it; permissions are added once; an undeclared URL is left with a warning', async () => {
    const provider = createLocalProvider({ endpoint: cloud.endpoint, ...fastPacing });
    providers.push(provider);
    const spec: FunctionSpec = { ...hello, functionName: 'swb-url', url: { authType: 'NONE', invokeMode: 'BUFFERED', cors: { allowOrigins: ['https://app.example.com'] } } };
    const progress: string[] = [];
    const created = await provider.deploy({ spec, onProgress: (p) => progress.push(p.message) });
    assert.match(created.functionUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(progress.includes('creating the function URL (auth NONE, BUFFERED)'), progress.join('\n'));
    assert.ok(progress.some((m) => m.startsWith('allowing public access to the function URL')));
    const response = await fetch(created.functionUrl!, { headers: { origin: 'https://app.example.com' } });
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { greeting: string }).greeting, 'hi');
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.deepEqual(await sids('swb-url'), ['FunctionURLAllowPublicAccess lambda:InvokeFunctionUrl', 'FunctionURLAllowInvokeAction lambda:InvokeFunction']);

    // Same URL settings: looked up, nothing written.
    let mark = cloud.requests.length;
    const same = await provider.deploy({ spec });
    assert.equal(same.functionUrl, created.functionUrl);
    assert.deepEqual(operationsSince(mark), ['GetFunction', 'GetFunctionUrlConfig', 'GetPolicy']);

    mark = cloud.requests.length;
    progress.length = 0;
    const streaming = await provider.deploy({ spec: { ...spec, url: { authType: 'NONE', invokeMode: 'RESPONSE_STREAM' } }, onProgress: (p) => progress.push(p.message) });
    assert.equal(streaming.functionUrl, created.functionUrl, 'the URL stays');
    assert.ok(progress.includes('updating the function URL: invokeMode, cors'), progress.join('\n'));
    const config = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'swb-url' }));
    assert.deepEqual([config.InvokeMode, config.Cors], ['RESPONSE_STREAM', undefined]);
    assert.ok(!operationsSince(mark).includes('AddPermission'), 'the permissions were there already');
    assert.equal((await sids('swb-url')).length, 2, 'each permission once');
    assert.equal((await fetch(created.functionUrl!)).status, 200);

    const { url: _dropped, ...withoutUrl } = spec;
    const undeclared = await provider.deploy({ spec: withoutUrl });
    assert.equal(undeclared.functionUrl, undefined);
    assert.equal(undeclared.warnings.length, 1);
    assert.match(undeclared.warnings[0], /^swb-url has a function URL \(http:\/\/127\.0\.0\.1:\d+\/, auth NONE\) that the workspace does not declare; it was left as it is/);
    assert.equal((await fetch(created.functionUrl!)).status, 200, 'still served');
  });

  test('AWS provider: an AWS_IAM URL gets no public permissions, and switching to it removes deploy’s own', async () => {
    const provider = new AwsProvider({ endpoint: cloud.endpoint, region: 'us-east-1', role: ROLE, credentials: async () => ({ accessKeyId: 'AKID', secretAccessKey: 's' }), ...fastPacing });
    providers.push(provider);
    const spec: FunctionSpec = { ...hello, functionName: 'swb-iam', url: { authType: 'AWS_IAM', invokeMode: 'BUFFERED' } };
    const created = await provider.deploy({ spec });
    assert.match(created.functionUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
    await assert.rejects(client.send(new GetPolicyCommand({ FunctionName: 'swb-iam' })), { name: 'ResourceNotFoundException' });

    const opened = await provider.deploy({ spec: { ...spec, url: { authType: 'NONE', invokeMode: 'BUFFERED' } } });
    assert.equal(opened.functionUrl, created.functionUrl);
    assert.equal((await sids('swb-iam')).length, 2);

    const progress: string[] = [];
    await provider.deploy({ spec, onProgress: (p) => progress.push(p.message) });
    assert.ok(progress.some((m) => m.startsWith('removing the public access statements')), progress.join('\n'));
    await assert.rejects(client.send(new GetPolicyCommand({ FunctionName: 'swb-iam' })), { name: 'ResourceNotFoundException' }, 'no statements left');
    assert.equal((await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'swb-iam' }))).AuthType, 'AWS_IAM');
  });

  test('urlChanges: what AWS echoes for unset CORS members is no change', () => {
    assert.deepEqual(urlChanges({ AuthType: 'NONE', InvokeMode: 'BUFFERED', Cors: { AllowCredentials: false, MaxAge: 0, AllowHeaders: [] } }, { AuthType: 'NONE', InvokeMode: 'BUFFERED' }), []);
    assert.deepEqual(urlChanges({ AuthType: 'NONE', Cors: { AllowOrigins: ['*'] } }, { AuthType: 'AWS_IAM', InvokeMode: 'BUFFERED', Cors: { AllowOrigins: ['https://a.example'] } }), ['authType', 'cors']);
  });
});
