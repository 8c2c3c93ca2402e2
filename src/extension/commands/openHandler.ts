import * as vscode from 'vscode';
import { handlerSourceCandidates } from '../../core/project/handlerLocation';
import { UserError } from '../../core/errors';
import { functionArg, shownPath } from './functionArg';
import type { CommandDefinition } from './registerCommand';

/** Opens the handler's source (TypeScript before its build output) at the exported declaration. */
export const openHandler: CommandDefinition = {
  id: 'openHandler',
  what: 'Open handler',
  async run(services, arg) {
    const fn = await functionArg(services, arg, 'Open Handler');
    if (!fn.handlerFile) {
      const looked = handlerSourceCandidates(fn.spec).map((file) => shownPath(fn, file));
      throw new UserError(`the handler file of ${fn.spec.name} (${fn.spec.handler}) was not found${looked.length ? `; looked for ${looked.join(', ')}` : ''}`);
    }
    const line = fn.handlerLine ?? 0;
    const position = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(vscode.Uri.file(fn.handlerFile), { selection: new vscode.Range(position, position) });
  },
};
