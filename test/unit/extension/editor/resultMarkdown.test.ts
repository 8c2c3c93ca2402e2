import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Invocation } from '../../../../src/core/emulator/types';
import { codeBlock, hoverCommands, MAX_HOVER_PAYLOAD, payloadBlock, resultMarkdown, type ResultHoverInput } from '../../../../src/extension/editor/resultMarkdown';

function invocation(overrides: Partial<Invocation> = {}): Invocation {
  return {
    requestId: '0b9f5c1e-1111-2222-3333-444455556666',
    functionName: 'hello',
    payload: Buffer.from('{"statusCode":200,"body":"{\\"message\\":\\"hi\\"}"}'),
    logs: '',
    durationMs: 12.345,
    billedDurationMs: 13,
    maxMemoryUsedMB: 41,
    coldStart: true,
    initDurationMs: 180.5,
    executedVersion: '$LATEST',
    ...overrides,
  };
}

function input(overrides: Partial<ResultHoverInput> = {}): ResultHoverInput {
  return { functionName: 'hello', invocation: invocation(), finishedAt: Date.now(), memorySize: 128, frames: [], labelRoot: '/w/fn', canInvoke: true, ...overrides };
}

const links = { file: (frame: { file: string; line: number }) => `file://${frame.file}#L${frame.line}` };

test('a success: summary with request ID, durations, memory, cold start; the response pretty-printed; actions', () => {
  const [summary, payload, ...rest] = resultMarkdown(input({ eventName: 'get-alice' }), links);
  assert.equal(rest.length, 0);
  const actions = summary.split('\n').at(-1)!;
  assert.match(summary, /^\*\*hello\*\* — ✓ 12 ms · 200/);
  assert.match(summary, /Request `0b9f5c1e-1111-2222-3333-444455556666`/);
  assert.match(summary, /event get\\-alice/);
  assert.match(summary, /Duration 12\.35 ms · billed 13 ms · memory 41 \/ 128 MB · cold start \(init 180\.50 ms\)/);
  assert.match(payload, /^\*\*Response\*\*\n\n```json\n\{\n {2}"statusCode": 200,/);
  assert.match(actions, /\[▶ Invoke again\]\(command:serverlessWorkbench\.invokeFunction\?%5B%22hello%22%5D\)/);
  assert.match(actions, /\[Show output\]\(command:serverlessWorkbench\.showFunctionOutput\?/);
});

test('a warm start says so; untrusted hovers offer no invoke link', () => {
  const [summary] = resultMarkdown(input({ invocation: invocation({ coldStart: false, initDurationMs: undefined }), canInvoke: false }), links);
  assert.match(summary, /warm start/);
  assert.match(summary, /· default event ·/);
  const actions = summary.split('\n').at(-1)!;
  assert.match(actions, /\[Show output\]/);
  assert.doesNotMatch(actions, /invokeFunction/);
  assert.deepEqual(hoverCommands(false), ['serverlessWorkbench.showFunctionOutput']);
  assert.deepEqual(hoverCommands(true), ['serverlessWorkbench.invokeFunction', 'serverlessWorkbench.showFunctionOutput']);
});

test('an error: headline, stack frames as links labelled relative to the code folder, the error payload', () => {
  const error = { errorType: 'TypeError', errorMessage: 'Cannot read properties of undefined (reading [id])', trace: [] };
  const sections = resultMarkdown(
    input({
      invocation: invocation({ error, functionError: 'Unhandled', payload: Buffer.from(JSON.stringify(error)) }),
      frames: [
        { file: '/w/fn/src/app.ts', line: 7, column: 10, functionName: 'orderId' },
        { file: '/w/other/x.ts', line: 2 },
      ],
    }),
    links,
  );
  assert.equal(sections.length, 3);
  assert.match(sections[0], /✗ TypeError: Cannot read properties of undefined \\\(reading \\\[id\\\]\\\)/);
  assert.equal(sections[1], ['**Stack**', '', '- [src/app\\.ts:7:10](file:///w/fn/src/app.ts#L7) in `orderId`', '- [/w/other/x\\.ts:2](file:///w/other/x.ts#L2)'].join('\n'));
  assert.match(sections[2], /^\*\*Error payload\*\*/);
});

test('payloads are capped at 20 KB with a note; backticks inside cannot close the fence', () => {
  const big = JSON.stringify({ items: Array.from({ length: 5000 }, (_, i) => `item-${i}`) });
  const block = payloadBlock(big);
  assert.ok(block.length < MAX_HOVER_PAYLOAD + 200);
  assert.match(block, /_Payload truncated: the first 20 KB of \d+ KB shown\._$/);
  assert.equal(payloadBlock('plain text'), '```text\nplain text\n```');
  assert.equal(payloadBlock(''), '_Empty payload._');
  assert.equal(codeBlock('a ```` b', 'json'), '`````json\na ```` b\n`````');
});
