// boto3's invoke_with_response_stream against `swb serve`: test/fixtures/clients/boto3_streaming.py
// makes the calls and prints what it saw; this file asserts on it, for every boto3 found whose
// botocore has the operation (it came in 2023: Debian's 1.29 has not). The AWS CLI has no
// invoke-with-response-stream command (v1 nor v2), so no CLI drives it here.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Boto3Python } from '../../scripts/setup-clients.mjs' with { 'resolution-mode': 'import' };
import { writeZip } from '../../src/core/package/zip';
import { clientsFixtures, requireClients, runFile, startServe, type Serve, boto3Check, type Boto3Check } from '../helpers/awsClients';

type Check = Boto3Check;
interface Streamed {
  status: number;
  contentType: string;
  executedVersion: string;
  chunks: string[];
  spreadMs: number | null;
  completes: Record<string, string>[];
}

const fixtures = join(__dirname, '..', 'fixtures', 'streaming');
const hasOperation = 'import botocore.session as s; print("InvokeWithResponseStream" in s.get_session().get_service_model("lambda").operation_names)';

describe('boto3 invoke_with_response_stream against swb serve', () => {
  let serve: Serve;
  const streaming: Boto3Python[] = [];
  const without: Boto3Python[] = [];
  const results = new Map<Boto3Python, Record<string, Check>>();

  before(async () => {
    const clients = await requireClients();
    for (const python of [clients.python, ...clients.extraPythons]) {
      const probe = await runFile(python.path, ['-c', hasOperation], process.env, fixtures);
      assert.equal(probe.code, 0, `${python.path}: ${probe.stderr}`);
      (probe.stdout.trim() === 'True' ? streaming : without).push(python);
    }
    serve = await startServe(join(fixtures, 'project'));
    const zip = join(serve.dir, 'streaming.zip');
    writeFileSync(zip, writeZip([{ path: 'index.js', data: readFileSync(join(fixtures, 'project', 'index.js'), 'utf8') }]));
    // One after the other, each deploying a function of its own (streamed-<i>).
    for (const [i, python] of streaming.entries()) {
      const run = await runFile(python.path, [join(clientsFixtures, 'boto3_streaming.py'), serve.endpoint, zip, String(i)], serve.env, serve.dir);
      assert.equal(run.code, 0, `${python.path}: ${run.stderr}`);
      results.set(python, JSON.parse(run.stdout) as Record<string, Check>);
    }
  });
  after(() => serve?.close());

  const checked = (python: Boto3Python, name: string): Check => boto3Check(results, python, name);
  const each = (fn: (python: Boto3Python) => void): void => {
    for (const python of streaming) fn(python);
  };

  test('at least one boto3 found has the operation (the others are named)', (t) => {
    t.diagnostic(`with InvokeWithResponseStream: ${streaming.map((p) => `botocore ${p.botocore} (${p.path})`).join(', ') || 'none'}`);
    t.diagnostic(`without: ${without.map((p) => `botocore ${p.botocore} (${p.path})`).join(', ') || 'none'}`);
    assert.ok(streaming.length > 0, 'no boto3 with InvokeWithResponseStream: pip install a boto3 newer than 1.26.100, or set SWB_PYTHON');
  });

  test('a streamifyResponse handler: text/plain chunks read from EventStream as they are written, then InvokeComplete', () => {
    each((python) => {
      const got = checked(python, 'chunks') as unknown as Streamed;
      assert.equal(got.status, 200);
      assert.equal(got.contentType, 'text/plain');
      assert.equal(got.executedVersion, '$LATEST');
      assert.equal(got.chunks.join(''), 'one\ntwo\nthree\n');
      assert.equal(got.chunks[0], 'one\n');
      // The handler pauses 2 × 750 ms between its first and last write.
      assert.ok((got.spreadMs ?? 0) >= 1000, `first and last chunk ${got.spreadMs} ms apart`);
      assert.deepEqual(got.completes, [{}]);
    });
  });

  test('an error after the first chunk: the chunk, then InvokeComplete with ErrorCode, ErrorDetails and LogResult', () => {
    each((python) => {
      const got = checked(python, 'failsAfterFirstChunk') as unknown as Streamed;
      assert.equal(got.status, 200);
      assert.deepEqual(got.chunks, ['first\n']);
      assert.equal(got.completes.length, 1);
      const [complete] = got.completes;
      assert.equal(complete.ErrorCode, 'RangeError');
      assert.equal(complete.ErrorDetails, 'gave up after the first chunk');
      assert.match(complete.LogResult, /REPORT RequestId: /);
    });
  });

  test('an ordinary handler: its JSON as one chunk, application/json', () => {
    each((python) => {
      const got = checked(python, 'plain') as unknown as Streamed;
      assert.equal(got.contentType, 'application/json');
      assert.deepEqual(
        got.chunks.map((c) => JSON.parse(c) as unknown),
        [{ plain: true, event: { n: 1 } }],
      );
    });
  });

  test('a function deployed to the local cloud, through an alias: the version it ran in ExecutedVersion', () => {
    each((python) => {
      const got = checked(python, 'deployedAlias') as unknown as Streamed;
      assert.equal(got.executedVersion, '1');
      assert.equal(got.contentType, 'text/plain');
      assert.equal(got.chunks.join(''), 'one\ntwo\nthree\n');
    });
  });

  test('an unknown function: ClientError ResourceNotFoundException, HTTP 404', () => {
    each((python) => assert.deepEqual(checked(python, 'unknownFunction'), { code: 'ResourceNotFoundException', httpStatus: 404 }));
  });
});
