import type * as ClientCloudWatchLogs from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsClient, CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import { lazyAwsSdk } from '../awsSdk';

/**
 * `@aws-sdk/client-cloudwatch-logs`, loaded on first use so that only a tail pays for it
 * (esbuild bundles it; the dynamic import defers evaluating it).
 */
export type LogsSdk = typeof ClientCloudWatchLogs;

export const loadLogsSdk: () => Promise<LogsSdk> = lazyAwsSdk(() => import('@aws-sdk/client-cloudwatch-logs'));

/** Where to connect when the caller does not hand over a client of its own. */
export interface LogsConnection {
  region?: string;
  /** A CloudWatch Logs-compatible endpoint (the local cloud, LocalStack); AWS's own otherwise. */
  endpoint?: string;
  credentials?: CloudWatchLogsClientConfig['credentials'];
  /** The SDK's own attempts per request. Default 1: the tailer paces its retries itself. */
  maxAttempts?: number;
}

export type LogsClientSource = CloudWatchLogsClient | (() => CloudWatchLogsClient | Promise<CloudWatchLogsClient>);

/** A client for `connection`; the caller destroys it. */
export function createLogsClient(sdk: LogsSdk, connection: LogsConnection): CloudWatchLogsClient {
  return new sdk.CloudWatchLogsClient({
    region: connection.region ?? 'us-east-1',
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    // The SDK sends StartLiveTail to `stream-<host>`: right for AWS, an unresolvable name for
    // 127.0.0.1 or any custom endpoint.
    ...(connection.endpoint ? { disableHostPrefix: true } : {}),
    maxAttempts: connection.maxAttempts ?? 1,
  });
}
