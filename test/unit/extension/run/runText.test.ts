import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Invocation } from '../../../../src/core/emulator/types';
import { formatDuration, prettyPayload, resultBadge, resultText, runHeadline } from '../../../../src/extension/run/runText';

function invocation(overrides: Partial<Invocation> = {}): Invocation {
  return {
    requestId: 'r',
    functionName: 'f',
    payload: Buffer.from('{"statusCode":200}'),
    logs: '',
    durationMs: 12.3,
    billedDurationMs: 13,
    maxMemoryUsedMB: 40,
    coldStart: true,
    initDurationMs: 85.2,
    executedVersion: '$LATEST',
    ...overrides,
  };
}

describe('runText', () => {
  test('formatDuration', () => {
    assert.equal(formatDuration(3.456), '3.5 ms');
    assert.equal(formatDuration(0.04), '0 ms');
    assert.equal(formatDuration(12.6), '13 ms');
    assert.equal(formatDuration(1250), '1.25 s');
  });

  test('resultBadge: success shows the duration, failure the error type', () => {
    assert.equal(resultBadge(invocation()), '✓ 12 ms');
    assert.equal(resultBadge(invocation({ functionError: 'Unhandled', error: { errorType: 'Sandbox.Timedout', errorMessage: 'x' } })), '✗ Sandbox.Timedout');
    assert.equal(resultBadge(invocation({ functionError: 'Unhandled' })), '✗ Error');
  });

  test('runHeadline names the function and the event', () => {
    const at = new Date(2026, 0, 1, 10, 42, 7);
    assert.match(runHeadline('hello', 'get-hello', at), /^▶ Invoke hello · event "get-hello" · /);
    assert.match(runHeadline('hello', undefined, at, true), /^⚙ Debug hello · event \{\} · /);
  });

  test('resultText: a success has timings and the pretty result', () => {
    const text = resultText(invocation());
    assert.equal(text, '✓ Succeeded (12 ms, billed 13 ms, init 85 ms, 40 MB)\nResult:\n{\n  "statusCode": 200\n}\n');
  });

  test('resultText: a failure has the error line and the error payload', () => {
    const error = { errorType: 'TypeError', errorMessage: 'boom', trace: ['TypeError: boom', '    at handler (/app.ts:3:9)'] };
    const text = resultText(invocation({ functionError: 'Unhandled', error, payload: Buffer.from(JSON.stringify(error)), initDurationMs: undefined }));
    assert.ok(text.startsWith('✗ Failed: TypeError: boom (12 ms, billed 13 ms, 40 MB)\nError:\n{\n  "errorType": "TypeError"'), text);
    assert.ok(text.includes('"    at handler (/app.ts:3:9)"'));
  });

  test('a payload that is not JSON is shown as it came; an empty one says so', () => {
    assert.equal(prettyPayload('plain text'), 'plain text');
    assert.match(resultText(invocation({ payload: Buffer.alloc(0) })), /Result:\n\(no payload\)\n$/);
  });
});
