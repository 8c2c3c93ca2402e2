import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { discoverFunctions } from '../../../../src/core/project/discover';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';
import type { Provider } from '../../../../src/core/providers';
import type { AwsProfileEntry } from '../../../../src/extension/cloud/awsProfiles';
import type { LocalCloudState } from '../../../../src/extension/cloud/localCloud';
import { ProviderRegistry } from '../../../../src/extension/cloud/providerRegistry';
import { defaultCloudSettings, localTarget } from '../../../../src/extension/cloud/providerTargets';
import { DeployedFunctionsModel } from '../../../../src/extension/views/deployedFunctions';
import type { DeployedNode } from '../../../../src/extension/views/deployedNodes';
import { deployedCommands } from '../../../../src/extension/views/deployedNodes';
import { startCloudServer, tempStateDir, type CloudServer } from '../../core/cloud/cloudServer';

/**
 * The Deployed Functions view's model against a real local cloud (the control plane over the real
 * emulator): functions deployed with the real provider show up, page by page, with versions and
 * aliases; AWS profiles list through the same API when pointed at it.
 */

const project = path.join(__dirname, '..', '..', '..', 'fixtures', 'deploy-editor', 'project');
const awsHome = mkdtempSync(path.join(tmpdir(), 'swb-deployed-aws-'));
after(() => rmSync(awsHome, { recursive: true, force: true }));
writeFileSync(path.join(awsHome, 'config'), '[profile dev]\nregion = eu-west-1\n\n[profile ghost]\nregion = us-west-2\n');
writeFileSync(path.join(awsHome, 'credentials'), '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n');
// This file runs in its own process: the AWS SDK reads the shared files from here.
Object.assign(process.env, { HOME: awsHome, AWS_CONFIG_FILE: path.join(awsHome, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(awsHome, 'credentials') });
for (const name of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[name];

async function children(node: DeployedNode | undefined): Promise<DeployedNode[]> {
  assert.ok(node?.children, `${node?.label} has children`);
  return (await node.children()) as DeployedNode[];
}

const labels = (nodes: DeployedNode[]): string[] => nodes.map((n) => n.label);

describe('DeployedFunctionsModel', () => {
  const stateDir = tempStateDir(after);
  let cloud: CloudServer;
  let spec: FunctionSpec;
  let deployer: Provider;
  const local: { state: LocalCloudState; endpoint?: string } = { state: 'stopped' };
  let defaultProvider: 'local' | 'aws' = 'local';
  let changes = 0;
  const profiles: AwsProfileEntry[] = [
    { name: 'dev', region: 'eu-west-1', selected: true, sso: false },
    { name: 'ghost', region: 'us-west-2', selected: false, sso: false },
  ];
  let providers: ProviderRegistry;
  let model: DeployedFunctionsModel;

  before(async () => {
    cloud = await startCloudServer({ stateDir, delays: { createMs: 20, updateMs: 20 } });
    spec = (await discoverFunctions(project)).functions.find((f) => f.name === 'greet')!;
    // AWS targets point at the local cloud too (as with LocalStack), so they list for real.
    providers = new ProviderRegistry({ settings: () => ({ ...defaultCloudSettings, awsEndpointUrl: cloud.endpoint }), localEndpoint: async () => cloud.endpoint });
    deployer = await providers.get(localTarget);
    model = new DeployedFunctionsModel({
      defaultProvider: () => defaultProvider,
      localCloud: local,
      awsProfiles: () => profiles,
      awsTarget: (entry) => ({ provider: 'aws', profile: entry.name, region: entry.region }),
      providers,
      pageSize: 2,
      now: () => Date.now(),
      onDidChange: () => changes++,
    });
  });
  after(async () => {
    providers?.dispose();
    await cloud?.close();
  });

  test('the default provider comes first and expanded; a stopped local cloud offers Start', async () => {
    const [first, second] = model.roots();
    assert.deepEqual([first.label, first.expanded, first.description], ['Local cloud', true, 'not running']);
    assert.deepEqual([second.label, second.expanded], ['AWS Lambda', false]);
    assert.deepEqual(labels(await children(first)), ['Local cloud is not running — Start']);
    local.state = 'starting';
    assert.deepEqual(labels(await children(model.roots()[0])), ['Starting the local cloud…']);
    local.state = 'stopped';
    defaultProvider = 'aws';
    assert.deepEqual(labels(model.roots()), ['AWS Lambda', 'Local cloud']);
    assert.equal(model.roots()[0].expanded, true);
    defaultProvider = 'local';
  });

  test('a running local cloud with nothing deployed offers Deploy', async () => {
    Object.assign(local, { state: 'running', endpoint: cloud.endpoint });
    const [root] = model.roots();
    assert.equal(root.description, 'running');
    const [endpoint] = await children(root);
    assert.equal(endpoint.label, new URL(cloud.endpoint).host);
    const [none] = await children(endpoint);
    assert.equal(none.label, 'No functions deployed yet');
    assert.equal(none.command?.command, deployedCommands.deploy);
  });

  test('deployed functions are listed a page at a time, kept until cleared', async () => {
    await deployer.deploy({ spec, project: 'project' });
    const [endpoint] = await children(model.roots()[0]);
    assert.deepEqual(labels(await children(endpoint)), ['No functions deployed yet'], 'the empty list is kept until cleared');

    await deployer.deploy({ spec: { ...spec, functionName: 'greet-2' } });
    await deployer.deploy({ spec: { ...spec, functionName: 'greet-3' } });
    model.clear('local');
    const firstPage = await children(endpoint);
    assert.deepEqual(labels(firstPage), ['greet', 'greet-2', 'Load more…']);
    assert.match(firstPage[0].description ?? '', /^nodejs20\.x · 192 MB · \d+(\.\d)? (B|KB) · just now$/);
    assert.deepEqual(firstPage[2].command?.arguments, ['local']);

    const before = changes;
    await model.loadMore('local');
    assert.equal(changes, before + 1, 'the tree is told to render again');
    assert.deepEqual(labels(await children(endpoint)), ['greet', 'greet-2', 'greet-3']);
  });

  test('a function shows its configuration, versions and aliases', async () => {
    await deployer.deploy({ spec, alias: 'live' });
    model.clear();
    const node = await model.findFunction(localTarget, 'greet');
    assert.ok(node);
    assert.equal(node.id, 'deployed:local/endpoint/fn:greet');
    assert.equal(node.parent?.id, 'deployed:local/endpoint');
    assert.deepEqual(node.deployed, { target: localTarget, name: 'greet', arn: 'arn:aws:lambda:us-east-1:000000000000:function:greet' });
    const [configuration, versions, aliases] = await children(node);
    const settings = await children(configuration);
    assert.equal(settings.find((s) => s.label === 'Timeout')?.description, '5 s');
    const environment = await children(settings.find((s) => s.label === 'Environment'));
    assert.deepEqual(
      environment.map((e) => `${e.label}=${e.description}`),
      ['STAGE=test', 'API_TOKEN=********'],
    );
    assert.deepEqual(labels(await children(versions)), ['$LATEST', 'Version 1']);
    const [live] = await children(aliases);
    assert.deepEqual([live.label, live.description], ['live', '→ 1']);
  });

  test('AWS: profile → region → functions; a profile without credentials shows why and the fix', async () => {
    const aws = model.roots()[1];
    const [dev, ghost] = await children(aws);
    assert.deepEqual([dev.label, dev.description, dev.expanded], ['dev', 'selected', true]);
    assert.equal(ghost.expanded, false);
    const [region] = await children(dev);
    assert.deepEqual([region.label, region.id], ['eu-west-1', 'deployed:aws/p:dev/r:eu-west-1']);
    assert.deepEqual(labels(await children(region)), ['greet', 'greet-2', 'Load more…'], 'listed through the dev profile’s credentials');

    const [ghostRegion] = await children(ghost);
    const [fix, pick] = await children(ghostRegion);
    assert.equal(fix.label, 'No usable AWS credentials');
    assert.deepEqual(fix.command?.arguments, ['aws configure --profile ghost']);
    assert.equal(pick.command?.command, deployedCommands.pickAwsProfile);
    assert.equal(await model.findFunction({ provider: 'aws', profile: 'dev', region: 'eu-west-1' }, 'greet').then((n) => n?.id), 'deployed:aws/p:dev/r:eu-west-1/fn:greet');
  });

  test('a local cloud that went away offers Start again; the failure is not kept, so a retry lists again', async () => {
    let reachable = 'http://127.0.0.1:9';
    const stale = new ProviderRegistry({ settings: () => defaultCloudSettings, localEndpoint: async () => reachable });
    const broken = new DeployedFunctionsModel({
      defaultProvider: () => 'local',
      localCloud: local,
      awsProfiles: () => [],
      awsTarget: () => ({ provider: 'aws' }),
      providers: stale,
      onDidChange: () => undefined,
    });
    try {
      const [endpointNode] = await children(broken.roots()[0]);
      assert.deepEqual(labels(await children(endpointNode)), ['Local cloud is not running — Start']);
      reachable = cloud.endpoint;
      assert.deepEqual(labels(await children(endpointNode)), ['greet', 'greet-2', 'greet-3']);
    } finally {
      stale.dispose();
    }
  });
});
