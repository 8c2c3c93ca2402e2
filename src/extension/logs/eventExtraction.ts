import type { TailEvent } from '../../core/logs/tailTypes';
import { parseInspected } from './inspectLiteral';
import { appLine, platformLine } from './logLines';

/**
 * Incoming events in log lines, for "Save Event from Logs": the `console.log(event)` habit prints
 * the event as JSON (`JSON.stringify(event)`, the JSON log format) or as Node's `util.inspect` /
 * Python's `print` text, alone or after a short label (`event: {…}`). Objects that look like a
 * Lambda event (SQS records, an API Gateway request, an EventBridge event…) and objects logged
 * first in an invocation rank first. Pure.
 */

export interface EventCandidate {
  event: Record<string, unknown>;
  /** How it was printed: JSON, or inspect/print text read back. */
  format: 'json' | 'inspect';
  /** What kind of event it looks like, e.g. "SQS", when it looks like one. */
  kind?: string;
  timestamp: number;
  requestId?: string;
  logStreamName: string;
  score: number;
}

/** A label before the object is allowed when it is short (`Received event:`). */
const MAX_LABEL = 60;

/** The objects in `events` (oldest first), best candidates first, duplicates once (the newest). */
export function eventCandidates(events: readonly TailEvent[], max = 30): EventCandidate[] {
  const firstInInvocation = new Map<string, boolean>();
  const byText = new Map<string, EventCandidate>();
  for (const event of events) {
    const platform = platformLine(event.message);
    if (platform) {
      if (platform.kind === 'start') firstInInvocation.set(event.logStreamName, true);
      continue;
    }
    const found = objectInLine(event.message);
    if (!found) continue;
    const first = firstInInvocation.get(event.logStreamName) === true;
    firstInInvocation.set(event.logStreamName, false);
    const kind = eventKind(found.value);
    const score = (kind ? 4 : 0) + (found.labelled ? 2 : 0) + (first ? 1 : 0) + (found.format === 'json' ? 0.5 : 0);
    const key = JSON.stringify(found.value);
    const previous = byText.get(key);
    const candidate: EventCandidate = {
      event: found.value,
      format: previous?.format === 'json' ? 'json' : found.format,
      ...(kind ? { kind } : {}),
      timestamp: event.timestamp,
      ...(found.requestId ? { requestId: found.requestId } : {}),
      logStreamName: event.logStreamName,
      score: Math.max(score, previous?.score ?? 0),
    };
    byText.delete(key);
    byText.set(key, candidate);
  }
  return [...byText.values()].sort((a, b) => b.score - a.score || b.timestamp - a.timestamp).slice(0, max);
}

interface FoundObject {
  value: Record<string, unknown>;
  format: 'json' | 'inspect';
  requestId?: string;
  /** A label that mentions an event came before it. */
  labelled: boolean;
}

export function objectInLine(message: string): FoundObject | undefined {
  const line = appLine(message);
  const requestId = line.requestId;
  // The JSON log format: `console.log(event)` is the record's `message`.
  if (line.record) {
    const inner = line.record.message;
    if (isEventLike(inner)) return { value: inner, format: 'json', requestId, labelled: false };
    // `console.log(JSON.stringify(event))`: a string message holding the JSON.
    if (typeof inner === 'string' && !inner.startsWith('{"level"')) {
      const nested = objectInLine(inner);
      return nested ? { ...nested, requestId: nested.requestId ?? requestId } : undefined;
    }
    return undefined;
  }
  const text = line.text.trim();
  if (!text.endsWith('}')) return undefined;
  const open = text.indexOf('{');
  if (open === -1 || open > MAX_LABEL) return undefined;
  const label = text.slice(0, open);
  // `event {` (util.format's space) or `Received event:`; not the middle of a sentence with braces.
  if (label && !/^[\w .:=-]*$/.test(label)) return undefined;
  const body = text.slice(open);
  let value: unknown;
  let format: 'json' | 'inspect' = 'json';
  try {
    value = JSON.parse(body);
  } catch {
    value = parseInspected(body);
    format = 'inspect';
  }
  if (!isEventLike(value)) return undefined;
  return { value, format, requestId, labelled: /event/i.test(label) };
}

function isEventLike(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 0) return false;
  // A Lambda error payload, or an error the code logged.
  const record = value as Record<string, unknown>;
  if (typeof record.errorType === 'string' && 'errorMessage' in record) return false;
  return true;
}

/** What a Lambda event of a well-known source looks like. */
export function eventKind(event: Record<string, unknown>): string | undefined {
  const records = event.Records;
  if (Array.isArray(records) && records.length > 0 && records[0] && typeof records[0] === 'object') {
    const first = records[0] as Record<string, unknown>;
    const source = String(first.eventSource ?? first.EventSource ?? '');
    const known: Record<string, string> = {
      'aws:sqs': 'SQS',
      'aws:s3': 'S3',
      'aws:sns': 'SNS',
      'aws:dynamodb': 'DynamoDB Streams',
      'aws:kinesis': 'Kinesis',
      'aws:ses': 'SES',
    };
    return known[source] ?? (first.cf ? 'CloudFront' : 'Records');
  }
  const context = event.requestContext as Record<string, unknown> | undefined;
  if (context && typeof context === 'object') {
    if (context.elb) return 'ALB';
    if (event.version === '2.0' && typeof event.routeKey === 'string') return 'API Gateway HTTP API';
    if (typeof event.httpMethod === 'string') return 'API Gateway REST API';
    if (context.connectionId) return 'API Gateway WebSocket';
    return 'API Gateway';
  }
  if (typeof event.httpMethod === 'string' && typeof event.path === 'string') return 'HTTP request';
  if (typeof event['detail-type'] === 'string' && 'source' in event) return 'EventBridge';
  if (event.awslogs && typeof event.awslogs === 'object') return 'CloudWatch Logs';
  if (typeof event.triggerSource === 'string' && typeof event.userPoolId === 'string') return 'Cognito';
  if (typeof event.RequestType === 'string' && typeof event.ResponseURL === 'string') return 'CloudFormation';
  return undefined;
}

/** A name for the saved event: `sqs-from-logs`, else `from-logs`. */
export function suggestedEventName(candidate: Pick<EventCandidate, 'kind'>): string {
  const slug = candidate.kind
    ?.toLowerCase()
    .replace(/^api gateway /, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug ? `${slug}-from-logs` : 'from-logs';
}

/** `{ Records: [1], … }`-style one-line preview, capped. */
export function eventPreview(event: Record<string, unknown>, max = 120): string {
  const text = JSON.stringify(event);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
