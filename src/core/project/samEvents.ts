import { isRecord, resolveWherePossible } from './cfnIntrinsics';
import type { IntrinsicContext, JsonObject } from './cfnIntrinsics';
import { lowerFirst, normalizeHttpMethod } from './functionFields';
import type { FunctionEventSpec } from './functionSpec';

/**
 * SAM event source types → `FunctionEventSpec` types. The names follow serverless.yml's event
 * keys so both formats meet in one vocabulary (`sqs`, `schedule`, `eventBridge`, …); DynamoDB
 * and Kinesis streams get their own types because their events differ.
 */
const eventTypes: Record<string, string> = {
  Api: 'http',
  HttpApi: 'httpApi',
  S3: 's3',
  SQS: 'sqs',
  SNS: 'sns',
  Schedule: 'schedule',
  // EventBridge Scheduler; its expression is also copied to `schedule` (see below).
  ScheduleV2: 'schedule',
  DynamoDB: 'dynamodb',
  Kinesis: 'kinesis',
  EventBridgeRule: 'eventBridge',
  CloudWatchEvent: 'eventBridge',
  CloudWatchLogs: 'cloudwatchLog',
  IoTRule: 'iot',
  AlexaSkill: 'alexaSkill',
  Cognito: 'cognitoUserPool',
  MSK: 'msk',
  MQ: 'mq',
  SelfManagedKafka: 'kafka',
  DocumentDB: 'documentDb',
};

export type EventResult = { ok: true; event: FunctionEventSpec } | { ok: false; problem: string };

/**
 * One entry of a SAM function's `Events`. HTTP events keep exactly `{type, method, path}`; the
 * others keep their properties with lower-camel keys (`Queue` → `queue`), intrinsics resolved
 * where the template allows and left in long form otherwise (an ARN from `!GetAtt` stays
 * `{ "Fn::GetAtt": [...] }`).
 */
export function samEventToSpec(name: string, raw: unknown, ctx: IntrinsicContext): EventResult {
  if (!isRecord(raw)) return { ok: false, problem: `event ${name} must be a mapping with Type and Properties` };
  if (typeof raw.Type !== 'string') return { ok: false, problem: `event ${name} has no Type` };
  const samType = raw.Type;
  const props = raw.Properties === undefined ? {} : resolveWherePossible(raw.Properties, ctx);
  if (!isRecord(props)) return { ok: false, problem: `event ${name}: Properties must be a mapping` };

  if (samType === 'Api') {
    if (typeof props.Path !== 'string' || typeof props.Method !== 'string') {
      return { ok: false, problem: `event ${name}: an Api event needs Path and Method` };
    }
    return { ok: true, event: { type: 'http', method: normalizeHttpMethod(props.Method), path: props.Path } };
  }
  if (samType === 'HttpApi') {
    // Without Path and Method SAM routes the API's `$default` route (every unmatched request) here.
    const method = typeof props.Method === 'string' ? normalizeHttpMethod(props.Method) : 'ANY';
    const path = typeof props.Path === 'string' ? props.Path : '$default';
    return { ok: true, event: { type: 'httpApi', method, path } };
  }

  const event: { type: string; [key: string]: unknown } = { type: eventTypes[samType] ?? lowerFirst(samType), ...lowerKeys(props) };
  if (samType === 'ScheduleV2' && props.ScheduleExpression !== undefined) event.schedule = props.ScheduleExpression;
  return { ok: true, event };
}

function lowerKeys(props: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(props).map(([key, value]) => [lowerFirst(key), value]));
}
