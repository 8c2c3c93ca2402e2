import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProvider } from '../../../../src/core/providers';
import { ProviderError } from '../../../../src/core/providers/errors';
import { createBasicExecutionRole, describeBasicExecutionRole } from '../../../../src/core/providers/aws/executionRole';
import type { DeployProgress } from '../../../../src/core/providers/types';
import { startIamContractServer, type IamContractServer, type IamContractServerOptions } from '../../../helpers/iamContractServer';
import { awsProviderFor, closedPort, copyProject, specOf, startServer } from './providerFixtures';

/**
 * The real `@aws-sdk/client-iam` against the IAM contract server (AWS Query protocol, XML
 * answers): what creating the basic execution role sends, that it happens once, and what its
 * failures read like. Then deploy's retry while a new role propagates, against the Lambda one.
 */

const credentials = async () => ({ accessKeyId: 'AKIDIAM', secretAccessKey: 'iam-secret' });
const basicPolicy = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const roleNotAssumable = { status: 400, type: 'InvalidParameterValueException', message: 'The role defined for the function cannot be assumed by Lambda.' };

async function startIam(t: { after(fn: () => unknown): void }, options: IamContractServerOptions = {}): Promise<IamContractServer> {
  const server = await startIamContractServer(options);
  t.after(() => server.close());
  return server;
}

test('creates the basic role once — Lambda trust policy, tag, AWSLambdaBasicExecutionRole — then reuses it', async (t) => {
  const iam = await startIam(t);
  const progress: string[] = [];

  const first = await createBasicExecutionRole({ credentials, region: 'eu-west-1', endpoint: iam.endpoint, onProgress: (m) => progress.push(m) });

  assert.deepEqual(first, { arn: 'arn:aws:iam::123456789012:role/serverless-workbench-lambda-basic', created: true });
  assert.deepEqual(iam.actions(), ['GetRole', 'CreateRole', 'AttachRolePolicy']);
  const create = iam.requests[1].params;
  assert.equal(create.Version, '2010-05-08');
  assert.equal(create.RoleName, 'serverless-workbench-lambda-basic');
  // The form body is URL-encoded; decoded, the trust policy lets only Lambda assume the role.
  assert.deepEqual(JSON.parse(create.AssumeRolePolicyDocument), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  assert.equal(create['Tags.member.1.Key'], 'serverless-workbench:created-by');
  assert.equal(create['Tags.member.2.Key'], undefined, 'one tag');
  assert.equal(iam.requests[2].params.PolicyArn, basicPolicy);
  assert.equal(iam.requests[2].params.RoleName, 'serverless-workbench-lambda-basic');
  assert.deepEqual([...iam.roles.get('serverless-workbench-lambda-basic')!.attached], [basicPolicy], 'the only policy');
  assert.ok(iam.requests.every((r) => r.signingService === 'iam' && r.accessKeyId === 'AKIDIAM'), 'signed for IAM with the given credentials');
  assert.deepEqual(progress, [
    'looking up the IAM role serverless-workbench-lambda-basic',
    'creating the IAM role serverless-workbench-lambda-basic (AWSLambdaBasicExecutionRole only)',
    'attaching AWSLambdaBasicExecutionRole to serverless-workbench-lambda-basic',
    'created the IAM role serverless-workbench-lambda-basic (arn:aws:iam::123456789012:role/serverless-workbench-lambda-basic)',
  ]);

  // Second time: GetRole finds it (its trust policy comes back URL-encoded and is read as such).
  const mark = iam.requests.length;
  const second = await createBasicExecutionRole({ credentials, region: 'eu-west-1', endpoint: iam.endpoint });
  assert.deepEqual(second, { arn: first.arn, created: false });
  assert.deepEqual(iam.actions().slice(mark), ['GetRole', 'ListAttachedRolePolicies'], 'looked up and checked, nothing created or attached');
  assert.equal(iam.roles.size, 1);
});

test('the managed policy ARN is in the caller\'s partition', async (t) => {
  const iam = await startIam(t, { partition: 'aws-cn' });
  const role = await createBasicExecutionRole({ credentials, region: 'cn-north-1', endpoint: iam.endpoint, roleName: 'lambda-basic-cn' });
  assert.equal(role.arn, 'arn:aws-cn:iam::123456789012:role/lambda-basic-cn');
  assert.equal(iam.requests.find((r) => r.action === 'AttachRolePolicy')?.params.PolicyArn, 'arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
  assert.equal(iam.requests[0].signingRegion, 'cn-north-1');
});

test('reusing: our role left without its policy is finished; a role Lambda cannot assume is refused', async (t) => {
  const iam = await startIam(t);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] };
  iam.addRole({ name: 'serverless-workbench-lambda-basic', trustPolicy: trust, tags: { 'serverless-workbench:created-by': 'serverless-workbench' } });
  const finished = await createBasicExecutionRole({ credentials, region: 'us-east-1', endpoint: iam.endpoint });
  assert.equal(finished.created, false);
  assert.deepEqual(iam.actions(), ['GetRole', 'ListAttachedRolePolicies', 'AttachRolePolicy']);
  assert.deepEqual([...iam.roles.get('serverless-workbench-lambda-basic')!.attached], [basicPolicy]);

  // Someone else's role of that name is used as it is (no policy changes), if Lambda may assume it.
  iam.addRole({ name: 'team-lambda', trustPolicy: trust, attached: [] });
  const mark = iam.requests.length;
  assert.deepEqual(await createBasicExecutionRole({ credentials, region: 'us-east-1', endpoint: iam.endpoint, roleName: 'team-lambda' }), {
    arn: 'arn:aws:iam::123456789012:role/team-lambda',
    created: false,
  });
  assert.deepEqual(iam.actions().slice(mark), ['GetRole']);

  iam.addRole({ name: 'ec2-only', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });
  await assert.rejects(createBasicExecutionRole({ credentials, region: 'us-east-1', endpoint: iam.endpoint, roleName: 'ec2-only' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'invalid');
    assert.equal(error.message, 'the IAM role ec2-only exists but Lambda cannot assume it (its trust policy does not allow lambda.amazonaws.com); pass --role with the ARN of an existing role Lambda can assume instead');
    return true;
  });
});

