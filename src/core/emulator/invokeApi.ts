import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RunningServer } from './httpServer';
import { listen, readBody } from './httpServer';
import { drainThen, header, logTail, send, sendEmulatorError, sendError, unknownOperation } from './invokeApiReplies';
import { streamInvocation } from './responseStreamApi';
import type { EmulatorApi, Invocation } from './types';

export { logTail } from './invokeApiReplies';

/**
 * AWS Lambda's Invoke API over the emulator — Invoke (`POST /2015-03-31/functions/{FunctionName}/invocations`),
 * the legacy InvokeAsync, and InvokeWithResponseStream
 * (`POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations`) — answering exactly
 * as Lambda does so `@aws-sdk/client-lambda`, boto3 and the AWS CLI work against it unchanged
 * (`--endpoint-url`). The three share the checks of the function name, qualifier, invocation type
 * and request size; only the answer differs.
 *
 * This is the hot path of every local invoke: payloads pass through as Buffers, headers are small
 * literals, and nothing is compiled per request.
 */

export interface InvokeApiOptions {
  region?: string;
  accountId?: string;
  /** Synchronous request limit in bytes (Lambda: 6 MB). */
  maxSyncPayloadBytes?: number;
  /** `Event` request limit in bytes (Lambda: 1 MB). */
  maxAsyncPayloadBytes?: number;
  /** Called after every completed invocation (for request logs); a streamed one counts as `RequestResponse`. */
  onInvocation?: (invocation: Invocation, invocationType: 'RequestResponse' | 'Event') => void;
  /** An `Event` invocation failed to run (its caller already got 202). */
  onBackgroundError?: (functionName: string, error: unknown) => void;
  /**
   * The functions have no published versions or aliases (the workspace's own): a qualifier other
   * than `$LATEST` names nothing, Lambda's 404 for that ARN. Without it the emulator is handed the
   * qualifier (a view that resolves versions, as the local cloud's, does).
   */
  latestOnly?: boolean;
}

type InvokeOperation = 'Invoke' | 'InvokeAsync' | 'InvokeWithResponseStream';

/** The invocation types each operation accepts, in the order Lambda's validation message lists them. */
const invocationTypes: Record<InvokeOperation, readonly string[]> = {
  Invoke: ['Event', 'RequestResponse', 'DryRun'],
  InvokeAsync: ['Event'],
  InvokeWithResponseStream: ['RequestResponse', 'DryRun'],
};

const invokePrefix = '/2015-03-31/functions/';
const invokeSuffix = '/invocations';
const asyncPrefix = '/2014-11-13/functions/';
const asyncSuffix = '/invoke-async';
const streamPrefix = '/2021-11-15/functions/';
const streamSuffix = '/response-streaming-invocations';
const syncLimit = 6 * 1024 * 1024;
const asyncLimit = 1024 * 1024;
const emptyEvent = Buffer.from('{}');
const emptyBody = Buffer.alloc(0);
const functionNamePattern = /^[A-Za-z0-9_-]{1,140}$/;
/** Lambda's own check of Invoke's `FunctionName`, quoted in its ValidationException (dots pass it: such a name is just not found). */
const invokeNameRule = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const invokeNamePattern = new RegExp(`^(?:${invokeNameRule})$`);

/** Which invoke operation a path is, and its raw `{FunctionName}`. */
function matchInvokeOperation(pathname: string): { operation: InvokeOperation; rawName: string } | undefined {
  if (pathname.startsWith(invokePrefix) && pathname.endsWith(invokeSuffix)) {
    return { operation: 'Invoke', rawName: pathname.slice(invokePrefix.length, pathname.length - invokeSuffix.length) };
  }
  if (pathname.startsWith(streamPrefix) && pathname.endsWith(streamSuffix)) {
    return { operation: 'InvokeWithResponseStream', rawName: pathname.slice(streamPrefix.length, pathname.length - streamSuffix.length) };
  }
  // botocore sends InvokeAsync with a trailing slash.
  if (pathname.startsWith(asyncPrefix) && (pathname.endsWith(`${asyncSuffix}/`) || pathname.endsWith(asyncSuffix))) {
    return { operation: 'InvokeAsync', rawName: pathname.slice(asyncPrefix.length, pathname.lastIndexOf(asyncSuffix)) };
  }
  return undefined;
}

