import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { listSavedEvents, parseEventJson, savedEventPath } from '../../core/events';

/**
 * Which event text an invoke uses: the selected saved event (`.events/<function>/<name>.json`),
 * else the function's first saved event, else `{}`. No `vscode` here: unit-tested under Node.
 */

/** The selection meaning "run with the empty event `{}`", even when saved events exist. */
export const emptyEventName = '{}';

export interface ResolvedEvent {
  /** The event text, exactly as saved (validated as JSON). */
  payload: string;
  /** The saved event's name; undefined for `{}`. */
  eventName?: string;
  file?: string;
}

export async function resolveEvent(root: string, functionName: string, selected: string | undefined): Promise<ResolvedEvent> {
  if (selected === emptyEventName) return { payload: '{}' };
  if (selected !== undefined) {
    const file = savedEventPath(root, functionName, selected);
    const text = await readIfExists(file);
    // A selection whose file was deleted or renamed falls back to the default, not an error.
    if (text !== undefined) return { payload: validated(text, root, file), eventName: selected, file };
  }
  const [first] = await listSavedEvents(root, functionName);
  if (first) {
    const text = await readIfExists(first.file);
    if (text !== undefined) return { payload: validated(text, root, first.file), eventName: first.name, file: first.file };
  }
  return { payload: '{}' };
}

function validated(text: string, root: string, file: string): string {
  parseEventJson(text, path.relative(root, file) || file);
  return text.replace(/^\uFEFF/, '');
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
