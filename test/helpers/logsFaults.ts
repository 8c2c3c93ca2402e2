import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createCloudWatchLogsHandler, LOGS_TARGET_PREFIX } from '../../src/core/logs/cloudWatchLogsApi';
import type { LiveTailOptions } from '../../src/core/logs/liveTail';
import { LogStore, type LogStoreOptions } from '../../src/core/logs/logStore';

/**
 * The local CloudWatch Logs API over a real store, behind a wrapper that injects faults for
 * tailer tests: throttling on every nth call of chosen operations, operations refused as unknown
 * (an endpoint without Live Tail), and the whole endpoint going down and coming back on the same
 * port (a network failure). Counts calls per operation.
 */
export interface FaultOptions {
  /** Every nth counted call answers ThrottlingException. */
  throttleEvery?: number;
  /** Which operations are counted for throttling (default: all). */
  throttleOperations?: string[];
  /** These answer UnknownOperationException. */
  refuseOperations?: string[];
}

export interface FaultyLogsServer {
  store: LogStore;
  endpoint: string;
  faults: FaultOptions;
  calls: Map<string, number>;
  throttled: number;
  /** A client as the tailer would make it: no SDK retries, no `stream-` host prefix. */
  client(): CloudWatchLogsClient;
  /** Stops listening and drops every connection (open Live Tail streams included). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultyLogsServer(
  options: { store?: LogStore; storeOptions?: LogStoreOptions; liveTail?: LiveTailOptions; faults?: FaultOptions } = {},
): Promise<FaultyLogsServer> {
  const store = options.store ?? new LogStore(options.storeOptions);
  const handler = createCloudWatchLogsHandler({ store, liveTail: options.liveTail });
  const faults: FaultOptions = { ...options.faults };
  const calls = new Map<string, number>();
  let counted = 0;
  const state = { throttled: 0 };

  const reject = (req: IncomingMessage, res: ServerResponse, type: string, message: string): void => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ __type: type, message });
      res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  };

  const server: Server = createServer((req, res) => {
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith(LOGS_TARGET_PREFIX) ? target.slice(LOGS_TARGET_PREFIX.length) : '';
    if (operation) {
      calls.set(operation, (calls.get(operation) ?? 0) + 1);
      if (faults.refuseOperations?.includes(operation)) return reject(req, res, 'UnknownOperationException', `${operation} is not supported`);
      if (faults.throttleEvery && (!faults.throttleOperations || faults.throttleOperations.includes(operation))) {
        counted++;
        if (counted % faults.throttleEvery === 0) {
          state.throttled++;
          return reject(req, res, 'ThrottlingException', 'Rate exceeded');
        }
      }
    }
    if (handler(req, res)) return;
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: CloudWatchLogsClient[] = [];
  let listening = true;

  const down = async (): Promise<void> => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };

  return {
    store,
    endpoint,
    faults,
    calls,
    get throttled() {
      return state.throttled;
    },
    client() {
      const client = new CloudWatchLogsClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        disableHostPrefix: true,
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    down,
    async up() {
      if (listening) return;
      await new Promise<void>((resolve, rejectListen) => {
        server.once('error', rejectListen);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', rejectListen);
          resolve();
        });
      });
      listening = true;
    },
    async close() {
      handler.close();
      for (const client of clients) client.destroy();
      await down();
    },
  };
}
