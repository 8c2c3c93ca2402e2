import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { listEvents, listSavedEvents, parseEventJson, resolveParams } from '../../core/events';
import type { LocalFunction } from '../project/localFunction';
import { emptyEventName } from '../run/eventResolution';
import { orderCatalogue, suggestedCatalogueEvents } from '../run/eventNames';
import type { PickItem } from '../ui';

/**
 * The events offered when invoking a deployed function: the saved events of the workspace
 * function it was deployed from (the one its local runs use marked), `{}`, then the catalogue
 * (entries matching its triggers first). No `vscode` here: unit-tested under Node.
 */
export type RemoteEventChoice = { kind: 'saved'; name: string; file: string } | { kind: 'empty' } | { kind: 'catalogue'; name: string };

export async function remoteEventChoices(local: LocalFunction | undefined, selected: string | undefined): Promise<PickItem<RemoteEventChoice>[]> {
  const items: PickItem<RemoteEventChoice>[] = [];
  if (local) {
    const saved = await listSavedEvents(local.root, local.spec.name);
    const current = selected === emptyEventName || saved.some((e) => e.name === selected) ? selected : saved[0]?.name;
    for (const event of saved) {
      items.push({
        label: event.name,
        description: event.name === current ? 'saved · used by local runs' : 'saved',
        detail: path.relative(local.root, event.file).split(path.sep).join('/'),
        value: { kind: 'saved', name: event.name, file: event.file },
      });
    }
  }
  items.push({ label: '$(json) Empty event {}', value: { kind: 'empty' } });
  const catalogue = orderCatalogue(listEvents('aws'), local ? suggestedCatalogueEvents(local.spec) : []);
  for (const { entry, suggested } of catalogue) {
    items.push({
      label: `$(symbol-event) ${entry.name}`,
      description: suggested ? 'catalogue · matches a trigger' : 'catalogue',
      detail: entry.description,
      value: { kind: 'catalogue', name: entry.name },
    });
  }
  return items;
}

/** The payload text and the name shown in the output for a choice. */
export async function resolveRemoteEvent(choice: RemoteEventChoice): Promise<{ payload: string; eventName?: string }> {
  switch (choice.kind) {
    case 'empty':
      return { payload: '{}' };
    case 'saved': {
      const text = (await readFile(choice.file, 'utf8')).replace(/^\uFEFF/, '');
      parseEventJson(text, path.basename(choice.file));
      return { payload: text, eventName: choice.name };
    }
    case 'catalogue': {
      const entry = listEvents('aws').find((e) => e.name === choice.name);
      if (!entry) return { payload: '{}' };
      return { payload: JSON.stringify(entry.generate(resolveParams(entry, {})), null, 2), eventName: entry.name };
    }
  }
}
