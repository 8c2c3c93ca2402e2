import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decorationText, errorHeadline, formatDuration, lineDecorationText, statusCodeOf } from '../../../../src/extension/editor/resultSummary';

const ok = (payload: string, durationMs = 12.3) => ({ payload: Buffer.from(payload), durationMs });

test('a success shows its duration, and the statusCode of an HTTP-style response', () => {
  assert.equal(decorationText(ok('{"statusCode":200,"body":"hi"}')), '✓ 12 ms · 200');
  assert.equal(decorationText(ok('{"ok":true}', 5.41)), '✓ 5.4 ms');
  assert.equal(decorationText(ok('"plain"', 1250)), '✓ 1.25 s');
  assert.equal(decorationText(ok('{"statusCode":"200"}')), '✓ 12 ms', 'a string statusCode is not an HTTP status');
  assert.equal(decorationText(ok('not json')), '✓ 12 ms');
});

test('durations keep the precision that matters at each scale', () => {
  assert.equal(formatDuration(0.44), '0.4 ms');
  assert.equal(formatDuration(3), '3 ms');
  assert.equal(formatDuration(99.6), '100 ms');
  assert.equal(formatDuration(2000), '2.00 s');
});

test('statusCodeOf only reads a top-level numeric statusCode', () => {
  assert.equal(statusCodeOf('{"statusCode":404}'), 404);
  assert.equal(statusCodeOf('[{"statusCode":404}]'), undefined);
  assert.equal(statusCodeOf('{"body":{"statusCode":404}}'), undefined);
  assert.equal(statusCodeOf('null'), undefined);
});

test('an error shows type and first message line, truncated to 80 characters', () => {
  const error = (errorType: string, errorMessage: string) => ({ payload: Buffer.from('{}'), durationMs: 1, error: { errorType, errorMessage } });
  assert.equal(decorationText(error('TypeError', "Cannot read properties of null (reading 'x')")), "✗ TypeError: Cannot read properties of null (reading 'x')");
  assert.equal(decorationText(error('KeyError', "'price'\nmore")), "✗ KeyError: 'price'");
  const long = decorationText(error('Error', 'x'.repeat(200)));
  assert.equal(long.length, 80);
  assert.ok(long.endsWith('…'));
  assert.equal(decorationText(error('Sandbox.Timedout', 'RequestId: 1-2-3 Error: Task timed out after 3.00 seconds')), '✗ Sandbox.Timedout: Task timed out after 3.00 seconds');
});

test('errorHeadline does not repeat a type the message already starts with, and copes with no message', () => {
  assert.equal(errorHeadline({ errorType: 'Runtime.ImportModuleError', errorMessage: "Error: Cannot find module 'x'" }), "Runtime.ImportModuleError: Error: Cannot find module 'x'");
  assert.equal(errorHeadline({ errorType: 'Error', errorMessage: 'Error: boom' }), 'Error: boom');
  assert.equal(errorHeadline({ errorType: 'Error', errorMessage: '' }), 'Error');
});

test('several results on one line are named', () => {
  assert.equal(lineDecorationText([{ name: 'a', text: '✓ 1 ms' }]), '✓ 1 ms');
  assert.equal(lineDecorationText([{ name: 'a', text: '✓ 1 ms' }, { name: 'b', text: '✗ Error' }]), 'a ✓ 1 ms   b ✗ Error');
});
