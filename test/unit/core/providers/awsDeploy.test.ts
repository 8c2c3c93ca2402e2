import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { packageFunction } from '../../../../src/core/package/packageFunction';
import { deployTags, type DeployProgress } from '../../../../src/core/providers/types';
import { awsProviderFor, copyProject, specOf, startServer } from './providerFixtures';

/**
 * The real `@aws-sdk/client-lambda` against the Lambda contract server: what deploy sends, in
 * which order, and what it leaves out (proved by the server's request log).
 */

test('deploy creates a missing function, tagged, and waits until it is Active', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  const spec = await specOf(root, 'hello');
  const progress: DeployProgress[] = [];

  const result = await provider.deploy({ spec, project: 'shop', onProgress: (p) => progress.push(p) });

  assert.equal(result.functionName, 'swb-hello', 'the declared functionName is the deployed name');
  assert.equal(result.arn, 'arn:aws:lambda:us-east-1:123456789012:function:swb-hello');
  assert.equal(result.created, true);
  assert.equal(result.codeUpdated, true);
  assert.deepEqual(server.operations().slice(0, 2), ['GetFunction', 'CreateFunction']);
  // The waiter polls GetFunction after the create until the state is Active.
  assert.ok(server.operations().lastIndexOf('GetFunction') > server.operations().indexOf('CreateFunction'));
  const deployed = await provider.getFunction('swb-hello');
  assert.ok(deployed);
  assert.equal(deployed.state, 'Active');
  assert.equal(deployed.runtime, 'nodejs20.x');
  assert.equal(deployed.handler, 'index.handler');
  assert.equal(deployed.memorySize, 256);
  assert.equal(deployed.description, 'says hello');
  assert.equal(deployed.role, 'arn:aws:iam::123456789012:role/test-role');
  assert.equal(deployed.codeSha256, result.codeSha256);
  assert.deepEqual(deployed.tags, { [deployTags.function]: 'hello', [deployTags.project]: 'shop' });
  assert.deepEqual(
    progress.map((p) => p.stage),
    ['packaging', 'checking', 'uploading', 'waiting', 'done'],
  );
  assert.match(progress.at(-1)!.message, /^done in \d+\.\d s$/);
  assert.ok(server.requests.every((r) => r.accessKeyId === 'AKIDTEST'), 'every request is signed with the given credentials');
});

test('redeploying unchanged code uploads nothing; changed code and configuration are updated separately', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  let spec = await specOf(root, 'hello');
  await provider.deploy({ spec, project: 'shop' });

  // 1. Same sources → same zip → same CodeSha256: no UpdateFunctionCode, no configuration update.
  let mark = server.requests.length;
  const progress: string[] = [];
  const unchanged = await provider.deploy({ spec, project: 'shop', onProgress: (p) => progress.push(p.message) });
  assert.equal(unchanged.created, false);
  assert.equal(unchanged.codeUpdated, false);
  assert.deepEqual(unchanged.configChanges, []);
  assert.deepEqual(server.operations().slice(mark), ['GetFunction', 'GetFunctionUrlConfig'], 'only the lookups: nothing uploaded, nothing reconfigured, tags already there, no undeclared URL');
  assert.ok(progress.some((m) => m.startsWith('code unchanged')));

  // 2. Changed code → UpdateFunctionCode, waited for; configuration untouched.
  writeFileSync(path.join(root, 'functions/hello/greet.js'), "exports.greet = (name) => `hi ${name ?? 'there'}`;\n");
  mark = server.requests.length;
  const updated = await provider.deploy({ spec, project: 'shop' });
  assert.equal(updated.codeUpdated, true);
  assert.deepEqual(updated.configChanges, []);
  const ops = server.operations().slice(mark);
  assert.deepEqual(ops.slice(0, 2), ['GetFunction', 'UpdateFunctionCode']);
  assert.ok(ops.slice(2, -1).every((op) => op === 'GetFunction'), `only waiter polls after the upload: ${ops.join(', ')}`);
  assert.equal(ops.at(-1), 'GetFunctionUrlConfig', 'then the check for an undeclared function URL');
  assert.notEqual(updated.codeSha256, unchanged.codeSha256);
  const fresh = await packageFunction(spec);
  assert.equal((await provider.getFunction('swb-hello'))?.codeSha256, fresh.sha256, 'the deployed CodeSha256 is the local package\'s');
  assert.equal((await provider.getFunction('swb-hello'))?.lastUpdateStatus, 'Successful');

  // 3. Changed configuration only → UpdateFunctionConfiguration with just those settings.
  spec = { ...spec, memorySize: 512, timeout: 10, environment: { ...spec.environment, GREETING: 'hello' } };
  mark = server.requests.length;
  const progressLines: string[] = [];
  const configured = await provider.deploy({ spec, project: 'shop', onProgress: (p) => progressLines.push(p.message) });
  assert.equal(configured.codeUpdated, false);
  assert.deepEqual(configured.configChanges, ['memorySize', 'timeout', 'environment']);
  assert.ok(!server.operations().slice(mark).includes('UpdateFunctionCode'));
  assert.ok(server.operations().slice(mark).includes('UpdateFunctionConfiguration'));
  const after = await provider.getFunction('swb-hello');
  assert.equal(after?.memorySize, 512);
  assert.equal(after?.timeout, 10);
  assert.deepEqual(after?.environment, { GREETING: 'hello', API_TOKEN: 'tok-very-secret-123' });
  assert.ok(progressLines.includes('updating configuration: memorySize, timeout, environment'));
  assert.ok(!progressLines.join('\n').includes('tok-very-secret-123'), 'no secret value in progress messages');

  // 4. A new architecture goes through UpdateFunctionCode (it is not a configuration setting), even with the same code.
  mark = server.requests.length;
  const arm = await provider.deploy({ spec: { ...spec, architectures: ['arm64'] }, project: 'shop' });
  assert.equal(arm.codeUpdated, true);
  assert.ok(server.operations().slice(mark).includes('UpdateFunctionCode'));
  assert.deepEqual((await provider.getFunction('swb-hello'))?.architectures, ['arm64']);
});

