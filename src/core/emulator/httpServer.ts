import type { IncomingMessage, RequestListener, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../errors';

/** A listening HTTP server of the emulator (Invoke API, API Gateway). */
export interface RunningServer {
  server: Server;
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  port: number;
  /** Stops listening and drops idle keep-alive connections. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server. A port that is taken is a one-line `UserError` naming it (and `what`,
 * e.g. "--port"), since that is a user mistake, not a crash.
 */
export function listen(handler: RequestListener, options: { host?: string; port?: number; what?: string }): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer({ keepAlive: true }, handler);
  // Functions may run up to 900 s: Node's default 300 s request timeout would cut them off.
  server.requestTimeout = 0;
  server.timeout = 0;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new UserError(`port ${options.port} on ${host} is already in use${options.what ? ` (${options.what})` : ''}`));
      else if (error.code === 'EACCES') reject(new UserError(`no permission to listen on port ${options.port} of ${host}${options.what ? ` (${options.what})` : ''}`));
      else reject(error);
    });
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        url: `http://${urlHost}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * Reads a request body, keeping at most `limit` bytes; `tooLarge` is set (and the rest drained,
 * so a keep-alive connection stays usable) when the body is bigger.
 */
export function readBody(req: IncomingMessage, limit: number, done: (body: Buffer, tooLarge: boolean, size: number) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > limit) done(Buffer.alloc(0), true, size);
    else done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), false, size);
  });
  req.on('error', () => {
    // The client went away; there is nobody to answer.
  });
}
