import * as vscode from 'vscode';
import type { CommandDefinition } from './registerCommand';

export const openSettings: CommandDefinition = {
  id: 'openSettings',
  what: 'Open settings',
  async run() {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'serverlessWorkbench');
  },
};
