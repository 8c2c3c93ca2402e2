import { logGroupNameFromIdentifier, ZERO_EVENT_ID } from './logNames';
import { groupNotFound, invalidParameter, type LogsError, streamNotFound } from './logsErrors';
import type { LogStore } from './logStore';
import type { InputLogEvent } from './logTypes';

/**
 * CloudWatch Logs operations over a LogStore: AWS's request field names in, AWS's response
 * shapes out, AWS's validation rules in between. The HTTP layer (cloudWatchLogsApi.ts) only
 * frames them.
 */
export type LogsInput = Record<string, unknown>;
export type LogsOperation = (store: LogStore, input: LogsInput, now: number) => unknown;

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const MAX_BATCH_BYTES = 1_048_576;

export const logsOperations: Record<string, LogsOperation> = {
  CreateLogGroup(store, input) {
    store.createLogGroup(requiredString(input, 'logGroupName'));
    return {};
  },
  CreateLogStream(store, input) {
    store.createLogStream(requiredString(input, 'logGroupName'), requiredString(input, 'logStreamName'));
    return {};
  },
  DeleteLogGroup(store, input) {
    store.deleteLogGroup(requiredString(input, 'logGroupName'));
    return {};
  },
  DeleteLogStream(store, input) {
    store.deleteLogStream(requiredString(input, 'logGroupName'), requiredString(input, 'logStreamName'));
    return {};
  },
  DescribeLogGroups(store, input) {
    const logGroupNamePrefix = optionalString(input, 'logGroupNamePrefix');
    const logGroupNamePattern = optionalString(input, 'logGroupNamePattern');
    if (logGroupNamePrefix && logGroupNamePattern) {
      throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    }
    return store.describeLogGroups({
      logGroupNamePrefix,
      logGroupNamePattern,
      limit: optionalNumber(input, 'limit'),
      nextToken: optionalString(input, 'nextToken'),
    });
  },
  DescribeLogStreams(store, input) {
    return store.describeLogStreams({
      logGroupName: groupName(input),
      logStreamNamePrefix: optionalString(input, 'logStreamNamePrefix'),
      orderBy: optionalString(input, 'orderBy') as 'LogStreamName' | 'LastEventTime' | undefined,
      descending: optionalBoolean(input, 'descending'),
      limit: optionalNumber(input, 'limit'),
      nextToken: optionalString(input, 'nextToken'),
    });
  },
  GetLogEvents(store, input) {
    return store.getLogEvents({
      logGroupName: groupName(input),
      logStreamName: requiredString(input, 'logStreamName'),
      startTime: optionalNumber(input, 'startTime'),
      endTime: optionalNumber(input, 'endTime'),
      limit: optionalNumber(input, 'limit'),
      nextToken: optionalString(input, 'nextToken'),
      startFromHead: optionalBoolean(input, 'startFromHead'),
    });
  },
  FilterLogEvents(store, input) {
    return store.filterLogEvents({
      logGroupName: groupName(input),
      logStreamNames: optionalStringList(input, 'logStreamNames'),
      logStreamNamePrefix: optionalString(input, 'logStreamNamePrefix'),
      startTime: optionalNumber(input, 'startTime'),
      endTime: optionalNumber(input, 'endTime'),
      filterPattern: optionalString(input, 'filterPattern'),
      limit: optionalNumber(input, 'limit'),
      nextToken: optionalString(input, 'nextToken'),
    });
  },
  PutLogEvents: putLogEvents,
};

/**
 * PutLogEvents as AWS validates it: 1–10,000 events in chronological order, at most 1 MB
 * (message bytes + 26 each) and 24 hours apart; events more than 2 hours ahead or 14 days
 * behind `now` are rejected (reported in `rejectedLogEventsInfo`), the rest stored.
 */
function putLogEvents(store: LogStore, input: LogsInput, now: number): unknown {
  const group = requiredString(input, 'logGroupName');
  const stream = requiredString(input, 'logStreamName');
  const events = parseInputEvents(input.logEvents);
  if (!store.hasLogStream(group, stream)) {
    if (!store.hasLogGroup(group)) throw groupNotFound();
    throw streamNotFound();
  }
  let bytes = 0;
  for (let i = 0; i < events.length; i++) {
    bytes += Buffer.byteLength(events[i].message, 'utf8') + 26;
    if (i > 0 && events[i].timestamp < events[i - 1].timestamp) {
      throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
    }
  }
  if (bytes > MAX_BATCH_BYTES) throw invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
  if (events[events.length - 1].timestamp - events[0].timestamp > DAY) {
    throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
  }
  // Chronological order makes the rejected ones a prefix (too old) and a suffix (too new).
  let firstOk = 0;
  while (firstOk < events.length && events[firstOk].timestamp < now - 14 * DAY) firstOk++;
  let end = events.length;
  while (end > firstOk && events[end - 1].timestamp > now + 2 * HOUR) end--;
  const accepted = events.slice(firstOk, end);
  const appended = accepted.length > 0 ? store.append(group, stream, accepted) : [];
  const rejected = {
    ...(firstOk > 0 ? { tooOldLogEventEndIndex: firstOk } : {}),
    ...(end < events.length ? { tooNewLogEventStartIndex: end } : {}),
  };
  const lastId = appended.length > 0 ? appended[appended.length - 1].eventId : ZERO_EVENT_ID;
  return {
    nextSequenceToken: lastId,
    ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
  };
}

function parseInputEvents(value: unknown): InputLogEvent[] {
  if (!Array.isArray(value)) throw missing('logEvents');
  if (value.length < 1 || value.length > 10_000) {
    throw invalidParameter('1 validation error detected: Value at \'logEvents\' failed to satisfy constraint: Member must have length between 1 and 10000');
  }
  return value.map((raw, index) => {
    const event = raw as { timestamp?: unknown; message?: unknown };
    if (typeof event?.timestamp !== 'number' || !Number.isInteger(event.timestamp)) {
      throw invalidParameter(`Value at 'logEvents.${index + 1}.member.timestamp' must be an integer.`);
    }
    if (typeof event.message !== 'string' || event.message.length === 0) {
      throw invalidParameter(`Value at 'logEvents.${index + 1}.member.message' must be a non-empty string.`);
    }
    return { timestamp: event.timestamp, message: event.message };
  });
}

/** `logGroupName`, or `logGroupIdentifier` (a name or an ARN) as newer clients send. */
function groupName(input: LogsInput): string {
  const name = optionalString(input, 'logGroupName');
  const identifier = optionalString(input, 'logGroupIdentifier');
  if (name && identifier) throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  if (identifier) return logGroupNameFromIdentifier(identifier);
  if (name) return name;
  throw missing('logGroupName');
}

function missing(field: string): LogsError {
  return invalidParameter(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
}

function requiredString(input: LogsInput, field: string): string {
  const value = optionalString(input, field);
  if (value === undefined) throw missing(field);
  return value;
}

function optionalString(input: LogsInput, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`Value at '${field}' must be a string.`);
  return value;
}

function optionalNumber(input: LogsInput, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidParameter(`Value at '${field}' must be a number.`);
  return value;
}

function optionalBoolean(input: LogsInput, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameter(`Value at '${field}' must be a boolean.`);
  return value;
}

function optionalStringList(input: LogsInput, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidParameter(`Value at '${field}' must be a list of strings.`);
  }
  if (value.length < 1 || value.length > 100) {
    throw invalidParameter(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length between 1 and 100`);
  }
  return value as string[];
}
