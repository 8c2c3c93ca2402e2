import { LambdaClient } from '@aws-sdk/client-lambda';

/** The real SDK client pointed at a local endpoint, with dummy credentials and one attempt (a 429 must surface, not be retried). */
export function localLambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' }, maxAttempts: 1 });
}
