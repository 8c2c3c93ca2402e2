import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  InvokeWithResponseStreamCommand,
  PublishVersionCommand,
  ResourceNotFoundException,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { Invocation, InvokeRequest } from '../../../../src/core/emulator/types';
import { FakeEmulator, fakeSpec } from '../../../helpers/fakeEmulator';
import { ROLE, handlerZip, startCloudServer, tempStateDir, type CloudServer, untilActive } from './cloudServer';

/** A fake whose every function streams its emulator name, as a streaming handler would. */
class StreamingFake extends FakeEmulator {
  override async invoke(name: string, request: InvokeRequest): Promise<Invocation> {
    request.responseStream?.begin('text/plain', `stream-${name}`);
    request.responseStream?.chunk(Buffer.from(`ran ${name}`));
    return super.invoke(name, request);
  }
}


async function streamed(client: LambdaClient, functionName: string, qualifier?: string) {
  const out = await client.send(new InvokeWithResponseStreamCommand({ FunctionName: functionName, Qualifier: qualifier }));
  const chunks: string[] = [];
  let complete: unknown;
  for await (const event of out.EventStream ?? []) {
    if (event.PayloadChunk) chunks.push(Buffer.from(event.PayloadChunk.Payload ?? []).toString('utf8'));
    if (event.InvokeComplete) complete = event.InvokeComplete;
  }
  return { version: out.ExecutedVersion, contentType: out.ResponseStreamContentType, chunks, complete };
}

describe('local cloud: InvokeWithResponseStream of deployed functions (over a fake emulator)', () => {
  let cloud: CloudServer;
  let client: LambdaClient;
  const stateDir = tempStateDir(after);
  before(async () => {
    const emulator = new StreamingFake();
    emulator.register(fakeSpec('workspace-fn'));
    cloud = await startCloudServer({ stateDir, emulator, delays: { createMs: 0, updateMs: 0 } });
    client = cloud.client({ maxAttempts: 1 });
    await client.send(new CreateFunctionCommand({ FunctionName: 'fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: handlerZip(1) } }));
    await untilActive(client, 'fn');
    await client.send(new PublishVersionCommand({ FunctionName: 'fn' }));
    await client.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'live', FunctionVersion: '1' }));
  });
  after(() => cloud.close());

  test('the control plane answers it: an alias runs its version, named in X-Amz-Executed-Version from the first chunk', async () => {
    const byAlias = await streamed(client, 'fn', 'live');
    assert.deepEqual(byAlias, { version: '1', contentType: 'text/plain', chunks: ['ran fn:1'], complete: {} });
    assert.deepEqual(cloud.requests.at(-1), { operation: 'InvokeWithResponseStream', functionName: 'fn', status: 200 });
    const latest = await streamed(client, 'fn');
    assert.deepEqual([latest.version, latest.chunks], ['$LATEST', ['ran fn']]);
  });

  test("a function the cloud did not deploy falls through to the emulator's own Invoke API", async () => {
    const requests = cloud.requests.length;
    const local = await streamed(client, 'workspace-fn');
    assert.deepEqual([local.version, local.chunks], ['$LATEST', ['ran workspace-fn']]);
    assert.equal(cloud.requests.length, requests, 'not logged by the control plane');
    await assert.rejects(client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'nowhere' })), ResourceNotFoundException);
  });
});
