import * as vscode from 'vscode';
import type { CommandDefinition } from './registerCommand';

type Action = 'stop' | 'start' | 'copy' | 'log' | 'view';

/** The local cloud's status bar item: stop it, copy its endpoint, show the log. */
export const localCloudActions: CommandDefinition = {
  id: 'localCloudActions',
  what: 'Local cloud',
  async run(services) {
    const session = services.cloud.localCloud;
    const endpoint = session.endpoint;
    const items: { label: string; description?: string; value: Action }[] = endpoint
      ? [
          { label: '$(debug-stop) Stop Local Cloud', description: 'deployed functions are kept', value: 'stop' },
          { label: '$(copy) Copy Endpoint', description: endpoint, value: 'copy' },
        ]
      : [{ label: '$(debug-start) Start Local Cloud', value: 'start' }];
    items.push({ label: '$(list-tree) Show Deployed Functions', value: 'view' }, { label: '$(output) Show Log', value: 'log' });
    const action = await services.ui.pick(items, { title: endpoint ? `Local cloud at ${endpoint}` : 'Local cloud (not running)' });
    switch (action) {
      case 'stop':
        return session.stop();
      case 'start':
        return vscode.commands.executeCommand('serverlessWorkbench.startLocalCloud');
      case 'copy':
        await vscode.env.clipboard.writeText(endpoint ?? '');
        vscode.window.setStatusBarMessage(`$(check) Copied ${endpoint}`, 4000);
        return;
      case 'view':
        return vscode.commands.executeCommand('serverlessWorkbench.deployedFunctions.focus');
      case 'log':
        return services.log.show(true);
    }
  },
};
