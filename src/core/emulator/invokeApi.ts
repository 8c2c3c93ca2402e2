import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RunningServer } from './httpServer';
import { listen, readBody } from './httpServer';
import type { EmulatorApi, Invocation } from './types';

/**
 * AWS Lambda's Invoke API (`POST /2015-03-31/functions/{FunctionName}/invocations`) over the
 * emulator, answering exactly as Lambda does so `@aws-sdk/client-lambda`, boto3 and the AWS CLI
 * work against it unchanged (`--endpoint-url`).
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
  /** Called after every completed invocation (for request logs). */
  onInvocation?: (invocation: Invocation, invocationType: 'RequestResponse' | 'Event') => void;
  /** An `Event` invocation failed to run (its caller already got 202). */
  onBackgroundError?: (functionName: string, error: unknown) => void;
}

const invokePrefix = '/2015-03-31/functions/';
const invokeSuffix = '/invocations';
const asyncPrefix = '/2014-11-13/functions/';
const asyncSuffix = '/invoke-async/';
const syncLimit = 6 * 1024 * 1024;
const asyncLimit = 1024 * 1024;
const logTailBytes = 4096;
const emptyEvent = Buffer.from('{}');
const emptyBody = Buffer.alloc(0);
const functionNamePattern = /^[A-Za-z0-9_-]{1,140}$/;
/** Lambda's own check of Invoke's `FunctionName`, quoted in its ValidationException (dots pass it: such a name is just not found). */
const invokeNameRule = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const invokeNamePattern = new RegExp(`^(?:${invokeNameRule})$`);

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

  return (req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    let rawName: string;
    let legacyAsync = false;
    if (pathname.startsWith(invokePrefix) && pathname.endsWith(invokeSuffix)) {
      rawName = pathname.slice(invokePrefix.length, pathname.length - invokeSuffix.length);
    } else if (pathname.startsWith(asyncPrefix) && (pathname.endsWith(asyncSuffix) || pathname.endsWith('/invoke-async'))) {
      rawName = pathname.slice(asyncPrefix.length, pathname.lastIndexOf('/invoke-async'));
      legacyAsync = true;
    } else {
      return unknownOperation(req, res);
    }
    if (req.method !== 'POST') return unknownOperation(req, res);

    const decodedName = rawName.includes('%') ? safeDecode(rawName) : rawName;
    const target = parseFunctionName(decodedName);
    // Only a name the fast parse refuses is checked against Lambda's rule: malformed is a 400, not a 404.
    if (!target && (decodedName.length > 170 || !invokeNamePattern.test(decodedName))) {
      return drainThen(req, () =>
        sendError(res, 400, 'ValidationException', {
          message: `1 validation error detected: Value '${decodedName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${invokeNameRule}`,
        }),
      );
    }
    let qualifier = target?.qualifier;
    if (queryStart !== -1) {
      const fromQuery = new URLSearchParams(url.slice(queryStart + 1)).get('Qualifier') ?? undefined;
      if (fromQuery !== undefined && qualifier !== undefined && fromQuery !== qualifier) {
        return sendError(res, 400, 'InvalidParameterValueException', {
          Type: 'User',
          message: 'The derived qualifier from the function name does not match the specified qualifier.',
        });
      }
      qualifier = fromQuery ?? qualifier;
    }
    if (!target || !emulator.has(target.name)) return drainThen(req, () => notFound(res, target?.name ?? decodedName, qualifier));
    const name = target.name;

    const invocationType = legacyAsync ? 'Event' : (req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (invocationType !== 'RequestResponse' && invocationType !== 'Event' && invocationType !== 'DryRun') {
      return drainThen(req, () =>
        sendError(res, 400, 'InvalidParameterValueException', {
          Type: 'User',
          message: `1 validation error detected: Value '${String(invocationType)}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
        }),
      );
    }
    const limit = invocationType === 'Event' ? maxAsync : maxSync;

    readBody(req, limit, (body, tooLarge, size) => {
      if (tooLarge) {
        const message =
          invocationType === 'Event'
            ? `${size} byte payload is too large for the Event invocation type (limit ${limit} bytes)`
            : `Request must be smaller than ${limit} bytes for the InvokeFunction operation`;
        return sendError(res, 413, 'RequestTooLargeException', { Type: 'User', message });
      }
      // Lambda hands an empty request body to the function as `{}`.
      const payload = body.length === 0 ? emptyEvent : body;
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
      if (invocationType === 'DryRun') return send(res, 204, { 'x-amzn-RequestId': randomUUID() }, emptyBody);
      if (invocationType === 'Event') {
        emulator.invoke(name, { payload, qualifier, traceId: header(req, 'x-amzn-trace-id') }).then(
          (invocation) => options.onInvocation?.(invocation, 'Event'),
          (error: unknown) => options.onBackgroundError?.(name, error),
        );
        if (legacyAsync) return send(res, 202, { 'x-amzn-RequestId': randomUUID(), 'Content-Type': 'application/json' }, Buffer.from('{"Status":202}'));
        return send(res, 202, { 'x-amzn-RequestId': randomUUID() }, emptyBody);
      }
      emulator
        .invoke(name, {
          payload,
          qualifier,
          clientContext: header(req, 'x-amz-client-context'),
          traceId: header(req, 'x-amzn-trace-id'),
        })
        .then(
          (invocation) => {
            sendInvocation(res, invocation, req.headers['x-amz-log-type'] === 'Tail');
            options.onInvocation?.(invocation, 'RequestResponse');
          },
          (error: unknown) => sendEmulatorError(res, error, () => notFound(res, name, qualifier)),
        );
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

/** Lambda's `LogResult`: the last 4 KB of the invocation's log, base64, cut on a character boundary. */
export function logTail(logs: string): string {
  const bytes = Buffer.from(logs, 'utf8');
  if (bytes.length <= logTailBytes) return bytes.toString('base64');
  let start = bytes.length - logTailBytes;
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('base64');
}

/** Statuses of the Lambda exceptions the emulator may reject an invoke with (`error.name`). */
const serviceErrorStatus: Record<string, number> = {
  InvalidRequestContentException: 400,
  InvalidParameterValueException: 400,
  RequestTooLargeException: 413,
  ResourceConflictException: 409,
  ServiceException: 500,
  EC2ThrottledException: 502,
  InvalidRuntimeException: 502,
  ResourceNotReadyException: 502,
};

/** Maps an emulator failure to Lambda's error: queue full → 429; gone → 404; a named Lambda exception → its status; else 500. */
function sendEmulatorError(res: ServerResponse, error: unknown, notFound: () => void): void {
  const name = errorName(error);
  if (name === 'TooManyRequestsException') {
    const reason = (error as { reason?: unknown; Reason?: unknown }).reason ?? (error as { Reason?: unknown }).Reason;
    return sendError(
      res,
      429,
      'TooManyRequestsException',
      { Reason: typeof reason === 'string' ? reason : 'ReservedFunctionConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.' },
      { 'Retry-After': '1' },
    );
  }
  if (name === 'ResourceNotFoundException') return notFound();
  const message = error instanceof Error ? error.message : String(error);
  const status = name !== undefined && Object.hasOwn(serviceErrorStatus, name) ? serviceErrorStatus[name] : undefined;
  if (status !== undefined) return sendError(res, status, name!, { Type: status >= 500 ? 'Service' : 'User', message });
  sendError(res, 500, 'ServiceException', { Type: 'Service', message });
}

function errorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (typeof code === 'string' && code.endsWith('Exception')) return code;
  return typeof name === 'string' ? name : undefined;
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

function unknownOperation(req: IncomingMessage, res: ServerResponse): void {
  drainThen(req, () => sendError(res, 404, 'UnknownOperationException', { Type: 'User', message: `Unknown operation: ${req.method} ${req.url}` }));
}

/** Answers only after the request body is consumed, so a keep-alive connection stays in sync. */
function drainThen(req: IncomingMessage, answer: () => void): void {
  if (req.readableEnded) return answer();
  req.on('end', answer);
  req.on('error', () => undefined);
  req.resume();
}

function sendError(res: ServerResponse, status: number, type: string, body: Record<string, string>, extra?: Record<string, string>): void {
  send(res, status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type, 'x-amzn-RequestId': randomUUID(), ...extra }, Buffer.from(JSON.stringify(body)));
}

function send(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: Buffer): void {
  // A 204 carries no body and (RFC 9110) no Content-Length.
  if (status !== 204) headers['Content-Length'] = body.length;
  res.writeHead(status, headers);
  res.end(body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
