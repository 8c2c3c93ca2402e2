import { listProfiles, readProfile, resolveRegion, sharedConfigPaths } from '../../core/providers/aws/sharedConfig';
import type { PickItem } from '../ui';
import type { CloudSettings } from './providerTargets';

/**
 * The AWS profiles and regions the editor offers: profiles from ~/.aws/config and
 * ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), each with the region the
 * AWS CLI would use for it. No `vscode` here: unit-tested under plain Node.
 */

export interface AwsProfileEntry {
  name: string;
  region: string;
  /** The one the settings (or AWS_PROFILE, or `default`) choose. */
  selected: boolean;
  sso: boolean;
}

/** Regions where Lambda runs, for the region picker (a typed one is accepted too). */
export const lambdaRegions: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'af-south-1', 'il-central-1', 'me-south-1', 'me-central-1',
  'ap-east-1', 'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
];

export function effectiveProfile(settings: CloudSettings, env: NodeJS.ProcessEnv): string {
  return settings.awsProfile || env.AWS_PROFILE || 'default';
}

export function effectiveRegion(settings: CloudSettings, env: NodeJS.ProcessEnv): string {
  return resolveRegion({ region: settings.awsRegion || undefined, profile: settings.awsProfile || undefined, env });
}

/** Every configured profile, the selected one first (listed even when no file declares it: the default chain). */
export function awsProfileEntries(settings: CloudSettings, env: NodeJS.ProcessEnv): AwsProfileEntry[] {
  const paths = sharedConfigPaths(env);
  const selected = effectiveProfile(settings, env);
  const names = listProfiles(paths).filter((name) => name !== selected);
  const entry = (name: string, isSelected: boolean): AwsProfileEntry => ({
    name,
    region: isSelected ? effectiveRegion(settings, env) : resolveRegion({ profile: name, env }),
    selected: isSelected,
    sso: readProfile(name, paths).sso,
  });
  return [entry(selected, true), ...names.map((name) => entry(name, false))];
}

/** The profile picker's items; the empty value means "no setting" (AWS_PROFILE or the default chain). */
export function profileChoices(settings: CloudSettings, env: NodeJS.ProcessEnv): PickItem<string>[] {
  const paths = sharedConfigPaths(env);
  const current = settings.awsProfile;
  const items: PickItem<string>[] = listProfiles(paths).map((name) => {
    const info = readProfile(name, paths);
    const details = [info.region, info.sso ? 'SSO' : info.staticKeys ? 'access keys' : undefined].filter(Boolean).join(' · ');
    return { label: name, description: [name === current ? 'current' : '', details].filter(Boolean).join(' · ') || undefined, value: name };
  });
  const chain = env.AWS_PROFILE ? `AWS_PROFILE (${env.AWS_PROFILE})` : 'environment, default profile, SSO, instance role';
  items.push({ label: '$(gear) SDK default chain', description: current === '' ? 'current' : undefined, detail: chain, value: '' });
  return items;
}

/** The region picker's items: the profile's own region first, the current one marked. */
export function regionChoices(current: string, profileRegion: string | undefined): PickItem<string>[] {
  const ordered = [...new Set([...(profileRegion ? [profileRegion] : []), ...lambdaRegions])];
  const items = ordered.map((region) => ({
    label: region,
    description: [region === current ? 'current' : '', region === profileRegion ? "the profile's region" : ''].filter(Boolean).join(' · ') || undefined,
    value: region,
  }));
  items.push({ label: "$(gear) The profile's region", description: current === '' ? 'current' : undefined, value: '' });
  return items;
}
