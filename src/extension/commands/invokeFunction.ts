import * as vscode from 'vscode';
import type { Invocation } from '../../core/emulator/types';
import { requireTrust } from '../run/trust';
import { functionArg } from './functionArg';
import type { CommandDefinition } from './registerCommand';

/**
 * Runs the function once in the local emulator with its selected event, showing its output
 * channel and a cancellable progress notification. Returns the invocation (for callers such as
 * tests; the wrapper returns undefined on failure).
 */
export const invokeFunction: CommandDefinition = {
  id: 'invokeFunction',
  what: 'Invoke function',
  async run(services, arg): Promise<Invocation> {
    const fn = await functionArg(services, arg, 'Invoke Function');
    requireTrust(services.ui, 'Invoking');
    const { payload, eventName } = await services.events.resolve(fn);
    services.outputs.channel(fn.spec.name).show(true);
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Invoking ${fn.spec.name}${eventName ? ` with "${eventName}"` : ''}`,
        cancellable: true,
      },
      (_progress, token) => services.runner.run({ fn, payload, eventName, token }),
    );
  },
};
