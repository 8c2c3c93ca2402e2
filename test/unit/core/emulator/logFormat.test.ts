import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  billedDurationMs,
  endLine,
  initReportLine,
  megabytes,
  newLogStreamName,
  reportLine,
  restoreNewlines,
  startLine,
  timeoutLines,
} from '../../../../src/core/emulator/logFormat';

const id = '8f507cfc-6d3b-4a5e-9d1f-2b3c4d5e6f70';

test('Text lines are worded as Lambda writes them', () => {
  assert.equal(startLine('Text', id, '$LATEST'), `START RequestId: ${id} Version: $LATEST`);
  assert.equal(endLine('Text', id, 'success', 1), `END RequestId: ${id}`);
  assert.equal(
    reportLine('Text', { requestId: id, durationMs: 12.345, billedDurationMs: 13, memorySizeMB: 128, maxMemoryUsedMB: 45, status: 'success' }),
    `REPORT RequestId: ${id}\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 45 MB`,
  );
  assert.equal(
    reportLine('Text', { requestId: id, durationMs: 1, billedDurationMs: 125, memorySizeMB: 256, maxMemoryUsedMB: 60, initDurationMs: 123.456, status: 'error', errorType: 'Runtime.ExitError' }),
    `REPORT RequestId: ${id}\tDuration: 1.00 ms\tBilled Duration: 125 ms\tMemory Size: 256 MB\tMax Memory Used: 60 MB\tInit Duration: 123.46 ms\tStatus: error\tError Type: Runtime.ExitError`,
  );
  assert.equal(initReportLine('Text', 80.5, 'error', 'Runtime.ImportModuleError'), 'INIT_REPORT Init Duration: 80.50 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError');
  assert.match(timeoutLines('Text', id, 3)[0], new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ${id} Task timed out after 3\\.00 seconds$`));
});

test('JSON records follow the platform.* shapes', () => {
  const start = JSON.parse(startLine('JSON', id, '$LATEST'));
  assert.deepEqual(Object.keys(start), ['time', 'type', 'record']);
  assert.deepEqual(start.record, { requestId: id, version: '$LATEST' });
  const report = JSON.parse(reportLine('JSON', { requestId: id, durationMs: 2.567, billedDurationMs: 3, memorySizeMB: 128, maxMemoryUsedMB: 68, initDurationMs: 180.361, status: 'success' }));
  assert.equal(report.type, 'platform.report');
  assert.deepEqual(report.record, {
    requestId: id,
    metrics: { durationMs: 2.57, billedDurationMs: 3, memorySizeMB: 128, maxMemoryUsedMB: 68, initDurationMs: 180.36 },
    status: 'success',
  });
  const done = JSON.parse(endLine('JSON', id, 'timeout', 3000));
  assert.deepEqual([done.type, done.record.status], ['platform.runtimeDone', 'timeout']);
  assert.deepEqual(timeoutLines('JSON', id, 3), []);
});

test('durations bill by the millisecond, rounded up, init included; memory rounds to MB', () => {
  assert.equal(billedDurationMs(12.01), 13);
  assert.equal(billedDurationMs(0.2), 1);
  assert.equal(billedDurationMs(10.5, 100.2), 111);
  assert.equal(megabytes(46_080), 45);
  assert.equal(megabytes(0), 1);
});

test('log stream names and newline restoration', () => {
  assert.match(newLogStreamName(new Date('2024-05-31T23:59:59Z')), /^2024\/05\/31\/\[\$LATEST\][0-9a-f]{32}$/);
  assert.equal(restoreNewlines('a\rb\rc'), 'a\nb\nc');
  assert.equal(restoreNewlines('plain'), 'plain');
});
