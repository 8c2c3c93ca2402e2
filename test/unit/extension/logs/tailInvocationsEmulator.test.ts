import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { TailEvent } from '../../../../src/core/logs/tailTypes';
import { eventCandidates } from '../../../../src/extension/logs/eventExtraction';
import { placeError } from '../../../../src/extension/logs/logDiagnostics';
import type { TailInvocation } from '../../../../src/extension/logs/tailInvocations';
import { InvocationTracker } from '../../../../src/extension/logs/tailInvocations';
import { createTestEmulator, fixtureSpec } from '../../../helpers/emulator';

// What the tail makes of the lines the real runtimes write (child processes of the emulator): the
// invocation's outcome and last line, its errors placed at workspace source lines, logged events.

const workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'swb-logs-editor-')));
after(() => rmSync(workspace, { recursive: true, force: true }));
cpSync(path.resolve(__dirname, '../../../fixtures/logs-editor/functions'), workspace, { recursive: true });

const events: TailEvent[] = [];
let seq = 0;
const { emulator } = createTestEmulator(after, {
  onLog: ({ functionName, logStreamName, line, timestamp }) => {
    events.push({ logGroupName: `/aws/lambda/${functionName}`, logStreamName, timestamp: Math.floor(timestamp), message: line.endsWith('\n') ? line : `${line}\n`, eventId: String(seq++) });
  },
});
const filter = { roots: [workspace], exists: existsSync };
emulator.register(fixtureSpec('orders', path.join(workspace, 'node-app'), 'index.handler', { timeout: 1 }));
emulator.register(fixtureSpec('pyOrders', path.join(workspace, 'python-app'), 'app.lambda_handler', { runtime: 'python3.11' }));
emulator.register(fixtureSpec('tolerant', path.join(workspace, 'logged-error'), 'index.handler'));

/** Invokes, then replays every line logged since into a tracker: the invocations it completed. */
async function run(name: string, payload: unknown, tracker = new InvocationTracker()): Promise<{ completed: TailInvocation[]; lines: TailEvent[]; requestId: string }> {
  const from = events.length;
  const invocation = await emulator.invoke(name, { payload: JSON.stringify(payload) });
  // onLog lines of this invoke have all arrived by the time it resolves (END/REPORT come last).
  const lines = events.slice(from);
  const completed = lines.map((event) => tracker.push(event)).filter((inv): inv is TailInvocation => inv !== undefined);
  return { completed, lines, requestId: invocation.requestId };
}

test('a successful Node invocation: its request, REPORT metrics, cold start and last log line', async () => {
  const tracker = new InvocationTracker();
  const { completed, requestId } = await run('orders', { order: { id: 'o-1' } }, tracker);
  assert.equal(completed.length, 1);
  const [inv] = completed;
  assert.equal(inv.requestId, requestId);
  assert.equal(inv.error, undefined);
  assert.equal(inv.lastLogLine, 'checking order');
  assert.ok(inv.report!.durationMs > 0);
  assert.equal(inv.report!.memorySizeMB, 128);
  assert.ok(inv.report!.initDurationMs! > 0, 'cold start');
  assert.match(inv.lines[0], /^START RequestId: /);
  assert.match(inv.lines.at(-1)!, /^REPORT RequestId: /);

  const warm = await run('orders', { order: { id: 'o-2' } }, tracker);
  assert.equal(warm.completed[0].report!.initDurationMs, undefined, 'warm start');
});

test('a Node handler that throws: the TypeError, placed at the throwing line of the workspace file', async () => {
  const { completed } = await run('orders', { order: {} });
  const [inv] = completed;
  assert.equal(inv.error?.errorType, 'TypeError');
  assert.equal(inv.error?.errorMessage, 'order has no id');
  assert.equal(inv.error?.fatal, true);
  const placement = placeError(inv.error!, filter);
  assert.deepEqual(placement && { ...placement, file: path.relative(workspace, placement.file) }, { file: 'node-app/index.js', line: 2, column: 23 });
});

test('a timeout fails the invocation with Sandbox.Timedout', async () => {
  const { completed } = await run('orders', { sleepMs: 3000, order: { id: 'late' } });
  assert.equal(completed[0].error?.errorType, 'Sandbox.Timedout');
  assert.match(completed[0].error!.errorMessage, /Task timed out after 1\.00 seconds/);
  assert.equal(completed[0].report?.status, 'timeout');
});

test('a Python handler’s KeyError, placed from its traceback; its printed event read back', async () => {
  const { completed, lines } = await run('pyOrders', { order: { ok: true, note: null } });
  const [inv] = completed;
  assert.equal(inv.error?.errorType, 'KeyError');
  assert.equal(inv.error?.fatal, true);
  const placement = placeError(inv.error!, filter);
  assert.equal(placement && path.relative(workspace, placement.file), path.join('python-app', 'app.py'));
  assert.equal(placement?.line, 3);
  const [candidate] = eventCandidates(lines);
  assert.deepEqual(candidate.event, { order: { ok: true, note: null } });
  assert.equal(candidate.format, 'inspect');
});

test('an error the code logs and survives is a non-fatal error with its frame, and the invocation succeeds', async () => {
  const { completed } = await run('tolerant', {});
  const [inv] = completed;
  assert.equal(inv.error, undefined);
  assert.equal(inv.errors.length, 1);
  assert.equal(inv.errors[0].errorType, 'SyntaxError');
  assert.equal(inv.errors[0].fatal, false);
  const placement = placeError(inv.errors[0], filter);
  assert.equal(placement && path.relative(workspace, placement.file), path.join('logged-error', 'index.js'));
  assert.equal(placement?.line, 2);
});

test('console.log(event) in Node (util.inspect text) is offered as the event, unless depth cut it short', async () => {
  const event = { order: { id: 'o-9', tags: ['a', 'b'], note: "it's", total: -1.5, paid: true } };
  const { lines } = await run('orders', event);
  const candidates = eventCandidates(lines);
  assert.equal(candidates.length, 1);
  assert.deepEqual(candidates[0].event, event);

  // util.inspect prints `[Object]` past depth 2: what is left is not the event, so it is not offered.
  const deep = await run('orders', { order: { id: 'o-10', items: [{ sku: 'a' }] } });
  assert.ok(deep.lines.some((e) => e.message.includes('[Object]')));
  assert.deepEqual(eventCandidates(deep.lines), []);
});
