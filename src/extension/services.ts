import type * as vscode from 'vscode';
import type { CloudServices } from './cloud';
import type { LogTails } from './logs/logTails';
import type { LocalFunctions } from './project/localFunction';
import type { LastResults } from './run/lastResults';
import type { EventSelection, FunctionOutputs, LocalRunner } from './run/types';
import type { Ui } from './ui';

/**
 * What commands and views need, built once in `activate` and passed in explicitly (no global
 * service locator). Later issues add providers and tails here.
 */
export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  ui: Ui;
  /** The workspace's discovered functions. */
  functions: LocalFunctions;
  /** Runs functions locally (lazily builds the emulator). */
  runner: LocalRunner;
  results: LastResults;
  outputs: FunctionOutputs;
  /** Which saved event each function runs with. */
  events: EventSelection;
  /** Local cloud, providers and the Deployed Functions view. */
  cloud: CloudServices;
  /** Log tails into the functions' output channels, their inline results and diagnostics. */
  tails: LogTails;
  refreshLocalFunctions(): void;
  refreshDeployedFunctions(): void;
}
