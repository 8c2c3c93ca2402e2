import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { errorFromReport, errorInLine } from '../../../../src/extension/logs/logErrors';
import { LogDiagnosticSet, placeError } from '../../../../src/extension/logs/logDiagnostics';

const RID = '11111111-2222-3333-4444-555555555555';
const workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'swb-log-errors-')));
after(() => rmSync(workspace, { recursive: true, force: true }));
const app = path.join(workspace, 'app.js');
writeFileSync(app, '// placeholder source\n'.repeat(20));
const filter = { roots: [workspace], exists: existsSync };

test('the JSON log format’s Invoke Error record, with its stackTrace', () => {
  const line = JSON.stringify({
    timestamp: '2024-05-31T10:00:00.000Z',
    level: 'ERROR',
    requestId: RID,
    message: 'Invoke Error',
    errorType: 'RangeError',
    errorMessage: 'too big',
    stackTrace: ['RangeError: too big', `    at check (${app}:12:9)`, '    at /var/runtime/index.mjs:1:1'],
  });
  const error = errorInLine(line);
  assert.deepEqual(error && { type: error.errorType, message: error.errorMessage, fatal: error.fatal }, { type: 'RangeError', message: 'too big', fatal: true });
  assert.deepEqual(placeError(error!, filter), { file: app, line: 11, column: 8 });
});

test('a logged error in the JSON format, and a printed error payload, are not fatal', () => {
  const logged = errorInLine(JSON.stringify({ level: 'ERROR', requestId: RID, message: 'lookup failed', errorType: 'Error', errorMessage: 'nope', stackTrace: [`Error: nope`, `    at find (${app}:3:1)`] }));
  assert.equal(logged?.fatal, false);
  const printed = errorInLine(`2024-05-31T10:00:00.000Z\t${RID}\tINFO\t{"errorType":"Error","errorMessage":"x","trace":["Error: x","    at f (${app}:5:2)"]}`);
  assert.equal(printed?.fatal, false);
  assert.deepEqual(placeError(printed!, filter), { file: app, line: 4, column: 1 });
});

test('no error: plain lines, and frames that are not in the workspace place nowhere', () => {
  assert.equal(errorInLine(`2024-05-31T10:00:00.000Z\t${RID}\tINFO\tall good`), undefined);
  assert.equal(errorInLine('START RequestId: x Version: $LATEST'), undefined);
  const elsewhere = errorInLine(`2024-05-31T10:00:00.000Z\t${RID}\tERROR\tError: x\n    at f (/somewhere/else.js:1:1)\n    at g (${path.join(workspace, 'node_modules', 'dep', 'i.js')}:1:1)`);
  assert.equal(elsewhere?.errorType, 'Error');
  assert.equal(placeError(elsewhere!, filter), undefined);
});

test('a REPORT that says the invocation failed is an error when the lines had none', () => {
  assert.equal(errorFromReport({ requestId: RID, durationMs: 1 }), undefined);
  assert.equal(errorFromReport({ requestId: RID, durationMs: 1, status: 'timeout' })?.errorType, 'Sandbox.Timedout');
  assert.equal(errorFromReport({ requestId: RID, durationMs: 1, status: 'error', errorType: 'Runtime.ExitError' })?.errorType, 'Runtime.ExitError');
});

test('the diagnostics of a tail: one per place and error with a count, dropped per file, capped', () => {
  const set = new LogDiagnosticSet(3);
  const error = { errorType: 'TypeError', errorMessage: 'boom', stack: [], fatal: true };
  const at = { file: app, line: 4, column: 2 };
  set.add(error, at, { functionName: 'orders', requestId: 'r-1', at: 0 });
  set.add(error, at, { functionName: 'orders', requestId: 'r-2', at: 0 });
  const [only] = set.diagnostics();
  assert.equal(set.size, 1);
  assert.match(only.message, /^TypeError: boom — failed an invocation in orders's logs \(2×, last request r-2 at /);
  assert.equal(only.fatal, true);
  set.add({ ...error, fatal: false, errorMessage: 'logged' }, { ...at, line: 9 }, { functionName: 'orders', requestId: 'r-3', at: 0 });
  assert.match(set.diagnostics()[1].message, /logged in orders's logs \(request r-3 at /);
  set.add(error, { file: path.join(workspace, 'b.js'), line: 0, column: 0 }, { functionName: 'orders', requestId: 'r-4', at: 0 });
  set.add(error, { file: path.join(workspace, 'c.js'), line: 0, column: 0 }, { functionName: 'orders', requestId: 'r-5', at: 0 });
  assert.equal(set.size, 3, 'the oldest went');
  assert.equal(set.removeFile(app), true);
  assert.deepEqual(set.diagnostics().map((d) => path.basename(d.file)), ['b.js', 'c.js']);
  assert.equal(set.removeFile(app), false);
});
