import { randomBytes } from 'node:crypto';

/**
 * Names and ids laid out exactly as Lambda and CloudWatch Logs lay them out, so tools written
 * against AWS (`aws logs tail /aws/lambda/fn`, dashboards, our own log views) work unchanged.
 */

export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/**
 * One stream per execution environment: `YYYY/MM/DD/[$LATEST]<32 hex>`, dated in UTC from when
 * the environment started.
 */
export function lambdaLogStreamName(startedAt: Date | number = Date.now(), version = '$LATEST'): string {
  const date = new Date(startedAt);
  const yyyy = String(date.getUTCFullYear()).padStart(4, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate()).padStart(2, '0');
  return `${yyyy}/${mm}/${dd}/[${version}]${randomBytes(16).toString('hex')}`;
}

export const LAMBDA_LOG_STREAM_PATTERN = /^\d{4}\/\d{2}\/\d{2}\/\[[^\]]+\][0-9a-f]{32}$/;

/**
 * Event ids are 56 decimal digits like AWS's: timestamp (16) + ingestion time (16) + a store-wide
 * sequence (24). Fixed width makes string order equal (timestamp, ingestion, sequence) order, so
 * ids sort by time; the sequence, persisted by the store, keeps them unique across restarts.
 */
export const EVENT_ID_DIGITS = 56;
const TIME_DIGITS = 16;
const SEQ_DIGITS = 24;

export function makeEventId(timestamp: number, ingestionTime: number, seq: number): string {
  return (
    String(timestamp).padStart(TIME_DIGITS, '0') +
    String(ingestionTime).padStart(TIME_DIGITS, '0') +
    String(seq).padStart(SEQ_DIGITS, '0')
  );
}

/** The sequence part of an id made by `makeEventId`. */
export function eventIdSequence(eventId: string): number {
  return Number(eventId.slice(TIME_DIGITS * 2));
}

export const ZERO_EVENT_ID = '0'.repeat(EVENT_ID_DIGITS);

/** The id right after / before `id` in the 56-digit space (token positions between events). */
export function nextEventId(id: string): string {
  return (BigInt(id) + 1n).toString().padStart(EVENT_ID_DIGITS, '0');
}

export function previousEventId(id: string): string {
  const value = BigInt(id);
  return value === 0n ? ZERO_EVENT_ID : (value - 1n).toString().padStart(EVENT_ID_DIGITS, '0');
}

export function logGroupArn(region: string, accountId: string, group: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${group}`;
}

export function logStreamArn(region: string, accountId: string, group: string, stream: string): string {
  return `${logGroupArn(region, accountId, group)}:log-stream:${stream}`;
}

/** `logGroupIdentifier` accepts a name or an ARN (with or without the trailing `:*`). */
export function logGroupNameFromIdentifier(identifier: string): string {
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier);
  return match ? match[1] : identifier;
}
