import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { awsProfileEntries, effectiveProfile, effectiveRegion, lambdaRegions, profileChoices, regionChoices } from '../../../../src/extension/cloud/awsProfiles';
import type { CloudSettings } from '../../../../src/extension/cloud/providerTargets';
import { defaultCloudSettings } from '../../../../src/extension/cloud/providerTargets';

const dir = mkdtempSync(path.join(tmpdir(), 'swb-aws-profiles-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const config = path.join(dir, 'config');
const credentials = path.join(dir, 'credentials');
writeFileSync(
  config,
  ['[default]', 'region = eu-west-1', '', '[profile dev]', 'region = eu-central-1', '', '[profile corp]', 'sso_session = corp', 'sso_account_id = 123456789012', 'region = us-west-2', ''].join('\n'),
);
writeFileSync(credentials, ['[default]', 'aws_access_key_id = AKIDEXAMPLE', 'aws_secret_access_key = secret', '', '[ci]', 'aws_access_key_id = AKIDCI', 'aws_secret_access_key = secret', ''].join('\n'));
/** Only the shared files: no AWS_REGION or AWS_PROFILE from the machine running the tests. */
const env = { HOME: dir, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
const settings = (overrides: Partial<CloudSettings> = {}): CloudSettings => ({ ...defaultCloudSettings, ...overrides });

describe('AWS profiles for the editor', () => {
  test('the settings choose the profile and region, else AWS_PROFILE, else default with its region', () => {
    assert.equal(effectiveProfile(settings(), env), 'default');
    assert.equal(effectiveRegion(settings(), env), 'eu-west-1');
    assert.equal(effectiveProfile(settings(), { ...env, AWS_PROFILE: 'dev' }), 'dev');
    assert.equal(effectiveRegion(settings({ awsProfile: 'dev' }), env), 'eu-central-1');
    assert.equal(effectiveRegion(settings({ awsProfile: 'dev', awsRegion: 'ap-south-1' }), env), 'ap-south-1');
    assert.equal(effectiveRegion(settings({ awsProfile: 'nowhere' }), env), 'us-east-1');
  });

  test('every profile of both files, the selected first, each with its region and whether it signs in with SSO', () => {
    const entries = awsProfileEntries(settings({ awsProfile: 'dev' }), env);
    assert.deepEqual(
      entries.map((e) => [e.name, e.region, e.selected, e.sso]),
      [
        ['dev', 'eu-central-1', true, false],
        ['ci', 'us-east-1', false, false],
        ['corp', 'us-west-2', false, true],
        ['default', 'eu-west-1', false, false],
      ],
    );
    // A profile no file declares (the SDK's default chain, or a typo) is still shown, so its error can be.
    assert.deepEqual(awsProfileEntries(settings({ awsProfile: 'ghost' }), env)[0], { name: 'ghost', region: 'us-east-1', selected: true, sso: false });
  });

  test('the profile picker describes each profile and offers the default chain', () => {
    const items = profileChoices(settings({ awsProfile: 'corp' }), env);
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.value]),
      [
        ['ci', 'access keys', 'ci'],
        ['corp', 'current · us-west-2 · SSO', 'corp'],
        ['default', 'eu-west-1 · access keys', 'default'],
        ['dev', 'eu-central-1', 'dev'],
        ['$(gear) SDK default chain', undefined, ''],
      ],
    );
  });

  test('the region picker puts the profile’s region first and marks the current one', () => {
    const items = regionChoices('eu-west-1', 'ap-south-2');
    assert.equal(items[0].value, 'ap-south-2');
    assert.equal(items[0].description, "the profile's region");
    assert.equal(items.find((i) => i.value === 'eu-west-1')?.description, 'current');
    assert.equal(items.at(-1)?.value, '');
    assert.equal(items.length, lambdaRegions.length + 1, 'no region twice');
  });
});
