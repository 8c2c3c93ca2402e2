import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  ListFunctionsCommand,
  TooManyRequestsException,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { computeCodeSha256 } from '../../../../src/core/package/codeSha256';
import { ROLE, handlerZip, payloadOf, startCloudServer, tempStateDir, type CloudServer } from './cloudServer';

const waiter = (client: LambdaClient) => ({ client, maxWaitTime: 20, minDelay: 0.2, maxDelay: 1 });

/** Sends the start of an UpdateFunctionCode body (the length announced is the whole), then hangs up. */
function interruptedUpload(endpoint: string, name: string, zip: Buffer): Promise<void> {
  const body = Buffer.from(JSON.stringify({ ZipFile: zip.toString('base64') }));
  return new Promise((resolve) => {
    const req = request(`${endpoint}/2015-03-31/functions/${name}/code`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
    });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    req.write(body.subarray(0, Math.floor(body.length / 2)), () => {
      // Let the half arrive before the connection goes.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
  });
}

describe('local cloud: fault injection and interrupted uploads', () => {
  let cloud: CloudServer;
  let client: LambdaClient;
  let oneShot: LambdaClient;
  const v1 = handlerZip(1);
  const stateDir = tempStateDir(after);
  before(async () => {
    cloud = await startCloudServer({ stateDir, delays: { createMs: 50, updateMs: 50 } });
    client = cloud.client({ maxAttempts: 5 });
    oneShot = cloud.client({ maxAttempts: 1 });
    await client.send(new CreateFunctionCommand({ FunctionName: 'steady', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: v1 } }));
    await waitUntilFunctionActiveV2(waiter(client), { FunctionName: 'steady' });
  });
  after(() => cloud.close());

  test('throttling every 2nd call: one attempt sees TooManyRequestsException, the SDK retry gets through', async () => {
    cloud.cloud.setFaults({ throttleEvery: 2 });
    await oneShot.send(new ListFunctionsCommand({}));
    await assert.rejects(oneShot.send(new ListFunctionsCommand({})), (error: unknown) => {
      assert.ok(error instanceof TooManyRequestsException);
      assert.equal(error.$metadata.httpStatusCode, 429);
      assert.equal(error.Reason, 'CallerRateLimitExceeded');
      return true;
    });
    const before = cloud.requests.length;
    for (let i = 0; i < 3; i++) {
      const got = await client.send(new GetFunctionCommand({ FunctionName: 'steady' }));
      assert.equal(got.Configuration?.FunctionName, 'steady');
    }
    const statuses = cloud.requests.slice(before).map((r) => r.status);
    assert.ok(statuses.includes(429), `some calls were throttled: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 200).length, 3);
    cloud.cloud.setFaults(undefined);
  });

  test('a dropped UpdateFunctionCode leaves the previous code in place and running', async () => {
    cloud.cloud.setFaults({ dropEvery: 1, operations: ['UpdateFunctionCode'] });
    await assert.rejects(oneShot.send(new UpdateFunctionCodeCommand({ FunctionName: 'steady', ZipFile: handlerZip(2) })));
    assert.deepEqual(cloud.requests.at(-1), { operation: 'UpdateFunctionCode', functionName: 'steady', status: 0 });
    cloud.cloud.setFaults(undefined);

    const config = (await client.send(new GetFunctionCommand({ FunctionName: 'steady' }))).Configuration;
    assert.equal(config?.CodeSha256, computeCodeSha256(v1));
    assert.equal(config?.LastUpdateStatus, 'Successful');
    const invoked = await client.send(new InvokeCommand({ FunctionName: 'steady' }));
    assert.equal(payloadOf(invoked.Payload).label, 'v1', Buffer.from(invoked.Payload ?? []).toString());
  });

  test('a connection dropped every 2nd call is retried by the SDK', async () => {
    cloud.cloud.setFaults({ dropEvery: 2, operations: ['GetFunction', 'UpdateFunctionCode'] });
    const from = cloud.requests.length;
    await client.send(new GetFunctionCommand({ FunctionName: 'steady' }));
    const updated = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'steady', ZipFile: handlerZip(3) }));
    cloud.cloud.setFaults(undefined);
    assert.equal(updated.CodeSha256, computeCodeSha256(handlerZip(3)));
    assert.deepEqual(
      cloud.requests.slice(from).map((r) => `${r.operation} ${r.status}`),
      ['GetFunction 200', 'UpdateFunctionCode 0', 'UpdateFunctionCode 200'],
    );
    await waitUntilFunctionUpdatedV2(waiter(client), { FunctionName: 'steady' });
    assert.equal(payloadOf((await client.send(new InvokeCommand({ FunctionName: 'steady' }))).Payload).label, 'v3');
  });

  test('an upload interrupted mid-body by the client changes nothing', async () => {
    const before = (await client.send(new GetFunctionCommand({ FunctionName: 'steady' }))).Configuration;
    await interruptedUpload(cloud.endpoint, 'steady', handlerZip(4));
    // The server notices the hang-up asynchronously; give it time to (not) act.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterwards = (await client.send(new GetFunctionCommand({ FunctionName: 'steady' }))).Configuration;
    assert.equal(afterwards?.CodeSha256, before?.CodeSha256);
    assert.equal(afterwards?.RevisionId, before?.RevisionId);
    assert.equal(afterwards?.LastUpdateStatus, 'Successful');
    assert.equal(payloadOf((await client.send(new InvokeCommand({ FunctionName: 'steady' }))).Payload).label, 'v3');
    assert.ok(cloud.requests.some((r) => r.operation === 'UpdateFunctionCode' && r.status === 0));
  });
});
