import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DeployResult } from '../../../../src/core/providers/types';
import { deploySummary, isMissingRole, validateRoleArn } from '../../../../src/extension/cloud/deployText';

const result = (overrides: Partial<DeployResult> = {}): DeployResult => ({
  functionName: 'hello',
  arn: 'arn:aws:lambda:us-east-1:000000000000:function:hello',
  created: false,
  codeUpdated: true,
  configChanges: [],
  codeSha256: 'x',
  codeSize: 1280,
  durationMs: 812,
  warnings: [],
  ...overrides,
});

describe('deploy texts', () => {
  test('the summary says what changed, where and how long it took', () => {
    assert.equal(deploySummary('hello', result({ created: true }), 'local cloud at http://127.0.0.1:3001'), 'Deployed hello to local cloud at http://127.0.0.1:3001: created (1.3 KB) in 0.8 s');
    assert.equal(
      deploySummary('hello', result({ codeUpdated: false, configChanges: ['memorySize', 'environment'] }), 'x'),
      'Deployed hello to x: code unchanged, configuration updated (memorySize, environment) in 0.8 s',
    );
    assert.equal(deploySummary('api', result({ version: '3', alias: 'live' }), 'x'), 'Deployed api as hello to x: code updated (1.3 KB), configuration unchanged, version 3 (alias live) in 0.8 s');
    assert.equal(
      deploySummary('hello', result({ created: true, functionUrl: 'http://127.0.0.1:3002/' }), 'x'),
      'Deployed hello to x: created (1.3 KB) in 0.8 s; function URL http://127.0.0.1:3002/',
    );
  });

  test('a missing execution role is recognised and role ARNs are checked', () => {
    assert.ok(isMissingRole(new Error('no execution role to create hello in profile dev, eu-west-1: pass --role …')));
    assert.ok(!isMissingRole(new Error('access denied')));
    assert.equal(validateRoleArn('arn:aws:iam::123456789012:role/service-role/lambda-basic'), undefined);
    assert.match(validateRoleArn('lambda-basic') ?? '', /IAM role ARN/);
  });
});
