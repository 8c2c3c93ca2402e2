import { CancelledError, UserError } from '../../core/errors';
import { deployedArg } from './deployedArg';
import type { CommandDefinition } from './registerCommand';

/** Deletes a deployed function (or one published version) after a modal confirmation. */
export const deleteDeployedFunction: CommandDefinition = {
  id: 'deleteDeployedFunction',
  what: 'Delete deployed function',
  async run(services, arg) {
    const ref = await deployedArg(services, arg, 'Delete Deployed Function');
    if (ref.qualifier !== undefined && !/^\d+$/.test(ref.qualifier)) {
      throw new UserError(`${ref.qualifier} is an alias: delete a function or one of its versions`);
    }
    const provider = await services.cloud.providers.get(ref.target);
    const what = ref.qualifier ? `version ${ref.qualifier} of ${ref.name}` : ref.name;
    const confirmed = await services.ui.confirm(
      `Delete ${what} from ${provider.location.label}? ${ref.qualifier ? 'The version' : 'The function, its versions and aliases'} cannot be restored.`,
      'Delete',
    );
    if (!confirmed) throw new CancelledError();
    await provider.deleteFunction(ref.name, { qualifier: ref.qualifier });
    services.log.info(`Deleted ${what} from ${provider.location.label}`);
    services.cloud.deployed.refresh(ref.target.provider);
    void services.ui.info(`Deleted ${what} from ${provider.location.label}`);
  },
};
