// Contract tests of runtimes/python/bootstrap.py (and the `provided` echo fixture): the real
// `python3 -u bootstrap.py` child against a Runtime API stub that records every call, so the
// bootstrap's side of the protocol is pinned down independently of the emulator core.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { assetPath } from '../../../../src/core/assets';
import { Emulator } from '../../../../src/core/emulator';

const bootstrapPy = assetPath('runtimes', 'python', 'bootstrap.py');
const fixtures = path.resolve(__dirname, '..', '..', '..', 'fixtures');
const basic = path.join(fixtures, 'python', 'basic');
const WAIT_MS = 15_000;
// The interpreter `python3` resolves to, found once: version-manager shims (pyenv) cost ~0.3 s a start.
const python3 = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3';
const API = '/2018-06-01/runtime';

interface RecordedPost {
  kind: 'response' | 'error' | 'init-error';
  requestId?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface QueuedEvent {
  requestId: string;
  body: string;
  headers: Record<string, string>;
}

/** A Runtime API: serves queued events on /next, records /response, /error and /init/error. */
class RuntimeApiStub {
  readonly posts: RecordedPost[] = [];
  connections = 0;
  private readonly server = http.createServer((req, res) => this.route(req, res));
  private readonly queue: QueuedEvent[] = [];
  private readonly waitingNext: http.ServerResponse[] = [];
  private readonly listeners: Array<() => void> = [];
  private closed = false;

  async start(): Promise<string> {
    // A runtime's /next may wait indefinitely, like Lambda's.
    this.server.requestTimeout = 0;
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues one event for the runtime's next /next; returns its request id. */
  send(event: unknown, headers: Record<string, string> = {}, rawBody?: string): string {
    const requestId = randomUUID();
    this.queue.push({ requestId, body: rawBody ?? JSON.stringify(event), headers });
    this.dispatch();
    return requestId;
  }

  /** Queues one event and resolves with the runtime's /response or /error for it. */
  invoke(event: unknown, headers: Record<string, string> = {}, rawBody?: string): Promise<RecordedPost> {
    const requestId = this.send(event, headers, rawBody);
    return this.waitForPost((p) => p.requestId === requestId);
  }

  waitForPost(match: (post: RecordedPost) => boolean): Promise<RecordedPost> {
    return waitUntil(() => this.posts.find(match), 'a Runtime API post', (fn) => this.listeners.push(fn), () => this.closed);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const res of this.waitingNext.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === `${API}/invocation/next`) {
      this.waitingNext.push(res);
      this.dispatch();
      return;
    }
    const invocation = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    const kind = invocation ? (invocation[2] as 'response' | 'error') : url === `${API}/init/error` ? 'init-error' : undefined;
    if (req.method !== 'POST' || !kind) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.posts.push({ kind, requestId: invocation?.[1], headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
      for (const notify of this.listeners.splice(0)) notify();
    });
  }

  private dispatch(): void {
    while (this.queue.length && this.waitingNext.length) {
      const event = this.queue.shift()!;
      const res = this.waitingNext.shift()!;
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Aws-Request-Id': event.requestId,
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + 30_000),
        'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:123456789012:function:orders',
        ...event.headers,
      });
      res.end(event.body);
    }
  }
}

/** Resolves with `probe()` once it is truthy, re-probing on `subscribe` and every 20 ms. */
function waitUntil<T>(
  probe: () => T | undefined,
  what: string,
  subscribe?: (fn: () => void) => void,
  cancelled?: () => boolean,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      const value = probe();
      if (value) {
        clearInterval(timer);
        resolve(value);
      } else if (cancelled?.() || Date.now() - started > WAIT_MS) {
        clearInterval(timer);
        reject(new Error(`${cancelled?.() ? 'stopped' : 'timed out'} waiting for ${what}`));
      } else subscribe?.(check);
    };
    const timer = setInterval(check, 20);
    check();
  });
}

interface Runtime {
  stub: RuntimeApiStub;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exitCode: Promise<number | null>;
  /** Waits until stdout holds `text` (log lines and the POST travel on different pipes). */
  waitForStdout(text: string): Promise<string>;
}

type Cleanup = () => Promise<void>;

/** For processes shared by a suite: call in the describe body; stops them after the suite. */
function suiteCleanup(): (fn: Cleanup) => void {
  const cleanups: Cleanup[] = [];
  after(async () => {
    for (const fn of cleanups) await fn();
  });
  return (fn) => void cleanups.push(fn);
}

