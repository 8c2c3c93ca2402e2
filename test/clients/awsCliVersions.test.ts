// Versions, aliases, tags and account settings of the local cloud through the real AWS CLI, and
// a deploy with every AWS CLI found on the machine (e.g. a pip-installed v1 beside Debian's v2).
import assert from 'node:assert/strict';
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

describe('aws lambda: versions, aliases, tags on the local cloud of swb serve', () => {
  let clients: Clients;
  let serve: Serve;
  let nodeZip: string;
  const lambda = <T = Configuration>(...args: string[]): Promise<T> => awsJson<T>(serve, clients.aws, ['lambda', ...args]);

  before(async () => {
    clients = await requireClients();
    serve = await startServe();
    nodeZip = deployZip(serve, 'node', 'v1');
    await lambda('create-function', '--function-name', 'versioned', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--role', ROLE, '--zip-file', `fileb://${nodeZip}`, '--environment', 'Variables={MODE=blue}');
    await lambda('wait', 'function-active-v2', '--function-name', 'versioned');
  });
  after(() => serve?.close());

  test('publish-version, create-alias, then a configuration change: invoke --qualifier <alias> runs the version', async () => {
    const version = await lambda('publish-version', '--function-name', 'versioned');
    assert.equal(version.Version, '1');
    assert.equal(version.FunctionArn, `${ARN_PREFIX}versioned:1`);
    const alias = await lambda<{ AliasArn: string; FunctionVersion: string }>('create-alias', '--function-name', 'versioned', '--name', 'live', '--function-version', '1');
    assert.equal(alias.AliasArn, `${ARN_PREFIX}versioned:live`);
    assert.equal(alias.FunctionVersion, '1');

    await lambda('update-function-configuration', '--function-name', 'versioned', '--environment', 'Variables={MODE=green}');
    await lambda('wait', 'function-updated-v2', '--function-name', 'versioned');
    const [viaAlias, latest] = await Promise.all([
      invokeToFile(serve, clients.aws, ['--function-name', 'versioned', '--qualifier', 'live']),
      invokeToFile(serve, clients.aws, ['--function-name', 'versioned']),
    ]);
    assert.equal(viaAlias.answer.ExecutedVersion, '1');
    assert.equal(viaAlias.result.mode, 'blue', 'the alias runs version 1, published before the change');
    assert.equal(latest.answer.ExecutedVersion, '$LATEST');
    assert.equal(latest.result.mode, 'green');
  });

  test('tag-resource / list-tags, get-account-settings', async () => {
    const arn = `${ARN_PREFIX}versioned`;
    const [tagged, settings] = await Promise.all([
      runAws(serve, clients.aws, ['lambda', 'tag-resource', '--resource', arn, '--tags', 'team=blue,stage=dev']),
      lambda<{ AccountLimit: Record<string, number>; AccountUsage: Record<string, number> }>('get-account-settings'),
    ]);
    assert.equal(tagged.code, 0, tagged.stderr);
    assert.deepEqual(await lambda<{ Tags: Record<string, string> }>('list-tags', '--resource', arn), { Tags: { team: 'blue', stage: 'dev' } });
    assert.equal(settings.AccountLimit.ConcurrentExecutions, 1000);
    assert.equal(settings.AccountLimit.CodeSizeZipped, 52_428_800);
    assert.equal(settings.AccountUsage.FunctionCount, 1);
  });

  test('the other AWS CLIs on PATH (or, with none, this one) create, wait for, invoke and delete a function', async (t) => {
    const others = clients.extraAws.length ? clients.extraAws : [clients.aws];
    t.diagnostic(`AWS CLIs: ${others.map((c) => `${c.version} (${c.path})`).join(', ')}`);
    await Promise.all(
      others.map(async (cli, i) => {
        const name = `any-cli-${i}`;
        const created = await awsJson<Configuration>(serve, cli, [
          'lambda', 'create-function', '--function-name', name, '--runtime', 'nodejs20.x', '--handler', 'index.handler',
          '--role', ROLE, '--zip-file', `fileb://${nodeZip}`, '--environment', `Variables={MODE=cli${i}}`,
        ]);
        assert.equal(created.State, 'Pending', cli.version);
        await awsJson(serve, cli, ['lambda', 'wait', 'function-active-v2', '--function-name', name]);
        assert.equal((await invokeToFile(serve, cli, ['--function-name', name])).result.mode, `cli${i}`, cli.version);
        const deleted = await runAws(serve, cli, ['lambda', 'delete-function', '--function-name', name]);
        assert.equal(deleted.code, 0, `${cli.version}: ${deleted.stderr}`);
      }),
    );
  });
});
