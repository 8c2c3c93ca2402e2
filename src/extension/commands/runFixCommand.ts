import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { CommandDefinition } from './registerCommand';

/**
 * Runs the fix an error node offers (e.g. `aws sso login --profile dev`) in a terminal. Only AWS
 * CLI commands built by the provider's error messages are accepted: the argument comes from a tree
 * node, but the command id can be called by anything.
 */
export const runFixCommand: CommandDefinition = {
  id: 'runFixCommand',
  what: 'Run fix',
  run(_services, command) {
    if (typeof command !== 'string' || !/^aws [\w .:/=-]+$/.test(command)) throw new UserError(`not an AWS CLI command: ${String(command)}`);
    const terminal = vscode.window.createTerminal({ name: 'AWS' });
    terminal.show();
    terminal.sendText(command);
  },
};
