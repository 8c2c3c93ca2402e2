/**
 * The local cloud's log service: a persistent log store organised as Lambda's CloudWatch Logs,
 * the CloudWatch Logs API over it (mounted by `swb serve` beside the Lambda API), and the tailer
 * that reads it — or AWS — without loss or duplicates (`swb logs`, the editor).
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
export { LIVE_TAIL_MAX_GROUPS, startTail, tailLogs } from './tailer';
export type { Tail, TailOptions } from './tailer';
export type { TailCheckpoint, TailEvent, TailMode, TailResult, TailStatus } from './tailTypes';
export { LogsUnreachableError } from './tailErrors';
export type { LogsConnection } from './logsSdk';
export { parseTimeSpec } from './timeSpec';