test('AccessDenied on iam:CreateRole: one line naming the permission and the way out', async (t) => {
  const iam = await startIam(t);
  iam.deny('CreateRole');
  await assert.rejects(createBasicExecutionRole({ credentials, region: 'us-east-1', endpoint: iam.endpoint, profile: 'dev' }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'access-denied');
    assert.equal(
      error.message,
      'not allowed to create the IAM role serverless-workbench-lambda-basic: profile "dev" lacks the iam:CreateRole permission; pass --role with the ARN of an existing role Lambda can assume instead',
    );
    return true;
  });
  assert.deepEqual(iam.actions(), ['GetRole', 'CreateRole']);
  assert.equal(iam.roles.size, 0);

  // Front ends choose the way out that fits them.
  iam.deny('GetRole');
  await assert.rejects(
    createBasicExecutionRole({ credentials, region: 'us-east-1', endpoint: iam.endpoint, instead: 'enter the ARN of an existing role instead' }),
    /^ProviderError: not allowed to look up the IAM role serverless-workbench-lambda-basic: profile "default" lacks the iam:GetRole permission; enter the ARN of an existing role instead$/,
  );
});

test('IAM out of reach, or a bad role name, fails with one line before anything is created', async (t) => {
  const port = await closedPort();
  await assert.rejects(
    createBasicExecutionRole({ credentials, region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, sdkMaxAttempts: 1 }),
    (error: unknown) => error instanceof ProviderError && error.kind === 'network' && error.message.startsWith(`cannot reach IAM at http://127.0.0.1:${port} (ECONNREFUSED) to look up the IAM role`),
  );
  const iam = await startIam(t);
  await assert.rejects(createBasicExecutionRole({ credentials, region: 'us-east-1', endpoint: iam.endpoint, roleName: 'no spaces allowed' }), /is not a valid IAM role name/);
  assert.equal(iam.requests.length, 0);
});

