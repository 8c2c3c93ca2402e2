import type { EnvironmentHooks, InitFailure, Job, PooledEnvironment as Environment } from './environment';
import { lambdaServiceError } from './lambdaErrors';

/**
 * One function's execution environments: at most `concurrency` of them, warm ones reused (most
 * recently used first), requests queued beyond that up to `maxQueue`, idle ones recycled after
 * `idleTimeoutMs`, all of them replaced when the code changes.
 */

export interface PoolSettings {
  functionName: string;
  concurrency: number;
  maxQueue: number;
  idleTimeoutMs: number;
  create(prewarmed: boolean, generation: number, hooks: EnvironmentHooks): Environment;
  onWarning?: (message: string) => void;
}

/** Coalesces the burst of change events one save makes before prewarming again. */
const REFILL_DELAY_MS = 100;

export class FunctionPool {
  private readonly envs = new Set<Environment>();
  /** Warm environments waiting for work, most recently used last. */
  private idle: Environment[] = [];
  private readonly queue: Job[] = [];
  private starting = 0;
  /** Environments still starting, with their start (prewarm waits for them too). */
  private readonly starts = new Map<Environment, Promise<void>>();
  /** Bumped on every code change; environments of an older generation are not reused. */
  private generation = 0;
  private prewarmTarget = 0;
  private sweeper?: NodeJS.Timeout;
  private refill?: NodeJS.Timeout;
  private closed = false;
  private readonly hooks: EnvironmentHooks = {
    ready: (env) => this.ready(env),
    dead: (env) => this.removed(env),
  };

  constructor(private readonly settings: PoolSettings) {}

  configure(options: { concurrency: number; maxQueue: number }): void {
    this.settings.concurrency = Math.max(1, options.concurrency, this.prewarmTarget);
    this.settings.maxQueue = Math.max(0, options.maxQueue);
  }

  submit(job: Job): void {
    if (this.closed) return job.reject(lambdaServiceError('ResourceNotFoundException', `Function not found: ${this.settings.functionName}`));
    const env = this.takeIdle();
    if (env) return env.run(job);
    const free = this.settings.concurrency - this.busyCount();
    if (this.queue.length + 1 - free > this.settings.maxQueue) {
      return job.reject(lambdaServiceError('TooManyRequestsException', 'Rate Exceeded.'));
    }
    this.enqueue(job);
    this.grow();
  }

  /** Starts environments until `count` of the current code exist; resolves when they are warm. */
  async prewarm(count: number): Promise<void> {
    if (this.closed || count <= 0) return;
    this.prewarmTarget = Math.max(this.prewarmTarget, count);
    this.settings.concurrency = Math.max(this.settings.concurrency, count);
    let current = 0;
    const starts: Promise<void>[] = [];
    for (const env of this.envs) {
      if (env.generation !== this.generation || env.state === 'dead') continue;
      current++;
      const starting = this.starts.get(env);
      if (starting) starts.push(starting);
    }
    for (let i = current; i < count; i++) starts.push(this.spawn(true));
    const results = await Promise.allSettled(starts);
    for (const result of results) {
      if (result.status === 'rejected') {
        const failure = result.reason as InitFailure;
        this.settings.onWarning?.(`Prewarming ${this.settings.functionName} failed: ${failure.errorType ?? String(failure)}`);
      }
    }
  }

  /** The code changed: no environment of the old code serves another request. */
  recycle(): void {
    this.generation++;
    const idle = this.idle;
    this.idle = [];
    for (const env of idle) env.kill('recycle');
    if (this.prewarmTarget > 0 && !this.closed) {
      clearTimeout(this.refill);
      this.refill = setTimeout(() => void this.prewarm(this.prewarmTarget), REFILL_DELAY_MS);
      this.refill.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    clearTimeout(this.refill);
    for (const job of this.queue.splice(0)) job.reject(lambdaServiceError('ServiceException', 'The emulator was closed'));
    const envs = [...this.envs];
    for (const env of envs) env.kill();
    await Promise.all(envs.map((env) => env.whenDead()));
  }

  private busyCount(): number {
    let busy = 0;
    for (const env of this.envs) if (env.state === 'busy') busy++;
    return busy;
  }

  private takeIdle(): Environment | undefined {
    for (let env = this.idle.pop(); env; env = this.idle.pop()) {
      if (env.generation === this.generation && env.state === 'warm') return env;
      env.kill('recycle');
    }
    return undefined;
  }

  private enqueue(job: Job): void {
    const signal = job.request.signal;
    this.queue.push(job);
    if (!signal) return;
    // An aborted request leaves the queue; one already running finishes unobserved (Lambda cannot
    // stop a running invoke either).
    const onAbort = () => {
      const at = this.queue.indexOf(job);
      if (at !== -1) this.queue.splice(at, 1);
      job.reject(lambdaServiceError('AbortError', 'The invoke was aborted'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const { resolve, reject } = job;
    job.resolve = (invocation) => {
      signal.removeEventListener('abort', onAbort);
      resolve(invocation);
    };
    job.reject = (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    };
  }

  /** Starts environments for queued requests that no starting environment will take. */
  private grow(): void {
    while (!this.closed && this.queue.length > this.starting && this.envs.size < this.settings.concurrency) {
      this.spawn(false).catch(() => {
        // The failure went to the request that waited for this environment.
      });
    }
  }

  private spawn(prewarmed: boolean): Promise<void> {
    const env = this.settings.create(prewarmed, this.generation, this.hooks);
    this.envs.add(env);
    this.starting++;
    this.ensureSweeper();
    const started = env.start().then(
      () => {
        this.starting--;
        this.starts.delete(env);
        this.ready(env);
      },
      (failure: InitFailure) => {
        this.starting--;
        this.starts.delete(env);
        this.envs.delete(env);
        const job = this.queue.shift();
        if (job) job.resolve(env.failedInitInvocation(job, failure));
        this.grow();
        throw failure;
      },
    );
    this.starts.set(env, started);
    return started;
  }

  private ready(env: Environment): void {
    if (this.closed || env.generation !== this.generation) return env.kill('recycle');
    const job = this.queue.shift();
    if (job) return env.run(job);
    this.idle.push(env);
  }

  private removed(env: Environment): void {
    this.envs.delete(env);
    const at = this.idle.indexOf(env);
    if (at !== -1) this.idle.splice(at, 1);
    if (this.envs.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
    this.grow();
  }

  private ensureSweeper(): void {
    if (this.sweeper) return;
    const period = Math.min(Math.max(this.settings.idleTimeoutMs / 2, 50), 60_000);
    this.sweeper = setInterval(() => this.sweep(), period);
    this.sweeper.unref();
  }

  /** Recycles environments idle past the timeout, keeping the prewarmed ones. */
  private sweep(): void {
    const cutoff = performance.now() - this.settings.idleTimeoutMs;
    for (const env of [...this.idle]) {
      if (this.envs.size <= this.prewarmTarget) return;
      if (env.lastUsed < cutoff) {
        this.idle.splice(this.idle.indexOf(env), 1);
        env.kill('recycle');
        // Counted out now: its exit arrives later.
        this.envs.delete(env);
      }
    }
  }
}
