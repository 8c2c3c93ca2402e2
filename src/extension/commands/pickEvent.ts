import { listSavedEvents } from '../../core/events';
import { emptyEventName } from '../run/eventResolution';
import { functionArg, shownPath } from './functionArg';
import { createEventFromCatalogue } from './newEventFromCatalogue';
import type { CommandDefinition } from './registerCommand';

type Choice = { kind: 'saved'; name: string } | { kind: 'empty' } | { kind: 'new' };

/** Chooses the event Invoke and Debug run a function with: a saved one, a new one from the catalogue, or `{}`. */
export const pickEvent: CommandDefinition = {
  id: 'pickEvent',
  what: 'Pick event',
  async run(services, arg): Promise<string> {
    const fn = await functionArg(services, arg, 'Pick Event');
    const name = fn.spec.name;
    const saved = await listSavedEvents(fn.root, name);
    const selected = services.events.selected(name);
    // What an invoke uses now: the selection if its file still exists, else the first saved event, else {}.
    const current = selected === emptyEventName || saved.some((e) => e.name === selected) ? selected : (saved[0]?.name ?? emptyEventName);
    const marker = (isCurrent: boolean): string | undefined => (isCurrent ? '$(check) current' : undefined);
    const choice = await services.ui.pick<Choice>(
      [
        ...saved.map((event) => ({
          label: event.name,
          description: marker(event.name === current),
          detail: shownPath(fn, event.file),
          value: { kind: 'saved', name: event.name } as const,
        })),
        { label: '$(add) New from Catalogue…', value: { kind: 'new' } as const },
        { label: '$(json) Empty event {}', description: marker(current === emptyEventName), value: { kind: 'empty' } as const },
      ],
      { title: `Event for ${name}`, placeholder: 'The event Invoke and Debug run this function with' },
    );
    if (choice.kind === 'new') return createEventFromCatalogue(services, fn);
    const eventName = choice.kind === 'saved' ? choice.name : emptyEventName;
    await services.events.select(name, eventName);
    return eventName;
  },
};
