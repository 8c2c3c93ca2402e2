import * as vscode from 'vscode';
import { oneLine } from '../../core/errors';
import type { RemoteInvocation } from '../../core/providers/types';
import { remoteEventChoices, resolveRemoteEvent } from '../cloud/remoteEvents';
import { remoteHeadline, remoteResultText } from '../cloud/remoteInvokeText';
import { findWorkspaceFunction } from '../cloud/workspaceMatch';
import { deployedArg } from './deployedArg';
import type { CommandDefinition } from './registerCommand';

/**
 * Invokes a deployed function (or one of its versions or aliases) with a saved event of the
 * workspace function it came from, `{}`, or a catalogue event; the log tail Lambda returns and
 * the result go to the function's `Serverless: <function>` channel.
 */
export const invokeDeployedFunction: CommandDefinition = {
  id: 'invokeDeployedFunction',
  what: 'Invoke deployed function',
  async run(services, arg): Promise<RemoteInvocation> {
    const ref = await deployedArg(services, arg, 'Invoke Deployed Function');
    const provider = await services.cloud.providers.get(ref.target);
    // Tags say which workspace function it was deployed from (and so which saved events fit).
    const detail = await provider.getFunction(ref.name).catch((error: unknown) => {
      services.log.debug(`Reading the tags of ${ref.name} failed: ${oneLine(error)}`);
      return undefined;
    });
    const local = findWorkspaceFunction(services.functions.list(), ref.name, detail?.tags);
    const choice = await services.ui.pick(await remoteEventChoices(local, local ? services.events.selected(local.spec.name) : undefined), {
      title: `Invoke ${ref.name}${ref.qualifier ? `:${ref.qualifier}` : ''}`,
      placeholder: 'The event to send',
    });
    const { payload, eventName } = await resolveRemoteEvent(choice);
    const channel = services.outputs.channel(local?.spec.name ?? ref.name);
    channel.show(true);
    channel.appendLine(remoteHeadline(ref.name, ref.qualifier, provider.location.label, eventName, new Date()));
    try {
      const invocation = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Invoking ${ref.name} on ${provider.location.label}`, cancellable: true },
        async (_progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            return await provider.invoke(ref.name, { payload, qualifier: ref.qualifier, tailLog: true, signal: controller.signal });
          } finally {
            subscription.dispose();
          }
        },
      );
      channel.appendLine(remoteResultText(invocation));
      return invocation;
    } catch (error) {
      channel.appendLine(`✗ ${oneLine(error)}\n`);
      throw error;
    }
  },
};
