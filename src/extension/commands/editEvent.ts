import * as vscode from 'vscode';
import { listSavedEvents } from '../../core/events';
import { functionArg, shownPath } from './functionArg';
import { createEventFromCatalogue } from './newEventFromCatalogue';
import type { CommandDefinition } from './registerCommand';

/** Opens one of the function's saved events; offers the catalogue when it has none. */
export const editEvent: CommandDefinition = {
  id: 'editEvent',
  what: 'Edit saved event',
  async run(services, arg) {
    const fn = await functionArg(services, arg, 'Edit Saved Event');
    const name = fn.spec.name;
    const saved = await listSavedEvents(fn.root, name);
    if (saved.length === 0) {
      const action = 'New from Catalogue…';
      const choice = await services.ui.info(`${name} has no saved events yet (.events/${name}/).`, action);
      if (choice === action) await createEventFromCatalogue(services, fn);
      return undefined;
    }
    const event =
      saved.length === 1
        ? saved[0]
        : await services.ui.pick(
            saved.map((e) => ({ label: e.name, detail: shownPath(fn, e.file), value: e })),
            { title: `Edit Saved Event of ${name}`, placeholder: 'Pick an event to open' },
          );
    await vscode.window.showTextDocument(vscode.Uri.file(event.file));
    return event.name;
  },
};
