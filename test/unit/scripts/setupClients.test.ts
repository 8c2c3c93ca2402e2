// The parts of scripts/setup-clients.mjs that install nothing: which AWS CLI and which boto3
// python the client tests use, and the environment that keeps the machine's AWS config out.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const scratch = mkdtempSync(join(tmpdir(), 'swb-setup-clients-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const load = () => import('../../../scripts/setup-clients.mjs');

/** A stand-in executable that prints `output` whatever it is asked. */
function fakeTool(name: string, output: string): string {
  const file = join(scratch, name);
  writeFileSync(file, `#!/bin/sh\necho '${output}'\n`);
  chmodSync(file, 0o755);
  return file;
}

function withEnv(t: { after(fn: () => void): void }, values: Record<string, string | undefined>): void {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  t.after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

test('SWB_AWS_CLI / SWB_PYTHON come first; an AWS CLI v1 is never the primary CLI, only an extra', async (t) => {
  const { findClients } = await load();
  const v1 = fakeTool('aws-v1', 'aws-cli/1.99.0 Python/3.11 Linux botocore/1.99.0');
  const v2 = fakeTool('aws-v2', 'aws-cli/2.98.7 Python/3.11 Linux');
  const python = fakeTool('python-boto3', '1.2.3 4.5.6');
  withEnv(t, { SWB_AWS_CLI: v2, SWB_PYTHON: python, PATH: scratch });
  const found = findClients();
  assert.deepEqual(found.aws, { path: v2, version: 'aws-cli/2.98.7', major: 2 });
  assert.deepEqual(found.python, { path: python, boto3: '1.2.3', botocore: '4.5.6' });

  withEnv(t, { SWB_AWS_CLI: v1 });
  const onlyV1 = findClients();
  assert.notEqual(onlyV1.aws?.path, v1, 'a v1 CLI is not the one the tests rely on');
  assert.deepEqual(onlyV1.extraAws.find((cli) => cli.path === v1), { path: v1, version: 'aws-cli/1.99.0', major: 1 }, 'but it is driven as an extra');
});

test('a python without boto3 does not count', async (t) => {
  const { findClients } = await load();
  const broken = join(scratch, 'python-without-boto3');
  writeFileSync(broken, '#!/bin/sh\necho "ModuleNotFoundError: No module named boto3" >&2\nexit 1\n');
  chmodSync(broken, 0o755);
  withEnv(t, { SWB_PYTHON: broken, PATH: scratch });
  const found = findClients();
  assert.notEqual(found.python?.path, broken);
});

test("isolatedAwsEnv: dummy credentials, empty config files, no pager, none of the machine's AWS_ variables", async () => {
  const { isolatedAwsEnv } = await load();
  const env = isolatedAwsEnv('/tmp/c', '/tmp/k', { PATH: '/bin', AWS_PROFILE: 'prod', AWS_ENDPOINT_URL: 'https://x', AWS_REGION: 'eu-west-1' });
  assert.deepEqual(env, {
    PATH: '/bin',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/tmp/c',
    AWS_SHARED_CREDENTIALS_FILE: '/tmp/k',
  });
});
