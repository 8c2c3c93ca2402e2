import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionUrlSpec } from '../project/functionSpec';
import type { HttpReply } from './apiEvents';
import { replyFromResultV2, replyHeadFromPrelude, requestParts, splitIntegrationPayload, isHttpIntegration, sendReply } from './apiEvents';
import { StreamedReply } from './apiStreamReply';
import { isPreflight, preflightHeaders, responseCorsHeaders, withOverrides } from './functionUrlCors';
import { buildFunctionUrlEvent } from './functionUrlEvents';
import { readBody } from './httpServer';
import { MAX_REQUEST_BYTES } from './lambdaErrors';
import type { EmulatorApi, Invocation } from './types';

/**
 * One function's URL: every request, whatever its method and path, invokes the function with a
 * function URL event. `BUFFERED` answers once the function returned, mapped as payload 2.0
 * (`statusCode`, `headers`, `cookies`, `body`…); `RESPONSE_STREAM` relays a streaming function's
 * bytes as it writes them. The spec is read per request, so a changed invoke mode or CORS applies
 * at once. `AWS_IAM` is not enforced: requests need no signature locally.
 */

export interface FunctionUrlRequestLog {
  method: string;
  path: string;
  status: number;
  functionName: string;
  durationMs: number;
}

export interface FunctionUrlEndpointOptions {
  /** The function owner's account (the emulator's), for IAM URLs' events. */
  accountId: string;
  /** Called once per request, after the response is sent (for access logs). */
  onRequest?: (entry: FunctionUrlRequestLog) => void;
}

export class FunctionUrlEndpoint {
  constructor(
    private readonly emulator: EmulatorApi,
    readonly functionName: string,
    /** Replaced on reload; each request uses the spec it started with. */
    public spec: FunctionUrlSpec,
    private readonly options: FunctionUrlEndpointOptions,
  ) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const spec = this.spec;
    const log = (status: number): void =>
      this.options.onRequest?.({ method: req.method ?? 'GET', path: req.url ?? '/', status, functionName: this.functionName, durationMs: performance.now() - started });
    // The URL answers a preflight itself, before reading further.
    if (spec.cors && isPreflight(req)) {
      req.resume();
      sendReply(res, { status: 200, headers: preflightHeaders(spec.cors, req), body: Buffer.alloc(0) });
      log(200);
      return;
    }
    const cors = spec.cors ? responseCorsHeaders(spec.cors, req) : [];
    const done = (reply: HttpReply, requestId?: string): void => {
      const headers = requestId ? [...reply.headers, 'x-amzn-RequestId', requestId] : reply.headers;
      sendReply(res, { ...reply, headers: withOverrides(headers, cors) });
      log(reply.status);
    };
    readBody(req, MAX_REQUEST_BYTES, (body, tooLarge) => {
      if (tooLarge) return done(messageReply(413, `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`));
      const event = buildFunctionUrlEvent(req, requestParts(req, body), { functionName: this.functionName, authType: spec.authType, accountId: this.options.accountId });
      const payload = Buffer.from(JSON.stringify(event));
      // The URL's event and the invocation share one request id, as on AWS.
      const { requestId } = event.requestContext;
      if (spec.invokeMode === 'RESPONSE_STREAM') this.stream(res, payload, requestId, cors, done, log);
      else this.buffered(payload, requestId, done);
    });
  };

  private buffered(payload: Buffer, requestId: string, done: (reply: HttpReply, requestId?: string) => void): void {
    this.emulator.invoke(this.functionName, { payload, requestId }).then(
      (invocation) => done(bufferedReply(invocation) ?? functionFailed(), invocation.requestId),
      (error: unknown) => done(rejectedReply(error)),
    );
  }

  private stream(res: ServerResponse, payload: Buffer, requestId: string, cors: string[], done: (reply: HttpReply, requestId?: string) => void, log: (status: number) => void): void {
    let answered = false;
    const streamed = new StreamedReply(res, {
      claim: () => !answered && (answered = true),
      extraHeaders: [],
      headHeaders: (headers) => withOverrides([...headers, 'x-amzn-RequestId', requestId], cors),
    });
    const finish = (reply: HttpReply, id?: string): void => {
      if (answered) return;
      answered = true;
      done(reply, id);
    };
    this.emulator.invoke(this.functionName, { payload, requestId, responseStream: streamed }).then(
      (invocation) => {
        if (streamed.streaming && streamed.settle(invocation.functionError !== undefined)) {
          if (streamed.status !== undefined) log(streamed.status);
          return;
        }
        // A function that does not stream is answered as in BUFFERED mode.
        if (invocation.functionError || streamed.streaming) return finish(functionFailed(), invocation.requestId);
        finish(replyFromResultV2(invocation.payload) ?? functionFailed(), invocation.requestId);
      },
      (error: unknown) => {
        if (!(streamed.streaming && streamed.settle(true))) finish(rejectedReply(error));
      },
    );
  }
}

/** A BUFFERED answer: the function's result as payload 2.0, or a streaming function's bytes read through their prelude. */
function bufferedReply(invocation: Invocation): HttpReply | undefined {
  if (invocation.functionError) return undefined;
  const contentType = invocation.streamContentType;
  if (contentType === undefined) return replyFromResultV2(invocation.payload);
  if (!isHttpIntegration(contentType)) {
    return { status: 200, headers: ['Content-Type', contentType || 'application/octet-stream'], body: invocation.payload };
  }
  const parts = splitIntegrationPayload(invocation.payload);
  const head = parts && replyHeadFromPrelude(parts.prelude);
  return parts && head ? { status: head.status, headers: head.headers, body: parts.body } : undefined;
}

/** What a URL answers when the function failed or its result cannot be read: Lambda's bare 502. */
function functionFailed(): HttpReply {
  return { status: 502, headers: ['Content-Type', 'text/plain; charset=utf-8'], body: Buffer.from('Internal Server Error') };
}

/** The emulator refused the invoke: throttled (queue full) → 429, too large → 413, else 500. */
function rejectedReply(error: unknown): HttpReply {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TooManyRequestsException') return messageReply(429, 'Rate Exceeded.');
  if (name === 'RequestTooLargeException') return messageReply(413, (error as Error).message);
  return messageReply(500, 'Internal Server Error');
}

function messageReply(status: number, message: string): HttpReply {
  return { status, headers: ['Content-Type', 'application/json'], body: Buffer.from(JSON.stringify({ Message: message })) };
}
