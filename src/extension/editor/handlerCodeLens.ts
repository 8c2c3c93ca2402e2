import * as vscode from 'vscode';
import { listSavedEvents } from '../../core/events';
import type { LocalFunction } from '../project/localFunction';
import type { Services } from '../services';
import { handlerLensSpecs } from './handlerLensSpecs';
import { handlerLines } from './handlerLines';

const SETTING = 'serverlessWorkbench.codeLens.enabled';

/**
 * `▶ Invoke | ⚙ Debug | <event> ▾` over each discovered handler (one explanatory lens instead in
 * an untrusted workspace). The commands take the function's name.
 */
export class HandlerCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: Pick<Services, 'functions' | 'events' | 'tails'>) {
    const refresh = (): void => this.changed.fire();
    this.subscriptions = [
      this.changed,
      services.functions.onDidChange(refresh),
      services.events.onDidChange(refresh),
      services.tails.onDidChangeTails(refresh),
      vscode.workspace.onDidGrantWorkspaceTrust(refresh),
      // With no event picked, the lens names the first saved event: follow `.events/` changes.
      watchSavedEvents(refresh),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTING)) refresh();
      }),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (document.uri.scheme !== 'file') return [];
    if (!vscode.workspace.getConfiguration().get<boolean>(SETTING, true)) return [];
    const functions = this.services.functions.list();
    const byLine = handlerLines(functions, document.uri.fsPath, document.getText());
    const named = [...byLine.values()].flat().length > 1;
    const trusted = vscode.workspace.isTrusted;
    const lenses: vscode.CodeLens[] = [];
    for (const [line, fns] of byLine) {
      const range = document.lineAt(line).range;
      const inputs = await Promise.all(
        fns.map(async (fn) => ({ name: fn.spec.name, eventName: await this.eventName(fn), tailing: this.services.tails.isTailed(fn.spec.name) })),
      );
      const specs = handlerLensSpecs(inputs, { trusted, named });
      for (const spec of specs) {
        lenses.push(new vscode.CodeLens(range, { title: spec.title, command: spec.command, arguments: spec.arguments, tooltip: spec.tooltip }));
      }
    }
    return lenses;
  }

  /** The event an Invoke would use now: the picked one, else the first saved one (as the runner resolves it), else `{}`. */
  private async eventName(fn: LocalFunction): Promise<string | undefined> {
    const selected = this.services.events.selected(fn.spec.name);
    if (selected !== undefined) return selected;
    try {
      return (await listSavedEvents(fn.root, fn.spec.name))[0]?.name ?? '{}';
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function watchSavedEvents(onChange: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/.events/**/*.json');
  return vscode.Disposable.from(watcher, watcher.onDidCreate(onChange), watcher.onDidDelete(onChange));
}

export function registerHandlerCodeLens(services: Pick<Services, 'functions' | 'events' | 'tails'>): vscode.Disposable[] {
  const provider = new HandlerCodeLensProvider(services);
  return [provider, vscode.languages.registerCodeLensProvider({ scheme: 'file' }, provider)];
}
