import * as vscode from 'vscode';
import { listSavedEvents, parseEventJson, saveEvent } from '../../core/events';
import { UserError } from '../../core/errors';
import { uniqueEventName, validateEventName } from '../run/eventNames';
import { functionArg, shownPath } from './functionArg';
import type { CommandDefinition } from './registerCommand';

/** Saves the event of the function's last local run as `.events/<function>/<name>.json` and selects it. */
export const saveLastInputAsEvent: CommandDefinition = {
  id: 'saveLastInputAsEvent',
  what: 'Save last input as event',
  async run(services, arg) {
    const fn = await functionArg(services, arg, 'Save Last Input as Event');
    const name = fn.spec.name;
    const last = services.results.get(name);
    if (!last) throw new UserError(`${name} has not run locally in this session yet: invoke it first`);
    const event = parseEventJson(last.input, 'the last input');
    const existing = new Set((await listSavedEvents(fn.root, name)).map((e) => e.name));
    const eventName = (
      await services.ui.input({
        title: `Save Last Input of ${name} as Event`,
        prompt: `Saved as .events/${name}/<name>.json`,
        value: uniqueEventName('last-input', existing),
        validate: (value) => validateEventName(value, existing),
      })
    ).trim();
    const file = await saveEvent(fn.root, name, eventName, event);
    await services.events.select(name, eventName.replace(/\.json$/i, ''));
    void services.ui.info(`Saved ${shownPath(fn, file)}`, 'Open').then((choice) => {
      if (choice === 'Open') void vscode.window.showTextDocument(vscode.Uri.file(file));
    });
    return file;
  },
};
