import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** How the Invoke API's routes (buffered and streamed) answer: Lambda's error bodies, statuses and headers. */

const logTailBytes = 4096;

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
export function sendEmulatorError(res: ServerResponse, error: unknown, notFound: () => void): void {
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
  const message = errorMessage(error);
  const status = name !== undefined && Object.hasOwn(serviceErrorStatus, name) ? serviceErrorStatus[name] : undefined;
  if (status !== undefined) return sendError(res, status, name!, { Type: status >= 500 ? 'Service' : 'User', message });
  sendError(res, 500, 'ServiceException', { Type: 'Service', message });
}

/** The Lambda exception an emulator failure is named after (`code` or `name`), if any. */
export function errorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (typeof code === 'string' && code.endsWith('Exception')) return code;
  return typeof name === 'string' ? name : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function unknownOperation(req: IncomingMessage, res: ServerResponse): void {
  drainThen(req, () => sendError(res, 404, 'UnknownOperationException', { Type: 'User', message: `Unknown operation: ${req.method} ${req.url}` }));
}

/** Answers only after the request body is consumed, so a keep-alive connection stays in sync. */
export function drainThen(req: IncomingMessage, answer: () => void): void {
  if (req.readableEnded) return answer();
  req.on('end', answer);
  req.on('error', () => undefined);
  req.resume();
}

export function sendError(res: ServerResponse, status: number, type: string, body: Record<string, string>, extra?: Record<string, string>): void {
  send(res, status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type, 'x-amzn-RequestId': randomUUID(), ...extra }, Buffer.from(JSON.stringify(body)));
}

export function send(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: Buffer): void {
  // A 204 carries no body and (RFC 9110) no Content-Length.
  if (status !== 204) headers['Content-Length'] = body.length;
  res.writeHead(status, headers);
  res.end(body);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
