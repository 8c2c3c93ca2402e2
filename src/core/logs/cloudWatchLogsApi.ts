import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLiveTail, type LiveTailOptions, type LiveTailSession } from './liveTail';
import { LogsError } from './logsErrors';
import { logsOperations, type LogsInput } from './logsOperations';
import type { LogStore } from './logStore';

/**
 * The CloudWatch Logs API (AWS JSON 1.1: `POST /`, `X-Amz-Target: Logs_20140328.<Operation>`)
 * as a request handler that shares a port with the Lambda API: it returns false, without
 * touching the response, for anything that is not a CloudWatch Logs call.
 *
 *   const logs = createCloudWatchLogsHandler({ store });
 *   http.createServer((req, res) => logs(req, res) || lambdaApi(req, res));
 *
 * Requests are not signature-checked: any credentials work, as with other local emulators.
 */
export interface CloudWatchLogsApiOptions {
  store: LogStore;
  /** Fault injection for tests: every nth call fails with ThrottlingException. */
  throttleEvery?: number;
  liveTail?: LiveTailOptions;
  /** Clock for PutLogEvents' too-old / too-new checks. */
  now?: () => number;
}

export interface CloudWatchLogsHandler {
  (req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends open Live Tail sessions (so a server can close). */
  close(): void;
}

export const LOGS_TARGET_PREFIX = 'Logs_20140328.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
const MAX_BODY_BYTES = 6 * 1024 * 1024;

export function isCloudWatchLogsRequest(req: IncomingMessage): boolean {
  const target = req.headers['x-amz-target'];
  return (
    req.method === 'POST' &&
    (req.url === '/' || req.url?.startsWith('/?') === true) &&
    typeof target === 'string' &&
    target.startsWith(LOGS_TARGET_PREFIX)
  );
}

export function createCloudWatchLogsHandler(options: CloudWatchLogsApiOptions): CloudWatchLogsHandler {
  const { store } = options;
  const now = options.now ?? Date.now;
  const sessions = new Set<LiveTailSession>();
  let calls = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse, operation: string): Promise<void> => {
    const requestId = randomUUID();
    try {
      const input = parseBody(await readBody(req));
      calls++;
      if (options.throttleEvery && calls % options.throttleEvery === 0) {
        throw new LogsError('ThrottlingException', 'Rate exceeded');
      }
      if (operation === 'StartLiveTail') {
        const session = startLiveTail(store, input, res, options.liveTail, () => sessions.delete(session));
        sessions.add(session);
        return;
      }
      const run = Object.prototype.hasOwnProperty.call(logsOperations, operation) ? logsOperations[operation] : undefined;
      if (!run) throw new LogsError('UnknownOperationException', `Operation ${operation} is not supported by the local CloudWatch Logs.`);
      sendJson(res, 200, requestId, run(store, input, now()));
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const known = error instanceof LogsError ? error : undefined;
      const code = known?.code ?? 'ServiceUnavailableException';
      const message = error instanceof Error ? error.message : String(error);
      res.setHeader('x-amzn-ErrorType', code);
      sendJson(res, known?.statusCode ?? 500, requestId, { __type: code, message });
    }
  };

  const handler = ((req: IncomingMessage, res: ServerResponse): boolean => {
    if (!isCloudWatchLogsRequest(req)) return false;
    const operation = String(req.headers['x-amz-target']).slice(LOGS_TARGET_PREFIX.length);
    void handle(req, res, operation);
    return true;
  }) as CloudWatchLogsHandler;
  handler.close = () => {
    for (const session of [...sessions]) session.close();
  };
  return handler;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new LogsError('InvalidParameterException', `Request body exceeds ${MAX_BODY_BYTES} bytes.`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(body: Buffer): LogsInput {
  if (body.length === 0) return {};
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as LogsInput;
  } catch {
    throw new LogsError('SerializationException', 'The request body is not a JSON object.');
  }
}

function sendJson(res: ServerResponse, status: number, requestId: string, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
  });
  res.end(text);
}
