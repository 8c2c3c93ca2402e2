import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';
import { startIamContractServer } from '../../helpers/iamContractServer';
import { copyProject, startServer } from '../core/providers/providerFixtures';

/**
 * `swb deploy --create-role` in-process: the real IAM client against the IAM contract server
 * (found through AWS_ENDPOINT_URL_IAM, as the AWS CLI does), the real Lambda client against the
 * Lambda contract server.
 */

const roleArn = 'arn:aws:iam::123456789012:role/serverless-workbench-lambda-basic';

async function setup(t: { after(fn: () => unknown): void }) {
  const lambda = await startServer(t);
  const iam = await startIamContractServer();
  t.after(() => iam.close());
  const root = copyProject(t);
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDCLI', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE: '', AWS_ENDPOINT_URL_IAM: iam.endpoint };
  const deploy = async (...args: string[]) => {
    const io = captureIo({ cwd: root, env });
    const code = await runCli(['deploy', ...args, '--provider', 'aws', '--endpoint-url', lambda.endpoint], io);
    return { code, out: io.out(), err: io.err() };
  };
  return { lambda, iam, deploy };
}

test('swb deploy --create-role creates the basic role for a new function, then reuses it', async (t) => {
  const { lambda, iam, deploy } = await setup(t);

  const first = await deploy('hello', '--create-role');
  assert.equal(first.code, 0, first.err);
  assert.match(first.err, /^Creates \(or reuses\) the IAM role serverless-workbench-lambda-basic, which only Lambda can assume, with only the AWSLambdaBasicExecutionRole managed policy/m);
  assert.ok(first.err.includes(`created the IAM role serverless-workbench-lambda-basic (${roleArn})\n`), first.err);
  assert.match(first.out, new RegExp(`\n {2}role +${roleArn.replace(/[/.]/g, '\\$&')} \\(created\\)\n`));
  assert.equal(lambda.model.get('swb-hello').latest.config.Role, roleArn);
  assert.deepEqual(iam.actions(), ['GetRole', 'CreateRole', 'AttachRolePolicy']);

  // The function exists now: it keeps its role, and IAM is not asked anything.
  const again = await deploy('hello', '--create-role');
  assert.equal(again.code, 0, again.err);
  assert.equal(iam.requests.length, 3);
  assert.ok(!again.out.includes('  role '), again.out);

  // Another new function reuses the role; --json carries what was done.
  const other = await deploy('py', '--create-role', '--json');
  assert.equal(other.code, 0, other.err);
  assert.deepEqual(JSON.parse(other.out).executionRole, { arn: roleArn, created: false });
  assert.equal(other.err, '', '--json prints no progress');
  assert.equal(iam.actions().filter((a) => a === 'CreateRole').length, 1);
  assert.equal(lambda.model.get('py').latest.config.Role, roleArn);
});

test('swb deploy without a role names --create-role; without IAM rights, one line and nothing created', async (t) => {
  const { lambda, iam, deploy } = await setup(t);

  const noRole = await deploy('hello');
  assert.equal(noRole.code, 2);
  assert.match(noRole.err, /\nswb deploy: no execution role to create swb-hello in .*: pass --role arn:aws:iam::<account>:role\/<name> .*, or --create-role to create a basic one\n/);

  iam.deny('CreateRole');
  const denied = await deploy('hello', '--create-role');
  assert.equal(denied.code, 1);
  assert.ok(
    denied.err.endsWith(
      '\nswb deploy failed: not allowed to create the IAM role serverless-workbench-lambda-basic: profile "default" lacks the iam:CreateRole permission; pass --role with the ARN of an existing role Lambda can assume instead\n',
    ),
    denied.err,
  );
  assert.ok(!lambda.operations().includes('CreateFunction'));
});

test('swb deploy --create-role to the local cloud needs no role and says so', async (t) => {
  const lambda = await startServer(t);
  const root = copyProject(t);
  const io = captureIo({ cwd: root });
  assert.equal(await runCli(['deploy', 'hello', '--create-role', '--endpoint-url', lambda.endpoint], io), 0, io.err());
  assert.match(io.err(), /^--create-role: not needed here \(the local cloud accepts any role\)\n/);
  assert.equal(lambda.model.get('swb-hello').latest.config.Role, 'arn:aws:iam::000000000000:role/lambda-role');
});