/** Starts a runtime process the way the emulator does: cwd = code folder, Lambda's variables.
 *  `owner` is the test whose end stops it, or a suite's `suiteCleanup()`. */
async function startRuntime(
  owner: TestContext | ((fn: Cleanup) => void),
  options: { codeDir: string; handler: string; command?: string[]; env?: Record<string, string> },
): Promise<Runtime> {
  const stub = new RuntimeApiStub();
  const address = await stub.start();
  const [file, ...args] = options.command ?? [python3, '-u', bootstrapPy];
  const child = spawn(file, args, {
    cwd: options.codeDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      _HANDLER: options.handler,
      LAMBDA_TASK_ROOT: options.codeDir,
      AWS_LAMBDA_RUNTIME_API: address,
      AWS_LAMBDA_FUNCTION_NAME: 'orders',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders',
      AWS_LAMBDA_LOG_STREAM_NAME: '2024/01/01/[$LATEST]0123456789abcdef',
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_LOG_FORMAT: 'Text',
      TZ: ':UTC',
      ...options.env,
    },
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exitCode = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const register = typeof owner === 'function' ? owner : owner.after.bind(owner);
  register(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exitCode;
    await stub.close();
  });
  return {
    stub,
    child,
    stdout: () => out,
    stderr: () => err,
    exitCode,
    waitForStdout: (text) => waitUntil(() => (out.includes(text) ? out : undefined), `stdout to contain ${JSON.stringify(text)}`),
  };
}

/** 1-based number of the line of `file` holding `text`. */
const lineOf = (file: string, text: string): number => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
const json = (post: RecordedPost): unknown => JSON.parse(post.body);
const TIMESTAMP = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

