import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { awsStatus, localCloudStatus } from '../../../../src/extension/cloud/statusText';

describe('status bar texts', () => {
  test('the local cloud shows its port while running, a spinner while starting, nothing while stopped', () => {
    assert.equal(localCloudStatus('stopped', undefined), undefined);
    assert.equal(localCloudStatus('starting', undefined)?.text, '$(loading~spin) Local cloud');
    const running = localCloudStatus('running', 'http://127.0.0.1:3001');
    assert.equal(running?.text, '$(cloud) Local cloud :3001');
    assert.match(running?.tooltip ?? '', /^Local cloud at http:\/\/127\.0\.0\.1:3001\n/);
    assert.doesNotMatch(running?.tooltip ?? '', /taken/);
    assert.match(localCloudStatus('running', 'http://127.0.0.1:41234', 3001)?.tooltip ?? '', /Port 3001 is taken/);
  });

  test('AWS shows the profile and region', () => {
    assert.equal(awsStatus('dev', 'eu-west-1').text, '$(account) aws: dev · eu-west-1');
  });
});
