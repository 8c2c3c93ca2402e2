import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MAX_RESPONSE_BYTES } from './lambdaErrors';

/**
 * AWS's Lambda Runtime API (2018-06-01), served to one execution environment on its own loopback
 * port: bootstraps build their URLs as `http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/...`, which
 * leaves no room for a path prefix.
 *
 * It is a small HTTP/1.1 server of its own rather than Node's `http`, because it sits on the warm
 * invoke's critical path: no per-request objects, and writes are batched. A pipelining runtime
 * (ours) posts its answer and polls for the next event in one packet; the `202` for the answer
 * then goes out together with that next event, so a warm invoke costs one write each way. It
 * speaks what runtime clients send: Content-Length or chunked bodies, `Expect: 100-continue`,
 * keep-alive or `Connection: close`, and streamed responses (`Lambda-Runtime-Function-Response-Mode:
 * streaming`), whose chunks are passed on as they arrive and whose trailers may carry an error.
 */

const PREFIX = '/2018-06-01/runtime';
const NEXT_PATH = `${PREFIX}/invocation/next`;
const INVOCATION_PATH = `${PREFIX}/invocation/`;
const INIT_ERROR_PATH = `${PREFIX}/init/error`;

const MAX_HEADER_BYTES = 64 * 1024;
/** A `202` held back to travel with the next event is sent anyway after this long. */
const HOLD_ACCEPTED_MS = 5;

const ACCEPTED = response(202, 'Accepted', '{"status":"OK"}');
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

/** One event handed to the runtime by `GET …/invocation/next`. */
export interface RuntimeEvent {
  requestId: string;
  payload: Buffer;
  /** The `Lambda-Runtime-*` headers (values are latin1 strings). */
  headers: Record<string, string>;
}

/** What the runtime tells the environment. */
export interface RuntimeApiListener {
  /** The runtime is waiting for an event (its first call ends the init phase). */
  next(): void;
  /** `quiet`: our bootstrap says the invocation wrote no output, so there is none left to read. */
  response(requestId: string, body: Buffer, quiet: boolean): void;
  /**
   * The runtime began streaming its answer to the invocation in flight. Returns how many bytes the
   * stream may carry (the chunks then arrive through `streamChunk`; the end through `response` or
   * `error` as usual).
   */
  streamStart(requestId: string, contentType: string): number;
  streamChunk(requestId: string, chunk: Buffer): void;
  responseTooLarge(requestId: string, limit: number): void;
  error(requestId: string, body: Buffer, errorType: string | undefined, quiet: boolean): void;
  initError(body: Buffer, errorType: string | undefined): void;
}

interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  keepAlive: boolean;
  /** Bytes still to read of a Content-Length body; -1 while reading a chunked one. */
  remaining: number;
  chunks: Buffer[];
  size: number;
  tooLarge: boolean;
  /** Chunked decoding: bytes left in the current chunk (-1: expecting a size line). */
  chunkLeft: number;
  trailers: boolean;
  /** A streamed response: the invocation it answers (its chunks go on as they arrive). */
  streamFor?: string;
  /** The most body bytes accepted. */
  limit: number;
}

