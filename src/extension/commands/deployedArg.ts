import { UserError } from '../../core/errors';
import { listAll } from '../../core/providers';
import type { ProviderTarget } from '../cloud/providerTargets';
import { localTarget } from '../cloud/providerTargets';
import type { Services } from '../services';
import type { DeployedRef } from '../views/deployedNodes';
import { functionDescription, isDeployedNode } from '../views/deployedNodes';

/**
 * The deployed function a command acts on: the node of its context menu, a `DeployedRef` (the
 * "Invoke" button after a deploy, tests), or — from the Command Palette — picked: provider, then
 * one of its functions.
 */
export async function deployedArg(services: Pick<Services, 'cloud' | 'ui'>, arg: unknown, title: string): Promise<DeployedRef> {
  if (isDeployedNode(arg)) return arg.deployed;
  if (isDeployedRef(arg)) return arg;
  const target = await pickTarget(services, title, 'Where the function is deployed');
  const provider = await services.cloud.providers.get(target);
  const functions = await listAll((pageToken) => provider.listFunctions({ pageToken }));
  if (functions.length === 0) throw new UserError(`no functions are deployed to ${provider.location.label}`);
  const now = Date.now();
  return services.ui.pick(
    functions.map((fn) => ({ label: fn.name, description: functionDescription(fn, now), value: { target, name: fn.name, arn: fn.arn } })),
    { title, placeholder: `A function of ${provider.location.label}` },
  );
}

/** Local cloud or AWS (the profile and region of the settings), the default provider first. */
export async function pickTarget(services: Pick<Services, 'cloud' | 'ui'>, title: string, placeholder: string): Promise<ProviderTarget> {
  const { cloud } = services;
  const aws = cloud.awsTarget();
  const local = {
    label: '$(cloud) Local cloud',
    description: cloud.localCloud.endpoint ?? 'no account needed; starts on first use',
    value: localTarget,
  };
  const remote = {
    label: '$(cloud) AWS Lambda',
    description: `${aws.profile ?? 'default credentials'} · ${aws.region ?? ''}`,
    detail: 'Change the profile and region in the status bar (aws: …)',
    value: aws,
  };
  const items = cloud.settings().defaultProvider === 'aws' ? [remote, local] : [local, remote];
  return services.ui.pick(items, { title, placeholder });
}

function isDeployedRef(value: unknown): value is DeployedRef {
  if (typeof value !== 'object' || value === null) return false;
  const ref = value as Partial<DeployedRef>;
  return typeof ref.name === 'string' && typeof ref.target === 'object' && ref.target !== null && (ref.target.provider === 'local' || ref.target.provider === 'aws');
}

