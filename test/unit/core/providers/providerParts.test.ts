import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { CancelledError } from '../../../../src/core/errors';
import { configurationChanges, configurationUpdate, managedConfiguration } from '../../../../src/core/providers/aws/configDiff';
import { tagValue } from '../../../../src/core/providers/aws/deploy';
import { withRetries } from '../../../../src/core/providers/aws/retry';
import { listProfiles, parseIni, readProfile, resolveRegion } from '../../../../src/core/providers/aws/sharedConfig';
import { createProvider, listAll, providerDescriptions } from '../../../../src/core/providers';
import { isSecretName, maskSecrets, redactSecrets } from '../../../../src/core/providers/secrets';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

test('loading the providers module does not load the AWS SDK (it is imported on first use)', () => {
  const script = [
    "require('./src/core/providers');",
    "const loaded = Object.keys(require.cache).filter((f) => f.includes('@aws-sdk') || f.includes('@smithy'));",
    'process.stdout.write(JSON.stringify(loaded));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), []);
});

test('each provider describes its tree levels and deploy unit', () => {
  assert.deepEqual(providerDescriptions.aws.treeLevels.map((l) => l.kind), ['profile', 'region', 'function']);
  assert.deepEqual(providerDescriptions.azure.treeLevels.map((l) => l.kind), ['subscription', 'app', 'function']);
  assert.deepEqual(providerDescriptions.gcp.treeLevels.map((l) => l.kind), ['project', 'region', 'function']);
  assert.equal(providerDescriptions.azure.deployUnit, 'app');
  assert.equal(providerDescriptions.aws.deployUnit, 'function');
  const local = createProvider({ provider: 'local' });
  assert.equal(local.description.id, 'local');
  assert.equal(local.location.label, 'local cloud at http://127.0.0.1:3001');
  local.dispose();
  assert.throws(() => createProvider({ provider: 'gcp' }), { name: 'UserError', message: /Google Cloud Functions provider is not available yet/ });
});

test('secret-looking environment values are masked by name, and redacted from text', () => {
  for (const name of ['DB_PASSWORD', 'api_key', 'GITHUB_TOKEN', 'STRIPE_SECRET', 'AWS_SECRET_ACCESS_KEY', 'privateKey', 'AUTH_HEADER']) assert.ok(isSecretName(name), name);
  for (const name of ['TABLE_NAME', 'STAGE', 'LOG_LEVEL', 'REGION']) assert.ok(!isSecretName(name), name);
  assert.deepEqual(maskSecrets({ TABLE_NAME: 'orders', DB_PASSWORD: 'hunter22' }), { TABLE_NAME: 'orders', DB_PASSWORD: '********' });
  assert.equal(redactSecrets('bad value hunter22 (orders)', { TABLE_NAME: 'orders', DB_PASSWORD: 'hunter22' }), 'bad value ******** (orders)');
});

test('shared config: profiles from both files, regions in CLI order, SSO detection', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-ini-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, 'config');
  const credentials = path.join(dir, 'credentials');
  writeFileSync(
    config,
    [
      '# comment',
      '[default]',
      'region = eu-central-1',
      '[profile dev]',
      'region=us-west-2',
      's3 =',
      '  max_concurrent_requests = 4',
      '[profile   sso-dev]',
      'sso_session = corp',
      '[sso-session corp]',
      'sso_start_url = https://example.invalid/start',
    ].join('\n'),
  );
  writeFileSync(credentials, '[ci]\naws_access_key_id = AKID\naws_secret_access_key = s\n');
  const paths = { config, credentials };
  assert.deepEqual(listProfiles(paths), ['ci', 'default', 'dev', 'sso-dev']);
  assert.deepEqual(readProfile('sso-dev', paths), { name: 'sso-dev', exists: true, sso: true, staticKeys: false });
  assert.equal(readProfile('ci', paths).staticKeys, true);
  assert.equal(readProfile('nope', paths).exists, false);
  assert.deepEqual(parseIni('[profile dev]\nregion=us-west-2\ns3 =\n  max_concurrent_requests = 4\n').get('profile dev'), { region: 'us-west-2', s3: '' });
  const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
  assert.equal(resolveRegion({ region: 'sa-east-1', profile: 'dev', env: { ...env, AWS_REGION: 'x' } }), 'sa-east-1');
  assert.equal(resolveRegion({ profile: 'dev', env: { ...env, AWS_REGION: 'ap-east-1' } }), 'ap-east-1');
  assert.equal(resolveRegion({ profile: 'dev', env: { ...env, AWS_DEFAULT_REGION: 'me-south-1' } }), 'me-south-1');
  assert.equal(resolveRegion({ profile: 'dev', env }), 'us-west-2');
  assert.equal(resolveRegion({ env }), 'eu-central-1');
  assert.equal(resolveRegion({ env: { ...env, AWS_PROFILE: 'dev' } }), 'us-west-2');
  assert.equal(resolveRegion({ profile: 'ci', env }), 'us-east-1');
});

