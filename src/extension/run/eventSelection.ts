import * as vscode from 'vscode';
import type { LocalFunction } from '../project/localFunction';
import { resolveEvent } from './eventResolution';
import type { EventSelection } from './types';

const stateKey = 'serverlessWorkbench.selectedEvents';

/**
 * The event each function runs with, remembered in the workspace's state (not in files: it is
 * a personal choice, while `.events/` is shared). `emptyEventName` (`{}`) selects the empty event.
 */
export class WorkspaceEventSelection implements EventSelection {
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  selected(functionName: string): string | undefined {
    return this.all()[functionName];
  }

  async select(functionName: string, eventName: string | undefined): Promise<void> {
    const all = { ...this.all() };
    if (eventName === undefined) delete all[functionName];
    else all[functionName] = eventName;
    await this.state.update(stateKey, all);
    this.changed.fire(functionName);
  }

  resolve(fn: LocalFunction): Promise<{ payload: string; eventName?: string }> {
    return resolveEvent(fn.root, fn.spec.name, this.selected(fn.spec.name));
  }

  private all(): Record<string, string> {
    return this.state.get<Record<string, string>>(stateKey, {});
  }

  dispose(): void {
    this.changed.dispose();
  }
}
