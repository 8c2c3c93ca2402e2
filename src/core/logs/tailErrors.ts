import { CancelledError } from '../errors';
import { sleep } from '../sleep';

/**
 * How the tailer reads an SDK error: retry it (throttling, 5xx, a dropped connection), treat it as
 * "live tail is not available here" (fall back to polling), or give up.
 */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
]);

/** Errors that mean this endpoint or identity will not give us a Live Tail session. */
const LIVE_TAIL_REFUSALS = new Set([
  'UnknownOperationException',
  'UnsupportedOperationException',
  'InvalidOperationException',
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'LimitExceededException',
  'ResourceNotFoundException',
  'InvalidParameterException',
  'ValidationException',
  'NotImplemented',
]);

interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

function shape(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
}

export function errorName(error: unknown): string {
  const e = shape(error);
  return e.name ?? e.code ?? 'Error';
}

export function httpStatus(error: unknown): number | undefined {
  return shape(error).$metadata?.httpStatusCode;
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const name = shape(error).name;
  return error instanceof CancelledError || name === 'AbortError';
}

export function isNetworkError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = shape(e).cause, depth++) {
    const { code, name, message } = shape(e);
    if (code && NETWORK_CODES.has(code)) return true;
    if (name === 'TimeoutError' || name === 'RequestTimeout') return true;
    if (typeof message === 'string' && /socket hang up|ECONNRESET|ECONNREFUSED|other side closed/i.test(message)) return true;
  }
  return false;
}

export function isThrottling(error: unknown): boolean {
  return THROTTLING.has(errorName(error)) || httpStatus(error) === 429;
}

/** Worth trying again after a pause: throttling, a server-side failure, or the network. */
export function isRetryable(error: unknown): boolean {
  if (isThrottling(error) || isNetworkError(error)) return true;
  const status = httpStatus(error);
  if (status !== undefined && status >= 500) return true;
  return ['ServiceUnavailableException', 'InternalServerError', 'InternalFailure', 'ServiceUnavailable'].includes(errorName(error));
}

export function isLiveTailRefusal(error: unknown): boolean {
  if (LIVE_TAIL_REFUSALS.has(errorName(error))) return true;
  const status = httpStatus(error);
  // A plain 4xx without a recognised error type: an endpoint that does not speak StartLiveTail.
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

export function isInvalidNextToken(error: unknown): boolean {
  return errorName(error) === 'InvalidParameterException' && /nextToken/i.test(shape(error).message ?? '');
}

export function isMissingGroup(error: unknown): boolean {
  return errorName(error) === 'ResourceNotFoundException';
}

export function describeError(error: unknown): string {
  const e = shape(error);
  const first = (e.message ?? String(error)).split(/\r?\n/)[0].trim();
  const name = errorName(error);
  if (!first || first === name) return name;
  // Node's network errors are named plain `Error`; their message starts with the code already.
  return name === 'Error' || name === 'LogsUnreachableError' ? first : `${name}: ${first}`;
}


/** Exponential backoff with full jitter over the upper half: 1×, 2×, 4×… `base`, capped. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Nothing answered at the endpoint before any call succeeded (no local cloud running, no network). */
export class LogsUnreachableError extends Error {
  override readonly name = 'LogsUnreachableError';
  constructor(
    readonly endpoint: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`cannot reach CloudWatch Logs${endpoint ? ` at ${endpoint}` : ''}: ${describeError(cause)}`);
  }
}

export { sleep };
