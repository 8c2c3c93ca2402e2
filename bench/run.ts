// `npm run bench`: the emulator measured side by side with baselines in the same run, on the same
// machine, reported as ratios (absolute numbers vary between machines; ratios much less).
// Writes bench/results/latest.md and prints the same table.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Emulator } from '../src/core/emulator';
import type { FunctionSpec } from '../src/core/project/functionSpec';
import { benchLogs } from './logs';
import { median, percentile, sortNum, tableLines, type BenchRow } from './table';

const root = join(__dirname, '..');
const quick = process.argv.includes('--quick');
const N = quick ? 300 : 2000;

const rows: BenchRow[] = [];

const ms = (v: number): string => `${v.toFixed(3)} ms`;

function post(agent: Agent, port: number, path: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} from port ${port}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function startProcess(command: string, args: string[], readyPattern: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = readyPattern.exec(out);
      if (match) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`timed out waiting for ${readyPattern}: ${out}`)), 30_000).unref();
  });
}

/**
 * Starts `swb serve` with its output going to a file: read through a pipe, every log line it
 * prints would wake this process, which would then be measuring its own reading.
 */
async function startServe(args: string[], readyPattern: RegExp): Promise<{ child: ChildProcess; logFile: string }> {
  const logDir = mkdtempSync(join(tmpdir(), 'swb-bench-serve-'));
  const logFile = join(logDir, 'serve.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited: string | undefined;
  child.on('exit', (code) => (exited = `swb serve exited ${code}: ${readFileSync(logFile, 'utf8')}`));
  const until = Date.now() + 30_000;
  while (!readyPattern.test(readFileSync(logFile, 'utf8'))) {
    if (exited) throw new Error(exited);
    if (Date.now() > until) throw new Error(`timed out waiting for ${readyPattern}: ${readFileSync(logFile, 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, logFile };
}

function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** `swb serve` over bench/fixtures with concurrency 2, in the given isolation mode. */
async function startBenchServe(isolation: 'process' | 'thread' | 'inline'): Promise<{ child: ChildProcess; logFile: string; port: number }> {
  const port = await freePort();
  const apiPort = await freePort();
  const args = ['dist/cli.js', 'serve', '--dir', 'bench/fixtures', '--port', String(port), '--api-port', String(apiPort), '--concurrency', '2'];
  // The log store keeps every invocation's lines up to its retention cap (memory grows to the cap by
  // design); a 1 MB cap keeps that out of the leak measurement below.
  args.push('--isolation', isolation, '--state-dir', mkdtempSync(join(tmpdir(), 'swb-bench-state-')), '--log-max-mb', '1');
  return { ...(await startServe(args, /127\.0\.0\.1:\d+/)), port };
}

async function stopServe(serve: { child: ChildProcess; logFile: string }): Promise<void> {
  serve.child.kill('SIGTERM');
  await new Promise((resolve) => (serve.child.exitCode === null ? serve.child.once('exit', resolve) : resolve(undefined)));
  rmSync(dirname(serve.logFile), { recursive: true, force: true });
}

async function main(): Promise<void> {
  // All three isolation modes run at once and are measured interleaved with the same bare server.
  const serve = await startBenchServe('process');
  const threaded = await startBenchServe('thread');
  const inline = await startBenchServe('inline');
  const invokePort = serve.port;
  const bare = await startProcess(process.execPath, ['bench/bareServer.mjs'], /^(\d+)\n/);
  const barePort = Number(bare.match[1]);
  const invokePath = '/2015-03-31/functions/trivial/invocations';
  const body = Buffer.from('{}');
  try {
    // --- warm round trip, interleaved, one keep-alive socket per server -----------------------
    // Each round visits the three servers in a rotating order, so none is always first or last.
    const targets = [
      { port: invokePort, path: invokePath, agent: new Agent({ keepAlive: true, maxSockets: 1 }), times: [] as number[] },
      { port: threaded.port, path: invokePath, agent: new Agent({ keepAlive: true, maxSockets: 1 }), times: [] as number[] },
      { port: inline.port, path: invokePath, agent: new Agent({ keepAlive: true, maxSockets: 1 }), times: [] as number[] },
      { port: barePort, path: '/', agent: new Agent({ keepAlive: true, maxSockets: 1 }), times: [] as number[] },
    ];
    for (let i = 0; i < 200; i++) for (const t of targets) await post(t.agent, t.port, t.path, body);
    for (let i = 0; i < N; i++) {
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(i + k) % targets.length];
        t.times.push(await post(t.agent, t.port, t.path, body));
      }
    }
    const sb = sortNum(targets[3].times);
    for (const [mode, target] of [['', targets[0]], [', isolation thread', targets[1]], [', isolation inline', targets[2]]] as const) {
      const so = sortNum(target.times);
      for (const p of [50, 95, 99]) {
        const ratio = percentile(so, p) / percentile(sb, p);
        rows.push({
          name: `warm invoke p${p} (${N} sequential${mode})`,
          ours: ms(percentile(so, p)),
          baseline: `bare http ${ms(percentile(sb, p))}`,
          ratio,
          target: p === 50 ? '≤ 1.5×' : '',
          ok: p === 50 ? ratio <= 1.5 : undefined,
        });
      }
    }

    // --- throughput: 8 concurrent clients, concurrency 2 ----------------------------------------
    // Rounds visit the four servers in rotating order, a slice each, and each server's median slice
    // counts: one long run per server would compare servers under different machine states (this
    // VM's throughput drifts by 2× within a minute) and count the JIT warming up under load. The
    // first round only warms up.
    const slice = quick ? 750 : 1000;
    const rounds = quick ? 4 : 8;
    const throughput = async (port: number, path: string): Promise<number> => {
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      let count = 0;
      const end = Date.now() + slice;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (Date.now() < end) {
            await post(agent, port, path, body);
            count++;
          }
        }),
      );
      agent.destroy();
      return count / (slice / 1000);
    };
    const servers = [
      { port: invokePort, path: invokePath, rps: [] as number[] },
      { port: barePort, path: '/', rps: [] as number[] },
      { port: threaded.port, path: invokePath, rps: [] as number[] },
      { port: inline.port, path: invokePath, rps: [] as number[] },
    ];
    for (let round = 0; round <= rounds; round++) {
      for (let k = 0; k < servers.length; k++) {
        const server = servers[(round + k) % servers.length];
        const rps = await throughput(server.port, server.path);
        if (round > 0) server.rps.push(rps);
      }
    }
    const [rpsOurs, rpsBare, rpsThread, rpsInline] = servers.map((server) => median(server.rps));
    for (const [mode, rps] of [['', rpsOurs], [', isolation thread', rpsThread], [', isolation inline', rpsInline]] as const) {
      rows.push({
        name: `throughput, 8 clients, concurrency 2${mode}`,
        ours: `${rps.toFixed(0)} req/s`,
        baseline: `bare http ${rpsBare.toFixed(0)} req/s`,
        ratio: rps / rpsBare,
        target: '≥ 0.5×',
        ok: rps / rpsBare >= 0.5,
      });
    }

    // --- memory: RSS after 100 vs after 10,000 invokes -----------------------------------------
    // In thread mode the environments live in serve's process, so a leak there would show too.
    // Each server first gets a warm-up burst: it sat idle through the other servers' phases, and an
    // idle V8 heap shrinks, then regrows to its working size under load (up to ~10 MB in inline
    // mode, where the handlers allocate in serve's heap). That regrowth is not a leak; growth over
    // the next 10,000 invokes at working size would be.
    const total = quick ? 2000 : 10_000;
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    for (const [mode, server] of [['', serve], [' (isolation thread)', threaded], [' (isolation inline)', inline]] as const) {
      const pid = server.child.pid as number;
      const burst = async (n: number): Promise<void> => {
        let i = 0;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            while (i++ < n) await post(agent, server.port, invokePath, body);
          }),
        );
      };
      await burst(quick ? 500 : 2000);
      await burst(100);
      const rss100 = rssMB(pid);
      await burst(total - 100);
      const rssEnd = rssMB(pid);
      rows.push({
        name: `swb serve${mode} RSS after ${total} invokes vs after 100`,
        ours: `${rssEnd.toFixed(1)} MB`,
        baseline: `${rss100.toFixed(1)} MB`,
        ratio: rssEnd / rss100,
        target: 'growth < 10 MB',
        ok: rssEnd - rss100 < 10,
      });
    }
    for (const t of targets) t.agent.destroy();
    agent.destroy();
  } finally {
    bare.child.kill('SIGTERM');
    await Promise.all([stopServe(serve), stopServe(threaded), stopServe(inline)]);
  }

  await coldStart('process');
  await coldStart('thread');
  await coldStart('inline');
  await lambdaLocal();
  await editToResult();
  // Issue 6: log line → tailer latency (Live Tail and polling) and FilterLogEvents pagination.
  rows.push(...(await benchLogs(quick)));
  report();
}

async function spawnNodeE0(): Promise<number> {
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const trivialSpec = (name: string, codeDir: string, handler = 'index.handler'): FunctionSpec => ({
  name,
  provider: 'aws',
  runtime: 'nodejs20.x',
  codeDir,
  handler,
  timeout: 30,
  memorySize: 128,
  environment: {},
  events: [],
});

let coldMedian = 0;
async function coldStart(isolation: 'process' | 'thread' | 'inline'): Promise<void> {
  const rounds = quick ? 8 : 25;
  const emulator = new Emulator({ isolation });
  const colds: number[] = [];
  const nodes: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const name = `cold${i}`;
      emulator.register(trivialSpec(name, join(root, 'bench/fixtures/trivial')));
      const started = process.hrtime.bigint();
      const result = await emulator.invoke(name, { payload: '{}' });
      colds.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (!result.coldStart || result.error) throw new Error(`cold start run ${i} was not a clean cold start`);
      await emulator.unregister(name);
      nodes.push(await spawnNodeE0());
    }
  } finally {
    await emulator.close();
  }
  // edit-to-result is compared with the default mode's cold start.
  if (isolation === 'process') coldMedian = median(colds);
  const ratio = median(colds) / median(nodes);
  rows.push({
    name: `cold start (new environment → first response${isolation === 'process' ? '' : `, isolation ${isolation}`}), median of ${rounds}`,
    ours: ms(median(colds)),
    baseline: `node -e 0 ${ms(median(nodes))}`,
    ratio,
    target: '≤ 1.3×',
    ok: ratio <= 1.3,
  });
}

async function lambdaLocal(): Promise<void> {
  // lambda-local runs the handler in-process (no isolation); we compare with our warm invoke
  // through the emulator API (process-isolated), same handler, same event.
  const lambdaLocalModule = (await import('lambda-local')) as unknown as {
    default?: { execute: (o: Record<string, unknown>) => Promise<unknown>; setLogger?: (l: unknown) => void };
    execute?: (o: Record<string, unknown>) => Promise<unknown>;
  };
  const ll = lambdaLocalModule.default ?? (lambdaLocalModule as { execute: (o: Record<string, unknown>) => Promise<unknown> });
  const silent = { log() {}, info() {}, warn() {}, error() {}, debug() {}, transports: [], level: 'error' };
  const rounds = quick ? 100 : 500;
  const theirs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    await ll.execute({
      event: {},
      lambdaPath: join(root, 'bench/fixtures/trivial/index.js'),
      lambdaHandler: 'handler',
      timeoutMs: 3000,
      verboseLevel: 0,
      logger: silent,
    });
    theirs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const emulator = new Emulator({});
  const ours: number[] = [];
  try {
    emulator.register(trivialSpec('ll', join(root, 'bench/fixtures/trivial')));
    await emulator.invoke('ll', { payload: '{}' });
    for (let i = 0; i < rounds; i++) {
      const started = process.hrtime.bigint();
      await emulator.invoke('ll', { payload: '{}' });
      ours.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    await emulator.close();
  }
  rows.push({
    name: `warm invoke vs lambda-local (in-process, no isolation), median of ${rounds}`,
    ours: ms(median(ours)),
    baseline: `lambda-local ${ms(median(theirs))}`,
    ratio: median(ours) / median(theirs),
    target: 'report',
    ok: undefined,
  });
}

async function editToResult(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'swb-bench-edit-'));
  cpSync(join(root, 'bench/fixtures/ts'), dir, { recursive: true });
  const file = join(dir, 'handler.ts');
  const write = (n: number): void =>
    writeFileSync(file, `export const handler = async (): Promise<{ n: number }> => ({ n: ${n} });\n`);
  write(0);
  const emulator = new Emulator({});
  const times: number[] = [];
  try {
    emulator.register(trivialSpec('edit', dir, 'handler.handler'));
    await emulator.invoke('edit', { payload: '{}' });
    const rounds = quick ? 5 : 15;
    for (let i = 1; i <= rounds; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const started = process.hrtime.bigint();
      write(i);
      for (;;) {
        const result = await emulator.invoke('edit', { payload: '{}' });
        if (JSON.parse(result.payload.toString()).n === i) break;
        if (Number(process.hrtime.bigint() - started) / 1e6 > 10_000) throw new Error('edit never picked up');
      }
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const value = median(times);
  rows.push({
    name: 'edit-to-result (TypeScript handler edited → new result)',
    ours: ms(value),
    baseline: `cold start + 50 ms = ${ms(coldMedian + 50)}`,
    ratio: value / (coldMedian + 50),
    target: '≤ 1.0×',
    ok: value <= coldMedian + 50,
  });
}

function report(): void {
  const lines = [
    `# Benchmark — ${new Date().toISOString()}`,
    '',
    `Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs${quick ? ', --quick' : ''}; load average at the end ${loadavg()[0].toFixed(1)} (runs under load are not comparable)`,
    '',
    ...tableLines(rows),
    '',
  ];
  const text = lines.join('\n');
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/latest.md'), text);
  console.log(text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
