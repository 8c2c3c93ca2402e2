import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, describeError, isLiveTailRefusal, isNetworkError, isRetryable } from '../../../../src/core/logs/tailErrors';

const sdkError = (name: string, status: number, message = 'x') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const netError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:3001`), { code });

test('throttling, 5xx and network errors are retried; client errors are not', () => {
  assert.equal(isRetryable(sdkError('ThrottlingException', 400)), true);
  assert.equal(isRetryable(sdkError('Whatever', 429)), true);
  assert.equal(isRetryable(sdkError('ServiceUnavailableException', 503)), true);
  assert.equal(isRetryable(sdkError('InternalFailure', 500)), true);
  assert.equal(isRetryable(netError('ECONNRESET')), true);
  assert.equal(isRetryable(Object.assign(new Error('wrapped'), { cause: netError('ECONNREFUSED') })), true);
  assert.equal(isRetryable(sdkError('InvalidParameterException', 400)), false);
  assert.equal(isRetryable(sdkError('AccessDeniedException', 400)), false);
  assert.equal(isNetworkError(sdkError('ThrottlingException', 400)), false);
});

test('Live Tail refusals: unknown operation, access denied, unsupported, a bare 4xx; not throttling or the network', () => {
  for (const name of ['UnknownOperationException', 'AccessDeniedException', 'UnsupportedOperationException', 'LimitExceededException']) {
    assert.equal(isLiveTailRefusal(sdkError(name, 400)), true, name);
  }
  assert.equal(isLiveTailRefusal(sdkError('UnknownError', 404)), true);
  assert.equal(isLiveTailRefusal(sdkError('ThrottlingException', 429)), false);
  assert.equal(isLiveTailRefusal(netError('ENOTFOUND')), false);
});

test('backoff doubles from the base up to the cap, jittered over the upper half', () => {
  assert.equal(backoffDelay(0, 100, 10_000, () => 0), 50);
  assert.equal(backoffDelay(0, 100, 10_000, () => 1), 100);
  assert.equal(backoffDelay(3, 100, 10_000, () => 1), 800);
  assert.equal(backoffDelay(30, 100, 10_000, () => 1), 10_000);
});

test('errors read as one line', () => {
  assert.equal(describeError(sdkError('ThrottlingException', 400, 'Rate exceeded')), 'ThrottlingException: Rate exceeded');
  assert.equal(describeError(netError('ECONNREFUSED')), 'connect ECONNREFUSED 127.0.0.1:3001');
});
