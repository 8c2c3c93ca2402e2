import * as vscode from 'vscode';
import { CancelledError, UserError } from '../../core/errors';
import type { Ui } from '../ui';

/** Why running is refused in Restricted Mode; shared by the runner and the commands. */
export function untrustedMessage(action: string): string {
  return `${action} functions is disabled in an untrusted workspace, because it runs the workspace's code. Trust the workspace to run functions; browsing functions and events still works.`;
}

/** Throws a one-line `UserError` unless the workspace is trusted (Workspace Trust). */
export function assertTrusted(action: string): void {
  if (!vscode.workspace.isTrusted) throw new UserError(untrustedMessage(action));
}

/**
 * For commands: in an untrusted workspace, explains why with a button to manage trust, then
 * stops the command silently (the message is the answer, not a failure).
 */
export function requireTrust(ui: Pick<Ui, 'error'>, action: string): void {
  if (vscode.workspace.isTrusted) return;
  const manage = 'Manage Workspace Trust';
  void ui.error(untrustedMessage(action), manage).then((choice) => {
    if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  throw new CancelledError();
}
