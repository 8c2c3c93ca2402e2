import * as vscode from 'vscode';
import type { Invocation } from '../../core/emulator/types';
import { requireTrust } from '../run/trust';
import { functionArg } from './functionArg';
import type { CommandDefinition } from './registerCommand';

/**
 * Runs the function once with its selected event in a fresh environment started under the
 * debugger, and attaches VS Code to it (see `runUnderDebugger`). The status bar shows the run;
 * stopping the debug session stops it. Returns the invocation, like Invoke Function.
 */
export const debugFunction: CommandDefinition = {
  id: 'debugFunction',
  what: 'Debug function',
  async run(services, arg): Promise<Invocation> {
    const fn = await functionArg(services, arg, 'Debug Function');
    requireTrust(services.ui, 'Debugging');
    const { payload, eventName } = await services.events.resolve(fn);
    services.outputs.channel(fn.spec.name).show(true);
    return vscode.window.withProgress(
      // Not a notification: it would sit over the editor for as long as the debugger is paused.
      { location: vscode.ProgressLocation.Window, title: `Debugging ${fn.spec.name}` },
      () => services.runner.run({ fn, payload, eventName, debug: true }),
    );
  },
};
