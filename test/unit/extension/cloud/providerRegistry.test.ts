import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Provider, ProviderConfig } from '../../../../src/core/providers';
import { createProvider } from '../../../../src/core/providers';
import { ProviderRegistry } from '../../../../src/extension/cloud/providerRegistry';
import type { CloudSettings } from '../../../../src/extension/cloud/providerTargets';
import { defaultCloudSettings, localTarget } from '../../../../src/extension/cloud/providerTargets';

/** A registry making real providers, recording what it made and which were disposed. */
function registry(settings: () => CloudSettings, endpoint: () => string) {
  const made: { config: ProviderConfig; provider: Provider; disposed: boolean }[] = [];
  let started = 0;
  const providers = new ProviderRegistry({
    settings,
    localEndpoint: async () => {
      started++;
      return endpoint();
    },
    create: (config) => {
      const provider = createProvider(config);
      const entry = { config, provider, disposed: false };
      const dispose = provider.dispose.bind(provider);
      provider.dispose = () => {
        entry.disposed = true;
        dispose();
      };
      made.push(entry);
      return provider;
    },
  });
  return { providers, made, startedCount: () => started };
}

describe('ProviderRegistry', () => {
  test('the local provider points at the running local cloud, started on first use, and is reused', async () => {
    const { providers, made, startedCount } = registry(() => defaultCloudSettings, () => 'http://127.0.0.1:4123');
    const first = await providers.get(localTarget);
    const second = await providers.get(localTarget);
    assert.equal(first, second);
    assert.equal(startedCount(), 2, 'every use makes sure the local cloud runs');
    assert.equal(made.length, 1);
    assert.equal(first.location.endpoint, 'http://127.0.0.1:4123');
    assert.equal(first.description.id, 'local');
    providers.dispose();
  });

  test('a local cloud restarted on another port gets a new provider', async () => {
    let port = 4123;
    const { providers, made } = registry(() => defaultCloudSettings, () => `http://127.0.0.1:${port}`);
    const before = await providers.get(localTarget);
    port = 4200;
    const after = await providers.get(localTarget);
    assert.notEqual(before, after);
    assert.equal(after.location.endpoint, 'http://127.0.0.1:4200');
    assert.equal(made.length, 2);
    providers.dispose();
  });

  test('AWS providers follow the target and the settings; reset drops one kind or all', async () => {
    let settings: CloudSettings = { ...defaultCloudSettings, awsEndpointUrl: 'http://127.0.0.1:4566' };
    const { providers, made } = registry(() => settings, () => 'http://127.0.0.1:4123');
    const dev = await providers.get({ provider: 'aws', profile: 'dev', region: 'eu-west-1' });
    assert.equal(dev.location.profile, 'dev');
    assert.equal(dev.location.region, 'eu-west-1');
    assert.equal(dev.location.endpoint, 'http://127.0.0.1:4566');
    assert.equal(await providers.get({ provider: 'aws', profile: 'dev', region: 'eu-west-1' }), dev);
    assert.notEqual(await providers.get({ provider: 'aws', profile: 'dev', region: 'us-east-1' }), dev);

    settings = { ...settings, awsEndpointUrl: '' };
    const changed = await providers.get({ provider: 'aws', profile: 'dev', region: 'eu-west-1' });
    assert.notEqual(changed, dev, 'a changed setting makes a new provider');
    assert.equal(changed.location.endpoint, undefined);

    const local = await providers.get(localTarget);
    providers.reset('local');
    assert.equal(made.find((m) => m.provider === local)?.disposed, true);
    assert.equal(made.find((m) => m.provider === dev)?.disposed, false, 'resetting the local cloud leaves AWS providers alone');
    providers.reset();
    assert.ok(made.every((m) => m.disposed));
  });
});
