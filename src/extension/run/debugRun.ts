import type * as vscode from 'vscode';
import type { EmulatorOptions, Invocation } from '../../core/emulator/types';
import type { LocalFunction } from '../project/localFunction';

export interface DebugRunOptions {
  fn: LocalFunction;
  payload: string;
  /** Options of the debug run's own emulator (logs routing, runtime paths, credentials). */
  emulatorOptions: EmulatorOptions;
  log: vscode.LogOutputChannel;
  token?: vscode.CancellationToken;
}

/**
 * Runs one invocation of `fn` in a fresh environment started with the inspector, attached to
 * VS Code's debugger (Node: js-debug; Python: debugpy), with Lambda's timeout lifted while paused.
 */
export async function runUnderDebugger(options: DebugRunOptions): Promise<Invocation> {
  void options;
  throw new Error('Debugging is not implemented yet');
}
