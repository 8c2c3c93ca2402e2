import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { createProvider } from '../../../../src/core/providers';
import { ProviderError } from '../../../../src/core/providers/errors';
import type { DeployedFunction } from '../../../../src/core/providers/types';
import type { DeployedNode } from '../../../../src/extension/views/deployedNodes';
import {
  deployedCommands,
  deployedFunctionNode,
  errorNodes,
  functionDescription,
  isDeployedNode,
  loadMoreNode,
  localStoppedNode,
  relativeTime,
  stateText,
} from '../../../../src/extension/views/deployedNodes';

const now = Date.parse('2024-05-01T12:00:00Z');
const hello: DeployedFunction = {
  name: 'hello',
  arn: 'arn:aws:lambda:us-east-1:000000000000:function:hello',
  runtime: 'nodejs20.x',
  handler: 'index.handler',
  memorySize: 128,
  timeout: 3,
  codeSize: 1234,
  codeSha256: 'abc=',
  lastModified: '2024-05-01T11:55:00.000+0000',
  state: 'Active',
  lastUpdateStatus: 'Successful',
  environment: { STAGE: 'dev', DB_PASSWORD: 'hunter22' },
};

async function children(node: DeployedNode): Promise<DeployedNode[]> {
  assert.ok(node.children, `${node.label} has children`);
  return (await node.children()) as DeployedNode[];
}

describe('deployed function nodes', () => {
  test('ages and descriptions', () => {
    assert.equal(relativeTime('2024-05-01T11:59:30.000+0000', now), 'just now');
    assert.equal(relativeTime('2024-05-01T11:55:00.000+0000', now), '5 min ago');
    assert.equal(relativeTime('2024-05-01T09:00:00Z', now), '3 h ago');
    assert.equal(relativeTime('2024-04-20T12:00:00Z', now), '11 d ago');
    assert.equal(relativeTime('2023-01-02T12:00:00Z', now), '2023-01-02');
    assert.equal(relativeTime('yesterday', now), 'yesterday');
    assert.equal(functionDescription(hello, now), 'nodejs20.x · 128 MB · 1.2 KB · 5 min ago');
    assert.equal(functionDescription({ name: 'img', arn: 'a', packageType: 'Image' }, now), 'container image');
  });

  test('states worth showing', () => {
    assert.equal(stateText(hello), undefined);
    assert.equal(stateText({ ...hello, state: 'Pending' }), 'Pending');
    assert.equal(stateText({ ...hello, lastUpdateStatus: 'Failed', stateReason: 'bad zip' }), 'update Failed: bad zip');
  });

  test('a function node carries what its commands need, and its configuration masks secrets', async () => {
    const parent: DeployedNode = { id: 'deployed:local/endpoint', label: '127.0.0.1:3001' };
    const node = deployedFunctionNode(hello, {
      target: { provider: 'local' },
      location: 'local cloud at http://127.0.0.1:3001',
      parent,
      now,
      versions: async () => [{ version: '$LATEST' }, { version: '1', lastModified: '2024-05-01T11:00:00Z', codeSha256: 'abc=' }],
      aliases: async () => [{ name: 'live', version: '1', arn: `${hello.arn}:live` }],
    });
    assert.equal(node.id, 'deployed:local/endpoint/fn:hello');
    assert.equal(node.label, 'hello');
    assert.equal(node.description, 'nodejs20.x · 128 MB · 1.2 KB · 5 min ago');
    assert.equal(node.contextValue, 'deployedFunction');
    assert.equal(node.icon, 'symbol-function');
    assert.equal(node.parent, parent);
    assert.match(node.tooltip ?? '', /^hello — local cloud at http:\/\/127\.0\.0\.1:3001\narn:aws:lambda:/);
    assert.ok(isDeployedNode(node));
    assert.deepEqual(node.deployed, { target: { provider: 'local' }, name: 'hello', arn: hello.arn });

    const [configuration, versions, aliases] = await children(node);
    assert.deepEqual([configuration.label, versions.label, aliases.label], ['Configuration', 'Versions', 'Aliases']);
    assert.ok([configuration, versions, aliases].every((child) => child.parent === node));
    const settings = await children(configuration);
    const row = (label: string) => settings.find((s) => s.label === label)?.description;
    assert.equal(row('Memory'), '128 MB');
    assert.equal(row('Handler'), 'index.handler');
    assert.equal(row('State'), 'Active, last update Successful');
    const environment = await children(settings.find((s) => s.label === 'Environment')!);
    assert.deepEqual(
      environment.map((e) => [e.label, e.description]),
      [
        ['STAGE', 'dev'],
        ['DB_PASSWORD', '********'],
      ],
    );

    const versionNodes = await children(versions);
    assert.deepEqual(versionNodes.map((v) => v.label), ['$LATEST', 'Version 1']);
    assert.deepEqual(versionNodes[1].deployed, { target: { provider: 'local' }, name: 'hello', arn: `${hello.arn}:1`, qualifier: '1' });
    assert.equal(versionNodes[0].deployed?.qualifier, undefined);
    const [live] = await children(aliases);
    assert.deepEqual([live.label, live.description, live.contextValue, live.deployed?.qualifier], ['live', '→ 1', 'deployedAlias', 'live']);
  });

  test('a failing version list becomes an error node under it, and an empty one says so', async () => {
    const node = deployedFunctionNode(hello, {
      target: { provider: 'aws', profile: 'dev', region: 'eu-west-1' },
      location: 'x',
      now,
      versions: async () => {
        throw new ProviderError('access denied (profile "dev", eu-west-1): not allowed', 'access-denied');
      },
      aliases: async () => [],
    });
    const [, versions, aliases] = await children(node);
    const [denied] = await children(versions);
    assert.equal(denied.label, 'Access denied');
    assert.equal(denied.command?.command, deployedCommands.pickAwsProfile);
    assert.deepEqual((await children(aliases)).map((n) => n.label), ['No aliases']);
  });

  test('load more and the stopped local cloud', () => {
    const parent: DeployedNode = { id: 'p', label: 'p' };
    const more = loadMoreNode('aws:dev:eu-west-1', parent, 50);
    assert.deepEqual(more.command, { command: deployedCommands.loadMore, title: 'Load More', arguments: ['aws:dev:eu-west-1'] });
    assert.equal(more.description, '50 shown');
    const stopped = localStoppedNode(parent);
    assert.equal(stopped.label, 'Local cloud is not running — Start');
    assert.equal(stopped.command?.command, deployedCommands.startLocalCloud);
    assert.ok(!isDeployedNode(stopped));
  });
});

