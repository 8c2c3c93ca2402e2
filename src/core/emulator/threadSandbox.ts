import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ThreadPlan } from './launch';

/**
 * A worker thread dressed as the part of a child process an Environment uses: `exit`
 * (code, signal), `close` once its output is read, `kill()`, `stdout`/`stderr`. It has no pid of
 * its own (RSS is the whole process's): memory is its V8 heap, sampled with `sampleHeap()`.
 */
export class ThreadSandbox extends EventEmitter {
  readonly pid: number | undefined = undefined;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** The worker hit its heap limit (`resourceLimits`), which ends it like an OOM kill. */
  outOfMemory = false;
  /** An error the worker could not handle itself; it ends the thread. */
  lastError?: Error;
  private readonly worker: Worker;
  private heapWaiters: Array<(heapKb: number | undefined) => void> = [];
  private exited = false;

  /** Throws like `new Worker` (e.g. a bad NODE_OPTIONS in the function's variables). */
  constructor(plan: ThreadPlan, env: Record<string, string>, name: string) {
    super();
    this.worker = new Worker(plan.script, {
      env,
      // Never the emulator's own flags (e.g. a TypeScript loader under tests): a runtime starts clean.
      execArgv: [],
      argv: [],
      stdout: true,
      stderr: true,
      workerData: { sourceMaps: plan.sourceMaps },
      resourceLimits: { maxOldGenerationSizeMb: plan.maxOldGenerationSizeMb },
      name: `swb:${name}`,
    });
    this.stdout = this.worker.stdout;
    this.stderr = this.worker.stderr;
    this.worker.on('message', (message: { heapKb?: number }) => {
      if (typeof message?.heapKb === 'number') this.resolveHeap(message.heapKb);
    });
    // Without a listener an error in the worker would be thrown in the emulator.
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.lastError = error;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.outOfMemory = true;
    });
    this.worker.on('exit', (code) => this.onExit(code));
  }

  /** The worker's heap in kB, or undefined once it is gone. */
  sampleHeap(): Promise<number | undefined> {
    if (this.exited) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.heapWaiters.push(resolve);
      if (this.heapWaiters.length === 1) this.worker.postMessage('heap');
    });
  }

  /** Stops the thread wherever it is, even in an endless synchronous loop. */
  kill(): boolean {
    if (this.exited) return false;
    void this.worker.terminate();
    return true;
  }

  private resolveHeap(heapKb: number | undefined): void {
    const waiters = this.heapWaiters;
    this.heapWaiters = [];
    for (const resolve of waiters) resolve(heapKb);
  }

  private onExit(code: number): void {
    this.exited = true;
    this.resolveHeap(undefined);
    this.emit('exit', code, null);
    // The worker's output is drained before 'exit'; 'close' follows once both streams have ended.
    let open = 2;
    const ended = () => {
      if (--open === 0) this.emit('close');
    };
    for (const stream of [this.stdout, this.stderr]) {
      if (stream.readableEnded) ended();
      else stream.once('end', ended);
    }
  }
}