describe('python bootstrap: invocations', () => {
  // One warm process serves the tests of this suite, as one execution environment would.
  let warm: Runtime;
  const cleanup = suiteCleanup();
  before(async () => {
    warm = await startRuntime(cleanup, { codeDir: basic, handler: 'app.lambda_handler' });
  });

  test('returns the handler dict as JSON and stays warm on one keep-alive connection', async () => {
    const first = await warm.stub.invoke({ orderId: 7, name: 'café' });
    assert.equal(first.kind, 'response');
    assert.equal(first.headers['content-type'], 'application/json');
    const { received, invocations } = json(first) as { received: unknown; invocations: number };
    assert.deepEqual(received, { orderId: 7, name: 'café' });
    const second = await warm.stub.invoke({ orderId: 8 });
    assert.deepEqual(json(second), { received: { orderId: 8 }, invocations: invocations + 1 }, 'module state survives');
    assert.equal(warm.stub.connections, 1, 'every Runtime API call reuses one connection');
  });

  test('a None result is posted as null', async () => {
    const post = await warm.stub.invoke({ action: 'none' });
    assert.equal(post.kind, 'response');
    assert.equal(post.body, 'null');
  });

  test("a user module named bootstrap is the user's own", async () => {
    assert.equal(json(await warm.stub.invoke({ action: 'user-bootstrap' })), 'user bootstrap module');
  });

  test('a raised exception is posted with AWS payload, header and stack trace, and the loop goes on', async () => {
    const post = await warm.stub.invoke({ action: 'fail', n: 7 });
    assert.equal(post.kind, 'error');
    assert.equal(post.headers['lambda-runtime-function-error-type'], 'ValueError');
    const appPy = path.join(basic, 'app.py');
    const line = lineOf(appPy, 'raise ValueError("bad input');
    const frame = `  File "${appPy}", line ${line}, in lambda_handler\n    raise ValueError("bad input: " + str(event.get("n")))\n`;
    assert.deepEqual(json(post), { errorMessage: 'bad input: 7', errorType: 'ValueError', requestId: post.requestId, stackTrace: [frame] });
    const cause = JSON.parse(String(post.headers['lambda-runtime-function-xray-error-cause'])) as { exceptions: { type: string }[] };
    assert.equal(cause.exceptions[0].type, 'ValueError');

    const nbsp = '\u00a0';
    const logged = await warm.waitForStdout('[ERROR] ValueError: bad input: 7');
    assert.ok(
      logged.includes(
        `[ERROR] ValueError: bad input: 7\rTraceback (most recent call last):\r${nbsp.repeat(2)}File "${appPy}", line ${line}, in lambda_handler\r` +
          `${nbsp.repeat(4)}raise ValueError("bad input: " + str(event.get("n")))\n`,
      ),
      logged,
    );
    const again = await warm.stub.invoke({ action: 'fail', n: 8 });
    assert.equal((json(again) as { errorMessage: string }).errorMessage, 'bad input: 8');
  });

  test('a result json cannot encode is Runtime.MarshalError', async () => {
    const post = await warm.stub.invoke({ action: 'marshal' });
    assert.equal(post.kind, 'error');
    assert.equal(post.headers['lambda-runtime-function-error-type'], 'Runtime.MarshalError');
    assert.deepEqual(json(post), {
      errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable',
      errorType: 'Runtime.MarshalError',
      requestId: post.requestId,
      stackTrace: [],
    });
  });

  test('context carries AWS Python names and values from the environment and the /next headers', async () => {
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
    const post = await warm.stub.invoke(
      { action: 'context' },
      {
        'Lambda-Runtime-Trace-Id': trace,
        'Lambda-Runtime-Client-Context': JSON.stringify({ custom: { tenant: 'a' }, env: {}, client: { app_title: 'shop' } }),
        'Lambda-Runtime-Cognito-Identity': JSON.stringify({ cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' }),
      },
    );
    assert.deepEqual(json(post), {
      function_name: 'orders',
      function_version: '$LATEST',
      invoked_function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      memory_limit_in_mb: '256',
      aws_request_id: post.requestId,
      log_group_name: '/aws/lambda/orders',
      log_stream_name: '2024/01/01/[$LATEST]0123456789abcdef',
      cognito_identity_id: 'id-1',
      cognito_identity_pool_id: 'pool-1',
      client_custom: { tenant: 'a' },
      client_app_title: 'shop',
      trace_env: trace,
    });
    const plain = json(await warm.stub.invoke({ action: 'context' })) as Record<string, unknown>;
    assert.deepEqual([plain.cognito_identity_id, plain.client_custom, plain.trace_env], [null, null, null], 'nothing leaks between invokes');
  });

  test('get_remaining_time_in_millis counts down to the Deadline-Ms header', async () => {
    const post = await warm.stub.invoke({ action: 'remaining' }, { 'Lambda-Runtime-Deadline-Ms': String(Date.now() + 10_000) });
    const { first, second } = json(post) as { first: number; second: number };
    assert.ok(first <= 10_000 && first > 5_000, `first reading ${first}`);
    assert.ok(second <= first - 50, `second reading ${second} after first ${first}`);
  });

  test('imports handlers/orders.create from a sub-folder as module handlers.orders', async (t) => {
    const rt = await startRuntime(t, { codeDir: basic, handler: 'handlers/orders.create' });
    assert.deepEqual(json(await rt.stub.invoke({ id: 'o-1' })), { created: 'o-1', module: 'handlers.orders' });
  });

  test('a handler module named like a standard module the runtime loaded (email) is the user file', async (t) => {
    const rt = await startRuntime(t, { codeDir: path.join(fixtures, 'python', 'shadow'), handler: 'email.handler' });
    assert.equal(json(await rt.stub.invoke({})), 'user email module');
  });

  test('sys.exit in user code ends the process without a post', async (t) => {
    const rt = await startRuntime(t, { codeDir: basic, handler: 'app.exits' });
    rt.stub.send({});
    assert.equal(await rt.exitCode, 3);
    assert.equal(rt.stub.posts.length, 0);
  });
});

describe('python bootstrap: init errors', { concurrency: 2 }, () => {
  const cases: { name: string; codeDir: string; handler: string; errorType: string; errorMessage: string; trace?: (t: string[]) => void }[] = [
    {
      name: 'a missing import',
      codeDir: path.join(fixtures, 'python', 'import-error'),
      handler: 'app.lambda_handler',
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'app': No module named 'not_a_real_module_xyz'",
    },
    {
      name: 'a missing module in a sub-folder',
      codeDir: basic,
      handler: 'handlers/missing.create',
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'handlers/missing': No module named 'handlers.missing'",
    },
    {
      name: 'a missing function',
      codeDir: basic,
      handler: 'app.nope',
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: "Handler 'nope' missing on module 'app'",
    },
    {
      name: 'a handler without a dot',
      codeDir: basic,
      handler: 'app',
      errorType: 'Runtime.MalformedHandlerName',
      errorMessage: "Bad handler 'app': not enough values to unpack (expected 2, got 1)",
    },
    {
      name: 'a syntax error',
      codeDir: path.join(fixtures, 'python', 'syntax-error'),
      handler: 'app.lambda_handler',
      errorType: 'Runtime.UserCodeSyntaxError',
      errorMessage: "Syntax error in module 'app': invalid syntax (app.py, line 3)",
      trace: (trace) =>
        assert.deepEqual(trace, [`  File "${path.join(fixtures, 'python', 'syntax-error', 'app.py')}" Line 3\n    x = = 1\n`]),
    },
    {
      name: 'an exception raised at import',
      codeDir: path.join(fixtures, 'python', 'init-exception'),
      handler: 'app.lambda_handler',
      errorType: 'RuntimeError',
      errorMessage: 'missing TABLE_NAME',
      trace: (trace) => {
        assert.ok(!trace.some((frame) => frame.includes('bootstrap.py')), 'runtime frames are cut');
        const appPy = path.join(fixtures, 'python', 'init-exception', 'app.py');
        assert.equal(trace.at(-1), `  File "${appPy}", line 2, in <module>\n    raise RuntimeError("missing TABLE_NAME")\n`);
      },
    },
  ];

  for (const c of cases) {
    test(`${c.name} is posted to /init/error as ${c.errorType} and exits non-zero`, async (t) => {
      const rt = await startRuntime(t, { codeDir: c.codeDir, handler: c.handler });
      const post = await rt.stub.waitForPost((p) => p.kind === 'init-error');
      assert.equal(post.headers['lambda-runtime-function-error-type'], c.errorType);
      const body = json(post) as { errorType: string; errorMessage: string; requestId: string; stackTrace: string[] };
      assert.equal(body.errorType, c.errorType);
      assert.equal(body.errorMessage, c.errorMessage);
      assert.equal(body.requestId, '');
      if (c.trace) c.trace(body.stackTrace);
      else assert.deepEqual(body.stackTrace, []);
      assert.equal(await rt.exitCode, 1);
      assert.match(rt.stdout(), /^\[WARNING\]\t.*\t\tLAMBDA_WARNING: Unhandled exception\./m);
      assert.ok(rt.stdout().includes(`[ERROR] ${c.errorType}: ${c.errorMessage}\r`), rt.stdout());
    });
  }
});

describe('python bootstrap: logs', () => {
  let text: Runtime;
  let jsonFormat: Runtime;
  const cleanup = suiteCleanup();
  before(async () => {
    [text, jsonFormat] = await Promise.all([
      startRuntime(cleanup, { codeDir: basic, handler: 'app.lambda_handler' }),
      startRuntime(cleanup, { codeDir: basic, handler: 'app.lambda_handler', env: { AWS_LAMBDA_LOG_FORMAT: 'JSON' } }),
    ]);
  });

  test('print lines pass through; logging uses the Text format at WARNING unless AWS_LAMBDA_LOG_LEVEL says otherwise', async () => {
    const post = await text.stub.invoke({ action: 'logs' });
    assert.equal(json(post), 'logged');
    const out = await text.waitForStdout('second line');
    const id = post.requestId!;
    const lines = out.split('\n');
    assert.ok(lines.includes('hello from print'));
    assert.ok(lines.includes('two') && lines.includes('lines'), 'print output is line by line, as Lambda captures stdout');
    assert.ok(lines.some((l) => new RegExp(`^\\[WARNING\\]\\t${TIMESTAMP}\\t${id}\\tcareful now$`).test(l)), out);
    assert.ok(lines.some((l) => new RegExp(`^\\[ERROR\\]\\t${TIMESTAMP}\\t${id}\\tfirst line\\rsecond line$`).test(l)), out);
    assert.ok(!out.includes('info is hidden'), 'the root logger stays at WARNING, as in AWS');
  });

  test('a logged exception is one line, its traceback joined with \\r', async () => {
    await text.stub.invoke({ action: 'log-exception' });
    const out = await text.waitForStdout('parse failed');
    const line = out.split('\n').find((l) => l.includes('parse failed'))!;
    assert.match(line, /^\[ERROR\]\t[^\n]*\tparse failed\rTraceback \(most recent call last\):\r[^\n]*\rjson\.decoder\.JSONDecodeError: [^\r\n]+$/);
  });

  test('AWS_LAMBDA_LOG_LEVEL=DEBUG lets logging.info through', async (t) => {
    const rt = await startRuntime(t, { codeDir: basic, handler: 'app.lambda_handler', env: { AWS_LAMBDA_LOG_LEVEL: 'DEBUG' } });
    const post = await rt.stub.invoke({ action: 'logs' });
    const out = await rt.waitForStdout('info is hidden');
    assert.match(out, new RegExp(`^\\[INFO\\]\\t${TIMESTAMP}\\t${post.requestId}\\tinfo is hidden unless the level allows it$`, 'm'));
  });

  test('the JSON log format writes logging records as AWS JSON objects, at INFO by default', async () => {
    const post = await jsonFormat.stub.invoke({ action: 'logs' });
    const out = await jsonFormat.waitForStdout('second line');
    const records = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const info = records.find((r) => r.level === 'INFO');
    assert.ok(info, out);
    assert.deepEqual(Object.keys(info).sort(), ['level', 'logger', 'message', 'requestId', 'timestamp']);
    assert.equal(info.message, 'info is hidden unless the level allows it');
    assert.equal(info.logger, 'root');
    assert.equal(info.requestId, post.requestId);
    assert.match(String(info.timestamp), new RegExp(`^${TIMESTAMP}$`));
    const error = records.find((r) => r.level === 'ERROR');
    assert.deepEqual([error?.logger, error?.message], ['orders', 'first line\nsecond line']);
    assert.ok(out.split('\n').includes('hello from print'), 'print output stays plain text');
  });

  test('an unhandled exception under the JSON format is logged as one JSON ERROR record', async () => {
    const post = await jsonFormat.stub.invoke({ action: 'fail', n: 1 });
    const out = await jsonFormat.waitForStdout('"errorType"');
    const record = JSON.parse(out.split('\n').find((l) => l.includes('"errorType"'))!) as Record<string, unknown>;
    assert.deepEqual([record.level, record.errorType, record.errorMessage, record.requestId], ['ERROR', 'ValueError', 'bad input: 1', post.requestId]);
    assert.ok(Array.isArray(record.stackTrace) && record.stackTrace.length === 1);
  });
});

describe('provided runtime: echo fixture', () => {
  const echoDir = path.join(fixtures, 'provided', 'echo');

  test('the executable bootstrap echoes events and reports non-JSON events as errors', async (t) => {
    const rt = await startRuntime(t, { codeDir: echoDir, handler: 'function.handler', command: [path.join(echoDir, 'bootstrap')] });
    const post = await rt.stub.invoke({ hello: 'world', n: [1, 2] });
    assert.equal(post.kind, 'response');
    assert.deepEqual(json(post), { echo: { hello: 'world', n: [1, 2] } });
    assert.ok((await rt.waitForStdout(`echoing ${post.requestId}`)).startsWith('echo runtime ready, handler=function.handler\n'));

    const bad = await rt.stub.invoke(undefined, {}, 'not json');
    assert.equal(bad.kind, 'error');
    assert.equal(bad.headers['lambda-runtime-function-error-type'], 'EchoError');
    assert.equal((json(bad) as { errorType: string }).errorType, 'EchoError');
    assert.deepEqual(json(await rt.stub.invoke([3])), { echo: [3] }, 'the loop goes on after an error');
  });
});

describe('python bootstrap: through the Emulator', () => {
  test('a python3.11 function answers, logs between START and END, and fails as Unhandled', async (t) => {
    const emulator = new Emulator();
    t.after(() => emulator.close());
    emulator.register({
      name: 'py-orders',
      provider: 'aws',
      runtime: 'python3.11',
      codeDir: basic,
      handler: 'app.lambda_handler',
      timeout: 30,
      memorySize: 128,
      environment: {},
      events: [],
    });
    const ok = await emulator.invoke('py-orders', { payload: JSON.stringify({ action: 'logs' }) });
    assert.equal(ok.error, undefined);
    assert.equal(ok.payload.toString('utf8'), '"logged"');
    const id = ok.requestId;
    const lines = ok.logs.split('\n');
    assert.equal(lines[0], `START RequestId: ${id} Version: $LATEST`);
    assert.ok(lines.includes('hello from print'), ok.logs);
    assert.match(ok.logs, new RegExp(`\\n\\[ERROR\\]\\t${TIMESTAMP}\\t${id}\\tfirst line\\nsecond line\\nEND RequestId: ${id}\\n`));

    const failed = await emulator.invoke('py-orders', { payload: JSON.stringify({ action: 'fail', n: 5 }) });
    assert.equal(failed.functionError, 'Unhandled');
    assert.equal(failed.error?.errorType, 'ValueError');
    assert.equal(failed.error?.errorMessage, 'bad input: 5');
    assert.equal(failed.error?.stackTrace?.length, 1);
    assert.equal(failed.coldStart, false, 'the same environment served both invokes');
  });
});
