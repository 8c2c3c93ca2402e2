import type { LambdaErrorPayload } from './types';

/** Lambda's limit on a synchronous invoke's request payload. */
export const MAX_REQUEST_BYTES = 6_291_456;
/** Lambda's limit on a function's response (the Runtime API's, 100 bytes above the request limit). */
export const MAX_RESPONSE_BYTES = 6_291_556;
/** Lambda's limit on a streamed response (200 MB); a buffered invoke of a streaming function keeps the 6 MB limit. */
export const MAX_STREAMED_RESPONSE_BYTES = 200 * 1024 * 1024;

/**
 * Emulator-level failures (the Invoke API's own errors, not the function's) reject with an Error
 * whose `name` is AWS's exception type, so front ends can map it to the status code AWS uses.
 */
export function lambdaServiceError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export function errorPayload(errorType: string, errorMessage: string, trace?: string[]): LambdaErrorPayload {
  return trace ? { errorType, errorMessage, trace } : { errorType, errorMessage };
}

/** What the Invoke API returns when the sandbox itself failed (exit, timeout, memory). */
export function sandboxError(errorType: string, requestId: string, reason: string): LambdaErrorPayload {
  return { errorType, errorMessage: `RequestId: ${requestId} Error: ${reason}` };
}

/** Go's wording for a process's end, which is what Lambda's messages quote. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `Runtime exited with error: signal: ${signalWords[signal] ?? signal.toLowerCase()}`;
  if (code === 0) return 'Runtime exited without providing a reason';
  return `Runtime exited with error: exit status ${code ?? 'unknown'}`;
}

const signalWords: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  // What Node's fatal errors (e.g. V8's heap limit) look like in Lambda's logs.
  SIGABRT: 'aborted (core dumped)',
  SIGTERM: 'terminated',
  SIGSEGV: 'segmentation fault',
  SIGINT: 'interrupt',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'floating point exception',
};

/**
 * Reads an error the runtime posted. Lambda passes the body through as the invoke's payload; when
 * it is not an error object (a custom runtime may post anything) the header names the type.
 */
export function parsePostedError(body: Buffer, headerType: string | undefined): LambdaErrorPayload {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const record = parsed as Record<string, unknown>;
      return {
        ...record,
        errorType: typeof record.errorType === 'string' ? record.errorType : (headerType ?? 'Unknown'),
        errorMessage: typeof record.errorMessage === 'string' ? record.errorMessage : '',
      };
    }
  } catch {
    // Not JSON: fall through to the header.
  }
  return { errorType: headerType ?? 'Unknown', errorMessage: body.toString('utf8') };
}

/** A failure to start the function's code (thrown before or during init), reported as the invoke's error. */
export class InitError extends Error {
  constructor(readonly payload: LambdaErrorPayload) {
    super(`${payload.errorType}: ${payload.errorMessage}`);
    this.name = 'InitError';
  }
}