test('describeBasicExecutionRole says what is created, and that it is nothing more', () => {
  const text = describeBasicExecutionRole();
  assert.ok(!text.includes('\n'), 'one line');
  assert.match(text, /serverless-workbench-lambda-basic/);
  assert.match(text, /only Lambda can assume/);
  assert.match(text, /only the AWSLambdaBasicExecutionRole managed policy/);
  assert.match(text, /write their own logs to CloudWatch Logs and nothing else/);
});

test('the AWS provider offers ensureExecutionRole (IAM at AWS_ENDPOINT_URL_IAM); the local cloud does not', async (t) => {
  const iam = await startIam(t);
  const aws = createProvider({ provider: 'aws', region: 'eu-west-1', credentials, env: { AWS_ENDPOINT_URL_IAM: iam.endpoint } });
  t.after(() => aws.dispose());
  assert.ok(aws.ensureExecutionRole);
  const role = await aws.ensureExecutionRole({ roleName: 'provider-made' });
  assert.deepEqual(role, { arn: 'arn:aws:iam::123456789012:role/provider-made', created: true });
  assert.ok(iam.requests.every((r) => r.accessKeyId === 'AKIDIAM'), 'the provider\'s own credentials');

  const local = createProvider({ provider: 'local', endpoint: 'http://127.0.0.1:1' });
  t.after(() => local.dispose());
  assert.equal(local.ensureExecutionRole, undefined, 'the local cloud accepts any role');
});

test('deploy with a just-created role retries CreateFunction while Lambda cannot assume it yet', async (t) => {
  const iam = await startIam(t);
  const lambda = await startServer(t);
  const root = copyProject(t);
  const provider = awsProviderFor(t, lambda, { role: undefined, iamEndpoint: iam.endpoint });
  const role = await provider.ensureExecutionRole!();
  assert.equal(role.created, true);

  // IAM propagation: the first three creates are refused as Lambda refuses a role it cannot assume yet.
  lambda.failNext('CreateFunction', roleNotAssumable, 3);
  const progress: DeployProgress[] = [];
  const result = await provider.deploy({ spec: await specOf(root, 'hello'), role: role.arn, onProgress: (p) => progress.push(p) });

  assert.equal(result.created, true);
  assert.equal(lambda.operations().filter((op) => op === 'CreateFunction').length, 4);
  assert.deepEqual(
    lambda.requests.filter((r) => r.operation === 'CreateFunction').map((r) => r.status),
    [400, 400, 400, 201],
  );
  const retries = progress.filter((p) => p.message.startsWith(`Lambda cannot assume ${role.arn} yet`));
  assert.equal(retries.length, 3);
  assert.ok(retries.every((p) => p.stage === 'waiting'));
  assert.equal(lambda.model.get('swb-hello').latest.config.Role, role.arn);
});

test('the propagation retry is bounded, and other invalid parameters are not retried', async (t) => {
  const lambda = await startServer(t);
  const root = copyProject(t);
  const spec = await specOf(root, 'hello');
  const provider = awsProviderFor(t, lambda, { retry: { baseDelayMs: 20, maxDelayMs: 50, rolePropagationMs: 400 } });

  lambda.failNext('CreateFunction', roleNotAssumable, 1000);
  await assert.rejects(provider.deploy({ spec }), (error: unknown) => {
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'invalid');
    assert.match(error.message, /^Lambda still cannot assume the execution role arn:aws:iam::123456789012:role\/test-role after \d+ s: check that the role exists and that its trust policy lets lambda\.amazonaws\.com call sts:AssumeRole$/);
    return true;
  });
  const tries = lambda.operations().filter((op) => op === 'CreateFunction').length;
  assert.ok(tries > 2 && tries < 30, `retried a bounded number of times (${tries})`);
  assert.equal(lambda.model.functions.size, 0);

  lambda.failNext('CreateFunction', { status: 400, type: 'InvalidParameterValueException', message: 'The runtime parameter of nodejs4.3 is no longer supported.' }, 1);
  const mark = lambda.requests.length;
  await assert.rejects(provider.deploy({ spec }), /^ProviderError: Lambda rejected the request \(InvalidParameterValueException\): The runtime parameter/);
  assert.equal(lambda.operations().slice(mark).filter((op) => op === 'CreateFunction').length, 1);
});
