import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FunctionSpec } from '../project/functionSpec';
import type { LaunchPlan, ThreadPlan } from './launch';
import {
  InitError,
  MAX_RESPONSE_BYTES,
  MAX_STREAMED_RESPONSE_BYTES,
  describeExit,
  errorPayload,
  parsePostedError,
  sandboxError,
} from './lambdaErrors';
import {
  initReportLine,
  megabytes,
  newLogStreamName,
  restoreNewlines,
  sandboxErrorLines,
  startLine,
  timeoutLines,
  type LogFormat,
} from './logFormat';
import { sampleMemory, sampleMemorySync, type MemorySample, type MemoryWatch, type MemoryWatched } from './memory';
import { RuntimeApiServer, type RuntimeApiListener } from './runtimeApi';
import { ThreadSandbox } from './threadSandbox';
import type { EmulatorOptions, Invocation, InvokeRequest, LambdaErrorPayload } from './types';
import { concludeInvocation, type InvocationTiming } from './concludeInvocation';

/**
 * One execution environment: a child process (or, with `isolation: 'thread'`, a worker thread)
 * whose bootstrap speaks the Runtime API, from cold
 * (starting) to warm (waiting for an event), busy (running one) and dead.
 */
export type EnvironmentState = 'cold' | 'warm' | 'busy' | 'dead';

/** One invoke, queued or running. */
export interface Job {
  requestId: string;
  payload: Buffer;
  request: InvokeRequest;
  /** The `Lambda-Runtime-Client-Context` value: the decoded client context JSON. */
  clientContext?: string;
  resolve(invocation: Invocation): void;
  reject(error: Error): void;
}

export interface EnvironmentSettings {
  spec: FunctionSpec;
  /** The deployed name, as in `AWS_LAMBDA_FUNCTION_NAME`. */
  functionName: string;
  functionArn: string;
  logFormat: LogFormat;
  prewarmed: boolean;
  generation: number;
  launch(): Promise<LaunchPlan>;
  /** `hidden`: hand-offs to our own bootstrap on top of the plan's. */
  variables(plan: LaunchPlan, runtimeApi: string, logStreamName: string, hidden: Record<string, string>): Record<string, string>;
  onLog?: EmulatorOptions['onLog'];
  memoryWatch: MemoryWatch;
}

export interface EnvironmentHooks {
  /** The runtime finished an invocation and polls for the next event. */
  ready(env: PooledEnvironment): void;
  dead(env: PooledEnvironment): void;
}

/** What a pool needs of an environment, however it runs (process, thread, or inline: inlineEnvironment.ts). */
export interface PooledEnvironment {
  readonly state: EnvironmentState;
  readonly generation: number;
  readonly lastUsed: number;
  start(): Promise<void>;
  run(job: Job): void;
  kill(reason?: KillReason): void;
  whenDead(): Promise<void>;
  failedInitInvocation(job: Job, failure: InitFailure): Invocation;
}

/** How an invocation ended. */
export interface Outcome {
  payload: Buffer;
  error?: LambdaErrorPayload;
  /** The function streamed `payload` with this content type. */
  streamContentType?: string;
  /** Set when the sandbox (not the handler) failed: REPORT then carries Status and Error Type. */
  failure?: { status: 'error' | 'timeout'; errorType: string; lines: string[] };
}

/** Why init failed; it becomes the outcome of the invoke that waited for the environment. */
export class InitFailure {
  constructor(
    readonly errorType: string,
    readonly durationMs: number,
    readonly outcomeFor: (requestId: string) => Outcome,
  ) {}
}

interface Running {
  job: Job;
  lines: string[];
  cold: boolean;
  startedAt: number;
  endedAt?: number;
  /** The runtime's answer, or the timeout, waiting for the environment to settle. */
  outcome?: Outcome;
  finished: boolean;
  /** The content type of the answer the runtime is streaming. */
  streamContentType?: string;
}

export type KillReason = 'timeout' | 'memory' | 'recycle';