export function createInvokeApiHandler(emulator: EmulatorApi, options: InvokeApiOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const maxSync = options.maxSyncPayloadBytes ?? syncLimit;
  const maxAsync = options.maxAsyncPayloadBytes ?? asyncLimit;
  const arnPrefix = `arn:aws:lambda:${region}:${accountId}:function:`;

  const notFound = (res: ServerResponse, name: string, qualifier: string | undefined): void => {
    const arn = `${arnPrefix}${name}${qualifier ? `:${qualifier}` : ''}`;
    // Lambda spells this one's member `Message`; the SDK reads either.
    sendError(res, 404, 'ResourceNotFoundException', { Type: 'User', Message: `Function not found: ${arn}` });
  };

  /** The function and qualifier a request names, or undefined once it was answered with Lambda's error. */
  const resolveTarget = (req: IncomingMessage, res: ServerResponse, rawName: string, query: string | undefined): { name: string; qualifier?: string } | undefined => {
    const decodedName = rawName.includes('%') ? safeDecode(rawName) : rawName;
    const target = parseFunctionName(decodedName);
    // Only a name the fast parse refuses is checked against Lambda's rule: malformed is a 400, not a 404.
    if (!target && (decodedName.length > 170 || !invokeNamePattern.test(decodedName))) {
      drainThen(req, () =>
        sendError(res, 400, 'ValidationException', {
          message: `1 validation error detected: Value '${decodedName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${invokeNameRule}`,
        }),
      );
      return undefined;
    }
    let qualifier = target?.qualifier;
    if (query !== undefined) {
      const fromQuery = new URLSearchParams(query).get('Qualifier') ?? undefined;
      if (fromQuery !== undefined && qualifier !== undefined && fromQuery !== qualifier) {
        sendError(res, 400, 'InvalidParameterValueException', {
          Type: 'User',
          message: 'The derived qualifier from the function name does not match the specified qualifier.',
        });
        return undefined;
      }
      qualifier = fromQuery ?? qualifier;
    }
    if (!target || !emulator.has(target.name) || (options.latestOnly && qualifier !== undefined && qualifier !== '$LATEST')) {
      drainThen(req, () => notFound(res, target?.name ?? decodedName, qualifier));
      return undefined;
    }
    return { name: target.name, qualifier };
  };

  /**
   * The event to invoke with, or undefined once a request too large (413) or, for Event and
   * DryRun, not JSON (400) was answered. An empty body is Lambda's `{}`.
   */
  const readPayload = (req: IncomingMessage, res: ServerResponse, operation: InvokeOperation, invocationType: string, then: (payload: Buffer) => void): void => {
    const limit = invocationType === 'Event' ? maxAsync : maxSync;
    readBody(req, limit, (body, tooLarge, size) => {
      if (tooLarge) {
        const message =
          invocationType === 'Event'
            ? `${size} byte payload is too large for the Event invocation type (limit ${limit} bytes)`
            : `Request must be smaller than ${limit} bytes for the ${operation === 'InvokeWithResponseStream' ? operation : 'InvokeFunction'} operation`;
        return sendError(res, 413, 'RequestTooLargeException', { Type: 'User', message });
      }
      // A synchronous invoke leaves the JSON check to the emulator (one parse on the hot path);
      // Event and DryRun answer before it runs, so they check here.
      if (body.length !== 0 && invocationType !== 'RequestResponse') {
        const problem = jsonProblem(body);
        if (problem) {
          return sendError(res, 400, 'InvalidRequestContentException', {
            Type: 'User',
            message: `Could not parse request body into json: Could not parse payload into json: ${problem}`,
          });
        }
      }
      then(body.length === 0 ? emptyEvent : body);
    });
  };

  return (req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const route = matchInvokeOperation(queryStart === -1 ? url : url.slice(0, queryStart));
    if (!route || req.method !== 'POST') return unknownOperation(req, res);
    const { operation } = route;

    const target = resolveTarget(req, res, route.rawName, queryStart === -1 ? undefined : url.slice(queryStart + 1));
    if (!target) return;
    const { name, qualifier } = target;

    const invocationType = operation === 'InvokeAsync' ? 'Event' : (header(req, 'x-amz-invocation-type') ?? 'RequestResponse');
    if (!invocationTypes[operation].includes(invocationType)) {
      return drainThen(req, () =>
        sendError(res, 400, 'InvalidParameterValueException', {
          Type: 'User',
          message: `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [${invocationTypes[operation].join(', ')}]`,
        }),
      );
    }

    readPayload(req, res, operation, invocationType, (payload) => {
      if (invocationType === 'DryRun') return send(res, 204, { 'x-amzn-RequestId': randomUUID() }, emptyBody);
      if (invocationType === 'Event') {
        emulator.invoke(name, { payload, qualifier, traceId: header(req, 'x-amzn-trace-id') }).then(
          (invocation) => options.onInvocation?.(invocation, 'Event'),
          (error: unknown) => options.onBackgroundError?.(name, error),
        );
        if (operation === 'InvokeAsync') return send(res, 202, { 'x-amzn-RequestId': randomUUID(), 'Content-Type': 'application/json' }, Buffer.from('{"Status":202}'));
        return send(res, 202, { 'x-amzn-RequestId': randomUUID() }, emptyBody);
      }
      const request = { payload, qualifier, clientContext: header(req, 'x-amz-client-context'), traceId: header(req, 'x-amzn-trace-id') };
      const tail = req.headers['x-amz-log-type'] === 'Tail';
      const rejected = (error: unknown): void => sendEmulatorError(res, error, () => notFound(res, name, qualifier));
      if (operation === 'InvokeWithResponseStream') {
        return streamInvocation(res, (responseStream) => emulator.invoke(name, { ...request, responseStream }), {
          tail,
          onRejected: rejected,
          onInvocation: (invocation) => options.onInvocation?.(invocation, 'RequestResponse'),
        });
      }
      emulator.invoke(name, request).then((invocation) => {
        sendInvocation(res, invocation, tail);
        options.onInvocation?.(invocation, 'RequestResponse');
      }, rejected);
    });
  };
}

