/**
 * Saved events live in the workspace at `.events/<function>/<name>.json`, a folder users commit
 * so a team shares its test events.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserError } from '../errors';

export const savedEventsFolder = '.events';

export interface SavedEvent {
  /** The file name without `.json`. */
  name: string;
  /** Absolute path. */
  file: string;
}

/** Names become folder and file names, so nothing that could escape `.events/<function>/`. */
function checkName(value: string, what: string): string {
  if (value.trim() === '') throw new UserError(`${what} must not be empty`);
  if (/[/\\]/.test(value) || value === '.' || value.includes('..') || value.includes('\0')) {
    throw new UserError(`${what} "${value}" must not contain path separators or ".."`);
  }
  return value;
}

/** Accepts `name` or `name.json`. */
function eventFileName(name: string): string {
  return `${checkName(name.replace(/\.json$/i, ''), 'event name')}.json`;
}

export function savedEventsDir(workspace: string, functionName: string): string {
  return join(workspace, savedEventsFolder, checkName(functionName, 'function name'));
}

export function savedEventPath(workspace: string, functionName: string, name: string): string {
  return join(savedEventsDir(workspace, functionName), eventFileName(name));
}

export async function listSavedEvents(workspace: string, functionName: string): Promise<SavedEvent[]> {
  const dir = savedEventsDir(workspace, functionName);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.toLowerCase().endsWith('.json'))
    .sort((a, b) => a.localeCompare(b))
    .map((entry) => ({ name: entry.slice(0, -'.json'.length), file: join(dir, entry) }));
}

export async function readSavedEvent(workspace: string, functionName: string, name: string): Promise<unknown> {
  const file = savedEventPath(workspace, functionName, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      const names = (await listSavedEvents(workspace, functionName)).map((e) => e.name);
      throw new UserError(`no saved event "${name}" for ${functionName}; saved: ${names.length ? names.join(', ') : '(none)'}`);
    }
    throw error;
  }
  return parseEventJson(text, relative(workspace, file) || file);
}

/** Parses event JSON; a syntax error is one line naming the file. */
export function parseEventJson(text: string, fileLabel: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new UserError(`${fileLabel}: invalid JSON: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** Writes pretty JSON; refuses to replace an existing event unless `overwrite`. Returns the path. */
export async function saveEvent(workspace: string, functionName: string, name: string, event: unknown, options: { overwrite?: boolean } = {}): Promise<string> {
  const file = savedEventPath(workspace, functionName, name);
  if (!options.overwrite && (await exists(file))) {
    throw new UserError(`saved event "${name}" for ${functionName} already exists (${relative(workspace, file)}); overwrite it explicitly`);
  }
  await mkdir(savedEventsDir(workspace, functionName), { recursive: true });
  await writeFile(file, `${JSON.stringify(event, null, 2)}\n`, 'utf8');
  return file;
}

export async function deleteSavedEvent(workspace: string, functionName: string, name: string): Promise<void> {
  const file = savedEventPath(workspace, functionName, name);
  if (!(await exists(file))) throw new UserError(`no saved event "${name}" for ${functionName}`);
  await rm(file);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