test('configuration diff: only declared settings, only when different; custom runtimes get a bootstrap handler', () => {
  const spec: FunctionSpec = {
    name: 'orders',
    provider: 'aws',
    runtime: 'nodejs20.x',
    codeDir: '/x',
    handler: 'index.handler',
    timeout: 3,
    memorySize: 128,
    environment: { A: '1' },
    events: [],
  };
  const deployed: FunctionConfiguration = {
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Timeout: 3,
    MemorySize: 128,
    Environment: { Variables: { A: '1' } },
    // Settings deploy does not manage never count as changes.
    VpcConfig: { SubnetIds: ['subnet-1'] },
    Layers: [{ Arn: 'arn:aws:lambda:us-east-1:1:layer:x:1' }],
  };
  const desired = managedConfiguration(spec);
  assert.deepEqual(configurationChanges(desired, deployed), []);
  assert.deepEqual(configurationChanges(managedConfiguration({ ...spec, environment: {}, description: 'd', logFormat: 'JSON' }), deployed), ['description', 'environment', 'logFormat']);
  assert.deepEqual(configurationChanges(desired, deployed, 'arn:aws:iam::1:role/r'), ['role']);
  const update = configurationUpdate('orders', managedConfiguration({ ...spec, memorySize: 256, environment: { A: '1', B: '2' } }), ['memorySize', 'environment']);
  assert.deepEqual(update, { FunctionName: 'orders', MemorySize: 256, Environment: { Variables: { A: '1', B: '2' } } });
  assert.equal(managedConfiguration({ ...spec, runtime: 'provided.al2023', handler: '' }).handler, 'bootstrap');
  assert.deepEqual(managedConfiguration(spec).architectures, ['x86_64']);
});

test('withRetries: retries only conflicts and throttling, a bounded number of times, and stops on cancel', async () => {
  let calls = 0;
  const conflict = Object.assign(new Error('busy'), { name: 'ResourceConflictException' });
  assert.equal(await withRetries(async () => (++calls < 3 ? Promise.reject(conflict) : 'ok'), { baseDelayMs: 1 }), 'ok');
  assert.equal(calls, 3);

  calls = 0;
  const invalid = Object.assign(new Error('bad'), { name: 'InvalidParameterValueException' });
  await assert.rejects(withRetries(async () => (calls++, Promise.reject(invalid)), { baseDelayMs: 1 }), invalid);
  assert.equal(calls, 1);

  calls = 0;
  const throttled = Object.assign(new Error('slow down'), { name: 'TooManyRequestsException', retryAfterSeconds: '0' });
  await assert.rejects(withRetries(async () => (calls++, Promise.reject(throttled)), { attempts: 4, baseDelayMs: 1 }), throttled);
  assert.equal(calls, 4);

  const controller = new AbortController();
  const waiting = withRetries(async () => Promise.reject(conflict), { baseDelayMs: 60_000, maxDelayMs: 60_000, signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(waiting, (error) => error instanceof CancelledError);

  assert.deepEqual(await listAll(async (token) => (token ? { items: [3] } : { items: [1, 2], nextToken: 'n' })), [1, 2, 3]);
});

test('tag values keep what AWS allows and replace the rest', () => {
  assert.equal(tagValue('my-app (copy) #2'), 'my-app -copy- -2');
  assert.equal(tagValue('café_api:v1/x=y+z@w.'), 'café_api:v1/x=y+z@w.');
  assert.equal(tagValue('x'.repeat(300)).length, 256);
});
