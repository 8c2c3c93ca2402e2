// In-host checks of the editor features (CodeLens, hover, stack links) against the extension as
// installed, in the `examples/` workspace. Each is an async function that throws on failure, the
// shape `index.ts`'s runner takes: `checks.push(...editorChecks)`.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

/** Polls `probe` until it returns a value (discovery and runs finish in the background). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function helloHandler(): Promise<{ uri: vscode.Uri; line: number }> {
  const uri = vscode.Uri.file(path.join(workspaceRoot(), 'functions', 'hello', 'index.ts'));
  const document = await vscode.workspace.openTextDocument(uri);
  const line = document.getText().split('\n').findIndex((text) => text.startsWith('export const handler'));
  assert.ok(line >= 0, 'the example declares its handler');
  return { uri, line };
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

export const editorChecks: [string, () => Promise<void>][] = [
  [
    'stack frames in a serverless-log document link to their source lines',
    async () => {
      const root = workspaceRoot();
      const handler = path.join(root, 'functions', 'hello', 'index.ts');
      const python = path.join(root, 'functions', 'orders', 'app.py');
      const content = [
        'TypeError: boom',
        `    at handler (${handler}:5:3)`,
        '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
        `  File "${python}", line 2, in lambda_handler`,
        `    at missing (${path.join(root, 'functions', 'nowhere.ts')}:1:1)`,
      ].join('\n');
      const document = await vscode.workspace.openTextDocument({ language: 'serverless-log', content });
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri);
      const ours = links.filter((link) => link.target?.scheme === 'file');
      assert.deepEqual(
        ours.map((link) => [link.range.start.line, link.target!.fsPath, link.target!.fragment]),
        [
          [1, handler, 'L5,3'],
          [3, python, 'L2'],
        ],
      );
      assert.equal(document.getText(ours[0].range), `${handler}:5:3`);
    },
  ],
  [
    'the CodeLens over a discovered handler offers Invoke, Debug and its event',
    async () => {
      const { uri, line } = await helloHandler();
      const titles = await eventually('the handler CodeLens', async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
        const onLine = lenses.filter((lens) => lens.range.start.line === line && lens.command?.command.startsWith('serverlessWorkbench.'));
        return onLine.length ? onLine.map((lens) => [lens.command!.title, lens.command!.command, lens.command!.arguments]) : undefined;
      });
      assert.deepEqual(titles.slice(0, 2), [
        ['▶ Invoke', 'serverlessWorkbench.invokeFunction', ['hello']],
        ['⚙ Debug', 'serverlessWorkbench.debugFunction', ['hello']],
      ]);
      assert.match(String(titles[2][0]), / ▾$/);
      assert.equal(titles[2][1], 'serverlessWorkbench.pickEvent');
    },
  ],
  [
    'after an invoke the handler line’s hover shows the result and its payload',
    async () => {
      const { uri, line } = await helloHandler();
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('serverlessWorkbench.invokeFunction', 'hello');
      const text = await eventually('the result hover', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 2));
        const value = hoverText(hovers);
        return value.includes('Request `') ? value : undefined;
      });
      // The headline is Markdown-escaped, so a fractional duration reads `9\.8 ms`.
      assert.match(text, /\*\*hello\*\* — ✓ \d+(\\?\.\d+)? m?s · 200/);
      assert.match(text, /```json\n\{\n {2}"statusCode": 200/);
    },
  ],
];
