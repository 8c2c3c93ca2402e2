import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/**
 * The one seam through which logic asks the user something. Commands take a `Ui`; tests pass a
 * scripted one. A dismissed prompt throws `CancelledError`, which the command wrapper keeps silent.
 */
export interface Ui {
  pick<T>(items: PickItem<T>[], options: { title: string; placeholder?: string; step?: number; totalSteps?: number }): Promise<T>;
  input(options: { title: string; prompt?: string; value?: string; validate?: (value: string) => string | undefined }): Promise<string>;
  confirm(message: string, action: string): Promise<boolean>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
}

export function vscodeUi(): Ui {
  return {
    async pick(items, options) {
      const picked = await vscode.window.showQuickPick(items, {
        title: options.step ? `${options.title} (${options.step}/${options.totalSteps ?? options.step})` : options.title,
        placeHolder: options.placeholder,
        ignoreFocusOut: true,
      });
      if (!picked) throw new CancelledError();
      return picked.value;
    },
    async input(options) {
      const value = await vscode.window.showInputBox({
        title: options.title,
        prompt: options.prompt,
        value: options.value,
        ignoreFocusOut: true,
        validateInput: options.validate,
      });
      if (value === undefined) throw new CancelledError();
      return value;
    },
    async confirm(message, action) {
      const answer = await vscode.window.showWarningMessage(message, { modal: true }, action);
      return answer === action;
    },
    info: (message, ...actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
    error: (message, ...actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
  };
}
