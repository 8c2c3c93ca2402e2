import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { findFrames, framesOfError, resolveFrameFile, userFrames } from '../../../../src/extension/editor/stackFrames';
import { createTestEmulator, fixtureSpec } from '../../../helpers/emulator';

// The parser against what the real runtimes write: errors from child processes of the emulator,
// in the invocation's error payload and in its log lines (what the output channel shows).

const FIXTURES = path.resolve(__dirname, '../../../fixtures/editor');
const workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'swb-editor-')));
after(() => rmSync(workspace, { recursive: true, force: true }));
cpSync(FIXTURES, workspace, { recursive: true });
const { emulator } = createTestEmulator(after);

function linked(frames: { file: string; line: number; functionName?: string }[]): string[] {
  return frames.map((f) => `${path.relative(workspace, f.file)}:${f.line}${f.functionName ? ` ${f.functionName}` : ''}`);
}

function logFrames(logs: string): string[] {
  const frames = logs.split('\n').flatMap((line) => findFrames(line).map((m) => m.frame));
  return linked(userFrames(frames, { roots: [workspace], exists: existsSync }));
}

test('a TypeScript handler’s source-mapped frames point at the .ts lines, in the payload and in the log', async () => {
  const codeDir = path.join(workspace, 'ts-error');
  emulator.register(fixtureSpec('tsError', codeDir, 'src/app.handler'));
  const inv = await emulator.invoke('tsError', { payload: '{}' });
  assert.equal(inv.error?.errorType, 'TypeError');
  const frames = userFrames(framesOfError(inv.error), { roots: [workspace], baseDir: codeDir, exists: existsSync });
  assert.deepEqual(linked(frames), ['ts-error/src/app.ts:7 orderId', 'ts-error/src/app.ts:11 handler']);
  // The runtime's own frames were in the trace and are left out.
  assert.ok(inv.error.trace!.some((line) => line.includes('bootstrap.js')));
  assert.deepEqual(logFrames(inv.logs), ['ts-error/src/app.ts:7 orderId', 'ts-error/src/app.ts:11 handler']);
});

test('an ES module handler’s file:// frames resolve to the .mjs file', async () => {
  emulator.register(fixtureSpec('esmError', path.join(workspace, 'esm-error'), 'app.handler'));
  const inv = await emulator.invoke('esmError', { payload: '{}' });
  assert.ok(inv.error?.trace?.some((line) => line.includes('file://')), 'Node writes ES module frames as URLs');
  const frames = userFrames(framesOfError(inv.error), { roots: [workspace], exists: existsSync });
  assert.deepEqual(linked(frames), ['esm-error/app.mjs:2 handler']);
  assert.equal(resolveFrameFile(framesOfError(inv.error)[0].file), path.join(workspace, 'esm-error', 'app.mjs'));
});

test('a Python handler’s stackTrace and traceback log lines give the .py lines', async () => {
  emulator.register(fixtureSpec('pyError', path.join(workspace, 'py-error'), 'app.lambda_handler', { runtime: 'python3.11' }));
  const inv = await emulator.invoke('pyError', { payload: '{}' });
  assert.equal(inv.error?.errorType, 'KeyError');
  const frames = userFrames(framesOfError(inv.error), { roots: [workspace], exists: existsSync });
  assert.deepEqual(linked(frames), ['py-error/app.py:6 lambda_handler', 'py-error/app.py:2 price_of']);
  assert.deepEqual(logFrames(inv.logs), ['py-error/app.py:6 lambda_handler', 'py-error/app.py:2 price_of']);
});

test('JSON log format records carry the same frames', async () => {
  emulator.register(fixtureSpec('pyJson', path.join(workspace, 'py-error'), 'app.lambda_handler', { runtime: 'python3.11', logFormat: 'JSON' }));
  const inv = await emulator.invoke('pyJson', { payload: '{}' });
  assert.match(inv.logs, /"stackTrace"/);
  assert.deepEqual(logFrames(inv.logs), ['py-error/app.py:6 lambda_handler', 'py-error/app.py:2 price_of']);
});
