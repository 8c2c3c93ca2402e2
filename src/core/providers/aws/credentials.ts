import { ProviderError } from '../errors';
import type { AwsCredentials, AwsCredentialSource } from '../types';
import { readProfile, sharedConfigPaths } from './sharedConfig';

/**
 * The credentials the AWS CLI would use, for front ends without their own (the CLI; the extension
 * when no VS Code account is chosen): a named profile means that profile only (static keys, SSO,
 * assume-role, credential_process); otherwise the environment's keys, the `default` profile, then
 * the SDK's default chain (web identity, container and instance roles).
 *
 * Failures are one-line `ProviderError`s naming the profile and the command that fixes them.
 */
export interface AwsCredentialOptions {
  /** Explicit profile (flag or setting); AWS_PROFILE otherwise. */
  profile?: string;
  /** Where to read AWS_* variables and the shared files' locations (the CLI passes its own env). */
  env?: NodeJS.ProcessEnv;
}

export function awsCredentialChain(options: AwsCredentialOptions = {}): AwsCredentialSource {
  const env = options.env ?? process.env;
  const paths = sharedConfigPaths(env);
  const files = { filepath: paths.credentials, configFilepath: paths.config };
  const profile = options.profile || env.AWS_PROFILE || undefined;
  let cached: AwsCredentialSource | undefined;

  const build = async (): Promise<AwsCredentialSource> => {
    if (profile) {
      const info = readProfile(profile, paths);
      if (!info.exists) {
        throw new ProviderError(
          `AWS profile "${profile}" not found in ${paths.config} or ${paths.credentials}: run \`aws configure --profile ${profile}\` (or \`aws configure sso --profile ${profile}\`)`,
          'credentials',
          `aws configure --profile ${profile}`,
        );
      }
      const { fromIni } = await import('@aws-sdk/credential-provider-ini');
      return withHint(fromIni({ profile, ...files, ignoreCache: true }), profile, info.sso);
    }
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (accessKeyId && secretAccessKey) {
      const fromEnvironment: AwsCredentials = { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
      return async () => fromEnvironment;
    }
    const fallback = readProfile('default', paths);
    if (fallback.exists) {
      const { fromIni } = await import('@aws-sdk/credential-provider-ini');
      return withHint(fromIni({ profile: 'default', ...files, ignoreCache: true }), 'default', fallback.sso);
    }
    const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
    const chain = defaultProvider(files);
    return async () => {
      try {
        return await chain();
      } catch {
        throw new ProviderError(
          'no AWS credentials found (environment, ~/.aws/credentials, ~/.aws/config, SSO, instance role): run `aws configure` or `aws configure sso`, or pick a profile with --profile',
          'credentials',
          'aws configure',
        );
      }
    };
  };

  return async () => {
    cached ??= await build();
    return cached();
  };
}

/** The SDK's provider, with its multi-line errors turned into one line that says what to run. */
function withHint(source: AwsCredentialSource, profile: string, sso: boolean): AwsCredentialSource {
  return async () => {
    try {
      return await source();
    } catch (error) {
      throw credentialError(error, profile, sso);
    }
  };
}

export function credentialError(error: unknown, profile: string, sso: boolean): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (sso || /\bSSO\b/.test(message)) {
    return new ProviderError(
      `the AWS SSO session of profile "${profile}" has expired or was never started: run \`aws sso login --profile ${profile}\``,
      'credentials',
      `aws sso login --profile ${profile}`,
    );
  }
  if (/credential_process|process/i.test(message) && /fail|error/i.test(message)) {
    return new ProviderError(`the credential_process of AWS profile "${profile}" failed: ${firstLine(message)}`, 'credentials');
  }
  return new ProviderError(
    `AWS profile "${profile}" has no usable credentials: run \`aws configure --profile ${profile}\``,
    'credentials',
    `aws configure --profile ${profile}`,
  );
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? text;
}
