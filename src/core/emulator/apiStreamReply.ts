import type { ServerResponse } from 'node:http';
import { replyHeadFromPrelude, splitIntegrationPayload, isHttpIntegration } from './apiEvents';
import type { ResponseStreamSink } from './types';

/**
 * A streaming function's answer relayed to the HTTP client while the function writes it, as
 * Lambda function URLs relay it: with the HTTP integration content type, the bytes before the
 * first 8 zero bytes are the JSON prelude (status, headers, cookies) and the rest is the body; any
 * other content type is a 200 with that `Content-Type`. The body goes out chunked, each chunk as it
 * comes. Nothing is sent before the first byte of the body (or the prelude), so a function that
 * fails before that still gets the gateway's usual error answer.
 */

export interface StreamedReplyOptions {
  /**
   * Called once, right before the head is sent: false when the gateway already answered (its
   * integration timeout), and the stream is then dropped.
   */
  claim(): boolean;
  /** Headers the gateway adds to every answer (`apigw-requestid`). */
  extraHeaders: string[];
  /** The head's final headers, from the function's and `extraHeaders` (a function URL's CORS headers replace the function's own). */
  headHeaders?(headers: string[]): string[];
}

export class StreamedReply implements ResponseStreamSink {
  private contentType = '';
  private integration = false;
  /** Prelude bytes received while its end is not yet known. */
  private prelude = Buffer.alloc(0);
  private headSent = false;
  /** The gateway answered otherwise, or the prelude was not JSON: later chunks go nowhere. */
  private dropped = false;
  private malformed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: StreamedReplyOptions,
  ) {
    // A client that went away must not turn into an error of the emulator.
    res.on('error', () => undefined);
  }

  /** Whether the function streamed (its sink began): the stream then owns the HTTP answer. */
  get streaming(): boolean {
    return this.contentType !== '';
  }

  begin(contentType: string): void {
    this.contentType = contentType || 'application/octet-stream';
    this.integration = isHttpIntegration(contentType);
  }

  chunk(data: Buffer): void {
    if (this.dropped) return;
    if (this.headSent) {
      this.res.write(data);
      return;
    }
    if (!this.integration) {
      if (this.sendHead(200, ['Content-Type', this.contentType])) this.res.write(data);
      return;
    }
    this.prelude = Buffer.concat([this.prelude, data]);
    const parts = splitIntegrationPayload(this.prelude);
    if (!parts) return;
    this.prelude = Buffer.alloc(0);
    const head = replyHeadFromPrelude(parts.prelude);
    const { body } = parts;
    if (!head) {
      this.malformed = true;
      this.dropped = true;
      return;
    }
    if (this.sendHead(head.status, head.headers) && body.length > 0) this.res.write(body);
  }

  /**
   * The invocation settled. Returns false when the gateway must answer with its error instead: the
   * function failed before any byte was sent, or its prelude was malformed or never ended. A failure
   * after the head was sent cuts the connection, the only way left to tell the client.
   */
  settle(failed: boolean): boolean {
    if (this.headSent) {
      if (failed) this.res.destroy();
      else this.res.end();
      return true;
    }
    if (this.dropped && !this.malformed) return true;
    if (failed || this.malformed || this.integration) return false;
    // Streamed nothing at all: an empty body.
    if (this.sendHead(200, ['Content-Type', this.contentType])) this.res.end();
    return true;
  }

  /** The status sent to the client, once the head went out. */
  get status(): number | undefined {
    return this.headSent ? this.res.statusCode : undefined;
  }

  private sendHead(status: number, headers: string[]): boolean {
    if (!this.options.claim()) {
      this.dropped = true;
      return false;
    }
    this.headSent = true;
    // No Content-Length: the length is not known until the function ends, so the body is chunked.
    const all = [...headers, ...this.options.extraHeaders];
    this.res.writeHead(status, this.options.headHeaders ? this.options.headHeaders(all) : all);
    // The client learns the status and headers now, even if the first body bytes take a while.
    this.res.flushHeaders();
    return true;
  }
}
