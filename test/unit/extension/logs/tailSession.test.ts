import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type * as vscode from 'vscode';
import { Emulator } from '../../../../src/core/emulator/emulator';
import type { LocalServer } from '../../../../src/core/emulator/localServer';
import { startLocalServer } from '../../../../src/core/emulator/localServer';
import { LocalLogSink } from '../../../../src/extension/logs/localLogSink';
import { TailSession } from '../../../../src/extension/logs/tailSession';
import { tailConnection, type TailSpec } from '../../../../src/extension/logs/tailTargets';
import { fixtureSpec } from '../../../helpers/emulator';

// A tail of the real local cloud (its CloudWatch Logs API, Live Tail) into an output channel, while
// the editor's own runner files its runs into the same store through LocalLogSink: the local
// cloud's invocations are printed with REPORT summaries, the editor's (already echoed by the
// runner) are not printed twice, and both feed the inline result and the diagnostics.

const workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'swb-tail-session-')));
cpSync(path.resolve(__dirname, '../../../fixtures/logs-editor/functions'), workspace, { recursive: true });
writeFileSync(
  path.join(workspace, 'serverless-workbench.json'),
  JSON.stringify({ functions: { orders: { provider: 'aws', runtime: 'nodejs20.x', codeDir: 'node-app', handler: 'index.handler', timeout: 5, memorySize: 128 } } }),
);

let server: LocalServer;
let editorEmulator: Emulator;
let localLogs: LocalLogSink;
let channelText = '';
const channel = { append: (text: string) => void (channelText += text), appendLine: (text: string) => void (channelText += `${text}\n`) } as vscode.OutputChannel;

before(async () => {
  server = await startLocalServer({
    dir: workspace,
    host: '127.0.0.1',
    port: 0,
    apiPort: 0,
    watch: false,
    cloud: { stateDir: path.join(workspace, '.state') },
    logs: { stateDir: path.join(workspace, '.state', 'logs') },
  });
  localLogs = new LocalLogSink(() => server.logStore);
  // What WorkspaceRunner does with each line: file it (while the local cloud runs) and echo it.
  editorEmulator = new Emulator({
    onLog: (event) => {
      localLogs.sink()?.onLog(event);
      channel.append(event.line.endsWith('\n') ? event.line : `${event.line}\n`);
    },
  });
  editorEmulator.register(fixtureSpec('orders', path.join(workspace, 'node-app'), 'index.handler'));
});
after(async () => {
  await editorEmulator?.close();
  await server?.close();
  rmSync(workspace, { recursive: true, force: true });
});

async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; channel:\n${channelText}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function invokeCloud(event: unknown): Promise<string> {
  const response = await fetch(`${server.invokeUrl}/2015-03-31/functions/orders/invocations`, { method: 'POST', body: JSON.stringify(event) });
  await response.arrayBuffer();
  return response.headers.get('x-amzn-requestid') ?? '';
}

const count = (pattern: RegExp): number => channelText.match(new RegExp(pattern.source, 'gm'))?.length ?? 0;

test('local cloud invocations are tailed into the channel; the editor’s own runs are seen but not printed twice', async () => {
  let changes = 0;
  const spec: TailSpec = { functionName: 'orders', deployedName: 'orders', target: { provider: 'local' } };
  const session = new TailSession(spec, {
    channel,
    connection: tailConnection(spec.target, { localEndpoint: server.invokeUrl, env: {} }),
    since: Date.now() - 60_000,
    printOptions: () => ({ groupByRequest: false, prettyJson: false, reportSummaries: true }),
    alreadyShown: (event) => localLogs.wroteStream(event.logStreamName),
    frameFilter: () => ({ roots: [workspace], exists: existsSync }),
    onDidChange: () => void changes++,
    onEnded: (_session, error) => assert.fail(`the tail ended: ${String(error)}`),
  });
  session.start();
  try {
    const ok = await invokeCloud({ order: { id: 'o-1' } });
    const failed = await invokeCloud({ order: {} });
    assert.ok(ok && failed);
    await eventually('both REPORTs', () => count(/^REPORT RequestId: /) === 2);
    for (const requestId of [ok, failed]) {
      assert.equal(count(new RegExp(`^START RequestId: ${requestId}`)), 1);
      assert.equal(count(new RegExp(`^END RequestId: ${requestId}`)), 1);
      assert.equal(count(new RegExp(`^REPORT RequestId: ${requestId}.*\\n── [\\d.]+ m?s · \\d+/128 MB · (cold start \\d+ ms|warm)$`)), 1);
    }
    assert.match(channelText, /^⏵ Tailing \/aws\/lambda\/orders in local cloud from /);
    await eventually('the failed invocation as the latest', () => session.latest?.requestId === failed);
    assert.equal(session.latest?.error?.errorType, 'TypeError');
    const [diagnostic] = session.diagnostics.diagnostics();
    assert.equal(diagnostic.file, path.join(workspace, 'node-app', 'index.js'));
    assert.equal(diagnostic.line, 2);
    assert.match(diagnostic.message, /^TypeError: order has no id — failed an invocation in orders's logs/);
    assert.ok(changes >= 2);
    assert.ok(session.rate.perMinute() >= 10);

    // The editor's run: echoed by the runner, filed in the store, tracked by the tail, printed once.
    const editorRun = await editorEmulator.invoke('orders', { payload: JSON.stringify({ order: { id: 'from-editor' } }) });
    await eventually('the editor run in the tail', () => session.latest?.requestId === editorRun.requestId);
    assert.equal(count(new RegExp(`^START RequestId: ${editorRun.requestId}`)), 1);
    assert.equal(count(new RegExp(`^REPORT RequestId: ${editorRun.requestId}`)), 1);
    assert.equal(session.latest?.lastLogLine, 'checking order');
    assert.ok(session.recentEvents().some((e) => e.message.includes('from-editor')));
  } finally {
    session.dispose();
  }
  const checkpoint = session.checkpoint();
  assert.ok(checkpoint && checkpoint.lastTimestamp > 0, 'a checkpoint to resume from');
});

test('without a running local cloud the runner files nothing', () => {
  const stopped = new LocalLogSink(() => undefined);
  assert.equal(stopped.sink(), undefined);
  assert.equal(stopped.wroteStream('2024/05/31/[$LATEST]abc'), false);
});
