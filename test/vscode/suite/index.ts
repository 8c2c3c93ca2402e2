// In-host suite: runs inside the extension host (desktop VS Code via @vscode/test-electron).
// A dependency-free runner: each check is an async function; any throw fails the run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { editorChecks } from './editorChecks';
import { localLoopChecks } from './localLoopChecks';

const extensionId = 'serverless-workbench.serverless-workbench';

const checks: [string, () => Promise<void>][] = [
  [
    'the extension activates',
    async () => {
      const extension = vscode.extensions.getExtension(extensionId);
      assert.ok(extension, `${extensionId} is installed`);
      await extension.activate();
      assert.ok(extension.isActive);
    },
  ],
  [
    'every contributed command is registered',
    async () => {
      const extension = vscode.extensions.getExtension(extensionId);
      const contributed = (extension?.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const id of contributed) assert.ok(registered.has(id), `${id} is registered`);
    },
  ],
  [
    'Serverless: Show Log runs',
    async () => {
      await vscode.commands.executeCommand('serverlessWorkbench.showLog');
    },
  ],
];

checks.push(...localLoopChecks);
checks.push(...editorChecks);

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, check] of checks) {
    try {
      await check();
      console.log(`ok - ${name}`);
    } catch (error) {
      failures.push(name);
      console.error(`not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${checks.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(`${failures.length} in-host check(s) failed: ${failures.join('; ')}`);
}
