import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lambdaVariables, reservedVariablesIn } from '../../../../src/core/emulator/environmentVariables';
import type { FunctionSpec } from '../../../../src/core/project/functionSpec';

const spec: FunctionSpec = {
  name: 'orders',
  provider: 'aws',
  runtime: 'provided.al2023',
  codeDir: '/code/orders',
  handler: 'bootstrap.handler',
  timeout: 3,
  memorySize: 512,
  environment: { TABLE: 'orders', AWS_LAMBDA_FUNCTION_NAME: 'spoofed', LAMBDA_TASK_ROOT: '/elsewhere', NODE_PATH: '/mine', AWS_SESSION_TOKEN: 'nope' },
  events: [],
};

const base = {
  spec,
  functionName: 'orders-prod',
  region: 'ap-south-1',
  runtimeApi: '127.0.0.1:9001',
  logStreamName: '2024/01/01/[$LATEST]00000000000000000000000000000000',
  runtimeDir: '/rt',
  runtimeVariables: { NODE_PATH: '/rt/node_modules' },
  passCredentials: false,
  parentEnv: { PATH: '/usr/bin', HOME: '/home/me', SECRET: 'x', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' },
};

test('function variables cannot override reserved ones but may override unreserved runtime ones', () => {
  const env = lambdaVariables(base);
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'orders-prod');
  assert.equal(env.LAMBDA_TASK_ROOT, '/code/orders');
  assert.equal(env.NODE_PATH, '/mine');
  assert.equal(env.TABLE, 'orders');
  assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '512');
  assert.equal(env.AWS_LAMBDA_RUNTIME_API, '127.0.0.1:9001');
  assert.deepEqual(reservedVariablesIn(spec).sort(), ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_SESSION_TOKEN', 'LAMBDA_TASK_ROOT']);
});

test('only a minimal base of the parent environment is passed; credentials only on request', () => {
  const env = lambdaVariables(base);
  assert.equal(env.PATH, '/usr/bin');
  assert.equal(env.HOME, '/home/me');
  assert.equal(env.SECRET, undefined);
  assert.equal(env.AWS_ACCESS_KEY_ID, undefined);
  assert.equal(env.AWS_SESSION_TOKEN, undefined);
  assert.equal(env.AWS_EXECUTION_ENV, undefined, 'OS-only runtimes have none');
  const withCredentials = lambdaVariables({ ...base, passCredentials: true });
  assert.deepEqual([withCredentials.AWS_ACCESS_KEY_ID, withCredentials.AWS_SECRET_ACCESS_KEY, withCredentials.AWS_SESSION_TOKEN], ['AKID', 's', 't']);
});

test('the JSON log format sets AWS_LAMBDA_LOG_FORMAT and a default INFO level', () => {
  const env = lambdaVariables({ ...base, spec: { ...spec, runtime: 'nodejs20.x', logFormat: 'JSON' } });
  assert.equal(env.AWS_LAMBDA_LOG_FORMAT, 'JSON');
  assert.equal(env.AWS_LAMBDA_LOG_LEVEL, 'INFO');
  assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
  assert.equal(lambdaVariables(base).AWS_LAMBDA_LOG_FORMAT, undefined);
});
