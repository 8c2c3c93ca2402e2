import type { CommandDefinition } from './registerCommand';

/** The "Load more…" node of a long function list: fetches its next page. */
export const loadMoreDeployedFunctions: CommandDefinition = {
  id: 'loadMoreDeployedFunctions',
  what: 'Load more deployed functions',
  async run(services, key) {
    if (typeof key === 'string') await services.cloud.deployed.loadMore(key);
  },
};
