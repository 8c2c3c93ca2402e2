// How the Invoke API answers function names it cannot serve, as the AWS CLI shows them
// (found driving `swb serve` with the real AWS CLI: test/clients/awsCliInvoke.test.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InvokeCommand, LambdaClient, LambdaServiceException, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import type { RunningServer } from '../../../../src/core/emulator/httpServer';
import { startInvokeApi } from '../../../../src/core/emulator/invokeApi';
import { FakeEmulator, fakeSpec } from '../../../helpers/fakeEmulator';

const emulator = new FakeEmulator();
let api: RunningServer;

before(async () => {
  emulator.register(fakeSpec('echo'));
  api = await startInvokeApi(emulator, { port: 0, host: '127.0.0.1' });
});
after(() => api.close());

async function post(name: string): Promise<{ status: number; type: string | null; body: Record<string, string> }> {
  const res = await fetch(`${api.url}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, { method: 'POST', body: '{}' });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: (await res.json()) as Record<string, string> };
}

test("a name outside Lambda's FunctionName rule is a 400 ValidationException quoting the decoded name and the rule", async () => {
  for (const name of ['bad:name:x', 'a/b', 'has space', 'x'.repeat(171)]) {
    const answer = await post(name);
    assert.equal(answer.status, 400, name);
    assert.equal(answer.type, 'ValidationException', name);
    assert.equal(
      answer.body.message,
      `1 validation error detected: Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    );
  }
});

test('a well-formed name that is not served is a 404 naming the decoded ARN (no %3A), dotted names included', async () => {
  const partial = await post('000000000000:function:ghost:live');
  assert.equal(partial.status, 404);
  assert.equal(partial.body.Message, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost:live');
  // Lambda's rule lets dots through; no function can have one, so it is simply not found.
  const dotted = await post('my.fn');
  assert.equal(dotted.status, 404);
  assert.equal(dotted.type, 'ResourceNotFoundException');
  assert.equal(dotted.body.Message, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:my.fn');
});

test('the SDK sees the ValidationException by name, and a served name still runs', async () => {
  const client = new LambdaClient({ endpoint: api.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  try {
    const error = await client.send(new InvokeCommand({ FunctionName: 'echo:a:b' })).catch((e: unknown) => e);
    assert.ok(error instanceof LambdaServiceException && !(error instanceof ResourceNotFoundException), String(error));
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    const ok = await client.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:echo', Payload: Buffer.from('{"a":1}') }));
    assert.equal(ok.StatusCode, 200);
  } finally {
    client.destroy();
  }
});

test('with latestOnly (the workspace’s functions, which have no versions) a qualifier other than $LATEST is a 404 for that ARN', async (t) => {
  const latestOnly = await startInvokeApi(emulator, { port: 0, host: '127.0.0.1', latestOnly: true });
  t.after(() => latestOnly.close());
  const call = (name: string, query = '') => fetch(`${latestOnly.url}/2015-03-31/functions/${encodeURIComponent(name)}/invocations${query}`, { method: 'POST', body: '{}' });
  const versioned = await call('echo:1');
  assert.equal(versioned.status, 404);
  assert.equal(((await versioned.json()) as { Message: string }).Message, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:echo:1');
  const aliased = await call('echo', '?Qualifier=live');
  assert.equal(aliased.status, 404);
  await aliased.arrayBuffer();
  const latest = await call('echo:$LATEST');
  assert.equal(latest.status, 200);
  await latest.arrayBuffer();
  // Without the option the qualifier is the emulator's to resolve.
  const passed = await post('echo:1');
  assert.equal(passed.status, 200);
});
