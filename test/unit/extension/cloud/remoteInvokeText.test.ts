import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { remoteHeadline, remoteResultText } from '../../../../src/extension/cloud/remoteInvokeText';

describe('remote invoke text', () => {
  test('the headline names the function, qualifier, where and the event', () => {
    const at = new Date(2024, 0, 1, 10, 42, 7);
    assert.equal(remoteHeadline('hello', undefined, 'local cloud at http://127.0.0.1:3001', undefined, at), `▶ Invoke hello on local cloud at http://127.0.0.1:3001 · event {} · ${at.toLocaleTimeString()}`);
    assert.match(remoteHeadline('hello', 'live', 'profile dev, eu-west-1', 'get', at), /^▶ Invoke hello:live on profile dev, eu-west-1 · event "get" · /);
  });

  test('a success shows the log tail, then the pretty result', () => {
    const text = remoteResultText({
      statusCode: 200,
      payload: Buffer.from('{"statusCode":200,"body":"hi"}'),
      log: 'START RequestId: 1 Version: $LATEST\ngreeting\nEND RequestId: 1\nREPORT RequestId: 1\tDuration: 2 ms\n',
      executedVersion: '$LATEST',
      durationMs: 45.2,
    });
    assert.equal(
      text,
      'START RequestId: 1 Version: $LATEST\ngreeting\nEND RequestId: 1\nREPORT RequestId: 1\tDuration: 2 ms\n✓ Succeeded (45 ms round trip, version $LATEST)\nResult:\n{\n  "statusCode": 200,\n  "body": "hi"\n}\n',
    );
  });

  test('a function error shows its type and message', () => {
    const text = remoteResultText({ statusCode: 200, functionError: 'Unhandled', payload: Buffer.from('{"errorType":"TypeError","errorMessage":"boom","trace":[]}'), durationMs: 3 });
    assert.match(text, /^✗ Failed \(Unhandled\): TypeError: boom \(3 ms round trip\)\nError:\n\{/);
    assert.match(remoteResultText({ statusCode: 200, payload: Buffer.alloc(0), durationMs: 1 }), /Result:\n\(no payload\)\n$/);
  });
});
