import * as vscode from 'vscode';
import type { Invocation } from '../../core/emulator/types';

/** The last local run of a function: shown inline at the handler, in the tree and in hovers. */
export interface LastResult {
  functionName: string;
  invocation: Invocation;
  /** The event text the function received ("Save Last Input as Event" writes it). */
  input: string;
  /** The saved event or catalogue entry it came from, if any. */
  eventName?: string;
  /** `Date.now()` when it finished. */
  finishedAt: number;
}

/** Last results per function name; fires the function's name when one changes. */
export class LastResults implements vscode.Disposable {
  private readonly results = new Map<string, LastResult>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  get(functionName: string): LastResult | undefined {
    return this.results.get(functionName);
  }

  set(result: LastResult): void {
    this.results.set(result.functionName, result);
    this.changed.fire(result.functionName);
  }

  clear(functionName: string): void {
    if (this.results.delete(functionName)) this.changed.fire(functionName);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
