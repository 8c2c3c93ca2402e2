// In-host checks of the local loop (discovery, invoke, events, open/reveal) against the extension
// as installed, in the `examples/` workspace: `checks.push(...localLoopChecks)` in index.ts.
// Nothing here writes into the workspace.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface InvocationLike {
  payload: Uint8Array | { type: 'Buffer'; data: number[] };
  functionError?: string;
  error?: { errorType: string; errorMessage: string };
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

function payloadJson(invocation: InvocationLike): unknown {
  const bytes = 'data' in invocation.payload ? Uint8Array.from(invocation.payload.data) : invocation.payload;
  return JSON.parse(new TextDecoder().decode(bytes));
}

async function invoke(name: string): Promise<InvocationLike | undefined> {
  return vscode.commands.executeCommand<InvocationLike | undefined>('serverlessWorkbench.invokeFunction', name);
}

/** Runs a command that shows a quick pick, accepting the focused item until the command settles. */
async function acceptFirstPick<T>(command: Thenable<T>, timeoutMs = 20_000): Promise<T> {
  let settled = false;
  const result = Promise.resolve(command).finally(() => (settled = true));
  const deadline = Date.now() + timeoutMs;
  while (!settled && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return result;
}

function lineOf(document: vscode.TextDocument, predicate: (text: string) => boolean): number {
  const line = document.getText().split('\n').findIndex(predicate);
  assert.ok(line >= 0, `${document.fileName} has the expected line`);
  return line;
}

export const localLoopChecks: [string, () => Promise<void>][] = [
  [
    'Invoke Function runs the TypeScript example with its saved event',
    async () => {
      const invocation = await invoke('hello');
      assert.ok(invocation, 'the invoke returned its invocation');
      assert.equal(invocation.functionError, undefined, JSON.stringify(invocation.error));
      const result = payloadJson(invocation) as { statusCode: number; body: string };
      assert.equal(result.statusCode, 200);
      assert.deepEqual(JSON.parse(result.body), { message: 'Hello, world!', stage: 'dev' });
    },
  ],
  [
    'Invoke Function runs the Python example with its SQS batch event',
    async () => {
      const invocation = await invoke('orders');
      assert.ok(invocation, 'the invoke returned its invocation');
      assert.equal(invocation.functionError, undefined, JSON.stringify(invocation.error));
      const result = payloadJson(invocation) as { batchItemFailures: unknown[] };
      assert.ok(Array.isArray(result.batchItemFailures), JSON.stringify(result));
    },
  ],
  [
    'Invoke Function with an unknown name fails without a result',
    async () => {
      assert.equal(await invoke('no-such-function'), undefined);
    },
  ],
  [
    'Open Handler opens the TypeScript source at the exported handler',
    async () => {
      await vscode.commands.executeCommand('serverlessWorkbench.openHandler', 'hello');
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'an editor is open');
      assert.equal(editor.document.uri.fsPath, path.join(workspaceRoot(), 'functions', 'hello', 'index.ts'));
      assert.equal(editor.selection.active.line, lineOf(editor.document, (text) => text.startsWith('export const handler')));
    },
  ],
  [
    'Reveal in Template opens the manifest at the function’s declaration',
    async () => {
      await vscode.commands.executeCommand('serverlessWorkbench.revealInTemplate', 'orders');
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'an editor is open');
      assert.equal(editor.document.uri.fsPath, path.join(workspaceRoot(), 'serverless-workbench.json'));
      assert.equal(editor.selection.active.line, lineOf(editor.document, (text) => text.includes('"orders"')));
    },
  ],
  [
    'Pick Event lists the saved events first and selects the one picked',
    async () => {
      const picked = await acceptFirstPick(vscode.commands.executeCommand<string | undefined>('serverlessWorkbench.pickEvent', 'hello'));
      assert.equal(picked, 'get-hello');
    },
  ],
];
