import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  InvokeCommand,
  ListVersionsByFunctionCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { computeCodeSha256 } from '../../../../src/core/package/codeSha256';
import { ROLE, handlerZip, payloadOf, startCloudServer, tempStateDir } from './cloudServer';

describe('local cloud: state survives a restart', () => {
  const stateDir = tempStateDir(after);

  test('a new control plane over the same state folder serves the same functions, versions, aliases and tags', async () => {
    const first = await startCloudServer({ stateDir, delays: { createMs: 50, updateMs: 50 } });
    try {
      const client = first.client();
      await client.send(
        new CreateFunctionCommand({
          FunctionName: 'kept',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          Code: { ZipFile: handlerZip(1) },
          Environment: { Variables: { STAGE: 'saved' } },
          Tags: { team: 'cloud' },
          Publish: true,
        }),
      );
      await waitUntilFunctionActiveV2({ client, maxWaitTime: 20, minDelay: 0.2, maxDelay: 1 }, { FunctionName: 'kept' });
      await client.send(new CreateAliasCommand({ FunctionName: 'kept', Name: 'prod', FunctionVersion: '1' }));
      await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'kept', ZipFile: handlerZip(2) }));
      await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 20, minDelay: 0.2, maxDelay: 1 }, { FunctionName: 'kept' });
    } finally {
      await first.close();
    }

    // What a crash halfway through an upload leaves behind, and a damaged record.
    mkdirSync(path.join(stateDir, 'functions', 'kept', '.tmp-abc-123'), { recursive: true });
    mkdirSync(path.join(stateDir, 'functions', 'broken'), { recursive: true });
    writeFileSync(path.join(stateDir, 'functions', 'broken', 'function.json'), '{ not json');

    const second = await startCloudServer({ stateDir });
    after(() => second.close());
    const client = second.client();
    const got = await client.send(new GetFunctionCommand({ FunctionName: 'kept' }));
    assert.equal(got.Configuration?.State, 'Active');
    assert.equal(got.Configuration?.LastUpdateStatus, 'Successful');
    assert.equal(got.Configuration?.CodeSha256, computeCodeSha256(handlerZip(2)));
    assert.deepEqual(got.Tags, { team: 'cloud' });
    assert.deepEqual((await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'kept' }))).Versions?.map((v) => v.Version), ['$LATEST', '1']);
    assert.equal((await client.send(new GetAliasCommand({ FunctionName: 'kept', Name: 'prod' }))).FunctionVersion, '1');

    const latest = payloadOf((await client.send(new InvokeCommand({ FunctionName: 'kept' }))).Payload);
    assert.deepEqual([latest.label, latest.stage], ['v2', 'saved']);
    const viaAlias = await client.send(new InvokeCommand({ FunctionName: 'kept', Qualifier: 'prod' }));
    assert.equal(viaAlias.ExecutedVersion, '1');
    assert.equal(payloadOf(viaAlias.Payload).label, 'v1');

    assert.equal(existsSync(path.join(stateDir, 'functions', 'kept', '.tmp-abc-123')), false, 'leftovers are swept');
    assert.equal(second.warnings.filter((w) => w.includes(path.join('broken', 'function.json'))).length, 1, 'a damaged record is reported and skipped');
    const record = JSON.parse(readFileSync(path.join(stateDir, 'functions', 'kept', 'function.json'), 'utf8')) as { versions: unknown[] };
    assert.equal(record.versions.length, 1);
    // Two packages (v1 for version 1, v2 for $LATEST), each unpacked beside its zip.
    const packages = readdirSync(path.join(stateDir, 'functions', 'kept')).filter((f) => /^[0-9a-f]{64}$/.test(f));
    assert.equal(packages.length, 2);
    for (const dir of packages) assert.ok(existsSync(path.join(stateDir, 'functions', 'kept', dir, 'lib', 'label.js')));
  });
});