describe('errors as nodes', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'swb-no-aws-'));
  after(() => rmSync(home, { recursive: true, force: true }));
  const env = { HOME: home, AWS_CONFIG_FILE: path.join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials') };

  test('nothing listening at the local cloud’s endpoint offers to start it', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const provider = createProvider({ provider: 'local', endpoint: `http://127.0.0.1:${port}`, sdkMaxAttempts: 1 });
    try {
      const error = await provider.listFunctions().then(
        () => assert.fail('listing a closed port succeeded'),
        (e: unknown) => e,
      );
      const nodes = errorNodes(error, { provider: 'local' });
      assert.equal(nodes.length, 1);
      assert.equal(nodes[0].label, 'Local cloud is not running — Start');
      assert.equal(nodes[0].command?.command, deployedCommands.startLocalCloud);
      assert.match(nodes[0].tooltip ?? '', /no local cloud at http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      provider.dispose();
    }
  });

  test('a profile without credentials offers the command that fixes it and another profile', async () => {
    const provider = createProvider({ provider: 'aws', profile: 'ghost', region: 'eu-west-1', env });
    try {
      const error = await provider.listFunctions().then(
        () => assert.fail('listing without credentials succeeded'),
        (e: unknown) => e,
      );
      const [fix, pick] = errorNodes(error, { provider: 'aws', profile: 'ghost', region: 'eu-west-1' });
      assert.equal(fix.label, 'No usable AWS credentials');
      assert.match(fix.description ?? '', /AWS profile "ghost" not found/);
      assert.deepEqual(fix.command, { command: deployedCommands.runFix, title: 'Run', arguments: ['aws configure --profile ghost'] });
      assert.equal(pick.command?.command, deployedCommands.pickAwsProfile);
    } finally {
      provider.dispose();
    }
  });

  test('other failures: retry', () => {
    const [network] = errorNodes(new ProviderError('cannot reach lambda.eu-west-1.amazonaws.com (ENOTFOUND)', 'network'), { provider: 'aws' });
    assert.equal(network.label, 'Cannot reach AWS Lambda');
    assert.equal(network.command?.command, deployedCommands.refresh);
    const [other] = errorNodes(new Error('boom\nstack'), { provider: 'local' });
    assert.deepEqual([other.label, other.description, other.command?.command], ['Could not load', 'boom', deployedCommands.refresh]);
  });
});
