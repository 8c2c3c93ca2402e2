import type { ProviderConfig } from '../../core/providers';

/**
 * Where a deployed-function action goes, as plain data that survives tree refreshes and settings
 * changes: the window's local cloud, or one AWS profile and region. A `Provider` is made from it
 * when needed (see `ProviderRegistry`). No `vscode` here: unit-tested under plain Node.
 */
export type ProviderTarget = { provider: 'local' } | AwsTarget;
export interface AwsTarget {
  provider: 'aws';
  profile?: string;
  region?: string;
}

/** The extension's settings that choose and configure providers (`serverlessWorkbench.*`). */
export interface CloudSettings {
  defaultProvider: 'local' | 'aws';
  /** Empty: AWS_PROFILE, then the SDK's default chain. */
  awsProfile: string;
  /** Empty: the profile's region, then us-east-1. */
  awsRegion: string;
  awsEndpointUrl: string;
  /** Execution role for functions deploy creates on AWS. */
  awsRoleArn: string;
  localCloudPort: number;
}

export const defaultCloudSettings: CloudSettings = {
  defaultProvider: 'local',
  awsProfile: '',
  awsRegion: '',
  awsEndpointUrl: '',
  awsRoleArn: '',
  localCloudPort: 3001,
};

export const localTarget: ProviderTarget = { provider: 'local' };

/** The AWS target the settings choose (empty settings stay undefined, so the provider applies the AWS CLI's rules). */
export function settingsAwsTarget(settings: CloudSettings): AwsTarget {
  return { provider: 'aws', ...(settings.awsProfile ? { profile: settings.awsProfile } : {}), ...(settings.awsRegion ? { region: settings.awsRegion } : {}) };
}

export function defaultTarget(settings: CloudSettings): ProviderTarget {
  return settings.defaultProvider === 'aws' ? settingsAwsTarget(settings) : localTarget;
}

/** Stable identity of a target, for caches and tree node ids. */
export function targetKey(target: ProviderTarget): string {
  return target.provider === 'local' ? 'local' : `aws:${target.profile ?? ''}:${target.region ?? ''}`;
}

export function sameTarget(a: ProviderTarget, b: ProviderTarget): boolean {
  return targetKey(a) === targetKey(b);
}

/** What `createProvider` gets for a target; `localEndpoint` is the running local cloud's. */
export function providerConfig(target: ProviderTarget, settings: CloudSettings, localEndpoint?: string): ProviderConfig {
  if (target.provider === 'local') return { provider: 'local', ...(localEndpoint ? { endpoint: localEndpoint } : {}) };
  return {
    provider: 'aws',
    ...(target.profile ? { profile: target.profile } : {}),
    ...(target.region ? { region: target.region } : {}),
    ...(settings.awsEndpointUrl ? { endpoint: settings.awsEndpointUrl } : {}),
    ...(settings.awsRoleArn ? { role: settings.awsRoleArn } : {}),
  };
}

/** "local cloud" or "AWS dev · eu-west-1", for titles and messages (the provider's own `location.label` says more). */
export function targetLabel(target: ProviderTarget): string {
  if (target.provider === 'local') return 'local cloud';
  const parts = [target.profile ?? 'default profile', target.region].filter(Boolean);
  return `AWS ${parts.join(' · ')}`;
}
