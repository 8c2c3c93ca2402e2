import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appLine, platformLine } from '../../../../src/extension/logs/logLines';
import { reportSummaryLine, shortMs } from '../../../../src/extension/logs/reportSummary';

const ID = '6f50d5ea-4a06-4dd9-b5b3-9d5f8f6df847';

test('Text-format platform lines: START, END and REPORT with every metric', () => {
  assert.deepEqual(platformLine(`START RequestId: ${ID} Version: $LATEST\n`), { kind: 'start', requestId: ID });
  assert.deepEqual(platformLine(`END RequestId: ${ID}\n`), { kind: 'end', requestId: ID });
  assert.deepEqual(
    platformLine(`REPORT RequestId: ${ID}\tDuration: 22.71 ms\tBilled Duration: 148 ms\tMemory Size: 128 MB\tMax Memory Used: 39 MB\tInit Duration: 124.40 ms\t\n`),
    { kind: 'report', report: { requestId: ID, durationMs: 22.71, billedDurationMs: 148, memorySizeMB: 128, maxMemoryUsedMB: 39, initDurationMs: 124.4 } },
  );
  const timeout = platformLine(`REPORT RequestId: ${ID}\tDuration: 1000.72 ms\tBilled Duration: 1154 ms\tMemory Size: 128 MB\tMax Memory Used: 39 MB\tStatus: timeout`);
  assert.equal(timeout?.kind === 'report' && timeout.report.status, 'timeout');
  const crash = platformLine(`REPORT RequestId: ${ID}\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory`);
  assert.equal(crash?.kind === 'report' && crash.report.errorType, 'Runtime.OutOfMemory');
});

test('JSON-format platform records', () => {
  const time = '2024-05-31T10:00:00.000Z';
  assert.deepEqual(platformLine(JSON.stringify({ time, type: 'platform.start', record: { requestId: ID, version: '$LATEST' } })), { kind: 'start', requestId: ID });
  assert.deepEqual(platformLine(JSON.stringify({ time, type: 'platform.runtimeDone', record: { requestId: ID, status: 'success' } })), { kind: 'end', requestId: ID });
  assert.deepEqual(
    platformLine(JSON.stringify({ time, type: 'platform.report', record: { requestId: ID, metrics: { durationMs: 2.5, billedDurationMs: 3, memorySizeMB: 256, maxMemoryUsedMB: 70 }, status: 'error', errorType: 'Runtime.ExitError' } })),
    { kind: 'report', report: { requestId: ID, durationMs: 2.5, billedDurationMs: 3, memorySizeMB: 256, maxMemoryUsedMB: 70, status: 'error', errorType: 'Runtime.ExitError' } },
  );
});

test('other lines are not platform lines, even when they mention START', () => {
  for (const line of ['STARTING up', 'Resolved 3 orders', 'ERROR boom', '{"type":"app.start"}', `2024-05-31T10:00:00.000Z\t${ID}\tINFO\tSTART RequestId: x`]) {
    assert.equal(platformLine(line), undefined, line);
  }
});

test('application lines: Node, Python, the runtime’s own and JSON-format records', () => {
  assert.deepEqual(appLine(`2024-05-31T10:00:00.000Z\t${ID}\tINFO\tgreeting alice\n`), { requestId: ID, level: 'INFO', text: 'greeting alice' });
  assert.deepEqual(appLine(`2024-05-31T10:00:00.000Z\tundefined\tWARN\tat init\n`), { level: 'WARN', text: 'at init' });
  assert.deepEqual(appLine(`[ERROR]\t2024-05-31T10:00:00.000Z\t${ID}\tpayment failed\n`), { requestId: ID, level: 'ERROR', text: 'payment failed' });
  assert.deepEqual(appLine(`2024-05-31T10:00:03.123Z ${ID} Task timed out after 3.00 seconds`), { requestId: ID, text: 'Task timed out after 3.00 seconds' });
  const record = appLine(JSON.stringify({ timestamp: '2024-05-31T10:00:00.000Z', level: 'info', requestId: ID, message: 'paid' }));
  assert.equal(record.level, 'INFO');
  assert.equal(record.requestId, ID);
  assert.equal(record.text, 'paid');
  assert.deepEqual(appLine('plain print output\n'), { text: 'plain print output' });
});

test('the REPORT summary: duration, memory, cold start or warm, a failure status', () => {
  assert.equal(reportSummaryLine({ requestId: ID, durationMs: 12.34, memorySizeMB: 128, maxMemoryUsedMB: 64, initDurationMs: 110.4 }), '── 12.3 ms · 64/128 MB · cold start 110 ms');
  assert.equal(reportSummaryLine({ requestId: ID, durationMs: 0.84, memorySizeMB: 128, maxMemoryUsedMB: 39 }), '── 0.84 ms · 39/128 MB · warm');
  assert.equal(
    reportSummaryLine({ requestId: ID, durationMs: 1000.72, memorySizeMB: 128, maxMemoryUsedMB: 39, status: 'timeout' }),
    '── 1.00 s · 39/128 MB · warm · timeout',
  );
  assert.equal(reportSummaryLine({ requestId: ID, durationMs: 245.2, status: 'error', errorType: 'Runtime.ExitError' }), '── 245 ms · warm · error (Runtime.ExitError)');
  assert.deepEqual([0.5, 9.96, 12.34, 99.9, 100, 1234].map(shortMs), ['0.5 ms', '10 ms', '12.3 ms', '99.9 ms', '100 ms', '1.23 s']);
});
