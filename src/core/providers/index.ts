import { CancelledError, UserError } from '../errors';
import type { AwsProviderOptions } from './aws/awsProvider';
import { AwsProvider } from './aws/awsProvider';
import { createLocalProvider, normalizeEndpoint } from './local/localProvider';
import type { Provider, ProviderId } from './types';

export type { Provider, ProviderId } from './types';
export { ProviderError, isProviderError } from './errors';
export { providerDescriptions } from './descriptions';
export { defaultLocalEndpoint } from './local/localProvider';

/** Everything a front end may set; each provider reads what applies to it. */
export interface ProviderConfig extends Omit<AwsProviderOptions, 'flavor'> {
  provider: ProviderId;
}

/** The provider for a front end's choice (flag, setting); Azure and Google Cloud are not implemented yet. */
export function createProvider(config: ProviderConfig): Provider {
  const { provider, ...options } = config;
  switch (provider) {
    case 'aws':
      return new AwsProvider({ ...options, flavor: 'aws', ...(options.endpoint ? { endpoint: normalizeEndpoint(options.endpoint) } : {}) });
    case 'local':
      return createLocalProvider(options);
    case 'azure':
    case 'gcp':
      throw new UserError(`the ${provider === 'azure' ? 'Azure Functions' : 'Google Cloud Functions'} provider is not available yet (use aws or local)`);
  }
}

/** Every page of a listing, for callers that want all of it (the CLI's `functions list`). */
export async function listAll<T>(fetchPage: (pageToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>, signal?: AbortSignal): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    if (signal?.aborted) throw new CancelledError();
    const page = await fetchPage(token);
    all.push(...page.items);
    token = page.nextToken;
  } while (token);
  return all;
}