/** Lambda's limit on the init phase. */
const INIT_LIMIT_MS = 10_000;
/** Lines written between invocations, kept for the next one's log. */
const MAX_PENDING_LINES = 1000;
/** How long to wait for a dead child's last output. */
const CLOSE_GRACE_MS = 250;

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Children must not outlive the emulator's process. */
function track(child: ChildProcess): void {
  liveChildren.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of liveChildren) c.kill('SIGKILL');
  });
}

/** Random bytes drawn once per 4 KB rather than per invoke (a warm invoke needs 20). */
let randomPool = Buffer.alloc(0);
let randomAt = 0;
function randomHex(bytes: number): string {
  if (randomAt + bytes > randomPool.length) {
    randomPool = randomBytes(4096);
    randomAt = 0;
  }
  randomAt += bytes;
  return randomPool.toString('hex', randomAt - bytes, randomAt);
}

/** An X-Ray trace header, which Lambda always gives the runtime. */
function newTraceId(): string {
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomHex(12)};Parent=${randomHex(8)};Sampled=0`;
}

/**
 * The invocation's Duration. A timed-out one reports at least the timeout, as Lambda does: timers
 * may fire a fraction of a millisecond early, and `endedAt - startedAt` can round below it.
 */
export function reportedDuration(running: { startedAt: number; endedAt?: number }, outcome: Outcome, timeoutMs: number): number {
  const elapsed = (running.endedAt ?? performance.now()) - running.startedAt;
  return outcome.failure?.status === 'timeout' ? Math.max(elapsed, timeoutMs) : elapsed;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export class Environment implements PooledEnvironment, RuntimeApiListener, MemoryWatched {
  state: EnvironmentState = 'cold';
  readonly logStreamName = newLogStreamName();
  readonly generation: number;
  readonly prewarmed: boolean;
  initDurationMs?: number;
  served = 0;
  lastUsed = performance.now();

  private readonly api = new RuntimeApiServer(this);
  private readonly timeoutMs: number;
  private child?: ChildProcess | ThreadSandbox;
  private current?: Running;
  private pendingLines: string[] = [];
  private flushers: Array<() => void> = [];
  private waitingForWork = false;
  private initialized = false;
  private init?: { resolve(): void; reject(failure: InitFailure): void; timer?: NodeJS.Timeout };
  /** Under a debugger no limit is enforced: a process paused at a breakpoint must not be killed. */
  private unlimited = false;
  private spawnedAt = 0;
  /** The invocation timeout: one timer for the environment's life, re-armed per invoke (see armTimeout). */
  private timeoutTimer?: NodeJS.Timeout;
  private killReason?: KillReason;
  private exitHandled = false;
  private childClosed = false;
  private buried = false;
  private peakKb = 0;
  private lastSampleAt = 0;
  private readonly deadPromise: Promise<void>;
  private markDeadDone!: () => void;

  constructor(
    private readonly settings: EnvironmentSettings,
    private readonly hooks: EnvironmentHooks,
  ) {
    this.generation = settings.generation;
    this.prewarmed = settings.prewarmed;
    // The emulator registered the spec with Lambda's 1–900 s already applied (emulator.ts normalize).
    this.timeoutMs = settings.spec.timeout * 1000;
    this.deadPromise = new Promise((resolve) => (this.markDeadDone = resolve));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resolves when the environment is dead and its child gone. */
  whenDead(): Promise<void> {
    return this.deadPromise;
  }

  /** Starts the child; resolves when its runtime first polls for an event, rejects with an InitFailure. */
  async start(): Promise<void> {
    const began = performance.now();
    let plan: LaunchPlan;
    let address: { port: number; localSocket?: string } = { port: 0 };
    try {
      plan = await this.settings.launch();
      if (this.state !== 'dead') address = await this.api.listen(plan.localSocket === true);
    } catch (err) {
      const payload = err instanceof InitError ? err.payload : errorPayload('Runtime.Unknown', err instanceof Error ? err.message : String(err));
      const failure = new InitFailure(payload.errorType, performance.now() - began, () => ({ payload: json(payload), error: payload }));
      this.initReport(failure);
      this.die();
      throw failure;
    }
    if (this.state === 'dead') {
      // Killed while starting (the emulator is closing).
      this.api.close();
      throw new InitFailure('Runtime.ExitError', 0, (id) => this.exitOutcome(id, null, 'SIGKILL'));
    }
    return new Promise((resolve, reject) => {
      this.unlimited = plan.underDebugger === true;
      this.init = { resolve, reject, timer: this.unlimited ? undefined : setTimeout(() => this.initTimedOut(), INIT_LIMIT_MS) };
      this.spawn(plan, address);
    });
  }

  /** Hands a job to a warm environment. */
  run(job: Job): void {
    this.state = 'busy';
    this.waitingForWork = false;
    const running: Running = { job, lines: this.pendingLines, cold: this.served === 0 && !this.prewarmed, startedAt: 0, finished: false };
    this.pendingLines = [];
    this.current = running;
    this.platform(startLine(this.settings.logFormat, job.requestId, '$LATEST'), running.lines);
    const deadline = Date.now() + this.timeoutMs;
    this.api.deliver({ requestId: job.requestId, payload: job.payload, headers: this.runtimeHeaders(job, deadline) });
    running.startedAt = performance.now();
    if (!this.unlimited) this.armTimeout();
    this.settings.memoryWatch.add(this);
  }

  /** The invocation that waited for this environment's failed init. */
  failedInitInvocation(job: Job, failure: InitFailure): Invocation {
    const lines = this.pendingLines;
    this.pendingLines = [];
    this.platform(startLine(this.settings.logFormat, job.requestId, '$LATEST'), lines);
    const outcome = failure.outcomeFor(job.requestId);
    return this.conclude(job, lines, {
      payload: outcome.payload,
      error: outcome.error ?? errorPayload(failure.errorType, ''),
      failure: { status: 'error', errorType: failure.errorType, lines: outcome.failure?.lines ?? [] },
    }, { durationMs: 0, initDurationMs: failure.durationMs, cold: true });
  }

  kill(reason?: KillReason): void {
    if (reason && !this.killReason) this.killReason = reason;
    const child = this.child;
    if (!child) return this.die();
    if (this.exitHandled) return;
    if (child instanceof ThreadSandbox) child.kill();
    else child.kill('SIGKILL');
    // A process stuck in the kernel may never report its exit.
    setTimeout(() => this.exited(null, 'SIGKILL'), 2000).unref();
  }

  // --- Runtime API events -------------------------------------------------------------------

  next(): void {
    this.waitingForWork = true;
    if (!this.initialized) return this.initDone();
    if (!this.current && this.state === 'warm') this.hooks.ready(this);
  }

  response(requestId: string, body: Buffer, quiet: boolean): void {
    const streamContentType = this.current?.job.requestId === requestId ? this.current.streamContentType : undefined;
    this.answered(requestId, streamContentType === undefined ? { payload: body } : { payload: body, streamContentType }, quiet);
  }

  streamStart(requestId: string, contentType: string): number {
    const running = this.current;
    if (!running || running.outcome || running.job.requestId !== requestId) return MAX_RESPONSE_BYTES;
    running.streamContentType = contentType;
    const sink = running.job.request.responseStream;
    if (!sink) return MAX_RESPONSE_BYTES;
    sink.begin(contentType, requestId);
    return MAX_STREAMED_RESPONSE_BYTES;
  }

  streamChunk(requestId: string, chunk: Buffer): void {
    const running = this.current;
    // After a timeout the stream is cut where it was.
    if (!running || running.outcome || running.job.requestId !== requestId) return;
    running.job.request.responseStream?.chunk(chunk);
  }

  error(requestId: string, body: Buffer, errorType: string | undefined, quiet: boolean): void {
    this.answered(requestId, { payload: body, error: parsePostedError(body, errorType) }, quiet);
  }

  responseTooLarge(requestId: string, limit: number): void {
    const error = errorPayload('Function.ResponseSizeTooLarge', `Response payload size exceeded maximum allowed payload size (${limit} bytes).`);
    this.answered(requestId, { payload: json(error), error }, false);
  }

  initError(body: Buffer, errorType: string | undefined): void {
    if (this.initialized || !this.init) return;
    const error = parsePostedError(body, errorType);
    this.failInit(new InitFailure(error.errorType, performance.now() - this.spawnedAt, () => ({ payload: body, error })));
  }

  memorySample(sample: MemorySample): void {
    this.lastSampleAt = performance.now();
    if (sample.peakKb > this.peakKb) this.peakKb = sample.peakKb;
    const limitKb = this.settings.spec.memorySize * 1024;
    if (sample.rssKb > limitKb && !this.unlimited && (this.state === 'busy' || this.state === 'cold')) this.kill('memory');
  }

  // --- internals ----------------------------------------------------------------------------

  private spawn(plan: LaunchPlan, address: { port: number; localSocket?: string }): void {
    const { spec } = this.settings;
    const hidden: Record<string, string> = address.localSocket ? { _SWB_RUNTIME_API_SOCKET: address.localSocket } : {};
    const env = this.settings.variables(plan, `127.0.0.1:${address.port}`, this.logStreamName, hidden);
    if (plan.thread) return this.startThread(plan, plan.thread, env);
    let child: ChildProcess;
    try {
      child = spawn(plan.command, plan.args, {
        cwd: spec.codeDir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (err) {
      return this.cannotStart(plan, err);
    }
    this.child = child;
    this.spawnedAt = performance.now();
    track(child);
    child.on('error', (err) => this.cannotStart(plan, err));
    child.on('exit', (code, signal) => this.exited(code, signal));
    child.on('close', () => (this.childClosed = true));
    this.flushers = [this.readLines(child.stdout as Readable), this.readLines(child.stderr as Readable)];
    this.settings.memoryWatch.add(this);
  }

  /**
   * A worker thread instead of a process. It has no working directory of its own (the bootstrap
   * finds the code through LAMBDA_TASK_ROOT) and no RSS of its own: the heap limit is V8's
   * (`resourceLimits`), and Max Memory Used is the heap, sampled like a process's RSS.
   */
  private startThread(plan: LaunchPlan, threadPlan: ThreadPlan, env: Record<string, string>): void {
    let thread: ThreadSandbox;
    try {
      thread = new ThreadSandbox(threadPlan, env, this.settings.spec.name);
    } catch (err) {
      return this.cannotStart(plan, err);
    }
    this.child = thread;
    this.spawnedAt = performance.now();
    thread.on('exit', (code: number) => {
      if (thread.outOfMemory && !this.killReason) this.killReason = 'memory';
      this.exited(code, null);
    });
    thread.on('close', () => (this.childClosed = true));
    this.flushers = [this.readLines(thread.stdout), this.readLines(thread.stderr)];
  }

  private cannotStart(plan: LaunchPlan, err: unknown): void {
    if (!this.init) return;
    const what = plan.thread ? 'a worker thread' : plan.command;
    const message = `Cannot start ${what}: ${err instanceof Error ? err.message : String(err)}`;
    const error = errorPayload('Runtime.InvalidEntrypoint', message);
    this.failInit(new InitFailure(error.errorType, performance.now() - this.spawnedAt, () => ({ payload: json(error), error })));
    this.exited(null, null);
  }

  private initDone(): void {
    const init = this.init;
    if (!init) return;
    this.init = undefined;
    this.initialized = true;
    clearTimeout(init.timer);
    this.initDurationMs = performance.now() - this.spawnedAt;
    this.state = 'warm';
    this.lastUsed = performance.now();
    this.settings.memoryWatch.delete(this);
    const sample = this.child?.pid ? sampleMemorySync(this.child.pid) : undefined;
    if (sample) this.memorySample(sample);
    // A thread's first heap sample is a message away; the first REPORT should not go without it.
    if (this.child instanceof ThreadSandbox) return void this.sampleThreadHeap(this.child).then(() => init.resolve());
    init.resolve();
  }

  private failInit(failure: InitFailure): void {
    const init = this.init;
    if (!init) return;
    this.init = undefined;
    clearTimeout(init.timer);
    this.initReport(failure);
    init.reject(failure);
    this.kill();
  }

  private initReport(failure: InitFailure): void {
    this.platform(initReportLine(this.settings.logFormat, failure.durationMs, 'error', failure.errorType), this.pendingLines);
  }

  private initTimedOut(): void {
    const seconds = INIT_LIMIT_MS / 1000;
    const outcomeFor = (requestId: string): Outcome => {
      const error = sandboxError('Sandbox.Timedout', requestId, `Task timed out after ${seconds.toFixed(2)} seconds`);
      return { payload: json(error), error, failure: { status: 'timeout', errorType: error.errorType, lines: [] } };
    };
    this.failInit(new InitFailure('Sandbox.Timedout', INIT_LIMIT_MS, outcomeFor));
  }

  private runtimeHeaders(job: Job, deadline: number): Record<string, string> {
    const { request } = job;
    const headers: Record<string, string> = {
      'Lambda-Runtime-Aws-Request-Id': job.requestId,
      'Lambda-Runtime-Deadline-Ms': String(deadline),
      'Lambda-Runtime-Invoked-Function-Arn':
        request.qualifier && request.qualifier !== '$LATEST' ? `${this.settings.functionArn}:${request.qualifier}` : this.settings.functionArn,
      'Lambda-Runtime-Trace-Id': request.traceId ?? newTraceId(),
    };
    if (job.clientContext) headers['Lambda-Runtime-Client-Context'] = job.clientContext;
    if (request.cognitoIdentity) headers['Lambda-Runtime-Cognito-Identity'] = request.cognitoIdentity;
    return headers;
  }

  private answered(requestId: string, outcome: Outcome, quiet: boolean): void {
    const running = this.current;
    if (!running || running.outcome || running.finished || running.job.requestId !== requestId) return;
    running.endedAt = performance.now();
    running.outcome = outcome;
    if (quiet) return this.finish(running, outcome);
    // Output the runtime wrote before answering is in the pipes but maybe not read yet: one turn
    // of the event loop reads it, so END and REPORT come after every line of the invocation.
    setImmediate(() => this.finish(running, outcome));
  }

  /**
   * Starts the current invocation's timeout. Re-arming (`refresh`) one timer costs less than a
   * new timer per warm invoke plus its clearTimeout. It is never cleared between invocations:
   * when it fires, the invocation it was armed for has run its full timeout if it is still the
   * current one (a later invoke would have re-armed it); otherwise there is nothing to do.
   */
  private armTimeout(): void {
    if (this.timeoutTimer) {
      this.timeoutTimer.refresh();
      return;
    }
    this.timeoutTimer = setTimeout(() => {
      if (this.current) this.timedOut(this.current);
    }, this.timeoutMs);
    // While an invocation runs, the child and its sockets keep the process alive.
    this.timeoutTimer.unref();
  }

  private timedOut(running: Running): void {
    if (running.finished || running.outcome) return;
    running.endedAt = performance.now();
    const seconds = this.timeoutMs / 1000;
    const { requestId } = running.job;
    const error = sandboxError('Sandbox.Timedout', requestId, `Task timed out after ${seconds.toFixed(2)} seconds`);
    const lines = timeoutLines(this.settings.logFormat, requestId, seconds);
    running.outcome = { payload: json(error), error, failure: { status: 'timeout', errorType: error.errorType, lines } };
    // Lambda stops the whole environment; the invocation ends once the child is gone.
    this.kill('timeout');
  }

  private exitOutcome(requestId: string, code: number | null, signal: NodeJS.Signals | null): Outcome {
    const memory = this.killReason === 'memory';
    const errorType = memory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
    const reason = describeExit(code, memory ? 'SIGKILL' : signal);
    const error = sandboxError(errorType, requestId, reason);
    return { payload: json(error), error, failure: { status: 'error', errorType, lines: sandboxErrorLines(this.settings.logFormat, error.errorMessage, errorType) } };
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitHandled) return;
    this.exitHandled = true;
    this.state = 'dead';
    this.settings.memoryWatch.delete(this);
    if (this.child && !(this.child instanceof ThreadSandbox)) liveChildren.delete(this.child);
    this.api.close();
    const settle = () => {
      for (const flush of this.flushers) flush();
      if (this.init) {
        const durationMs = performance.now() - this.spawnedAt;
        const errorType = this.killReason === 'memory' ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
        this.failInit(new InitFailure(errorType, durationMs, (id) => this.exitOutcome(id, code, signal)));
      }
      const running = this.current;
      if (running && !running.finished) {
        running.endedAt ??= performance.now();
        this.finish(running, running.outcome ?? this.exitOutcome(running.job.requestId, code, signal));
      }
      this.die();
    };
    const child = this.child;
    if (!child || this.childClosed) return settle();
    // 'close' comes once the child's output is fully read.
    let settled = false;
    const once = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      settle();
    };
    const timer = setTimeout(once, CLOSE_GRACE_MS);
    child.once('close', once);
  }

  /** Final bookkeeping once nothing more can happen in this environment. */
  private die(): void {
    this.state = 'dead';
    clearTimeout(this.timeoutTimer);
    this.api.close();
    if (this.buried) return;
    this.buried = true;
    this.hooks.dead(this);
    this.markDeadDone();
  }

  private finish(running: Running, outcome: Outcome): void {
    if (running.finished) return;
    running.finished = true;
    // Output still in a partial line belongs to this invocation.
    for (const flush of this.flushers) flush();
    this.current = undefined;
    this.settings.memoryWatch.delete(this);

    const durationMs = reportedDuration(running, outcome, this.timeoutMs);
    const initDurationMs = running.cold ? this.initDurationMs : undefined;
    this.served++;
    this.lastUsed = performance.now();
    running.job.resolve(this.conclude(running.job, running.lines, outcome, { durationMs, initDurationMs, cold: running.cold }));
    if (this.state === 'busy') {
      this.state = 'warm';
      this.refreshMemory();
      if (this.waitingForWork) this.hooks.ready(this);
    }
  }

  /** Writes END and REPORT (after any sandbox lines) and builds the invocation's result. */
  private conclude(job: Job, lines: string[], outcome: Outcome, timing: InvocationTiming): Invocation {
    return concludeInvocation(this.settings, job, lines, outcome, timing, this.killReason === 'memory' ? this.settings.spec.memorySize : megabytes(this.peakKb), (line, target) => this.platform(line, target));
  }

  /** Max Memory Used without reading /proc on every invoke: at most one sample a second. */
  private refreshMemory(): void {
    if (performance.now() - this.lastSampleAt < 1000) return;
    if (this.child instanceof ThreadSandbox) return void this.sampleThreadHeap(this.child);
    const pid = this.child?.pid;
    if (pid === undefined) return;
    this.lastSampleAt = performance.now();
    void sampleMemory(pid).then((sample) => {
      if (sample && sample.peakKb > this.peakKb) this.peakKb = sample.peakKb;
    });
  }

  /** A thread's heap has no kernel-kept peak: the peak is the largest sample. */
  private sampleThreadHeap(thread: ThreadSandbox): Promise<void> {
    this.lastSampleAt = performance.now();
    return thread.sampleHeap().then((heapKb) => {
      if (heapKb !== undefined && heapKb > this.peakKb) this.peakKb = heapKb;
    });
  }

  private readLines(stream: Readable): () => void {
    stream.setEncoding('utf8');
    let partial = '';
    stream.on('data', (chunk: string) => {
      let from = 0;
      for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
        const line = partial + chunk.slice(from, nl);
        partial = '';
        from = nl + 1;
        this.appLine(line);
      }
      if (from < chunk.length) partial += chunk.slice(from);
    });
    return () => {
      if (partial === '') return;
      const line = partial;
      partial = '';
      this.appLine(line);
    };
  }

  private appLine(raw: string): void {
    const target = this.current ? this.current.lines : this.pendingLines;
    if (!this.current && target.length >= MAX_PENDING_LINES) target.shift();
    this.platform(restoreNewlines(raw), target);
  }

  /** Records a line in an invocation's log and streams it to `onLog`. */
  private platform(line: string, target: string[]): void {
    target.push(line);
    this.settings.onLog?.({ functionName: this.settings.spec.name, logStreamName: this.logStreamName, line, timestamp: Date.now() });
  }
}
