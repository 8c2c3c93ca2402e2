import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { startLocalServer } from '../../../../src/core/emulator/localServer';
import { writeZip } from '../../../../src/core/package/zip';

// `swb serve` as the local cloud: one port answers the Lambda control plane, the Invoke API and
// the CloudWatch Logs API over every invocation's logs — each checked with the real AWS SDK.

const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };
const stateDir = mkdtempSync(join(tmpdir(), 'swb-local-cloud-'));
const emptyProject = mkdtempSync(join(tmpdir(), 'swb-empty-project-'));
after(() => {
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(emptyProject, { recursive: true, force: true });
});

test('deploy, invoke and read the logs back through one local cloud endpoint', { timeout: 90_000 }, async () => {
  const server = await startLocalServer({ dir: emptyProject, port: 0, apiPort: 0, watch: false, cloud: { stateDir, delays: { createMs: 50, updateMs: 50 } }, logs: { stateDir: join(stateDir, 'logs') } });
  const lambda = new LambdaClient({ endpoint: server.invokeUrl, region: 'us-east-1', credentials });
  const logs = new CloudWatchLogsClient({ endpoint: server.invokeUrl, region: 'us-east-1', credentials });
  try {
    assert.deepEqual(server.functions(), [], 'a folder without project files still starts, as a local cloud');
    const zip = writeZip([{ path: 'index.js', data: Buffer.from("exports.handler = async (e) => { console.log('got', e.n); return { twice: e.n * 2 }; };\n") }]);
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'doubler', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: zip } }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: 'doubler' });
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'doubler', Payload: Buffer.from('{"n":21}') }));
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { twice: 42 });

    // Logs are written in batches a few tens of milliseconds apart; poll briefly.
    let messages: string[] = [];
    for (let i = 0; i < 50 && !messages.some((m) => m.startsWith('REPORT')); i++) {
      // Until the first batch is written the group does not exist, as on AWS right after an invoke.
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/doubler' })).catch((error: unknown) => {
        if ((error as { name?: string }).name === 'ResourceNotFoundException') return { events: [] };
        throw error;
      });
      messages = (page.events ?? []).map((e) => e.message ?? '');
      if (!messages.some((m) => m.startsWith('REPORT'))) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(messages[0], /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n$/);
    assert.ok(messages.some((m) => /\tINFO\tgot 21\n$/.test(m)), messages.join(''));
    assert.ok(messages.some((m) => m.startsWith('END RequestId:')));
    assert.ok(messages.some((m) => /^REPORT RequestId: .*Init Duration/.test(m)));
  } finally {
    lambda.destroy();
    logs.destroy();
    await server.close();
  }

  // The state and the logs survive a restart.
  const again = await startLocalServer({ dir: emptyProject, port: 0, apiPort: 0, watch: false, cloud: { stateDir }, logs: { stateDir: join(stateDir, 'logs') } });
  const logs2 = new CloudWatchLogsClient({ endpoint: again.invokeUrl, region: 'us-east-1', credentials });
  const lambda2 = new LambdaClient({ endpoint: again.invokeUrl, region: 'us-east-1', credentials });
  try {
    const page = await logs2.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/doubler', filterPattern: 'REPORT' }));
    assert.equal(page.events?.length, 1);
    const out = await lambda2.send(new InvokeCommand({ FunctionName: 'doubler', Payload: Buffer.from('{"n":2}') }));
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { twice: 4 });
  } finally {
    logs2.destroy();
    lambda2.destroy();
    await again.close();
  }
});
