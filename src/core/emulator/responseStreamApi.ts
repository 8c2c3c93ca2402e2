import { randomUUID } from 'node:crypto';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { encodeBlobEvent, encodeEvent } from '../aws/eventStreamCodec';
import { errorMessage, errorName, logTail } from './invokeApiReplies';
import type { Invocation, ResponseStreamSink } from './types';

/**
 * The answer of InvokeWithResponseStream: status 200 with the function's stream content type,
 * then an event stream (`application/vnd.amazon.eventstream` framing, whatever `Content-Type`
 * says) of `PayloadChunk` events written as the function streams, and one `InvokeComplete` that
 * carries the function's error and the log tail. A function that does not stream gets its whole
 * JSON result as one chunk, as Lambda does. The client may hang up at any point: what is written
 * after that is dropped, and the function runs on to its end.
 */
export class ResponseStreamWriter implements ResponseStreamSink {
  /**
   * `X-Amz-Executed-Version` leaves with the first chunk, before the `Invocation` that reports
   * it: a view that resolves qualifiers to versions (the local cloud) sets it first, through
   * `announceExecutedVersion`. The plain emulator runs `$LATEST`.
   */
  executedVersion = '$LATEST';
  private started = false;

  constructor(private readonly res: ServerResponse) {
    // A write after the client hung up must not surface as an unhandled 'error'.
    res.on('error', () => undefined);
  }

  /** Whether anything went out: after that, failures can only be told in `InvokeComplete`. */
  get hasStarted(): boolean {
    return this.started;
  }

  begin(contentType: string, requestId: string): void {
    if (this.started) return;
    this.writeHead(contentType, requestId, this.executedVersion);
    // The headers go now, so the client sees the stream open even before the first chunk.
    if (!this.res.destroyed) this.res.flushHeaders();
  }

  chunk(data: Buffer): void {
    // Chunks come after `begin`; should one not, the answer still needs its head.
    if (!this.started) this.begin('application/octet-stream', randomUUID());
    // An empty event would tell the client nothing.
    if (data.length > 0) this.write(encodeBlobEvent('PayloadChunk', data));
  }

  /** Ends the answer with the invocation's outcome (its whole payload first, when it did not stream). */
  finish(invocation: Invocation, tail: boolean): void {
    if (!this.started) {
      this.writeHead('application/json', invocation.requestId, invocation.executedVersion || this.executedVersion);
      if (invocation.payload.length > 0) this.write(encodeBlobEvent('PayloadChunk', invocation.payload));
    }
    const complete: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string } = {};
    if (invocation.error) {
      complete.ErrorCode = invocation.error.errorType;
      complete.ErrorDetails = invocation.error.errorMessage;
    }
    if (tail) complete.LogResult = logTail(invocation.logs);
    this.end(complete);
  }

  /** An emulator failure after the stream began (before, the caller answers it as the buffered route does). */
  abort(error: unknown): void {
    this.end({ ErrorCode: errorName(error) ?? 'ServiceException', ErrorDetails: errorMessage(error) });
  }

  private writeHead(contentType: string, requestId: string, executedVersion: string): void {
    this.started = true;
    if (this.res.destroyed) return;
    const headers: OutgoingHttpHeaders = {
      'Content-Type': contentType,
      'X-Amz-Executed-Version': executedVersion,
      'x-amzn-RequestId': requestId,
    };
    this.res.writeHead(200, headers);
  }

  private end(complete: Record<string, string>): void {
    this.write(encodeEvent('InvokeComplete', complete));
    if (!this.res.destroyed && !this.res.writableEnded) this.res.end();
  }

  private write(bytes: Buffer): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    this.res.write(bytes);
  }
}

/** Lets the Invoke API's streamed answer name the version a qualifier resolved to (see `ResponseStreamWriter.executedVersion`). */
export function announceExecutedVersion(sink: ResponseStreamSink | undefined, version: string): void {
  if (sink instanceof ResponseStreamWriter) sink.executedVersion = version;
}

/**
 * Runs one streamed invoke into `res`. A rejection before anything was written goes to
 * `onRejected` (the buffered route's error answers); after, it ends the stream.
 */
export function streamInvocation(
  res: ServerResponse,
  run: (sink: ResponseStreamSink) => Promise<Invocation>,
  options: { tail: boolean; onRejected: (error: unknown) => void; onInvocation?: (invocation: Invocation) => void },
): void {
  const writer = new ResponseStreamWriter(res);
  run(writer).then(
    (invocation) => {
      writer.finish(invocation, options.tail);
      options.onInvocation?.(invocation);
    },
    (error: unknown) => {
      if (writer.hasStarted) writer.abort(error);
      else options.onRejected(error);
    },
  );
}
