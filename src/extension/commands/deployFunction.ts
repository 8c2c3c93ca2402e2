import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import type { DeployResult } from '../../core/providers/types';
import { updateCloudSetting } from '../cloud/cloudSettings';
import { deploySummary, isMissingRole } from '../cloud/deployText';
import { askForExecutionRole } from '../cloud/executionRolePrompt';
import type { ProviderTarget } from '../cloud/providerTargets';
import { targetLabel } from '../cloud/providerTargets';
import { projectTag } from '../cloud/workspaceMatch';
import type { LocalFunction } from '../project/localFunction';
import { requireTrust } from '../run/trust';
import type { Services } from '../services';
import { pickTarget } from './deployedArg';
import { functionArg } from './functionArg';
import type { CommandDefinition } from './registerCommand';

export const invokeDeployedCommand = 'serverlessWorkbench.invokeDeployedFunction';

/**
 * `Serverless: Deploy Function…`: picks the function (unless run from its node) and the provider
 * (the default one first), then packages and deploys it under a cancellable progress notification
 * with deploy's stages; the Deployed Functions view lists again, and the result offers Invoke and
 * Show in Tree. A second argument (a provider target) skips the provider pick.
 */
export const deployFunction: CommandDefinition = {
  id: 'deployFunction',
  what: 'Deploy function',
  async run(services, arg, targetArg): Promise<DeployResult> {
    const fn = await functionArg(services, arg, 'Deploy Function');
    requireTrust(services.ui, 'Deploying');
    const target = isTarget(targetArg) ? targetArg : await pickTarget(services, `Deploy ${fn.spec.name}`, 'Where to deploy it');
    return deployTo(services, fn, target);
  },
};

/**
 * Deploys under a progress notification; on AWS without an execution role, offers to create a basic
 * one or to enter an ARN (saved in the settings either way) and tries again.
 */
export async function deployTo(services: Services, fn: LocalFunction, target: ProviderTarget): Promise<DeployResult> {
  let result: DeployResult;
  let location: string;
  try {
    ({ result, location } = await deployWithProgress(services, fn, target));
  } catch (error) {
    if (target.provider !== 'aws' || !isMissingRole(error)) throw error;
    const role = await askForExecutionRole({
      ui: services.ui,
      provider: await services.cloud.providers.get(target),
      functionName: fn.spec.functionName ?? fn.spec.name,
      withProgress: async (title, task) =>
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            return await task(controller.signal, (message) => progress.report({ message }));
          } finally {
            subscription.dispose();
          }
        }),
      log: (line) => services.log.info(line),
    });
    if (role.ensured) services.log.info(`Deploy ${fn.spec.name}: ${role.ensured.created ? 'created' : 'reusing'} the execution role ${role.arn}; saved as serverlessWorkbench.aws.roleArn`);
    await updateCloudSetting('aws.roleArn', role.arn);
    ({ result, location } = await deployWithProgress(services, fn, target));
  }
  services.cloud.deployed.refresh(target.provider);
  const summary = deploySummary(fn.spec.name, result, location);
  services.log.info(summary);
  for (const warning of result.warnings) services.log.warn(`Deploy ${fn.spec.name}: ${warning}`);
  const actions = result.functionUrl ? ['Invoke', 'Open Function URL', 'Show in Tree'] : ['Invoke', 'Show in Tree'];
  void services.ui.info(summary, ...actions).then((choice) => {
    if (choice === 'Invoke') void vscode.commands.executeCommand(invokeDeployedCommand, { target, name: result.functionName, arn: result.arn });
    if (choice === 'Open Function URL' && result.functionUrl) void vscode.env.openExternal(vscode.Uri.parse(result.functionUrl));
    if (choice === 'Show in Tree') void services.cloud.deployed.reveal(target, result.functionName);
  });
  return result;
}

async function deployWithProgress(services: Services, fn: LocalFunction, target: ProviderTarget): Promise<{ result: DeployResult; location: string }> {
  const name = fn.spec.name;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deploying ${name} to ${targetLabel(target)}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        if (target.provider === 'local' && !services.cloud.localCloud.endpoint) progress.report({ message: 'starting the local cloud' });
        const provider = await services.cloud.providers.get(target);
        if (token.isCancellationRequested) throw new CancelledError();
        const result = await provider.deploy({
          spec: fn.spec,
          project: projectTag(fn),
          onProgress: ({ message }) => {
            services.log.info(`Deploy ${name}: ${message}`);
            progress.report({ message });
          },
          signal: controller.signal,
        });
        return { result, location: provider.location.label };
      } finally {
        subscription.dispose();
      }
    },
  );
}

function isTarget(value: unknown): value is ProviderTarget {
  if (typeof value !== 'object' || value === null) return false;
  const provider = (value as { provider?: unknown }).provider;
  return provider === 'local' || provider === 'aws';
}
