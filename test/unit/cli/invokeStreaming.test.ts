import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../helpers/cliIo';

// `swb invoke` of a function that streams its response (awslambda.streamifyResponse): the bytes go
// to stdout as the function writes them; --json reports them as text with their content type.

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'streaming-inline');

async function invoke(handler: string, options: { event?: unknown; json?: boolean; isolation?: string } = {}) {
  const io = captureIo({ cwd: FIXTURES, stdin: JSON.stringify(options.event ?? {}) });
  // Each stdout write with the time it came, to see the response arrive in pieces.
  const writes: { text: string; at: number }[] = [];
  const stdout = io.stdout;
  io.stdout = (text) => {
    writes.push({ text, at: Date.now() });
    stdout(text);
  };
  const args = ['invoke', '--handler', handler, '--isolation', options.isolation ?? 'inline', '--event', '-', ...(options.json ? ['--json'] : [])];
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err(), writes, endedAt: Date.now() };
}

test('the streamed bytes go to stdout as they are written, and nothing else', async () => {
  const { code, out, err, writes, endedAt } = await invoke('index.chunks', { event: { pauseMs: 400 } });
  assert.equal(code, 0, err);
  assert.equal(out, 'one,two,three');
  assert.deepEqual(
    writes.map((w) => w.text),
    ['one,', 'two,', 'three'],
  );
  assert.ok(endedAt - writes[0].at >= 700, `the first chunk came ${endedAt - writes[0].at} ms before the end`);
  assert.match(err, /^START RequestId: /m);
  assert.match(err, /^REPORT RequestId: /m);
});

test('--json: result is the streamed text, with streamContentType', async () => {
  const { code, out } = await invoke('index.chunks', { json: true });
  assert.equal(code, 0);
  const report = JSON.parse(out) as Record<string, unknown>;
  assert.equal(report.result, 'one,two,three');
  assert.equal(report.streamContentType, 'text/plain');
  assert.equal(report.error, null);
  assert.match(String(report.logs), /^REPORT RequestId: /m);
});

test('an HTTP integration response is written as streamed: prelude, 8 zero bytes, body', async () => {
  const { code, out } = await invoke('index.http');
  assert.equal(code, 0);
  assert.match(out, /^\{"statusCode":201,.*\}\0{8}created item 7$/);
  const json = await invoke('index.http', { json: true });
  assert.equal((JSON.parse(json.out) as { streamContentType: string }).streamContentType, 'application/vnd.awslambda.http-integration-response');
});

test('an error after the first chunk: stdout keeps the streamed bytes, the error goes to stderr, exit 1', async () => {
  const { code, out, err } = await invoke('index.throwsMidway');
  assert.equal(code, 1);
  assert.equal(out, 'first chunk');
  assert.match(err, /^\{"errorType":"TypeError","errorMessage":"broke after the first chunk","trace":\[/m);
  const json = await invoke('index.throwsMidway', { json: true });
  const report = JSON.parse(json.out) as { result: unknown; error: { errorType: string }; streamContentType?: string };
  assert.equal(json.code, 1);
  assert.equal(report.result, null);
  assert.equal(report.error.errorType, 'TypeError');
  assert.equal(report.streamContentType, undefined);
});

test('process isolation streams to stdout too', async () => {
  const { code, out, err } = await invoke('index.chunks', { isolation: 'process' });
  assert.equal(code, 0, err);
  assert.equal(out, 'one,two,three');
});

test('a function that does not stream prints its JSON result and a newline, as before', async () => {
  const { code, out } = await invoke('index.plain');
  assert.equal(code, 0);
  assert.equal(out, '{"awslambda":"object","streamifyResponse":"function","httpResponseStream":"function"}\n');
  const json = await invoke('index.plain', { json: true });
  const report = JSON.parse(json.out) as Record<string, unknown>;
  assert.deepEqual(report.result, { awslambda: 'object', streamifyResponse: 'function', httpResponseStream: 'function' });
  assert.equal('streamContentType' in report, false);
});
