import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { functionArg } from './functionArg';
import type { CommandDefinition } from './registerCommand';

/** Opens the project file that declares the function (template, serverless.yml or manifest) at its declaration. */
export const revealInTemplate: CommandDefinition = {
  id: 'revealInTemplate',
  what: 'Reveal in template',
  async run(services, arg) {
    const fn = await functionArg(services, arg, 'Reveal in Template');
    const source = fn.spec.source;
    if (!source) throw new UserError(`${fn.spec.name} is not declared in a project file`);
    const position = new vscode.Position(Math.max(0, (source.line ?? 1) - 1), 0);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(source.file), { selection: new vscode.Range(position, position) });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  },
};
