import { oneLine } from '../../core/errors';
import { localTarget } from '../cloud/providerTargets';
import { findWorkspaceFunction } from '../cloud/workspaceMatch';
import type { TailSpec } from '../logs/tailTargets';
import type { Services } from '../services';
import type { DeployedRef } from '../views/deployedNodes';
import { deployedArg } from './deployedArg';
import { functionArg } from './functionArg';
import type { CommandDefinition } from './registerCommand';

/**
 * Tails a function's logs into its output channel: a local function (Local Functions view,
 * CodeLens, its name) in the local cloud, which starts if needed; a deployed function (Deployed
 * Functions view) where it is deployed; from the palette, picked.
 */
export const tailLogs: CommandDefinition = {
  id: 'tailLogs',
  what: 'Tail logs',
  async run(services, arg): Promise<TailSpec> {
    const spec = await tailSpecOf(services, arg);
    await services.tails.start(spec);
    return spec;
  },
};

const TITLE = 'Tail Logs';

async function tailSpecOf(services: Services, arg: unknown): Promise<TailSpec> {
  if (isDeployedArg(arg)) return deployedSpec(services, await deployedArg(services, arg, TITLE));
  if (arg !== undefined) {
    const fn = await functionArg(services, arg, TITLE);
    return { functionName: fn.spec.name, deployedName: fn.spec.name, target: localTarget };
  }
  type Choice = { kind: 'local'; name: string } | { kind: 'deployed' };
  const items = services.functions.list().map((fn) => ({
    label: fn.spec.name,
    description: services.tails.isTailed(fn.spec.name) ? 'local cloud · tailing' : 'local cloud',
    value: { kind: 'local', name: fn.spec.name } as Choice,
  }));
  items.push({ label: '$(cloud) A deployed function…', description: 'local cloud or AWS', value: { kind: 'deployed' } });
  const choice = await services.ui.pick(items, { title: TITLE, placeholder: 'Whose logs to follow' });
  if (choice.kind === 'deployed') return deployedSpec(services, await deployedArg(services, undefined, TITLE));
  return { functionName: choice.name, deployedName: choice.name, target: localTarget };
}

/** A deployed function's logs go to the channel of the workspace function it was deployed from, when there is one. */
async function deployedSpec(services: Services, ref: DeployedRef): Promise<TailSpec> {
  const provider = await services.cloud.providers.get(ref.target);
  const detail = await provider.getFunction(ref.name).catch((error: unknown) => {
    services.log.debug(`Reading the tags of ${ref.name} failed: ${oneLine(error)}`);
    return undefined;
  });
  const local = findWorkspaceFunction(services.functions.list(), ref.name, detail?.tags);
  return { functionName: local?.spec.name ?? ref.name, deployedName: ref.name, target: ref.target };
}

function isDeployedArg(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { deployed?: unknown; target?: unknown; name?: unknown };
  return typeof candidate.deployed === 'object' || (typeof candidate.name === 'string' && typeof candidate.target === 'object');
}
