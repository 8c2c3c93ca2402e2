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

/** The members a project function's configuration adds to what the other tests read. */
type FullConfiguration = Configuration & { Role: string; Description?: string };

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

  test('list-functions: the project functions beside the deployed ones; --max-items 2 resumes with --starting-token; --page-size 1 follows server-side markers', async () => {
    const all = ['boom', 'cli-node', 'cli-python', 'echo', 'pyecho'];
    const [first, paged] = await Promise.all([
      lambda<{ Functions: Configuration[]; NextToken?: string }>('list-functions', '--max-items', '2'),
      lambda<{ Functions: FullConfiguration[] }>('list-functions', '--page-size', '1'),
    ]);
    assert.deepEqual(first.Functions.map((f) => f.FunctionName), all.slice(0, 2));
    assert.ok(first.NextToken, 'a NextToken to resume from');
    assert.deepEqual(paged.Functions.map((f) => f.FunctionName), all, 'one name order over both sets, one page each');
    const rest = await lambda<{ Functions: Configuration[]; NextToken?: string }>('list-functions', '--max-items', '3', '--starting-token', first.NextToken);
    assert.deepEqual(rest.Functions.map((f) => f.FunctionName), all.slice(2));
    assert.equal(rest.NextToken, undefined);
    const echo = paged.Functions.find((f) => f.FunctionName === 'echo');
    assert.equal(echo?.Runtime, 'nodejs20.x');
    assert.equal(echo?.Role, 'arn:aws:iam::000000000000:role/serverless-workbench-project-function');
  });

  test("a project function: get-function-configuration, get-function, the waiters and the version/alias/tag lists work; changes are ResourceConflictException", async () => {
    const [config, got, versions, aliases, tags] = await Promise.all([
      lambda<FullConfiguration>('get-function-configuration', '--function-name', 'echo'),
      lambda<{ Configuration: Configuration; Code: { RepositoryType: string; Location?: string } }>('get-function', '--function-name', 'echo', '--qualifier', '$LATEST'),
      lambda<{ Versions: Configuration[] }>('list-versions-by-function', '--function-name', 'echo'),
      lambda<{ Aliases: unknown[] }>('list-aliases', '--function-name', 'echo'),
      lambda<{ Tags: Record<string, string> }>('list-tags', '--resource', `${ARN_PREFIX}echo`),
      lambda('wait', 'function-active-v2', '--function-name', 'echo'),
      lambda('wait', 'function-updated-v2', '--function-name', 'echo'),
    ]);
    assert.equal(config.FunctionArn, `${ARN_PREFIX}echo`);
    assert.deepEqual([config.Runtime, config.Handler, config.MemorySize, config.Timeout, config.Version], ['nodejs20.x', 'index.handler', 128, 3, '$LATEST']);
    assert.deepEqual([config.State, config.LastUpdateStatus, config.PackageType], ['Active', 'Successful', 'Zip']);
    assert.deepEqual(config.Environment, { Variables: { GREETING: 'from-manifest' } });
    assert.match(config.Description ?? '', /^Served from the workspace, defined by serverless-workbench\.json:\d+ \(Serverless Workbench manifest\)$/);
    // (LoggingConfig is newer than Debian's botocore, which drops it: the SDK tests check it.)
    assert.equal(config.Role, 'arn:aws:iam::000000000000:role/serverless-workbench-project-function');
    assert.equal(got.Configuration.FunctionArn, `${ARN_PREFIX}echo:$LATEST`);
    assert.equal(got.Code.RepositoryType, 'S3');
    assert.deepEqual(versions.Versions.map((v) => v.Version), ['$LATEST']);
    assert.deepEqual(aliases.Aliases, []);
    assert.deepEqual(tags.Tags, {});

    const refused = await runAws(serve, clients.aws, ['lambda', 'update-function-configuration', '--function-name', 'echo', '--timeout', '9']);
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      /\(ResourceConflictException\) when calling the UpdateFunctionConfiguration operation: Function echo is defined by serverless-workbench\.json:\d+ \(Serverless Workbench manifest\) and served from the workspace, so the Lambda API cannot change it: edit the file, or deploy it to the local cloud with `swb deploy echo --provider local`/,
    );
    const concurrency = await runAws(serve, clients.aws, ['lambda', 'put-function-concurrency', '--function-name', 'echo', '--reserved-concurrent-executions', '2']);
    assert.match(concurrency.stderr, /\(ResourceConflictException\) when calling the PutFunctionConcurrency operation: Function echo is defined by/);
  });

  test('create-function with a runtime Lambda does not know is InvalidParameterValueException naming it and the allowed set', async () => {
    const refused = await runAws(serve, clients.aws, [
      'lambda', 'create-function', '--function-name', 'cli-ancient', '--runtime', 'nodejs1.x', '--handler', 'index.handler', '--role', ROLE, '--zip-file', `fileb://${nodeZip}`,
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(InvalidParameterValueException\) when calling the CreateFunction operation: 1 validation error detected: Value 'nodejs1\.x' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs, .*provided\.al2023\]/);
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