/** Starts the Invoke API on its own port. */
export function startInvokeApi(emulator: EmulatorApi, options: InvokeApiOptions & { host?: string; port?: number } = {}): Promise<RunningServer> {
  return listen(createInvokeApiHandler(emulator, options), { host: options.host, port: options.port, what: '--port' });
}

function sendInvocation(res: ServerResponse, invocation: Invocation, tail: boolean): void {
  const headers: OutgoingHttpHeaders = {
    'Content-Type': 'application/json',
    'Content-Length': invocation.payload.length,
    'X-Amz-Executed-Version': invocation.executedVersion || '$LATEST',
    'x-amzn-RequestId': invocation.requestId,
  };
  if (invocation.functionError) headers['X-Amz-Function-Error'] = invocation.functionError;
  if (tail) headers['X-Amz-Log-Result'] = logTail(invocation.logs);
  res.writeHead(200, headers);
  res.end(invocation.payload);
}

/** `FunctionName` as Lambda accepts it: `name`, `name:qualifier`, `acct:function:name[:q]`, or a full ARN. */
export function parseFunctionName(raw: string): { name: string; qualifier?: string } | undefined {
  const parts = raw.split(':');
  let name: string;
  let qualifier: string | undefined;
  if (parts[0] === 'arn') {
    if (parts.length < 7 || parts.length > 8 || parts[2] !== 'lambda' || parts[5] !== 'function') return undefined;
    name = parts[6];
    qualifier = parts[7];
  } else if (parts.length >= 3) {
    if (parts.length > 4 || parts[1] !== 'function') return undefined;
    name = parts[2];
    qualifier = parts[3];
  } else {
    name = parts[0];
    qualifier = parts[1];
  }
  if (!functionNamePattern.test(name)) return undefined;
  if (qualifier === '') return undefined;
  return { name, qualifier };
}

/** Why a payload is not JSON, or undefined when it is. */
function jsonProblem(body: Buffer): string | undefined {
  try {
    JSON.parse(body.toString('utf8'));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
