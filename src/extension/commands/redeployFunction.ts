import { UserError } from '../../core/errors';
import { deployTags } from '../../core/providers/types';
import { deployedNameOf, findWorkspaceFunction } from '../cloud/workspaceMatch';
import { requireTrust } from '../run/trust';
import { deployedArg } from './deployedArg';
import { deployTo } from './deployFunction';
import type { CommandDefinition } from './registerCommand';

/** Deploys a deployed function again from the workspace function its tags (or its name) point to. */
export const redeployFunction: CommandDefinition = {
  id: 'redeployFunction',
  what: 'Redeploy from workspace',
  async run(services, arg) {
    const ref = await deployedArg(services, arg, 'Redeploy from Workspace');
    const provider = await services.cloud.providers.get(ref.target);
    const detail = await provider.getFunction(ref.name);
    if (!detail) throw new UserError(`${ref.name} no longer exists in ${provider.location.label}`);
    let local = findWorkspaceFunction(services.functions.list(), ref.name, detail.tags);
    if (!local) {
      await services.functions.refresh();
      local = findWorkspaceFunction(services.functions.list(), ref.name, detail.tags);
    }
    const tagged = detail.tags[deployTags.function];
    if (!local) {
      throw new UserError(
        tagged
          ? `${ref.name} was deployed from the workspace function "${tagged}" (project ${detail.tags[deployTags.project] ?? '?'}), which is not in this workspace`
          : `no workspace function deploys as ${ref.name} (it has no ${deployTags.function} tag and no function of that name)`,
      );
    }
    // Its declaration may have been renamed since: deploying would then create another function.
    if (deployedNameOf(local) !== ref.name) {
      throw new UserError(`the workspace function "${local.spec.name}" now deploys as ${deployedNameOf(local)}, not ${ref.name}: use Deploy Function… instead`);
    }
    requireTrust(services.ui, 'Deploying');
    return deployTo(services, local, ref.target);
  },
};
