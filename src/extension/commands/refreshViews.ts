import type { CommandDefinition } from './registerCommand';

export const refreshLocalFunctions: CommandDefinition = {
  id: 'refreshLocalFunctions',
  what: 'Refresh local functions',
  run(services) {
    services.refreshLocalFunctions();
  },
};

export const refreshDeployedFunctions: CommandDefinition = {
  id: 'refreshDeployedFunctions',
  what: 'Refresh deployed functions',
  run(services) {
    services.refreshDeployedFunctions();
  },
};
