import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createCloudWatchLogsHandler, type CloudWatchLogsApiOptions } from '../../src/core/logs/cloudWatchLogsApi';
import { LogStore, type LogStoreOptions } from '../../src/core/logs/logStore';

/**
 * A real HTTP server on 127.0.0.1:0 serving the CloudWatch Logs handler (anything else gets a
 * 404 marked `x-test-fallthrough`), and a real SDK client pointed at it.
 */
export interface LogsServer {
  store: LogStore;
  server: Server;
  endpoint: string;
  client(options?: { maxAttempts?: number }): CloudWatchLogsClient;
  close(): Promise<void>;
}

export async function startLogsServer(
  storeOptions: LogStoreOptions = {},
  apiOptions: Omit<CloudWatchLogsApiOptions, 'store'> = {},
): Promise<LogsServer> {
  const store = new LogStore(storeOptions);
  const handler = createCloudWatchLogsHandler({ store, ...apiOptions });
  const server = createServer((req, res) => {
    if (handler(req, res)) return;
    res.writeHead(404, { 'x-test-fallthrough': '1' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: CloudWatchLogsClient[] = [];
  return {
    store,
    server,
    endpoint,
    client(options = {}) {
      const client = new CloudWatchLogsClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        // Live Tail's host prefix (`stream-`) would turn 127.0.0.1 into an unresolvable name.
        disableHostPrefix: true,
        maxAttempts: options.maxAttempts ?? 3,
      });
      clients.push(client);
      return client;
    },
    async close() {
      handler.close();
      for (const client of clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
