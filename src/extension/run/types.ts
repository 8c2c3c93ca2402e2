import type * as vscode from 'vscode';
import type { Invocation } from '../../core/emulator/types';
import type { LocalFunction } from '../project/localFunction';

export interface RunRequest {
  fn: LocalFunction;
  /** The event JSON text. */
  payload: string;
  /** Saved event / catalogue name it came from, for the output and "last result". */
  eventName?: string;
  /** Start the environment with the inspector and attach VS Code's debugger first. */
  debug?: boolean;
  token?: vscode.CancellationToken;
}

/**
 * Runs workspace functions in the local emulator (one emulator per extension session, created on
 * first use), writes their logs to the function's output channel and records the last result.
 */
export interface LocalRunner extends vscode.Disposable {
  run(request: RunRequest): Promise<Invocation>;
}

/** `Serverless: <function>` output channels (language `serverless-log`), one per function, reused by log tails. */
export interface FunctionOutputs extends vscode.Disposable {
  channel(functionName: string): vscode.OutputChannel;
}

/**
 * Which event each function is run with: a saved event (`.events/<function>/<name>.json`) or
 * none (`{}`), remembered per workspace. Shown in the CodeLens as `<event name> ▾`.
 */
export interface EventSelection extends vscode.Disposable {
  readonly onDidChange: vscode.Event<string>;
  /** The saved event's name, or undefined for the default (the first saved event, else `{}`). */
  selected(functionName: string): string | undefined;
  select(functionName: string, eventName: string | undefined): Promise<void>;
  /** The event text and its name that an invoke of `fn` would use now. */
  resolve(fn: LocalFunction): Promise<{ payload: string; eventName?: string }>;
}
