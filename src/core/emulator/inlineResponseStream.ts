import { Writable } from 'node:stream';
import { inlineScope } from './inlineRuntime';
import { HTTP_INTEGRATION_CONTENT_TYPE } from './types';

/**
 * Lambda response streaming for `isolation: 'inline'`: the `awslambda` global
 * (`streamifyResponse`, `HttpResponseStream`) and the stream a streaming handler writes to. It
 * mirrors runtimes/node/responseStream.js, which a child process or worker loads instead (plain
 * JavaScript without imports, so the two cannot share code): same marks on the handler, same
 * errors, same first-write hook.
 */

/** The marks `streamifyResponse` puts on a handler (Symbol.for: any copy of the helper agrees on them). */
export const STREAMING_MARK = Symbol.for('aws.lambda.runtime.handler.streaming');
export const HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const STREAM_RESPONSE = 'response';
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
/** Between an HTTP integration response's JSON prelude and its body. */
const PRELUDE_DELIMITER_LENGTH = 8;

type Marked = Record<symbol, unknown>;

/** Where a stream's bytes go: the inline environment running the invocation. */
export interface StreamEvents {
  /** Once, at the first write or at the end: the content type is fixed from then on. */
  begin(contentType: string): void;
  chunk(data: Buffer): void;
  /** `end()` was called and every chunk was delivered. */
  ended(): void;
}

/** The stream a streaming handler gets: a Writable with `setContentType`. */
export type ResponseStream = Writable & {
  setContentType(contentType: string): void;
  /** Set by `HttpResponseStream.from`: writes the prelude just before the first chunk. */
  _onBeforeFirstWrite?: (write: (chunk: string | Uint8Array) => void) => void;
};

type WriteCallback = (error?: Error | null) => void;

/** Thrown by the stream, with the type AWS's runtime gives it (the name is on the prototype, so the stack shows it). */
class InvalidStreamingOperation extends Error {}
InvalidStreamingOperation.prototype.name = 'Runtime.InvalidStreamingOperation';

class MalformedStreamingHandler extends Error {}
MalformedStreamingHandler.prototype.name = 'Runtime.MalformedStreamingHandler';

function streamifyResponse(handler: unknown, options?: { highWaterMark?: unknown }): unknown {
  const marked = handler as Marked;
  marked[STREAMING_MARK] = STREAM_RESPONSE;
  if (typeof options?.highWaterMark === 'number') marked[HIGH_WATER_MARK] = Math.floor(options.highWaterMark);
  return handler;
}

/** `HttpResponseStream.from(stream, prelude)`: status, headers and cookies for a function URL, ahead of the body. */
class HttpResponseStream {
  static from(stream: ResponseStream, prelude: unknown): ResponseStream {
    stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    stream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(PRELUDE_DELIMITER_LENGTH));
    };
    return stream;
  }
}

const awslambda = Object.freeze({ streamifyResponse, HttpResponseStream });

/** Whether `AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA` asks the runtime to leave the global alone. */
export function hidesAwsLambdaGlobal(environment: Record<string, unknown> | undefined): boolean {
  const value = environment?.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
  return value === '1' || value === 'true';
}

let installed = false;

/**
 * Defines `globalThis.awslambda` in the emulator's process, once. Inline handlers are ordinary
 * modules of this process (CommonJS `require`, ES `import`), and neither loader can give one
 * module a global of its own, so the name is process-wide: the emulator's own code and every
 * package it loads see it too. What stays per function is the escape hatch: the getter answers
 * `undefined` inside the scope of a function that sets `AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA`
 * (while its module loads and while it runs). A host that already defines `awslambda` keeps its
 * own; a function that assigns the name replaces it for the whole process, as any global it sets.
 */
export function installAwsLambdaGlobal(): void {
  if (installed) return;
  installed = true;
  if ('awslambda' in globalThis) return;
  Object.defineProperty(globalThis, 'awslambda', {
    configurable: true,
    enumerable: false,
    get: () => (inlineScope.getStore()?.hidesAwsLambda ? undefined : awslambda),
    set: (value: unknown) => Object.defineProperty(globalThis, 'awslambda', { value, writable: true, configurable: true, enumerable: true }),
  });
}

/** The handler's streaming mode, as AWS's runtime reads it when it loads the handler. */
export function streamingOptions(handler: unknown): { streaming: false } | { streaming: true; highWaterMark?: number } {
  const marked = handler as Marked;
  const mark = marked[STREAMING_MARK];
  if (!mark) return { streaming: false };
  if (mark !== STREAM_RESPONSE) throw new MalformedStreamingHandler('Only response streaming is supported.');
  const highWaterMark = Number(marked[HIGH_WATER_MARK]);
  return Number.isFinite(highWaterMark) && highWaterMark > 0 ? { streaming: true, highWaterMark } : { streaming: true };
}

/**
 * The stream handed to a streaming handler. Writes reach `events` as they happen (no buffering in
 * between, so a client sees each chunk at once). As in AWS's runtime: values other than strings
 * and bytes are written as JSON, the content type can change only before the first write, and an
 * `HttpResponseStream` prelude goes out right before the first write (or at an `end()` with none).
 * `open()` begins the stream with nothing written, for an error that ends it before any write
 * (AWS's runtime then opens its streamed response only to carry the error).
 */
export function createResponseStream(events: StreamEvents, highWaterMark?: number): { stream: ResponseStream; open(): void } {
  let contentType = DEFAULT_CONTENT_TYPE;
  let begun = false;
  let written = false;
  const begin = (): void => {
    if (begun) return;
    begun = true;
    events.begin(contentType);
  };
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      begin();
      if (chunk.length > 0) events.chunk(chunk);
      callback();
    },
    final(callback) {
      begin();
      events.ended();
      callback();
    },
  }) as ResponseStream;

  const rawWrite = stream.write.bind(stream) as (chunk: unknown, encoding?: BufferEncoding, callback?: WriteCallback) => boolean;
  const rawEnd = stream.end.bind(stream) as (callback?: () => void) => ResponseStream;
  const beforeFirstWrite = (): void => {
    if (written) return;
    written = true;
    stream._onBeforeFirstWrite?.((chunk) => rawWrite(chunk));
  };

  stream.setContentType = (type: string) => {
    if (written) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    contentType = String(type);
  };
  stream.write = ((chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean => {
    beforeFirstWrite();
    const data = typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    if (typeof encoding === 'function') return rawWrite(data, undefined, encoding);
    return rawWrite(data, encoding, callback);
  }) as ResponseStream['write'];
  // end(), end(cb), end(chunk), end(chunk, cb), end(chunk, encoding, cb): a last chunk is a write like any other.
  const end = (chunk?: unknown, encoding?: BufferEncoding | (() => void), callback?: () => void): ResponseStream => {
    if (typeof chunk === 'function') return end(undefined, undefined, chunk as () => void);
    if (typeof encoding === 'function') return end(chunk, undefined, encoding);
    if (chunk !== undefined && chunk !== null) stream.write(chunk, encoding as BufferEncoding);
    else beforeFirstWrite();
    return rawEnd(callback);
  };
  stream.end = end as ResponseStream['end'];
  return { stream, open: begin };
}
