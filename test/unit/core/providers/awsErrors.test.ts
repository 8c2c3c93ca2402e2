import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../../../src/core/errors';
import { AwsProvider } from '../../../../src/core/providers/aws/awsProvider';
import { createProvider } from '../../../../src/core/providers';
import { createLocalProvider } from '../../../../src/core/providers/local/localProvider';
import { awsProviderFor, closedPort, copyProject, fastPacing, specOf, startServer } from './providerFixtures';

/**
 * Credentials resolved the AWS CLI's way from temp shared files (AWS_CONFIG_FILE,
 * AWS_SHARED_CREDENTIALS_FILE), and every failure as one line naming the profile and the fix.
 */

// Nothing here may reach for an instance role: there is no metadata service to ask.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

function awsFiles(t: { after(fn: () => void): void }, config: string, credentials = ''): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-aws-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'config'), config);
  writeFileSync(path.join(dir, 'credentials'), credentials);
  return { HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') };
}

function providerWith(t: { after(fn: () => void): void }, endpoint: string, env: NodeJS.ProcessEnv, profile?: string): AwsProvider {
  const provider = new AwsProvider({ endpoint, env, ...(profile ? { profile } : {}), ...fastPacing, sdkMaxAttempts: 1 });
  t.after(() => provider.dispose());
  return provider;
}

test("a named profile's keys sign the requests, and its region is used", async (t) => {
  const server = await startServer(t);
  const env = awsFiles(t, '[profile dev]\nregion = eu-west-3\n', '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n');
  const provider = providerWith(t, server.endpoint, env, 'dev');
  assert.equal(provider.location.region, 'eu-west-3');
  assert.equal(provider.location.label, `profile dev, eu-west-3 via ${server.endpoint}`);
  await provider.listFunctions();
  assert.equal(server.requests[0].accessKeyId, 'AKIDDEV');
});

test('without a profile: environment keys first, then the default profile', async (t) => {
  const server = await startServer(t);
  const files = awsFiles(t, '[default]\nregion = ap-south-1\n', '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n');
  await providerWith(t, server.endpoint, { ...files, AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'e', AWS_REGION: 'ca-central-1' }).listFunctions();
  const fromFile = providerWith(t, server.endpoint, files);
  await fromFile.listFunctions();
  assert.deepEqual(server.requests.map((r) => r.accessKeyId), ['AKIDENV', 'AKIDDEFAULT']);
  assert.equal(fromFile.location.region, 'ap-south-1');
});

test('a missing profile names itself and `aws configure`, before any request is sent', async (t) => {
  const server = await startServer(t);
  const env = awsFiles(t, '[profile other]\nregion = us-west-2\n');
  await assert.rejects(providerWith(t, server.endpoint, env, 'nope').listFunctions(), (error: Error & { kind?: string; fix?: string }) => {
    assert.equal(error.name, 'ProviderError');
    assert.equal(error.kind, 'credentials');
    assert.equal(error.message, `AWS profile "nope" not found in ${env.AWS_CONFIG_FILE} or ${env.AWS_SHARED_CREDENTIALS_FILE}: run \`aws configure --profile nope\` (or \`aws configure sso --profile nope\`)`);
    assert.equal(error.fix, 'aws configure --profile nope');
    return true;
  });
  assert.equal(server.requests.length, 0);
});

test('an SSO profile without a session says `aws sso login --profile X`', async (t) => {
  const server = await startServer(t);
  const env = awsFiles(
    t,
    [
      '[profile corp]',
      'sso_session = corp',
      'sso_account_id = 123456789012',
      'sso_role_name = Developer',
      'region = us-east-2',
      '',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.example/start',
      'sso_region = us-east-2',
      '',
    ].join('\n'),
  );
  await assert.rejects(providerWith(t, server.endpoint, env, 'corp').listFunctions(), {
    name: 'ProviderError',
    kind: 'credentials',
    message: 'the AWS SSO session of profile "corp" has expired or was never started: run `aws sso login --profile corp`',
  });
  assert.equal(server.requests.length, 0);
});

