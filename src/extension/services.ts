import type * as vscode from 'vscode';
import type { Ui } from './ui';

/**
 * What commands and views need, built once in `activate` and passed in explicitly (no global
 * service locator). Later issues add the emulator session, providers and tails here.
 */
export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  ui: Ui;
  refreshLocalFunctions(): void;
  refreshDeployedFunctions(): void;
}
