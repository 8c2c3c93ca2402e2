import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/**
 * Just enough of the AWS CLI's shared files (~/.aws/config, ~/.aws/credentials) to pick a region,
 * tell whether a profile exists and whether it signs in through SSO — so errors can say what to
 * run. Credentials themselves are resolved by the AWS SDK's own providers.
 */
export interface SharedConfigPaths {
  config: string;
  credentials: string;
}

export type IniSections = Map<string, Record<string, string>>;

export function sharedConfigPaths(env: NodeJS.ProcessEnv): SharedConfigPaths {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
  };
}

/** Sections of an INI file; a missing or unreadable file has none. */
export function readIniFile(file: string): IniSections {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return new Map();
  }
  return parseIni(text);
}

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Record<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      const name = header[1].trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? {};
      sections.set(name, current);
      lastKey = undefined;
      continue;
    }
    if (!current) continue;
    // Indented lines continue a nested block (e.g. `s3 =` then `  max_concurrent_requests = 4`): kept out of the top level.
    if (raw !== line && lastKey !== undefined) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    lastKey = line.slice(0, eq).trim().toLowerCase();
    current[lastKey] = line.slice(eq + 1).trim();
  }
  return sections;
}

export interface ProfileInfo {
  name: string;
  /** Declared in either file. */
  exists: boolean;
  region?: string;
  /** Signs in through IAM Identity Center (`sso_session` or `sso_start_url`). */
  sso: boolean;
  /** Has static keys (credentials file or config). */
  staticKeys: boolean;
}

export function readProfile(name: string, paths: SharedConfigPaths): ProfileInfo {
  const config = readIniFile(paths.config);
  const credentials = readIniFile(paths.credentials);
  // In the config file every profile but `default` is spelled `[profile NAME]`.
  const fromConfig = config.get(`profile ${name}`) ?? (name === 'default' ? config.get('default') : undefined);
  const fromCredentials = credentials.get(name);
  const merged = { ...fromConfig, ...fromCredentials };
  return {
    name,
    exists: fromConfig !== undefined || fromCredentials !== undefined,
    ...(fromConfig?.region ? { region: fromConfig.region } : {}),
    sso: Boolean(merged.sso_session || merged.sso_start_url),
    staticKeys: Boolean(merged.aws_access_key_id && merged.aws_secret_access_key),
  };
}

/** Profile names from both files, sorted, for a profile picker. */
export function listProfiles(paths: SharedConfigPaths): string[] {
  const names = new Set<string>();
  for (const section of readIniFile(paths.config).keys()) {
    if (section === 'default') names.add('default');
    else if (section.startsWith('profile ')) names.add(section.slice('profile '.length));
  }
  for (const section of readIniFile(paths.credentials).keys()) names.add(section);
  return [...names].sort();
}

export const defaultRegion = 'us-east-1';

/** The region the AWS CLI would use: flag, AWS_REGION, AWS_DEFAULT_REGION, the profile's, then us-east-1. */
export function resolveRegion(options: { region?: string; profile?: string; env: NodeJS.ProcessEnv }): string {
  if (options.region) return options.region;
  const env = options.env;
  if (env.AWS_REGION) return env.AWS_REGION;
  if (env.AWS_DEFAULT_REGION) return env.AWS_DEFAULT_REGION;
  const profile = options.profile || env.AWS_PROFILE || 'default';
  return readProfile(profile, sharedConfigPaths(env)).region ?? defaultRegion;
}
