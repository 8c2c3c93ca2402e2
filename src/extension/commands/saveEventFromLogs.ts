import * as vscode from 'vscode';
import { listSavedEvents, saveEvent } from '../../core/events';
import { UserError } from '../../core/errors';
import { tailLogs as readLogs } from '../../core/logs/tailer';
import type { TailEvent } from '../../core/logs/tailTypes';
import { localTarget } from '../cloud/providerTargets';
import { eventCandidates, eventPreview, suggestedEventName } from '../logs/eventExtraction';
import { tailConnection, tailLogGroup } from '../logs/tailTargets';
import { uniqueEventName, validateEventName } from '../run/eventNames';
import type { Services } from '../services';
import { functionArg } from './functionArg';
import type { CommandDefinition } from './registerCommand';

/** How far back the local cloud is read when the function is not tailed. */
const UNTAILED_HISTORY_MS = 60 * 60_000;
const MAX_READ = 5000;

/**
 * Offers the objects a function logged (the `console.log(event)` habit) as events to save in
 * `.events/<function>/<name>.json`: from its tails' recent lines, or — when it is not tailed — the
 * last hour of its logs in the running local cloud. The saved event becomes the function's
 * selected one, ready to replay locally.
 */
export const saveEventFromLogs: CommandDefinition = {
  id: 'saveEventFromLogs',
  what: 'Save event from logs',
  async run(services, arg): Promise<string> {
    const name = await functionName(services, arg);
    const events = services.tails.isTailed(name) ? services.tails.recentEvents(name) : await readLocalCloud(services, name);
    const candidates = eventCandidates(events);
    if (candidates.length === 0) {
      throw new UserError(`no logged event found in ${name}'s recent logs: log it with console.log(JSON.stringify(event)) (or print(json.dumps(event))) and invoke it again`);
    }
    const candidate = await services.ui.pick(
      candidates.map((c) => ({
        label: `${c.kind ?? 'Object'} · ${new Date(c.timestamp).toLocaleTimeString()}`,
        description: c.requestId ? `request ${c.requestId}` : undefined,
        detail: eventPreview(c.event),
        value: c,
      })),
      { title: `Save Event from ${name}'s Logs`, placeholder: 'The logged object to save as an event' },
    );
    const root = services.functions.get(name)?.root ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!root) throw new UserError('open a folder first: events are saved in its .events folder');
    const existing = new Set((await listSavedEvents(root, name)).map((e) => e.name));
    const eventName = (
      await services.ui.input({
        title: `Save Event from ${name}'s Logs`,
        prompt: `Saved as .events/${name}/<name>.json`,
        value: uniqueEventName(suggestedEventName(candidate), existing),
        validate: (value) => validateEventName(value, existing),
      })
    ).trim();
    const file = await saveEvent(root, name, eventName, candidate.event);
    await services.events.select(name, eventName.replace(/\.json$/i, ''));
    void services.ui.info(`Saved .events/${name}/${eventName.replace(/\.json$/i, '')}.json`, 'Open').then((choice) => {
      if (choice === 'Open') void vscode.window.showTextDocument(vscode.Uri.file(file));
    });
    return file;
  },
};

/** The function named by `arg`; else the tailed one (picked among several); else a local function, picked. */
async function functionName(services: Services, arg: unknown): Promise<string> {
  if (typeof arg === 'string') return arg;
  if (arg === undefined) {
    const tailed = [...new Set(services.tails.list().map((t) => t.spec.functionName))];
    if (tailed.length === 1) return tailed[0];
    if (tailed.length > 1) {
      return services.ui.pick(
        tailed.map((name) => ({ label: name, description: 'tailing', value: name })),
        { title: 'Save Event from Logs', placeholder: 'Whose logs to look in' },
      );
    }
  }
  return (await functionArg(services, arg, 'Save Event from Logs')).spec.name;
}

async function readLocalCloud(services: Services, name: string): Promise<TailEvent[]> {
  const localEndpoint = services.cloud.localCloud.endpoint;
  if (!localEndpoint) throw new UserError(`${name}'s logs are not tailed: tail them (or start the local cloud), invoke it, then try again`);
  const events: TailEvent[] = [];
  await readLogs({
    connection: tailConnection(localTarget, { localEndpoint, env: process.env }),
    logGroupNames: [tailLogGroup({ deployedName: name })],
    since: Date.now() - UNTAILED_HISTORY_MS,
    follow: false,
    onEvent: (event) => {
      events.push(event);
      if (events.length > MAX_READ) events.shift();
    },
  });
  return events;
}
