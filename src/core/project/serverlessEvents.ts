import { isRecord, shortForm } from './cfnIntrinsics';
import type { JsonObject } from './cfnIntrinsics';
import { normalizeHttpMethod } from './functionFields';
import type { FunctionEventSpec } from './functionSpec';
import type { EventResult } from './samEvents';

/**
 * One item of a serverless.yml function's `events` list (`- httpApi: 'GET /hello'`). HTTP events
 * become exactly `{type, method, path}`; the others keep serverless.yml's own property names,
 * with a string shorthand expanded to the property it stands for (`- sqs: arn:…` → `{arn}`).
 * `stream` becomes `dynamodb` or `kinesis` when its `type` or ARN tells which, and the legacy
 * `cloudwatchEvent` becomes `eventBridge`, so the types match those read from SAM templates.
 */
export function serverlessEventToSpec(raw: unknown): EventResult {
  if (!isRecord(raw) || Object.keys(raw).length !== 1) {
    return { ok: false, problem: 'an event must be a mapping with one key, e.g. "- httpApi: GET /hello"' };
  }
  const [key, value] = Object.entries(raw)[0]!;
  switch (key) {
    case 'httpApi':
      return httpApiEvent(value);
    case 'http':
      return httpEvent(value);
    case 'schedule':
      return scheduleEvent(value);
    case 'stream':
      return streamEvent(value);
    case 'cloudwatchEvent':
      return { ok: true, event: withProperties('eventBridge', value, 'value') };
    case 'sns':
      return { ok: true, event: withProperties('sns', value, typeof value === 'string' && value.startsWith('arn:') ? 'arn' : 'topicName') };
    default:
      return { ok: true, event: withProperties(key, value, shorthandKeys[key] ?? 'value') };
  }
}

/** What the string shorthand of each event means. */
const shorthandKeys: Record<string, string> = {
  sqs: 'arn',
  s3: 'bucket',
  alexaSkill: 'appId',
  websocket: 'route',
  cloudwatchLog: 'logGroup',
  activemq: 'arn',
  rabbitmq: 'arn',
};

function withProperties(type: string, value: unknown, shorthandKey: string): FunctionEventSpec {
  // `type` first for readable output, and last so a property named `type` cannot replace it.
  if (isRecord(value)) return Object.assign({ type }, value, { type });
  return value === null || value === undefined ? { type } : { type, [shorthandKey]: value };
}

/** `'GET /hello'`, `'*'` (the `$default` catch-all route) or `{ method, path }`. */
function httpApiEvent(value: unknown): EventResult {
  if (value === '*') return { ok: true, event: { type: 'httpApi', method: 'ANY', path: '$default' } };
  const route = routeOf(value);
  if (!route) return { ok: false, problem: `httpApi event ${shortForm(value)} needs a method and a path, e.g. "GET /hello"` };
  const path = route.path === '*' ? '$default' : route.path;
  return { ok: true, event: { type: 'httpApi', method: route.method, path } };
}

/** `'get hello'` or `{ method, path }`; REST paths may be written without the leading slash. */
function httpEvent(value: unknown): EventResult {
  const route = routeOf(value);
  if (!route) return { ok: false, problem: `http event ${shortForm(value)} needs a method and a path, e.g. "GET /hello"` };
  const path = route.path.startsWith('/') ? route.path : `/${route.path}`;
  return { ok: true, event: { type: 'http', method: route.method, path } };
}

function routeOf(value: unknown): { method: string; path: string } | undefined {
  if (typeof value === 'string') {
    const [method, path, ...rest] = value.trim().split(/\s+/);
    return method && path && rest.length === 0 ? { method: normalizeHttpMethod(method), path } : undefined;
  }
  if (isRecord(value) && typeof value.path === 'string') {
    // httpApi's object form may leave out the method: it then matches every method.
    const method = typeof value.method === 'string' ? value.method : '*';
    return { method: normalizeHttpMethod(method), path: value.path };
  }
  return undefined;
}

/** `- schedule: rate(1 day)` or `{ rate: … | [..], enabled, input }`; `schedule` holds the (first) expression. */
function scheduleEvent(value: unknown): EventResult {
  if (typeof value === 'string') return { ok: true, event: { type: 'schedule', schedule: value } };
  if (!isRecord(value)) return { ok: false, problem: 'a schedule event needs a rate or cron expression' };
  const rate = Array.isArray(value.rate) ? value.rate[0] : value.rate;
  return { ok: true, event: Object.assign({ type: 'schedule' }, value, { type: 'schedule' }, rate === undefined ? {} : { schedule: rate }) };
}

function streamEvent(value: unknown): EventResult {
  const props: JsonObject = isRecord(value) ? value : { arn: value };
  const declared = typeof props.type === 'string' ? props.type.toLowerCase() : undefined;
  // The framework requires `type` when the ARN is not a literal; a literal ARN names its service.
  const arn = typeof props.arn === 'string' ? props.arn : '';
  const type =
    declared === 'dynamodb' || declared === 'kinesis'
      ? declared
      : arn.includes(':dynamodb:')
        ? 'dynamodb'
        : arn.includes(':kinesis:')
          ? 'kinesis'
          : 'stream';
  return { ok: true, event: Object.assign({ type }, props, { type }) };
}
