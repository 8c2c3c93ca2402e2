import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudError } from './cloudErrors';

/** Reading requests and writing Lambda's REST-JSON answers. */

export type BodyResult = { body: Buffer } | { tooLarge: true };

/**
 * The whole request body, or `undefined` when the client went away before sending all of it
 * (an interrupted upload: nothing may change then). Bodies over `limit` are drained, not kept.
 */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<BodyResult | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? { tooLarge: true } : { body: Buffer.concat(chunks, size) }));
    req.on('error', () => resolve(undefined));
    req.on('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const requestHeaders = { 'x-amzn-RequestId': randomUUID(), ...headers };
  if (status === 204 || body === undefined) {
    res.writeHead(status, requestHeaders);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...requestHeaders, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendCloudError(res: ServerResponse, error: CloudError): void {
  sendJson(res, error.status, error.body(), { 'x-amzn-ErrorType': error.type });
}

/** Calls `report` once with the status sent, or 0 when the connection ended without an answer. */
export function whenAnswered(res: ServerResponse, report: (status: number) => void): void {
  let done = false;
  const once = (status: number): void => {
    if (done) return;
    done = true;
    report(status);
  };
  res.on('finish', () => once(res.statusCode));
  res.on('close', () => once(res.writableFinished ? res.statusCode : 0));
}
