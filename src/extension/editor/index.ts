import type * as vscode from 'vscode';
import type { Services } from '../services';

/**
 * Editor features over discovered handlers: CodeLens, inline last results, hovers, stack links.
 * Returns the disposables for the extension's bag.
 */
export function registerEditorFeatures(services: Services): vscode.Disposable[] {
  void services;
  return [];
}
