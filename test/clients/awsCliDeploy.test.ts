// The local cloud (Lambda control plane of `swb serve`) driven by the real AWS CLI as a deploy
// script drives Lambda: create from a zip, wait, read, list, update code and configuration, delete.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  ARN_PREFIX,
  awsJson,
  deployZip,
  invokeToFile,
  requireClients,
  ROLE,
  runAws,
  startServe,
  type Clients,
  type Configuration,
  type Serve,
} from '../helpers/awsClients';

describe('aws lambda: deploy to the local cloud of swb serve', () => {
  let clients: Clients;
  let serve: Serve;
  let nodeZip: string;
  const lambda = <T = Configuration>(...args: string[]): Promise<T> => awsJson<T>(serve, clients.aws, ['lambda', ...args]);
  const invoke = (...args: string[]) => invokeToFile(serve, clients.aws, args);

  before(async () => {
    clients = await requireClients();
    serve = await startServe();
    nodeZip = deployZip(serve, 'node', 'v1');
  });
  after(() => serve?.close());

  test('create-function from fileb:// zips (Node and Python), wait function-active-v2, get-function, invoke', async () => {
    const [node, python] = await Promise.all([
      lambda('create-function', '--function-name', 'cli-node', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--role', ROLE, '--zip-file', `fileb://${nodeZip}`),
      lambda('create-function', '--function-name', 'cli-python', '--runtime', 'python3.11', '--handler', 'app.handler', '--role', ROLE, '--zip-file', `fileb://${deployZip(serve, 'python')}`),
    ]);
    const zip = readFileSync(nodeZip);
    assert.equal(node.State, 'Pending');
    assert.equal(node.FunctionArn, `${ARN_PREFIX}cli-node`);
    assert.equal(node.CodeSha256, createHash('sha256').update(zip).digest('base64'), 'CodeSha256 is the base64 SHA-256 of the zip sent');
    assert.equal(node.CodeSize, zip.length);
    assert.equal(python.Runtime, 'python3.11');

    await Promise.all(['cli-node', 'cli-python'].map((name) => lambda('wait', 'function-active-v2', '--function-name', name)));
    const [got, nodeRun, pythonRun] = await Promise.all([
      lambda<{ Configuration: Configuration; Code: { RepositoryType: string; Location: string } }>('get-function', '--function-name', 'cli-node'),
      invoke('--function-name', 'cli-node'),
      invoke('--function-name', 'cli-python'),
    ]);
    assert.equal(got.Configuration.State, 'Active');
    assert.equal(got.Configuration.LastUpdateStatus, 'Successful');
    assert.equal(got.Configuration.Handler, 'index.handler');
    assert.equal(got.Configuration.MemorySize, 128);
    assert.equal(got.Configuration.Timeout, 3);
    assert.equal(got.Configuration.PackageType, 'Zip');
    assert.deepEqual(got.Configuration.Architectures, ['x86_64']);
    assert.equal(got.Code.RepositoryType, 'S3');
    const download = await fetch(got.Code.Location);
    assert.equal(download.status, 200);
    assert.ok(Buffer.from(await download.arrayBuffer()).equals(zip), 'Code.Location serves the uploaded zip');
    assert.deepEqual(nodeRun.result, { code: 'v1', mode: null, event: {} });
    assert.deepEqual(pythonRun.result, { code: 'python', mode: null, event: {} });
  });

  test('list-functions: --max-items 1 resumes with --starting-token; --page-size 1 follows server-side markers', async () => {
    const [first, paged] = await Promise.all([
      lambda<{ Functions: Configuration[]; NextToken?: string }>('list-functions', '--max-items', '1'),
      lambda<{ Functions: Configuration[] }>('list-functions', '--page-size', '1'),
    ]);
    assert.deepEqual(first.Functions.map((f) => f.FunctionName), ['cli-node']);
    assert.ok(first.NextToken, 'a NextToken to resume from');
    assert.deepEqual(paged.Functions.map((f) => f.FunctionName), ['cli-node', 'cli-python']);
    const second = await lambda<{ Functions: Configuration[]; NextToken?: string }>('list-functions', '--max-items', '1', '--starting-token', first.NextToken);
    assert.deepEqual(second.Functions.map((f) => f.FunctionName), ['cli-python']);
    assert.equal(second.NextToken, undefined);
  });

  test('update-function-code / update-function-configuration, wait function-updated-v2: invokes see the change', async () => {
    const newCode = async (): Promise<unknown> => {
      const updated = await lambda('update-function-code', '--function-name', 'cli-node', '--zip-file', `fileb://${deployZip(serve, 'node', 'v2')}`);
      assert.equal(updated.LastUpdateStatus, 'InProgress');
      await lambda('wait', 'function-updated-v2', '--function-name', 'cli-node');
      return (await invoke('--function-name', 'cli-node')).result.code;
    };
    const newEnvironment = async (): Promise<unknown> => {
      const updated = await lambda('update-function-configuration', '--function-name', 'cli-python', '--environment', 'Variables={MODE=blue}');
      assert.equal(updated.LastUpdateStatus, 'InProgress');
      assert.deepEqual(updated.Environment, { Variables: { MODE: 'blue' } });
      await lambda('wait', 'function-updated-v2', '--function-name', 'cli-python');
      return (await invoke('--function-name', 'cli-python')).result.mode;
    };
    assert.deepEqual(await Promise.all([newCode(), newEnvironment()]), ['v2', 'blue']);
  });

  test('delete-function, then get-function is ResourceNotFoundException', async () => {
    const deleted = await runAws(serve, clients.aws, ['lambda', 'delete-function', '--function-name', 'cli-python']);
    assert.equal(deleted.code, 0, deleted.stderr);
    const gone = await runAws(serve, clients.aws, ['lambda', 'get-function', '--function-name', 'cli-python']);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, new RegExp(`\\(ResourceNotFoundException\\) when calling the GetFunction operation: Function not found: ${ARN_PREFIX}cli-python$`, 'm'));
  });
});
