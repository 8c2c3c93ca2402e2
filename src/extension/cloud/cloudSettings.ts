import * as vscode from 'vscode';
import type { CloudSettings } from './providerTargets';
import { defaultCloudSettings } from './providerTargets';

const section = 'serverlessWorkbench';

/** The provider settings as they are now (read on every use: they may change at any time). */
export function readCloudSettings(): CloudSettings {
  const config = vscode.workspace.getConfiguration(section);
  const provider = config.get<string>('defaultProvider', defaultCloudSettings.defaultProvider);
  return {
    defaultProvider: provider === 'aws' ? 'aws' : 'local',
    awsProfile: config.get<string>('aws.profile', '').trim(),
    awsRegion: config.get<string>('aws.region', '').trim(),
    awsEndpointUrl: config.get<string>('aws.endpointUrl', '').trim(),
    awsRoleArn: config.get<string>('aws.roleArn', '').trim(),
    localCloudPort: config.get<number>('localCloud.port', defaultCloudSettings.localCloudPort),
  };
}

/** Settings that change which providers are made (and what the tree lists). */
export function affectsProviders(event: vscode.ConfigurationChangeEvent): boolean {
  return ['defaultProvider', 'aws.profile', 'aws.region', 'aws.endpointUrl', 'aws.roleArn'].some((key) => event.affectsConfiguration(`${section}.${key}`));
}

/**
 * Writes a setting where it takes effect: the workspace when it is set there (so the write is not
 * shadowed by it), else the user's settings.
 */
export async function updateCloudSetting(key: string, value: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(section);
  const inspected = config.inspect(key);
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update(key, value === '' ? undefined : value, target);
}
