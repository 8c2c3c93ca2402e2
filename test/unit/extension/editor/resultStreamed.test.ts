import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HTTP_INTEGRATION_CONTENT_TYPE, type Invocation } from '../../../../src/core/emulator/types';
import { resultMarkdown } from '../../../../src/extension/editor/resultMarkdown';
import { decorationText } from '../../../../src/extension/editor/resultSummary';

// The hover and inline decoration of a function that streamed its response: the payload is the
// streamed bytes (any text, not JSON), with the stream's content type.

function streamed(payload: Buffer, streamContentType: string): Invocation {
  return {
    requestId: '0b9f5c1e-1111-2222-3333-444455556666',
    functionName: 'stream',
    payload,
    streamContentType,
    logs: '',
    durationMs: 42,
    billedDurationMs: 42,
    maxMemoryUsedMB: 41,
    coldStart: false,
    executedVersion: '$LATEST',
  };
}

const hover = (invocation: Invocation): string[] =>
  resultMarkdown({ functionName: 'stream', invocation, finishedAt: Date.now(), frames: [], canInvoke: true }, { file: () => '' });

test('plain streamed text: shown as text under its content type; no status in the decoration', () => {
  const invocation = streamed(Buffer.from('one,two,three'), 'text/plain');
  const [, response] = hover(invocation);
  assert.equal(response, '**Streamed response** · `text/plain`\n\n```text\none,two,three\n```');
  assert.equal(decorationText(invocation), '✓ 42 ms');
});

test('an HTTP integration stream: the prelude apart from the body, its status in the decoration', () => {
  const prelude = '{"statusCode":201,"headers":{"x-a":"1"}}';
  const invocation = streamed(Buffer.concat([Buffer.from(prelude), Buffer.alloc(8), Buffer.from('created')]), HTTP_INTEGRATION_CONTENT_TYPE);
  const [, response] = hover(invocation);
  assert.match(response, /^\*\*Streamed response\*\* · `application\/vnd\.awslambda\.http-integration-response`\n\n```json\n\{\n {2}"statusCode": 201,/);
  assert.match(response, /\n\n```text\ncreated\n```$/);
  assert.doesNotMatch(response, /\0/);
  assert.equal(decorationText(invocation), '✓ 42 ms · 201');
  // A prelude without a status means 200, as for a function URL.
  assert.equal(decorationText(streamed(Buffer.concat([Buffer.from('{}'), Buffer.alloc(8)]), HTTP_INTEGRATION_CONTENT_TYPE)), '✓ 42 ms · 200');
});

test('a streamed JSON-looking body is not taken for an API Gateway result', () => {
  const invocation = streamed(Buffer.from('{"statusCode":500}'), 'application/json');
  assert.equal(decorationText(invocation), '✓ 42 ms');
});
