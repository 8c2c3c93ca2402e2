import type { AwsProviderOptions } from '../aws/awsProvider';
import { AwsProvider } from '../aws/awsProvider';

/**
 * The local cloud (`swb serve`, or the extension's Start Local Cloud) speaks Lambda's control-plane
 * API, so its provider is the AWS one pointed at it, with credentials it never checks. When
 * nothing listens there, errors say to start it.
 */
export const defaultLocalEndpoint = 'http://127.0.0.1:3001';

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export type LocalProviderOptions = Omit<AwsProviderOptions, 'flavor' | 'profile' | 'credentials' | 'endpoint'> & { endpoint?: string };

export function createLocalProvider(options: LocalProviderOptions = {}): AwsProvider {
  return new AwsProvider({
    ...options,
    flavor: 'local',
    endpoint: normalizeEndpoint(options.endpoint ?? defaultLocalEndpoint),
    region: options.region ?? 'us-east-1',
    credentials: async () => localCredentials,
  });
}

/** `127.0.0.1:3001` and `http://127.0.0.1:3001/` both mean the same endpoint. */
export function normalizeEndpoint(endpoint: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`;
  return withScheme.replace(/\/+$/, '');
}
