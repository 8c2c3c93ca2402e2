import type { CommandDefinition } from './registerCommand';

/** Stops the local cloud; what was deployed stays and is served again on the next start. */
export const stopLocalCloud: CommandDefinition = {
  id: 'stopLocalCloud',
  what: 'Stop local cloud',
  async run(services) {
    await services.cloud.localCloud.stop();
  },
};
