import * as vscode from 'vscode';
import { oneLine } from '../core/errors';
import { version } from '../core/version';
import { createCloud } from './cloud';
import type { LocalCloudSession } from './cloud/localCloudSession';
import { registerAllCommands } from './commands';
import { registerEditorFeatures } from './editor';
import { LocalLogSink } from './logs/localLogSink';
import { LogTails } from './logs/logTails';
import { WorkspaceFunctions } from './project/workspaceFunctions';
import { WorkspaceEventSelection } from './run/eventSelection';
import { FunctionOutputChannels } from './run/functionOutputs';
import { LastResults } from './run/lastResults';
import { WorkspaceRunner } from './run/localRunner';
import type { Services } from './services';
import { addCliToTerminalPath } from './terminalPath';
import { vscodeUi } from './ui';
import { FunctionsTree } from './views/functionsTree';
import { localFunctionNodes } from './views/localFunctionNodes';

/** Kept for `deactivate`, which can wait until every function's child process is gone. */
let runner: WorkspaceRunner | undefined;
/** Stopped in `deactivate` too, so the local cloud's function processes are gone before the host exits. */
let cloudSession: LocalCloudSession | undefined;

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
    // Nothing here waits for discovery or starts the emulator: discovery is kicked off at the
    // end, the emulator is created on the first run.
    const functions = new WorkspaceFunctions(log);
    const results = new LastResults();
    const outputs = new FunctionOutputChannels();
    const events = new WorkspaceEventSelection(context.workspaceState);
    // While the local cloud runs, the editor's runs are filed in its log store too (tails see them).
    const localLogs = new LocalLogSink(
      () => cloud.localCloud.cloud.logStore,
      (error) => log.warn(`Could not file a log line in the local cloud: ${oneLine(error)}`),
    );
    runner = new WorkspaceRunner({ log, outputs, results, functions, logSink: () => localLogs.sink() });
    context.subscriptions.push(functions, results, outputs, events, runner);

    const localTree = new FunctionsTree(
      async () => {
        await functions.whenReady();
        const list = functions.list();
        if (list.length === 0 && functions.error) throw functions.error;
        return localFunctionNodes(list, {
          lastResult: (name) => results.get(name),
          multiRoot: (vscode.workspace.workspaceFolders?.length ?? 0) > 1,
        });
      },
      log,
      'serverlessWorkbench.refreshLocalFunctions',
    );
    // The Deployed Functions view, the local cloud session and the providers.
    const cloud = createCloud(context, log);
    cloudSession = cloud.localCloud;
    const tails = new LogTails({ context, log, outputs, functions, cloud, localLogs });
    context.subscriptions.push(tails);
    context.subscriptions.push(
      localTree,
      vscode.window.createTreeView('serverlessWorkbench.localFunctions', { treeDataProvider: localTree, showCollapseAll: true }),
      functions.onDidChange(() => localTree.refresh()),
      results.onDidChange(() => localTree.refresh()),
    );

    const services: Services = {
      context,
      log,
      ui: vscodeUi(),
      functions,
      runner,
      results,
      outputs,
      events,
      // The view refreshes even when discovery finds nothing new (e.g. a retry after an error).
      refreshLocalFunctions: () => void functions.refresh().finally(() => localTree.refresh()),
      cloud,
      tails,
      refreshDeployedFunctions: () => cloud.deployed.refresh(),
    };
    registerAllCommands(services);
    context.subscriptions.push(...registerEditorFeatures(services));
    functions.start();

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

export async function deactivate(): Promise<void> {
  // Everything else is disposed through context.subscriptions; function processes are awaited.
  await Promise.all([runner?.close(), cloudSession?.stop()]);
  runner = undefined;
  cloudSession = undefined;
}