function response(status: number, reason: string, body: string): string {
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function errorResponse(status: number, reason: string, errorType: string, errorMessage: string): string {
  return response(status, reason, JSON.stringify({ errorMessage, errorType }));
}

/** A trailer line of a chunked body joins the headers (streamed responses report errors there). */
function addTrailer(headers: Record<string, string>, line: string): void {
  const colon = line.indexOf(':');
  if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
}

/** The request id of `POST …/invocation/{id}/response`, else undefined. */
function respondedRequestId(method: string, url: string): string | undefined {
  if (method !== 'POST' || !url.startsWith(INVOCATION_PATH) || !url.endsWith('/response')) return undefined;
  const id = url.slice(INVOCATION_PATH.length, url.length - '/response'.length);
  return id.length > 0 && !id.includes('/') ? id : undefined;
}

class Connection {
  private buffer: Buffer | null = null;
  private request: Request | null = null;
  /** Output waiting for the end of this read (or for the next event, see HOLD_ACCEPTED_MS). */
  private out: Array<string | Buffer> = [];
  /** Sends held output after HOLD_ACCEPTED_MS; one timer per connection, re-armed with `refresh`. */
  private holdTimer?: NodeJS.Timeout;
  /** The hold timer is counting for output not yet sent (a flush disarms it without clearing it). */
  private holdArmed = false;
  /** A `GET …/next` of this connection is held: later requests wait for its answer. */
  holding = false;
  private closeAfterWrite = false;
  private failed = false;

  constructor(
    readonly socket: net.Socket,
    private readonly server: RuntimeApiServer,
  ) {
    if (socket.setNoDelay) socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => server.closed(this));
  }

  /** Answers the held poll with an event, together with anything held back. */
  sendEvent(event: RuntimeEvent): void {
    this.holding = false;
    let head = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${event.payload.length}\r\n`;
    for (const name in event.headers) head += `${name}: ${event.headers[name]}\r\n`;
    this.out.push(`${head}\r\n`, event.payload);
    this.flush();
    if (this.buffer) this.read(Buffer.alloc(0));
  }

  private read(chunk: Buffer): void {
    let data = this.buffer ? (chunk.length ? Buffer.concat([this.buffer, chunk]) : this.buffer) : chunk;
    this.buffer = null;
    while (data.length > 0 && !this.holding && !this.failed) {
      if (!this.request) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) {
          if (data.length > MAX_HEADER_BYTES) return this.fail(431, 'Request Header Fields Too Large');
          break;
        }
        if (!this.parseHead(data.toString('latin1', 0, end))) return this.fail(400, 'Bad Request');
        data = data.subarray(end + 4);
        if (this.request!.remaining === 0) this.complete();
        continue;
      }
      data = this.readBody(this.request, data);
    }
    if (data.length > 0) this.buffer = data;
    // Our runtime polls right behind its answer: the `202` can wait for the event.
    if (this.holding && this.out.length > 0) this.armHold();
    else this.flush();
  }

  private armHold(): void {
    if (this.holdArmed) return;
    this.holdArmed = true;
    if (this.holdTimer) this.holdTimer.refresh();
    else this.holdTimer = setTimeout(() => this.holdArmed && this.flush(), HOLD_ACCEPTED_MS);
  }

  private parseHead(head: string): boolean {
    const lines = head.split('\r\n');
    const [method, url, version] = lines[0].split(' ');
    if (!method || !url || !version?.startsWith('HTTP/1.')) return false;
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon <= 0) return false;
      headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    const connection = (headers.connection ?? '').toLowerCase();
    const keepAlive = version === 'HTTP/1.0' ? connection === 'keep-alive' : connection !== 'close';
    const chunked = /\bchunked\b/i.test(headers['transfer-encoding'] ?? '');
    const length = chunked ? -1 : Number(headers['content-length'] ?? 0);
    if (!Number.isSafeInteger(length) || length < -1) return false;
    this.request = { method, url, headers, keepAlive, remaining: length, chunks: [], size: 0, tooLarge: false, chunkLeft: -1, trailers: false, limit: MAX_RESPONSE_BYTES };
    if (headers['lambda-runtime-function-response-mode'] === 'streaming') this.server.streamStart(this.request);
    if (length !== 0 && (headers.expect ?? '').toLowerCase() === '100-continue') this.socket.write(CONTINUE);
    return true;
  }

  /** Consumes body bytes; returns what is left of `data`. */
  private readBody(req: Request, data: Buffer): Buffer {
    if (req.remaining > 0) {
      const take = Math.min(req.remaining, data.length);
      this.collect(req, data.subarray(0, take));
      req.remaining -= take;
      if (req.remaining === 0) this.complete();
      return data.subarray(take);
    }
    // Chunked: size line, data, CRLF … a zero size, trailers, blank line.
    if (req.chunkLeft > 0) {
      const take = Math.min(req.chunkLeft, data.length);
      this.collect(req, data.subarray(0, take));
      req.chunkLeft -= take;
      return data.subarray(take);
    }
    const eol = data.indexOf('\r\n');
    if (eol < 0) {
      this.buffer = data;
      return Buffer.alloc(0);
    }
    const line = data.toString('latin1', 0, eol);
    data = data.subarray(eol + 2);
    if (req.trailers) {
      if (line === '') this.complete();
      else addTrailer(req.headers, line);
    } else if (req.chunkLeft === 0) {
      req.chunkLeft = -1; // the CRLF after a chunk's data
    } else {
      const size = parseInt(line, 16);
      if (!Number.isFinite(size) || size < 0) {
        this.fail(400, 'Bad Request');
        return Buffer.alloc(0);
      }
      if (size === 0) req.trailers = true;
      else req.chunkLeft = size;
    }
    return data;
  }

  private collect(req: Request, part: Buffer): void {
    if (req.tooLarge || part.length === 0) return;
    req.size += part.length;
    if (req.size > req.limit) {
      req.tooLarge = true;
      req.chunks = [];
      return;
    }
    req.chunks.push(part);
    if (req.streamFor !== undefined) this.server.streamChunk(req.streamFor, part);
  }

  private complete(): void {
    const req = this.request!;
    this.request = null;
    if (!req.keepAlive) this.closeAfterWrite = true;
    const body = req.chunks.length === 1 ? req.chunks[0] : Buffer.concat(req.chunks, req.size);
    this.server.handle(this, req.method, req.url, req.headers, req.tooLarge ? undefined : body, req.limit);
  }

  reply(text: string): void {
    this.out.push(text);
  }

  private fail(status: number, reason: string): void {
    this.failed = true;
    this.request = null;
    this.out.push(errorResponse(status, reason, 'InvalidRequest', reason));
    this.closeAfterWrite = true;
    this.flush();
  }

  flush(): void {
    this.holdArmed = false;
    if (this.out.length === 0 || this.socket.destroyed) return;
    const out = this.out;
    this.out = [];
    this.socket.cork();
    for (const part of out) {
      if (typeof part === 'string') this.socket.write(part, 'latin1');
      else this.socket.write(part);
    }
    this.socket.uncork();
    if (this.closeAfterWrite && !this.holding) this.socket.end();
  }

  destroy(): void {
    clearTimeout(this.holdTimer);
    this.socket.destroy();
  }
}

/** A private local socket path (a named pipe on Windows). */
function localSocketPath(): string {
  const name = `swb-${process.pid}-${randomUUID().slice(0, 8)}`;
  return process.platform === 'win32' ? `\\\\.\\pipe\\${name}` : path.join(tmpdir(), `${name}.sock`);
}

export class RuntimeApiServer {
  private readonly server: net.Server;
  /** The same API on a local socket, which costs the kernel less than loopback TCP (our Node bootstrap uses it). */
  private localServer?: net.Server;
  private readonly connections = new Set<Connection>();
  /** The connection holding a `GET …/next` (the long poll). */
  private waiting?: Connection;
  /** An event delivered while no poll was held; the next `GET …/next` takes it. */
  private queued?: RuntimeEvent;
  /** The request id the runtime owes an answer for. */
  private inFlight?: string;
  private lastAnswered?: string;
  private isClosed = false;

  constructor(private readonly listener: RuntimeApiListener) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  /** Listens on a loopback port and, when asked, on a local socket too. */
  async listen(withLocalSocket = false): Promise<{ port: number; localSocket?: string }> {
    const port = await listenOn(this.server, 0, '127.0.0.1');
    if (!withLocalSocket) return { port };
    const localSocket = localSocketPath();
    this.localServer = net.createServer((socket) => this.accept(socket));
    try {
      await listenOn(this.localServer, localSocket);
      return { port, localSocket };
    } catch {
      // Not available here (e.g. a read-only temp folder): loopback TCP it is.
      this.localServer = undefined;
      return { port };
    }
  }

  private accept(socket: net.Socket): void {
    if (this.isClosed) return void socket.destroy();
    this.connections.add(new Connection(socket, this));
  }

  /** Hands an event to the runtime now if it is polling, else as soon as it polls. */
  deliver(event: RuntimeEvent): void {
    this.inFlight = event.requestId;
    const conn = this.waiting;
    this.waiting = undefined;
    if (conn && !conn.socket.destroyed) conn.sendEvent(event);
    else this.queued = event;
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.waiting = undefined;
    this.queued = undefined;
    this.server.close();
    this.localServer?.close();
    for (const conn of this.connections) conn.destroy();
    this.connections.clear();
  }

  /** @internal */
  closed(conn: Connection): void {
    this.connections.delete(conn);
    if (this.waiting === conn) this.waiting = undefined;
  }

  /** @internal A response whose head says it streams: its chunks are passed on if it answers the invocation in flight. */
  streamStart(req: Request): void {
    const requestId = respondedRequestId(req.method, req.url);
    if (requestId === undefined || requestId !== this.inFlight) return;
    req.limit = this.listener.streamStart(requestId, req.headers['content-type'] || 'application/octet-stream');
    req.streamFor = requestId;
  }

  /** @internal */
  streamChunk(requestId: string, chunk: Buffer): void {
    if (requestId === this.inFlight) this.listener.streamChunk(requestId, chunk);
  }

  /** @internal One complete request; `body` is undefined when it exceeded `limit`. */
  handle(conn: Connection, method: string, url: string, headers: Record<string, string>, body: Buffer | undefined, limit: number): void {
    if (method === 'GET' && url === NEXT_PATH) return this.next(conn);
    if (method === 'POST' && url.startsWith(INVOCATION_PATH)) {
      const rest = url.slice(INVOCATION_PATH.length);
      const slash = rest.indexOf('/');
      const kind = rest.slice(slash + 1);
      if (slash > 0 && (kind === 'response' || kind === 'error')) return this.answer(conn, rest.slice(0, slash), kind, headers, body, limit);
    }
    if (method === 'POST' && url === INIT_ERROR_PATH) {
      conn.reply(ACCEPTED);
      return this.listener.initError(body ?? Buffer.alloc(0), headers['lambda-runtime-function-error-type'] || undefined);
    }
    conn.reply(errorResponse(404, 'Not Found', 'NotFound', `Unknown Runtime API call: ${method} ${url}`));
  }

  private next(conn: Connection): void {
    const queued = this.queued;
    if (queued) {
      this.queued = undefined;
      return conn.sendEvent(queued);
    }
    // A new poll replaces an older one (its runtime gave up on it).
    if (this.waiting && this.waiting !== conn) this.waiting.destroy();
    this.waiting = conn;
    conn.holding = true;
    this.listener.next();
  }

  private answer(conn: Connection, requestId: string, kind: 'response' | 'error', headers: Record<string, string>, body: Buffer | undefined, limit: number): void {
    if (requestId !== this.inFlight) {
      return conn.reply(
        requestId === this.lastAnswered
          ? errorResponse(403, 'Forbidden', 'InvalidStateTransition', `Invocation ${requestId} has already been answered`)
          : errorResponse(400, 'Bad Request', 'InvalidRequestID', 'Invalid request ID'),
      );
    }
    this.inFlight = undefined;
    this.lastAnswered = requestId;
    if (!body) {
      conn.reply(errorResponse(413, 'Payload Too Large', 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${limit} bytes).`));
      return this.listener.responseTooLarge(requestId, limit);
    }
    conn.reply(ACCEPTED);
    const quiet = headers['x-swb-no-output'] === '1';
    const errorType = headers['lambda-runtime-function-error-type'] || undefined;
    if (kind === 'error') return this.listener.error(requestId, body, errorType, quiet);
    // A streamed response that failed after it began says so in its trailers.
    if (errorType && headers['lambda-runtime-function-response-mode'] === 'streaming') {
      const posted = headers['lambda-runtime-function-error-body'];
      return this.listener.error(requestId, posted ? Buffer.from(posted, 'base64') : Buffer.alloc(0), errorType, quiet);
    }
    this.listener.response(requestId, body, quiet);
  }
}

function listenOn(server: net.Server, ...where: [number, string] | [string]): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(...(where as [number, string]), () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}
