// Log tailing, measured against the plain SDK doing the same thing in the same run:
// - latency from a log line's emission (PutLogEvents sent) to its arrival in the tailer, median
//   and p95, through local Live Tail and through FilterLogEvents polling;
// - events/s read through FilterLogEvents pagination.
// `node --import tsx bench/logs.ts [--quick]` runs it alone; bench/run.ts may call benchLogs().
// The local cloud runs in a child process, as `swb serve` does: reader and server do not share a
// thread (and the tailer's prefetching can overlap the server's work, as it would).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  paginateFilterLogEvents,
  PutLogEventsCommand,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { createCloudWatchLogsHandler } from '../src/core/logs/cloudWatchLogsApi';
import { lambdaLogGroupName, lambdaLogStreamName } from '../src/core/logs/logNames';
import { LogStore } from '../src/core/logs/logStore';
import { tailLogs } from '../src/core/logs/tailer';
import { percentile, sortNum, tableLines, type BenchRow } from './table';

const GROUP = lambdaLogGroupName('bench');
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number): string => `${value.toFixed(1)} ms`;

interface LocalCloud {
  endpoint: string;
  client(): CloudWatchLogsClient;
  close(): Promise<void>;
}

/**
 * In the child: the local cloud's CloudWatch Logs API as `swb serve` serves it (default Live Tail
 * cadence, 1 s), with `seed` events across 20 streams already in it.
 */
async function serveLogs(seed: number): Promise<void> {
  const store = new LogStore();
  store.createLogGroup(GROUP);
  const streams = Array.from({ length: 20 }, () => lambdaLogStreamName());
  const t0 = Date.now() - 3_600_000;
  for (let offset = 0; offset < seed / streams.length; offset += 500) {
    for (const stream of streams) {
      store.append(
        GROUP,
        stream,
        Array.from({ length: 500 }, (_, i) => ({ timestamp: t0 + offset + i, message: `INFO request ${offset + i} handled in 12 ms` })),
      );
    }
  }
  const handler = createCloudWatchLogsHandler({ store });
  const server: Server = createServer((req, res) => {
    if (!handler(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`LISTENING http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  // Ends with the parent.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

async function startLocalLogs(seed = 0): Promise<LocalCloud> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve-logs', String(seed)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`the log server exited (${code}): ${out}`)));
  });
  const clients: CloudWatchLogsClient[] = [];
  return {
    endpoint,
    client() {
      const client = new CloudWatchLogsClient({ endpoint, region: 'us-east-1', credentials, disableHostPrefix: true });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.end();
      child.kill();
      await exited;
    },
  };
}

type Arrivals = Map<number, number>;

/** Records when line `#n` arrives, once. */
function recorder(into: Arrivals): (message: string) => void {
  return (message) => {
    const match = /^line #(\d+)/.exec(message);
    if (match && !into.has(Number(match[1]))) into.set(Number(match[1]), performance.now());
  };
}

/** The baseline for Live Tail: the SDK's own StartLiveTail stream, read directly. */
async function rawLiveTail(cloud: LocalCloud, signal: AbortSignal, onMessage: (m: string) => void, ready: () => void): Promise<void> {
  const client = cloud.client();
  const response = await client.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP] }), { abortSignal: signal });
  try {
    for await (const item of response.responseStream as AsyncIterable<StartLiveTailResponseStream>) {
      if (item.sessionStart) ready();
      for (const result of item.sessionUpdate?.sessionResults ?? []) onMessage(result.message ?? '');
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/** The baseline for polling: FilterLogEvents once a second from the newest timestamp seen. */
async function rawPolling(cloud: LocalCloud, signal: AbortSignal, onMessage: (m: string) => void): Promise<void> {
  const client = cloud.client();
  let startTime = Date.now();
  while (!signal.aborted) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP, startTime, nextToken }));
      for (const event of page.events ?? []) {
        onMessage(event.message ?? '');
        startTime = Math.max(startTime, event.timestamp ?? 0);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    await delay(1000);
  }
}

async function latencyRows(quick: boolean): Promise<BenchRow[]> {
  const lines = quick ? 30 : 120;
  const cloud = await startLocalLogs();
  const stream = lambdaLogStreamName();
  const sent = new Map<number, number>();
  const arrivals = { live: new Map(), rawLive: new Map(), polling: new Map(), rawPolling: new Map() } satisfies Record<string, Arrivals>;
  const abort = new AbortController();
  let liveReady = 0;
  const runs = [
    tailLogs({
      client: cloud.client(),
      logGroupNames: [GROUP],
      follow: true,
      signal: abort.signal,
      onEvent: (event) => recorder(arrivals.live)(event.message),
      onStatus: (status) => void (status.kind === 'live' && liveReady++),
    }),
    tailLogs({
      client: cloud.client(),
      logGroupNames: [GROUP],
      follow: true,
      liveTail: false,
      signal: abort.signal,
      onEvent: (event) => recorder(arrivals.polling)(event.message),
    }),
    rawLiveTail(cloud, abort.signal, recorder(arrivals.rawLive), () => liveReady++),
    rawPolling(cloud, abort.signal, recorder(arrivals.rawPolling)),
  ];
  try {
    while (liveReady < 2) await delay(20);
    const emitter = cloud.client();
    await emitter.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
    for (let i = 0; i < lines; i++) {
      // Irregular gaps, as real invocations log: 50–250 ms.
      await delay(50 + Math.random() * 200);
      sent.set(i, performance.now());
      await emitter.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: [{ timestamp: Date.now(), message: `line #${i}` }] }));
    }
    const deadline = Date.now() + 15_000;
    while (Object.values(arrivals).some((a) => a.size < lines) && Date.now() < deadline) await delay(50);
  } finally {
    abort.abort();
    await Promise.allSettled(runs);
    await cloud.close();
  }
  const latencies = (into: Arrivals): number[] => [...sent].filter(([i]) => into.has(i)).map(([i, at]) => (into.get(i) as number) - at);
  const rows: BenchRow[] = [];
  for (const [label, ours, theirs, baselineName] of [
    ['local Live Tail', arrivals.live, arrivals.rawLive, 'raw SDK StartLiveTail'],
    ['FilterLogEvents polling', arrivals.polling, arrivals.rawPolling, 'raw SDK poll every 1 s'],
  ] as const) {
    const o = sortNum(latencies(ours));
    const b = sortNum(latencies(theirs));
    const lost = lines - o.length;
    for (const p of [50, 95]) {
      const ratio = percentile(o, p) / percentile(b, p);
      rows.push({
        name: `log line → tailer, ${label}, p${p} (${lines} lines${lost ? `, ${lost} LOST` : ''})`,
        ours: ms(percentile(o, p)),
        baseline: `${baselineName} ${ms(percentile(b, p))}`,
        ratio,
        target: p === 50 ? '≤ 1.2×' : '',
        ok: p === 50 ? ratio <= 1.2 && lost === 0 : undefined,
      });
    }
  }
  return rows;
}

