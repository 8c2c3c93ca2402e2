import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerHandlerCodeLens } from './handlerCodeLens';
import { ResultDecorations } from './resultDecorations';
import { ResultHoverProvider } from './resultHover';
import { StackLinkProvider } from './stackLinks';

/**
 * Editor features over discovered handlers: CodeLens, inline last results, hovers, stack links.
 * Returns the disposables for the extension's bag.
 */
export function registerEditorFeatures(services: Services): vscode.Disposable[] {
  return [
    ...registerHandlerCodeLens(services),
    new ResultDecorations(services),
    vscode.languages.registerHoverProvider({ scheme: 'file' }, new ResultHoverProvider(services)),
    vscode.languages.registerDocumentLinkProvider({ language: 'serverless-log' }, new StackLinkProvider(services)),
  ];
}