test('publish and alias: a version per change, the alias created then moved', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  const spec = await specOf(root, 'hello');

  const first = await provider.deploy({ spec, alias: 'live' });
  assert.equal(first.version, '1', '--alias implies publishing');
  assert.equal(first.alias, 'live');
  assert.ok(server.operations().includes('CreateAlias'));
  let aliases = (await provider.listAliases('swb-hello')).items;
  assert.deepEqual(aliases.map((a) => [a.name, a.version]), [['live', '1']]);

  // Nothing changed: Lambda hands back the last version, the alias already points there.
  const progress: string[] = [];
  const again = await provider.deploy({ spec, alias: 'live', onProgress: (p) => progress.push(p.message) });
  assert.equal(again.version, '1');
  assert.ok(progress.includes('alias live already points at version 1'));
  assert.ok(!server.operations().includes('UpdateAlias'));

  writeFileSync(path.join(root, 'functions/hello/greet.js'), 'exports.greet = () => "v2";\n');
  const second = await provider.deploy({ spec, alias: 'live' });
  assert.equal(second.version, '2');
  assert.ok(server.operations().includes('UpdateAlias'));
  aliases = (await provider.listAliases('swb-hello')).items;
  assert.deepEqual(aliases.map((a) => [a.name, a.version]), [['live', '2']]);
  const versions = (await provider.listVersions('swb-hello')).items.map((v) => v.version);
  assert.deepEqual(versions, ['$LATEST', '1', '2']);

  // The alias runs the published code; version 1 still runs the old one.
  const viaAlias = JSON.parse((await provider.invoke('swb-hello', { qualifier: 'live' })).payload.toString());
  assert.equal(viaAlias.version, '2');
  assert.equal(viaAlias.codeSha256, second.codeSha256);
  const v1 = JSON.parse((await provider.invoke('swb-hello', { qualifier: '1' })).payload.toString());
  assert.equal(v1.codeSha256, first.codeSha256);

  // Publish without an alias.
  const published = await provider.deploy({ spec: { ...spec, memorySize: 1024 }, publish: true });
  assert.equal(published.version, '3');
  assert.equal(published.alias, undefined);
});

test('listFunctions pages with Marker/MaxItems; getFunction of a missing function is undefined', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  const spec = await specOf(root, 'hello');
  const names = ['fn-a', 'fn-b', 'fn-c', 'fn-d', 'fn-e'];
  for (const functionName of names) await provider.deploy({ spec: { ...spec, functionName } });

  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await provider.listFunctions({ pageSize: 2, pageToken: token });
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((f) => f.name));
    token = page.nextToken;
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(seen, names);
  const listRequests = server.requests.filter((r) => r.operation === 'ListFunctions');
  assert.equal(listRequests.length, 3);
  const first = (await provider.listFunctions()).items[0];
  assert.equal(first.runtime, 'nodejs20.x');
  assert.equal(first.memorySize, 256);
  assert.ok(first.codeSize && first.codeSize > 0);
  assert.ok(first.lastModified);
  assert.equal(await provider.getFunction('no-such-function'), undefined);
});

test('invoke asks for the log tail and decodes it; function errors are reported, not thrown', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  await provider.deploy({ spec: await specOf(root, 'hello') });

  const ok = await provider.invoke('swb-hello', { payload: '{"name":"Ada"}' });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.functionError, undefined);
  assert.deepEqual(JSON.parse(ok.payload.toString()).echo, { name: 'Ada' });
  assert.equal(ok.executedVersion, '$LATEST');
  assert.match(ok.log ?? '', /^START RequestId: [\w-]+ Version: \$LATEST\n/);
  assert.match(ok.log ?? '', /\nREPORT RequestId: [\w-]+\tDuration: /);

  const failed = await provider.invoke('swb-hello', { payload: '{"fail":"boom"}' });
  assert.equal(failed.functionError, 'Unhandled');
  assert.equal(JSON.parse(failed.payload.toString()).errorMessage, 'boom');

  const quiet = await provider.invoke('swb-hello', { tailLog: false });
  assert.equal(quiet.log, undefined);
  const queued = await provider.invoke('swb-hello', { invocationType: 'Event' });
  assert.equal(queued.statusCode, 202);
});

test('downloadCode fetches the deployed zip; deleteFunction removes it', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  const result = await provider.deploy({ spec: await specOf(root, 'py') });
  assert.equal(result.functionName, 'py', 'without functionName the workspace name is deployed');

  const code = await provider.downloadCode('py');
  assert.equal(code.codeSha256, result.codeSha256);
  assert.equal(code.zip.length, result.codeSize);
  assert.ok(code.zip.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')));

  await provider.deleteFunction('py');
  assert.equal(await provider.getFunction('py'), undefined);
  await assert.rejects(provider.deleteFunction('py'), { name: 'ProviderError', kind: 'not-found', message: /^function "py" not found in profile default, us-east-1 via http:\/\/127\.0\.0\.1:\d+$/ });
});
