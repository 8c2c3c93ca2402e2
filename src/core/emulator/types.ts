import type { FunctionSpec } from '../project/functionSpec';

/**
 * The emulator's public contract, shared by the CLI (`swb invoke`, `swb serve`), the Invoke API,
 * the API Gateway emulator and (later) the editor.
 */

/** AWS's error payload. Node runtimes send `trace`; Python sends `stackTrace` and `requestId`. */
export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
  stackTrace?: string[];
  requestId?: string;
  [key: string]: unknown;
}

export interface InvokeRequest {
  /** The raw event bytes, as Lambda receives them (JSON text). */
  payload: Buffer | string;
  /** Base64 client context (Invoke API `X-Amz-Client-Context`). */
  clientContext?: string;
  cognitoIdentity?: string;
  traceId?: string;
  /** Version or alias invoked, for the ARN and `X-Amz-Executed-Version`. */
  qualifier?: string;
  /** The invocation's request id (default: a new UUID); a function URL's event carries it too, as on AWS. */
  requestId?: string;
  signal?: AbortSignal;
  /**
   * Receives a streaming function's response as it is written (InvokeWithResponseStream, and the
   * API Gateway emulator). Without it a streamed response is only collected into `payload`, with
   * the 6 MB limit of a buffered invoke.
   */
  responseStream?: ResponseStreamSink;
}

/**
 * Where a response streamed by the function goes, chunk by chunk. `begin` comes once, before the
 * first chunk, when the runtime opens its streamed response (its `Content-Type`, and the
 * invocation's request id, which a streamed answer's headers carry before the invocation ends); a
 * function that answers without streaming never calls it. The invoke's promise settles once the stream ended,
 * so an error after the stream began arrives as the `Invocation`'s `error`.
 */
export interface ResponseStreamSink {
  begin(contentType: string, requestId: string): void;
  chunk(data: Buffer): void;
}

/** The content type of a streamed response that starts with an HTTP prelude (`awslambda.HttpResponseStream`). */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';

/** One call of a function. */
export interface Invocation {
  requestId: string;
  functionName: string;
  /** The raw response bytes the function produced (its JSON result, or the error payload). */
  payload: Buffer;
  /** Set when the function failed; `payload` then holds the same error as JSON. */
  error?: LambdaErrorPayload;
  /** `Unhandled` for function errors, as in `X-Amz-Function-Error`. */
  functionError?: 'Unhandled';
  /** The invocation's log lines (START … REPORT), newline-terminated. */
  logs: string;
  durationMs: number;
  billedDurationMs: number;
  /** Set on cold starts only. */
  initDurationMs?: number;
  maxMemoryUsedMB: number;
  coldStart: boolean;
  executedVersion: string;
  /** Set when the function streamed its response: the stream's content type (`payload` holds every byte). */
  streamContentType?: string;
}

/**
 * How a Node.js function's environments are isolated. `process` (the default, as in Lambda): a
 * child process each. `thread`: a worker thread of the emulator's process — warm invokes cost
 * about half, but the working directory, time zone, native crashes and RSS are shared (see
 * docs/performance.md). `inline`: on the emulator's own event loop (fastest, least isolated:
 * `process.env`, memory and the event loop are shared, a timed-out handler keeps running).
 * Other runtimes always use processes.
 */
export type Isolation = 'process' | 'thread' | 'inline';

export interface FunctionRunOptions {
  /** Overrides `EmulatorOptions.isolation` for this function. */
  isolation?: Isolation;
  /** Execution environments allowed at once; requests queue beyond that. Default 1. */
  concurrency?: number;
  /** Environments started before the first invoke. Default 0. */
  prewarm?: number;
  /** Max queued requests before `TooManyRequestsException`. Default 100. */
  maxQueue?: number;
}

export interface EmulatorOptions {
  /** Isolation of functions that set none. Default `process`. */
  isolation?: Isolation;
  /** Runtime → interpreter path, e.g. `{ "nodejs22.x": "/usr/bin/node22" }`. */
  runtimePaths?: Record<string, string>;
  /** Idle environments are recycled after this long. Default 10 minutes. */
  idleTimeoutMs?: number;
  /** Pass AWS_ACCESS_KEY_ID/SECRET/SESSION_TOKEN from this process's environment. Default false. */
  passCredentials?: boolean;
  region?: string;
  accountId?: string;
  /** Every log line of every environment, as it is written (for live output and log stores). */
  onLog?: (event: { functionName: string; logStreamName: string; line: string; timestamp: number }) => void;
  /** Warnings for the user (e.g. interpreter major version differs from the runtime). */
  onWarning?: (message: string) => void;
  /**
   * Start every environment under a debugger listening on `host:port` (default host 127.0.0.1):
   * Node with `--inspect-brk` (`--inspect` without `breakOnStart`), Python under debugpy
   * (`--wait-for-client` with `breakOnStart`). Only one process can listen on the port, so every
   * function runs one environment at a time; Lambda's timeout, the 10 s init limit and the memory
   * limit are lifted, since a debugger paused at a breakpoint must not get the function killed.
   * Meant for an emulator dedicated to one debug run.
   */
  inspect?: InspectOptions;
}

export interface InspectOptions {
  host?: string;
  port: number;
  /** Wait for the debugger before running any code, so breakpoints in init code are hit. */
  breakOnStart?: boolean;
}

export interface EmulatorApi {
  /** Adds or replaces a function. Replacing recycles its environments. */
  register(spec: FunctionSpec, options?: FunctionRunOptions): void;
  unregister(name: string): Promise<void>;
  has(name: string): boolean;
  functions(): FunctionSpec[];
  invoke(name: string, request: InvokeRequest): Promise<Invocation>;
  /** Starts `count` environments now (the cold-start remedy). */
  prewarm(name: string, count: number): Promise<void>;
  /** Kills every child. */
  close(): Promise<void>;
}