async function throughputRow(quick: boolean): Promise<BenchRow> {
  const total = quick ? 50_000 : 200_000;
  const cloud = await startLocalLogs(total);
  try {
    const rate = async (read: () => Promise<number>): Promise<number> => {
      const started = performance.now();
      const count = await read();
      if (count !== total) throw new Error(`read ${count} of ${total} events`);
      return count / ((performance.now() - started) / 1000);
    };
    const readBaseline = async (): Promise<number> => {
      let count = 0;
      for await (const page of paginateFilterLogEvents({ client: cloud.client() }, { logGroupName: GROUP, startTime: 0 })) count += page.events?.length ?? 0;
      return count;
    };
    const readOurs = async (): Promise<number> => {
      let count = 0;
      await tailLogs({ client: cloud.client(), logGroupNames: [GROUP], since: 0, follow: false, onEvent: () => void count++ });
      return count;
    };
    // Alternating, best of each: the machine's other work lands on both alike.
    let baseline = 0;
    let ours = 0;
    for (let round = 0; round < (quick ? 2 : 3); round++) {
      baseline = Math.max(baseline, await rate(readBaseline));
      ours = Math.max(ours, await rate(readOurs));
    }
    const ratio = ours / baseline;
    return {
      name: `FilterLogEvents pagination through the tailer (${total.toLocaleString('en-US')} events, 20 streams)`,
      ours: `${Math.round(ours).toLocaleString('en-US')} ev/s`,
      baseline: `SDK paginator ${Math.round(baseline).toLocaleString('en-US')} ev/s`,
      ratio,
      target: '≥ 0.8×',
      ok: ratio >= 0.8,
    };
  } finally {
    await cloud.close();
  }
}

export async function benchLogs(quick: boolean): Promise<BenchRow[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return [...(await latencyRows(quick)), await throughputRow(quick)];
}

if (require.main === module && process.argv.includes('--serve-logs')) {
  void serveLogs(Number(process.argv[process.argv.indexOf('--serve-logs') + 1]) || 0);
} else if (require.main === module) {
  benchLogs(process.argv.includes('--quick')).then(
    (rows) => {
      console.log(tableLines(rows).join('\n'));
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
