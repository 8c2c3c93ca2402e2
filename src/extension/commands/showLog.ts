import type { CommandDefinition } from './registerCommand';

export const showLog: CommandDefinition = {
  id: 'showLog',
  what: 'Show log',
  run(services) {
    services.log.show(true);
  },
};
