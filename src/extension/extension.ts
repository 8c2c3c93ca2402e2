import * as vscode from 'vscode';
import { oneLine } from '../core/errors';
import { version } from '../core/version';
import { registerAllCommands } from './commands';
import type { Services } from './services';
import { addCliToTerminalPath } from './terminalPath';
import { vscodeUi } from './ui';
import { FunctionsTree } from './views/functionsTree';

/**
 * Activation builds every service once and passes it in; everything disposable goes into
 * `context.subscriptions`, the extension-lifetime bag. Heavy modules (SDKs, esbuild) are loaded
 * later, on first use.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Serverless Workbench', { log: true });
  context.subscriptions.push(log);
  try {
    const localTree = new FunctionsTree(async () => [], log, 'serverlessWorkbench.refreshLocalFunctions');
    const deployedTree = new FunctionsTree(async () => [], log, 'serverlessWorkbench.refreshDeployedFunctions');
    context.subscriptions.push(
      localTree,
      deployedTree,
      vscode.window.createTreeView('serverlessWorkbench.localFunctions', { treeDataProvider: localTree, showCollapseAll: true }),
      vscode.window.createTreeView('serverlessWorkbench.deployedFunctions', { treeDataProvider: deployedTree, showCollapseAll: true }),
    );

    const services: Services = {
      context,
      log,
      ui: vscodeUi(),
      refreshLocalFunctions: () => localTree.refresh(),
      refreshDeployedFunctions: () => deployedTree.refresh(),
    };
    registerAllCommands(services);

    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('serverlessWorkbench');
    const updatePath = (): void => {
      addCliToTerminalPath(context, config().get<boolean>('addCliToTerminalPath', true)).then(
        (dir) => dir && log.info(`swb is on the PATH of new integrated terminals (${dir})`),
        (error: unknown) => log.warn(`Could not add swb to the terminal PATH: ${oneLine(error)}`),
      );
    };
    updatePath();
    context.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('serverlessWorkbench.addCliToTerminalPath')) updatePath();
      }),
    );

    const ms = performance.now() - started;
    log.info(`Serverless Workbench ${version} activated in ${ms.toFixed(1)} ms`);
  } catch (error) {
    // Activation failure is shown, never swallowed.
    const message = `Serverless Workbench failed to activate: ${oneLine(error)}`;
    log.error(error instanceof Error && error.stack ? error.stack : message);
    void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => choice && log.show());
    throw error;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
