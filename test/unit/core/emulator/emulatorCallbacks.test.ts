import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestEmulator, fixtureSpec, json } from '../../../helpers/emulator';

// Callback handlers and the event loop, legacy context methods, and the JSON log format.

const { emulator } = createTestEmulator(after);

test('callbackWaitsForEmptyEventLoop (default true): the answer waits for the pending timer', async () => {
  emulator.register(fixtureSpec('waits', 'node-basic', 'index.callbackWaits'));
  await emulator.invoke('waits', { payload: '{"ms":1}' }); // cold start out of the way
  const inv = await emulator.invoke('waits', { payload: '{"ms":700}' });
  assert.equal(inv.error, undefined);
  assert.ok(inv.durationMs >= 650, `answered after ${inv.durationMs} ms`);
  assert.match(inv.logs, /\tINFO\ttimer fired\nEND RequestId/);
});

test('callbackWaitsForEmptyEventLoop = false: the answer goes at once, the timer fires outside the invocation', async () => {
  emulator.register(fixtureSpec('noWait', 'node-basic', 'index.callbackNoWait'));
  await emulator.invoke('noWait', { payload: '{"ms":1}' });
  await new Promise((resolve) => setTimeout(resolve, 300)); // that invoke's own timer
  const inv = await emulator.invoke('noWait', { payload: '{"ms":700}' });
  assert.equal(inv.error, undefined);
  assert.ok(inv.durationMs < 600, `answered after ${inv.durationMs} ms`);
  const during = inv.logs.slice(inv.logs.indexOf('START RequestId'));
  assert.doesNotMatch(during, /timer fired/);
  await new Promise((resolve) => setTimeout(resolve, 900));
  // Lines written between invocations lead the next invocation's log.
  const next = await emulator.invoke('noWait', { payload: '{"ms":100000}' });
  // Like Lambda's runtime, the line carries the request id of the invocation that set the timer.
  assert.match(next.logs, new RegExp(`\\t${inv.requestId}\\tINFO\\ttimer fired\\nSTART RequestId: ${next.requestId}`));
});

test('context.succeed answers like the legacy runtime', async () => {
  emulator.register(fixtureSpec('legacy', 'node-basic', 'index.legacySucceed'));
  assert.deepEqual(json(await emulator.invoke('legacy', { payload: '{}' })), { legacy: true });
});

test('a handler that neither returns a promise nor calls back gets null once the loop is empty', async () => {
  emulator.register(fixtureSpec('never', 'node-basic', 'index.neverFinishes'));
  const inv = await emulator.invoke('never', { payload: '{}' });
  assert.equal(inv.error, undefined);
  assert.equal(inv.payload.toString(), 'null');
});

test('the JSON log format writes platform records and JSON application lines, filtered at INFO', async () => {
  emulator.register(fixtureSpec('jsonLogs', 'node-basic', 'index.levels', { logFormat: 'JSON' }));
  const inv = await emulator.invoke('jsonLogs', { payload: '{}' });
  const records = inv.logs
    .trimEnd()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const start = records.find((r) => r.type === 'platform.start');
  assert.deepEqual(start?.record, { requestId: inv.requestId, version: '$LATEST' });
  assert.match(String(start?.time), /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  const report = records.find((r) => r.type === 'platform.report') as { record: { requestId: string; status: string; metrics: Record<string, number> } };
  assert.equal(report.record.requestId, inv.requestId);
  assert.equal(report.record.status, 'success');
  assert.equal(report.record.metrics.memorySizeMB, 128);
  assert.equal(typeof report.record.metrics.durationMs, 'number');
  assert.equal(typeof report.record.metrics.billedDurationMs, 'number');
  assert.equal(typeof report.record.metrics.initDurationMs, 'number');
  assert.ok(records.some((r) => r.type === 'platform.runtimeDone'));
  // Written during init: no request id yet.
  const init = records.find((r) => r.message === 'module initialised');
  assert.ok(init && !('requestId' in init));
  const app = records.filter((r) => 'level' in r && r !== init);
  assert.deepEqual(
    app.map((r) => [r.level, r.message]),
    [
      ['INFO', 'via log 1'],
      ['INFO', 'via info'],
      ['WARN', 'via warn'],
      ['ERROR', 'via error'],
      ['INFO', 'first line\nsecond line'],
    ],
  );
  assert.ok(app.every((r) => r.requestId === inv.requestId && typeof r.timestamp === 'string'));
  // The last line is the report, after everything the invocation wrote.
  assert.equal((JSON.parse(inv.logs.trimEnd().split('\n').at(-1)!) as { type: string }).type, 'platform.report');
});
