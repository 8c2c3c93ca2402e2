import * as vscode from 'vscode';
import { runNewFunctionFlow } from './newFunctionFlow';
import type { CommandDefinition } from './registerCommand';

/** `Serverless: New Function…`: the quick-pick steps, then the new handler opens. */
export const newFunction: CommandDefinition = {
  id: 'newFunction',
  what: 'New function',
  async run(services) {
    const folders = (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => ({ name: folder.name, path: folder.uri.fsPath }));
    const result = await runNewFunctionFlow({ ui: services.ui, folders });
    if (!result) return;
    services.log.info(`New function ${result.functionName}: wrote ${result.files.join(', ')}`);
    // Discovery first, so the handler opens with its CodeLens and the view lists the function.
    await services.functions.refresh();
    await vscode.window.showTextDocument(vscode.Uri.file(result.handlerFile));
  },
};
