import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readZip } from '../../../../src/core/package/zipReader';
import { createLocalProvider } from '../../../../src/core/providers/local/localProvider';
import type { AwsProvider } from '../../../../src/core/providers/aws/awsProvider';
import { startCloudServer, tempStateDir, type CloudServer } from '../cloud/cloudServer';
import { copyProject, fastPacing, specOf } from './providerFixtures';

/**
 * The local provider against the real local cloud (`createLambdaControlPlane` over the real
 * emulator, as `swb serve` mounts it): deployed code really runs.
 */

describe('local provider against the local cloud', () => {
  const stateDir = tempStateDir(after);
  const root = copyProject({ after });
  let cloud: CloudServer;
  let provider: AwsProvider;

  const operationsSince = (mark: number): string[] => cloud.requests.slice(mark).map((r) => r.operation);

  // Extra providers made by tests, disposed with the rest.
  const extras: AwsProvider[] = [];
  const extraProvider = (sdkMaxAttempts: number): AwsProvider => {
    const extra = createLocalProvider({ endpoint: cloud.endpoint, ...fastPacing, sdkMaxAttempts });
    extras.push(extra);
    return extra;
  };

  before(async () => {
    cloud = await startCloudServer({ stateDir, delays: { createMs: 150, updateMs: 150 } });
    provider = createLocalProvider({ endpoint: cloud.endpoint, ...fastPacing });
  });
  after(async () => {
    for (const p of [provider, ...extras]) p?.dispose();
    await cloud?.close();
  });

  test('create → invoke runs the deployed code, with its log tail', async () => {
    const spec = await specOf(root, 'hello');
    const result = await provider.deploy({ spec, project: 'shop' });
    assert.equal(result.created, true);
    const deployed = await provider.getFunction('swb-hello');
    assert.equal(deployed?.state, 'Active');
    assert.equal(deployed?.codeSha256, result.codeSha256, 'the local cloud reports the CodeSha256 of the uploaded zip');
    assert.equal(deployed?.tags['serverless-workbench:function'], 'hello');

    const invocation = await provider.invoke('swb-hello', { payload: '{"name":"Ada"}' });
    assert.equal(invocation.functionError, undefined, invocation.payload.toString());
    assert.deepEqual(JSON.parse(invocation.payload.toString()), { message: 'hello Ada', greeting: 'hi' });
    assert.match(invocation.log ?? '', /START RequestId: \S+ Version: \$LATEST/);
    assert.match(invocation.log ?? '', /REPORT RequestId: \S+\tDuration: /);
  });

  test('unchanged redeploy sends no UpdateFunctionCode; changed code and configuration take effect', async () => {
    const spec = await specOf(root, 'hello');
    let mark = cloud.requests.length;
    const unchanged = await provider.deploy({ spec, project: 'shop' });
    assert.equal(unchanged.codeUpdated, false);
    assert.deepEqual(operationsSince(mark), ['GetFunction', 'GetFunctionUrlConfig'], 'the request log shows only the lookups (the function, an undeclared URL)');

    writeFileSync(path.join(root, 'functions/hello/greet.js'), "exports.greet = (name) => `howdy ${name ?? 'partner'}`;\n");
    mark = cloud.requests.length;
    const updated = await provider.deploy({ spec: { ...spec, environment: { ...spec.environment, GREETING: 'yo' } }, project: 'shop' });
    assert.equal(updated.codeUpdated, true);
    assert.deepEqual(updated.configChanges, ['environment']);
    const ops = operationsSince(mark);
    assert.ok(ops.indexOf('UpdateFunctionCode') < ops.indexOf('UpdateFunctionConfiguration'), ops.join(', '));
    // (GetFunctionUrlConfig's 404 is deploy finding no undeclared function URL.)
    assert.ok(cloud.requests.slice(mark).every((r) => r.status < 400 || r.operation === 'GetFunctionUrlConfig'), 'the waiters kept every update from colliding');
    const invocation = await provider.invoke('swb-hello', { payload: '{"name":"Bo"}' });
    assert.deepEqual(JSON.parse(invocation.payload.toString()), { message: 'howdy Bo', greeting: 'yo' });
  });

  test('publish and alias: the alias keeps running its version after $LATEST moves on', async () => {
    const spec = await specOf(root, 'hello');
    const published = await provider.deploy({ spec: { ...spec, environment: { ...spec.environment, GREETING: 'yo' } }, alias: 'live' });
    assert.equal(published.version, '1');
    writeFileSync(path.join(root, 'functions/hello/greet.js'), 'exports.greet = () => "unpublished";\n');
    await provider.deploy({ spec: { ...spec, environment: { ...spec.environment, GREETING: 'yo' } } });
    const live = await provider.invoke('swb-hello', { qualifier: 'live', payload: '{"name":"Cy"}' });
    assert.equal(JSON.parse(live.payload.toString()).message, 'howdy Cy');
    assert.equal(live.executedVersion, '1');
    const latest = await provider.invoke('swb-hello', { payload: '{}' });
    assert.equal(JSON.parse(latest.payload.toString()).message, 'unpublished');
    assert.deepEqual((await provider.listAliases('swb-hello')).items.map((a) => [a.name, a.version]), [['live', '1']]);
  });

  test('two deploys at once both succeed: the later one waits or is refused and retried', async () => {
    const spec = await specOf(root, 'hello');
    const mark = cloud.requests.length;
    const messages: string[] = [];
    const onProgress = (p: { message: string }): number => messages.push(p.message);
    const results = await Promise.all([provider.deploy({ spec: { ...spec, memorySize: 384 }, onProgress }), provider.deploy({ spec: { ...spec, memorySize: 640 }, onProgress })]);
    assert.ok(results.every((r) => r.configChanges.includes('memorySize')));
    const updates = cloud.requests.slice(mark).filter((r) => r.operation === 'UpdateFunctionConfiguration').map((r) => r.status);
    // Which deploy loses depends on timing: refused and retried, or it saw the other's update and waited for it.
    assert.ok(updates.includes(409) || messages.includes('swb-hello has an update in progress; waiting for it to finish'), `${updates.join(', ')} / ${messages.join(' | ')}`);
    if (updates.includes(409)) assert.ok(messages.some((m) => m.startsWith('swb-hello is busy with another update; retrying in ')));
    assert.equal(updates.filter((s) => s === 200).length, 2);
    assert.ok([384, 640].includes((await provider.getFunction('swb-hello'))?.memorySize ?? 0));
  });

  test('throttling injected by the local cloud is ridden out', async () => {
    const spec = await specOf(root, 'py');
    const throttled = extraProvider(1);
    cloud.cloud.setFaults({ throttleEvery: 2 });
    try {
      const result = await throttled.deploy({ spec });
      assert.equal(result.created, true);
    } finally {
      cloud.cloud.setFaults(undefined);
    }
    assert.ok(cloud.requests.some((r) => r.status === 429));
    const invocation = await provider.invoke('py', { payload: '{}' });
    assert.deepEqual(JSON.parse(invocation.payload.toString()), { message: 'hello from python' });
  });

  test('a connection dropped mid-upload fails the deploy in one line and leaves the deployed version working', async () => {
    const spec = await specOf(root, 'py');
    writeFileSync(path.join(root, 'functions/py/app.py'), 'def handler(event, context):\n    return {"message": "never deployed"}\n');
    const before = await provider.getFunction('py');
    const dropping = extraProvider(1);
    cloud.cloud.setFaults({ dropEvery: 1, operations: ['UpdateFunctionCode'] });
    try {
      await assert.rejects(dropping.deploy({ spec }), { name: 'ProviderError', kind: 'network', message: /^the connection to http:\/\/127\.0\.0\.1:\d+ was dropped \((ECONNRESET|EPIPE)\) before an answer; try again$/ });
    } finally {
      cloud.cloud.setFaults(undefined);
    }
    assert.equal((await provider.getFunction('py'))?.codeSha256, before?.codeSha256);
    const invocation = await provider.invoke('py', { payload: '{}' });
    assert.deepEqual(JSON.parse(invocation.payload.toString()), { message: 'hello from python' });
  });

  test('list pages, download returns the deployed zip, delete removes the function', async () => {
    const first = await provider.listFunctions({ pageSize: 1 });
    assert.equal(first.items.length, 1);
    assert.ok(first.nextToken);
    const second = await provider.listFunctions({ pageSize: 1, pageToken: first.nextToken });
    assert.deepEqual([...first.items, ...second.items].map((f) => f.name).sort(), ['py', 'swb-hello']);
    assert.equal(second.nextToken, undefined);

    const code = await provider.downloadCode('py');
    assert.deepEqual(readZip(code.zip).map((e) => e.path), ['app.py']);

    await provider.deleteFunction('py');
    assert.equal(await provider.getFunction('py'), undefined);
    await assert.rejects(provider.invoke('py'), { kind: 'not-found' });
  });
});
