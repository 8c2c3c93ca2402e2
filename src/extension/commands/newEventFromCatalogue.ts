import * as vscode from 'vscode';
import { listEvents, listSavedEvents, resolveParams, saveEvent } from '../../core/events';
import type { LocalFunction } from '../project/localFunction';
import { defaultEventName, orderCatalogue, suggestedCatalogueEvents, uniqueEventName, validateEventName } from '../run/eventNames';
import type { Services } from '../services';
import { functionArg } from './functionArg';
import type { CommandDefinition } from './registerCommand';

/**
 * Picks a catalogue entry of the function's provider (those matching its declared triggers
 * first), saves it with its default parameters as `.events/<function>/<name>.json`, selects it
 * for the function's runs and opens it for editing.
 */
export async function createEventFromCatalogue(services: Pick<Services, 'ui' | 'events'>, fn: LocalFunction): Promise<string> {
  const name = fn.spec.name;
  const ordered = orderCatalogue(listEvents(fn.spec.provider), suggestedCatalogueEvents(fn.spec));
  const entry = await services.ui.pick(
    ordered.map(({ entry, suggested }) => ({
      label: entry.name,
      description: suggested ? 'matches a trigger of this function' : undefined,
      detail: entry.description,
      value: entry,
    })),
    { title: `New Event for ${name}`, placeholder: 'Pick a sample event', step: 1, totalSteps: 2 },
  );
  const existing = new Set((await listSavedEvents(fn.root, name)).map((e) => e.name));
  const eventName = (
    await services.ui.input({
      title: `New Event for ${name} (2/2)`,
      prompt: `Saved as .events/${name}/<name>.json`,
      value: uniqueEventName(defaultEventName(entry), existing),
      validate: (value) => validateEventName(value, existing),
    })
  ).trim();
  const file = await saveEvent(fn.root, name, eventName, entry.generate(resolveParams(entry, {})));
  await services.events.select(name, eventName.replace(/\.json$/i, ''));
  await vscode.window.showTextDocument(vscode.Uri.file(file));
  return eventName;
}

export const newEventFromCatalogue: CommandDefinition = {
  id: 'newEventFromCatalogue',
  what: 'New event from catalogue',
  async run(services, arg) {
    const fn = await functionArg(services, arg, 'New Event from Catalogue');
    return createEventFromCatalogue(services, fn);
  },
};
