import { requireTrust } from '../run/trust';
import type { CommandDefinition } from './registerCommand';

/** Starts the window's local cloud (deploy and invoke start it too); says so when the preferred port was taken. */
export const startLocalCloud: CommandDefinition = {
  id: 'startLocalCloud',
  what: 'Start local cloud',
  async run(services): Promise<string> {
    requireTrust(services.ui, 'Running deployed');
    const endpoint = await services.cloud.localCloud.ensureStarted();
    const taken = services.cloud.localCloud.cloud.portTaken;
    if (taken) void services.ui.info(`Port ${taken} is taken, so the local cloud listens at ${endpoint}.`);
    return endpoint;
  },
};
