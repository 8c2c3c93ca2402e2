import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { encodeEvent, encodeException } from '../aws/eventStreamCodec';
import { compileFilterPattern } from './filterPattern';
import { logGroupNameFromIdentifier } from './logNames';
import { groupNotFound, invalidParameter } from './logsErrors';
import type { LogStore } from './logStore';

/**
 * StartLiveTail: an event stream (`application/vnd.amazon.eventstream`) of an empty
 * `initial-response`, a `sessionStart` event, then a `sessionUpdate` every second with the events
 * appended since (up to 500, the rest sampled away as AWS does), ending with
 * `SessionTimeoutException` after `maxDurationMs`. Served over plain HTTP/1.1, which the SDK's
 * default Node handler reads; the client must not prepend `stream-` to the local endpoint's host
 * (JS SDK: `disableHostPrefix: true`; botocore: `inject_host_prefix=False`, or
 * `AWS_DISABLE_HOST_PREFIX_INJECTION=true` for the AWS CLI).
 */
export interface LiveTailOptions {
  updateIntervalMs?: number;
  /** AWS ends sessions after 3 hours. */
  maxDurationMs?: number;
  maxEventsPerUpdate?: number;
}

export interface LiveTailRequest {
  logGroupIdentifiers?: unknown;
  logStreamNames?: unknown;
  logStreamNamePrefixes?: unknown;
  logEventFilterPattern?: unknown;
}

interface SessionResult {
  logStreamName: string;
  logGroupIdentifier: string;
  message: string;
  timestamp: number;
  ingestionTime: number;
}

export interface LiveTailSession {
  close(): void;
}

/** Validates the request (throwing LogsError before anything is written), then streams. */
export function startLiveTail(
  store: LogStore,
  request: LiveTailRequest,
  res: ServerResponse,
  options: LiveTailOptions = {},
  onEnd: () => void = () => undefined,
): LiveTailSession {
  const identifiers = stringList(request.logGroupIdentifiers, 'logGroupIdentifiers', 1, 10) ?? [];
  const streamNames = stringList(request.logStreamNames, 'logStreamNames', 1, 100);
  const prefixes = stringList(request.logStreamNamePrefixes, 'logStreamNamePrefixes', 1, 100);
  if (streamNames && prefixes) throw invalidParameter('You cannot specify both logStreamNames and logStreamNamePrefixes.');
  if ((streamNames || prefixes) && identifiers.length !== 1) {
    throw invalidParameter('logStreamNames and logStreamNamePrefixes need exactly one log group identifier.');
  }
  const pattern = typeof request.logEventFilterPattern === 'string' ? request.logEventFilterPattern : '';
  const matches = compileFilterPattern(pattern);
  const byGroup = new Map<string, string>();
  for (const identifier of identifiers) {
    const name = logGroupNameFromIdentifier(identifier);
    if (!store.hasLogGroup(name)) throw groupNotFound();
    byGroup.set(name, identifier);
  }

  const maxEvents = options.maxEventsPerUpdate ?? 500;
  let pending: SessionResult[] = [];
  let sampled = false;
  const unsubscribe = store.onAppend((groupName, streamName, events) => {
    const identifier = byGroup.get(groupName);
    if (identifier === undefined) return;
    if (streamNames && !streamNames.includes(streamName)) return;
    if (prefixes && !prefixes.some((p) => streamName.startsWith(p))) return;
    for (const event of events) {
      if (!matches(event.message)) continue;
      if (pending.length >= maxEvents) {
        sampled = true;
        continue;
      }
      pending.push({
        logStreamName: streamName,
        logGroupIdentifier: identifier,
        message: event.message,
        timestamp: event.timestamp,
        ingestionTime: event.ingestionTime,
      });
    }
  });

  const requestId = randomUUID();
  res.writeHead(200, { 'Content-Type': 'application/vnd.amazon.eventstream', 'x-amzn-RequestId': requestId });
  // AWS JSON event streams open with the output's other members (none here) as `initial-response`:
  // botocore (boto3, the AWS CLI) refuses a stream without it; the JS SDK reads it either way.
  res.write(encodeEvent('initial-response', {}));
  res.write(
    encodeEvent('sessionStart', {
      requestId,
      sessionId: randomUUID(),
      logGroupIdentifiers: identifiers,
      ...(streamNames ? { logStreamNames: streamNames } : {}),
      ...(prefixes ? { logStreamNamePrefixes: prefixes } : {}),
      logEventFilterPattern: pattern,
    }),
  );

  let closed = false;
  const flush = (): void => {
    const results = pending;
    const wasSampled = sampled;
    pending = [];
    sampled = false;
    res.write(encodeEvent('sessionUpdate', { sessionMetadata: { sampled: wasSampled }, sessionResults: results }));
  };
  const close = (timedOut = false): void => {
    if (closed) return;
    closed = true;
    clearInterval(ticker);
    clearTimeout(deadline);
    unsubscribe();
    if (!res.writableEnded && !res.destroyed) {
      if (timedOut) res.write(encodeException('SessionTimeoutException', 'Live Tail session has ended after the maximum duration.'));
      res.end();
    }
    onEnd();
  };
  const ticker = setInterval(flush, options.updateIntervalMs ?? 1000);
  const deadline = setTimeout(() => {
    flush();
    close(true);
  }, options.maxDurationMs ?? 3 * 60 * 60 * 1000);
  res.on('close', () => close());
  return { close: () => close() };
}

function stringList(value: unknown, field: string, min: number, max: number): string[] | undefined {
  if (value === undefined || value === null) {
    if (field === 'logGroupIdentifiers') {
      throw invalidParameter(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
    }
    return undefined;
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string') || value.length < min || value.length > max) {
    throw invalidParameter(`${field} must be a list of ${min} to ${max} strings.`);
  }
  return value as string[];
}
