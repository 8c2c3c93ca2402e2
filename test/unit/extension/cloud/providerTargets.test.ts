import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CloudSettings } from '../../../../src/extension/cloud/providerTargets';
import { defaultCloudSettings, defaultTarget, localTarget, providerConfig, sameTarget, settingsAwsTarget, targetKey, targetLabel } from '../../../../src/extension/cloud/providerTargets';

const settings = (overrides: Partial<CloudSettings> = {}): CloudSettings => ({ ...defaultCloudSettings, ...overrides });

describe('provider targets', () => {
  test('the default provider setting picks the local cloud or the AWS profile and region of the settings', () => {
    assert.deepEqual(defaultTarget(settings()), localTarget);
    assert.deepEqual(defaultTarget(settings({ defaultProvider: 'aws', awsProfile: 'dev', awsRegion: 'eu-west-1' })), { provider: 'aws', profile: 'dev', region: 'eu-west-1' });
    // Empty settings stay unset, so the provider applies AWS_PROFILE / the default chain.
    assert.deepEqual(settingsAwsTarget(settings()), { provider: 'aws' });
  });

  test('keys tell targets apart and ignore how they were built', () => {
    assert.equal(targetKey(localTarget), 'local');
    assert.equal(targetKey({ provider: 'aws', profile: 'dev', region: 'eu-west-1' }), 'aws:dev:eu-west-1');
    assert.equal(targetKey({ provider: 'aws' }), 'aws::');
    assert.ok(sameTarget({ provider: 'aws', region: 'us-east-1', profile: 'a' }, { provider: 'aws', profile: 'a', region: 'us-east-1' }));
    assert.ok(!sameTarget({ provider: 'aws', profile: 'a' }, { provider: 'aws', profile: 'b' }));
  });

  test('the local target gets the running endpoint; AWS gets the endpoint URL and role settings', () => {
    assert.deepEqual(providerConfig(localTarget, settings({ awsEndpointUrl: 'http://x' }), 'http://127.0.0.1:4000'), { provider: 'local', endpoint: 'http://127.0.0.1:4000' });
    assert.deepEqual(
      providerConfig({ provider: 'aws', profile: 'dev' }, settings({ awsEndpointUrl: 'http://localhost:4566', awsRoleArn: 'arn:aws:iam::123456789012:role/r' })),
      { provider: 'aws', profile: 'dev', endpoint: 'http://localhost:4566', role: 'arn:aws:iam::123456789012:role/r' },
    );
    assert.deepEqual(providerConfig({ provider: 'aws' }, settings()), { provider: 'aws' });
  });

  test('labels for titles', () => {
    assert.equal(targetLabel(localTarget), 'local cloud');
    assert.equal(targetLabel({ provider: 'aws', profile: 'dev', region: 'eu-west-1' }), 'AWS dev · eu-west-1');
    assert.equal(targetLabel({ provider: 'aws' }), 'AWS default profile');
  });
});
