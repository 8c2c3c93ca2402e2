import * as vscode from 'vscode';
import { isCancellation, oneLine } from '../../core/errors';
import type { Services } from '../services';

export interface CommandDefinition {
  /** The command id without the `serverlessWorkbench.` prefix. */
  id: string;
  /** What the command does, for "<what> failed: <why>". */
  what: string;
  run(services: Services, ...args: unknown[]): unknown;
}

export const commandPrefix = 'serverlessWorkbench.';

/**
 * The single wrapper every command goes through: registers it, pushes the disposable into the
 * extension's bag, and handles errors the same way everywhere — cancellation is silent; anything
 * else is one line "<what> failed: <why>" with a "Show Log" button, details in the log channel.
 */
export function registerCommand(services: Services, definition: CommandDefinition): void {
  const id = commandPrefix + definition.id;
  const disposable = vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await definition.run(services, ...args);
    } catch (error) {
      reportCommandError(services, definition.what, error);
      return undefined;
    }
  });
  services.context.subscriptions.push(disposable);
}

export function reportCommandError(services: Pick<Services, 'log'>, what: string, error: unknown): void {
  if (isCancellation(error)) {
    services.log.debug(`${what}: cancelled`);
    return;
  }
  const why = oneLine(error);
  services.log.error(`${what} failed: ${error instanceof Error && error.stack ? error.stack : why}`);
  void vscode.window.showErrorMessage(`${what} failed: ${why}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') services.log.show(true);
  });
}
