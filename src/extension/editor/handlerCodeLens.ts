import * as vscode from 'vscode';
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
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTING)) refresh();
      }),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file') return [];
    if (!vscode.workspace.getConfiguration().get<boolean>(SETTING, true)) return [];
    const functions = this.services.functions.list();
    const byLine = handlerLines(functions, document.uri.fsPath, document.getText());
    const named = [...byLine.values()].flat().length > 1;
    const trusted = vscode.workspace.isTrusted;
    const lenses: vscode.CodeLens[] = [];
    for (const [line, fns] of byLine) {
      const range = document.lineAt(line).range;
      const specs = handlerLensSpecs(
        fns.map((fn) => ({ name: fn.spec.name, eventName: this.services.events.selected(fn.spec.name), tailing: this.services.tails.isTailed(fn.spec.name) })),
        { trusted, named },
      );
      for (const spec of specs) {
        lenses.push(new vscode.CodeLens(range, { title: spec.title, command: spec.command, arguments: spec.arguments, tooltip: spec.tooltip }));
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

export function registerHandlerCodeLens(services: Pick<Services, 'functions' | 'events' | 'tails'>): vscode.Disposable[] {
  const provider = new HandlerCodeLensProvider(services);
  return [provider, vscode.languages.registerCodeLensProvider({ scheme: 'file' }, provider)];
}
