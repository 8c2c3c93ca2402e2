/**
 * The local cloud's log service: a persistent log store organised as Lambda's CloudWatch Logs,
 * and the CloudWatch Logs API over it (mounted by `swb serve` beside the Lambda API).
 */
export { createCloudWatchLogsHandler, isCloudWatchLogsRequest } from './cloudWatchLogsApi';
export type { CloudWatchLogsApiOptions, CloudWatchLogsHandler } from './cloudWatchLogsApi';
export { compileFilterPattern } from './filterPattern';
export type { LogMatcher } from './filterPattern';
export type { LiveTailOptions } from './liveTail';
export { lambdaLogGroupName, lambdaLogStreamName, logGroupNameFromIdentifier } from './logNames';
export { LogsError } from './logsErrors';
export type { LogsErrorCode } from './logsErrors';
export { DEFAULT_RETENTION, LogStore } from './logStore';
export type { LogStoreOptions } from './logStore';
export type * from './logTypes';
