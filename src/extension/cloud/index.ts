import * as vscode from 'vscode';
import { oneLine } from '../../core/errors';
import type { DeployedNode } from '../views/deployedNodes';
import { DeployedFunctionsModel } from '../views/deployedFunctions';
import { DeployedTree } from '../views/deployedTree';
import { awsProfileEntries, effectiveProfile, effectiveRegion } from './awsProfiles';
import { affectsProviders, readCloudSettings } from './cloudSettings';
import { LocalCloudSession } from './localCloudSession';
import { ProviderRegistry } from './providerRegistry';
import type { AwsTarget, CloudSettings, ProviderTarget } from './providerTargets';
import { localTarget, settingsAwsTarget } from './providerTargets';
import { awsStatus } from './statusText';
import { showStatus } from '../util/statusItem';

export const deployedViewId = 'serverlessWorkbench.deployedFunctions';
export const pickAwsProfileCommand = 'serverlessWorkbench.pickAwsProfile';

/** What deploy, invoke and the Deployed Functions commands need (part of `Services`). */
export interface CloudServices {
  localCloud: LocalCloudSession;
  providers: ProviderRegistry;
  settings(): CloudSettings;
  /** AWS as the settings choose it, with the region resolved (the same target as the tree's selected profile). */
  awsTarget(): AwsTarget;
  /** `serverlessWorkbench.defaultProvider`'s target. */
  defaultTarget(): ProviderTarget;
  deployed: {
    /** Lists again (all providers, or one) and renders the tree. */
    refresh(provider?: ProviderTarget['provider']): void;
    loadMore(key: string): Promise<void>;
    /** Shows the view and, when the function is in a loaded page, selects it. */
    reveal(target: ProviderTarget, name: string): Promise<void>;
  };
}

/**
 * Builds the window's cloud side: the local cloud session, the providers, the Deployed Functions
 * view and the AWS profile status bar item; everything disposable goes into the extension's bag.
 */
export function createCloud(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): CloudServices {
  const settings = readCloudSettings;
  const localCloud = new LocalCloudSession(context, log);
  const providers = new ProviderRegistry({ settings, localEndpoint: () => localCloud.ensureStarted() });
  const awsTarget = (): AwsTarget => ({ ...settingsAwsTarget(settings()), region: effectiveRegion(settings(), process.env) });

  const model = new DeployedFunctionsModel({
    defaultProvider: () => settings().defaultProvider,
    localCloud: localCloud.cloud,
    awsProfiles: () => awsProfileEntries(settings(), process.env),
    providers,
    // The selected profile follows the settings exactly: no profile setting means the SDK's default chain.
    awsTarget: (entry) => (entry.selected ? awsTarget() : { provider: 'aws', profile: entry.name, region: entry.region }),
    // Called only on "Load more", long after `tree` exists.
    onDidChange: () => tree.refresh(),
  });
  const tree = new DeployedTree(async () => model.roots(), log, 'serverlessWorkbench.refreshDeployedFunctions');
  const view = vscode.window.createTreeView<DeployedNode>(deployedViewId, { treeDataProvider: tree, showCollapseAll: true });

  const status = vscode.window.createStatusBarItem('serverlessWorkbench.awsProfile', vscode.StatusBarAlignment.Left, 49);
  status.name = 'Serverless Workbench: AWS Profile';
  status.command = pickAwsProfileCommand;
  const updateStatus = (): void => {
    showStatus(status, awsStatus(effectiveProfile(settings(), process.env), effectiveRegion(settings(), process.env)));
  };
  updateStatus();

  const refresh = (provider?: ProviderTarget['provider']): void => {
    model.clear(provider);
    tree.refresh();
  };

  context.subscriptions.push(
    localCloud,
    providers,
    tree,
    view,
    status,
    localCloud.onDidChange(() => {
      // A restarted local cloud may listen on another port: its provider is made again.
      providers.reset('local');
      refresh('local');
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsProviders(event)) return;
      providers.reset();
      updateStatus();
      refresh();
    }),
  );

  return {
    localCloud,
    providers,
    settings,
    awsTarget,
    defaultTarget: () => (settings().defaultProvider === 'aws' ? awsTarget() : localTarget),
    deployed: {
      refresh,
      loadMore: (key) => model.loadMore(key),
      async reveal(target, name) {
        await vscode.commands.executeCommand(`${deployedViewId}.focus`);
        try {
          const node = await model.findFunction(target, name);
          if (node) await view.reveal(node, { select: true, focus: true, expand: false });
        } catch (error) {
          log.debug(`Revealing ${name} failed: ${oneLine(error)}`);
        }
      },
    },
  };
}