test('a profile without keys, and no credentials anywhere, each say what to run', async (t) => {
  const server = await startServer(t);
  const env = awsFiles(t, '[profile bare]\nregion = us-east-1\n');
  await assert.rejects(providerWith(t, server.endpoint, env, 'bare').listFunctions(), {
    kind: 'credentials',
    message: 'AWS profile "bare" has no usable credentials: run `aws configure --profile bare`',
  });
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, profile: process.env.AWS_PROFILE };
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  delete process.env.AWS_PROFILE;
  t.after(() => Object.assign(process.env, Object.fromEntries(Object.entries({ AWS_ACCESS_KEY_ID: saved.id, AWS_SECRET_ACCESS_KEY: saved.secret, AWS_PROFILE: saved.profile }).filter(([, v]) => v !== undefined))));
  await assert.rejects(providerWith(t, server.endpoint, awsFiles(t, '')).listFunctions(), {
    kind: 'credentials',
    message: /^no AWS credentials found \(.*\): run `aws configure` or `aws configure sso`, or pick a profile with --profile$/,
  });
  assert.equal(server.requests.length, 0);
});

test('expired or rejected credentials and access denied come back as one actionable line', async (t) => {
  const server = await startServer(t);
  const env = awsFiles(t, '', '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\naws_session_token = old\n');
  const provider = providerWith(t, server.endpoint, env, 'dev');
  server.failNext('ListFunctions', { status: 403, type: 'ExpiredTokenException', message: 'The security token included in the request is expired' });
  await assert.rejects(provider.listFunctions(), {
    kind: 'credentials',
    message: 'the AWS credentials of profile "dev" have expired: run `aws sso login --profile dev` (SSO) or refresh them with `aws configure --profile dev`',
  });
  server.failNext('ListFunctions', { status: 403, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
  await assert.rejects(provider.listFunctions(), {
    kind: 'credentials',
    message: 'AWS rejected the credentials of profile "dev" (UnrecognizedClientException): check them with `aws sts get-caller-identity --profile dev`',
  });
  const denial = 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:ListFunctions on resource: * because no identity-based policy allows the lambda:ListFunctions action';
  server.failNext('ListFunctions', { status: 403, type: 'AccessDeniedException', message: denial });
  await assert.rejects(provider.listFunctions(), { kind: 'access-denied', message: `access denied (profile "dev", us-east-1): ${denial}` });
});

test('the local provider says how to start the local cloud when nothing listens', async (t) => {
  const port = await closedPort();
  const local = createLocalProvider({ endpoint: `127.0.0.1:${port}`, ...fastPacing });
  t.after(() => local.dispose());
  assert.equal(local.location.label, `local cloud at http://127.0.0.1:${port}`);
  await assert.rejects(local.listFunctions(), {
    name: 'ProviderError',
    kind: 'network',
    message: `no local cloud at http://127.0.0.1:${port}: start it with \`swb serve\` or \`Serverless: Start Local Cloud\``,
  });
  const aws = createProvider({ provider: 'aws', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), sdkMaxAttempts: 1 });
  t.after(() => aws.dispose());
  await assert.rejects(aws.listFunctions(), { kind: 'network', message: `cannot reach http://127.0.0.1:${port} (ECONNREFUSED): check the network and --endpoint-url` });
});

test('the local provider deploys with a dummy role; AWS without a role asks for --role', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const spec = await specOf(root, 'hello');
  const local = createLocalProvider({ endpoint: server.endpoint, ...fastPacing });
  t.after(() => local.dispose());
  await local.deploy({ spec });
  assert.equal((await local.getFunction('swb-hello'))?.role, 'arn:aws:iam::000000000000:role/lambda-role');
  assert.equal(server.requests[0].accessKeyId, 'local');

  const aws = awsProviderFor(t, server, { role: undefined });
  await assert.rejects(aws.deploy({ spec: { ...spec, functionName: 'needs-role' } }), (error) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /^no execution role to create needs-role in profile default, us-east-1 via http:\S+: pass --role arn:aws:iam::<account>:role\/<name> /);
    return true;
  });
  assert.equal(server.requests.filter((r) => r.operation === 'CreateFunction').length, 1, 'only the local create was sent');
});

test('an error that echoes a secret environment value is masked', async (t) => {
  const server = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, server);
  const spec = await specOf(root, 'hello');
  await provider.deploy({ spec });
  server.failNext('UpdateFunctionConfiguration', { status: 400, type: 'InvalidParameterValueException', message: 'Invalid value tok-very-secret-123 for API_TOKEN' });
  await assert.rejects(provider.deploy({ spec: { ...spec, memorySize: 300 } }), (error: Error & { kind?: string }) => {
    assert.equal(error.kind, 'invalid');
    assert.equal(error.message, 'Lambda rejected the request (InvalidParameterValueException): Invalid value ******** for API_TOKEN');
    return true;
  });
});
