import { createServer, connect } from 'node:net';
import { CancelledError, UserError } from '../errors';
import type { FunctionSpec } from '../project/functionSpec';
import { Emulator } from './emulator';
import { DEBUGGER_MISSING, DEFAULT_INSPECT_HOST } from './inspect';
import { runtimeFamily } from './interpreters';
import type { EmulatorOptions, Invocation } from './types';

/**
 * One invocation under a debugger, front-end neutral: a dedicated emulator starts the function's
 * environment listening for a debugger, `attach` connects one (VS Code's, or a test's CDP client),
 * and whatever happens — the invoke returns, the debugger goes away, the caller cancels — the
 * debugger is detached and the process killed. Never hangs on a debugger that is gone.
 */

export interface InspectorAddress {
  host: string;
  port: number;
}

/** A debugger attached to the environment. */
export interface AttachedDebugger {
  /** Settles when the debugger detached or its session ended. */
  ended: Promise<void>;
  /** Detaches it (called once the invocation is over); must not throw for a session already gone. */
  stop(): Promise<void>;
}

export interface DebugInvokeOptions {
  spec: FunctionSpec;
  payload: Buffer | string;
  /** Options of the dedicated emulator (logs, runtime paths, credentials); `inspect` is set here. */
  emulatorOptions?: EmulatorOptions;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: a free port. */
  port?: number;
  /** Called once the environment listens for a debugger. */
  attach(address: InspectorAddress): Promise<AttachedDebugger>;
  signal?: AbortSignal;
  /**
   * How long the function may run on after its debugger went away (js-debug resumes a paused
   * process when it detaches, so a released handler usually finishes) before it is stopped.
   */
  detachGraceMs?: number;
  /** How long to wait for the process to listen. Default 60 s (a TypeScript compile comes first). */
  listenTimeoutMs?: number;
}

const DEFAULT_DETACH_GRACE_MS = 1500;
const DEFAULT_LISTEN_TIMEOUT_MS = 60_000;
const POLL_MS = 50;

export async function invokeUnderDebugger(options: DebugInvokeOptions): Promise<Invocation> {
  const { spec, signal } = options;
  const family = runtimeFamily(spec.runtime);
  if (family !== 'node' && family !== 'python') {
    throw new UserError(`Debugging supports Node.js and Python functions; ${spec.name} runs ${spec.runtime}.`);
  }
  throwIfAborted(signal);
  const host = options.host ?? DEFAULT_INSPECT_HOST;
  const port = options.port ?? (await freePort(host));
  const emulator = new Emulator({ ...options.emulatorOptions, inspect: { host, port, breakOnStart: true } });
  let attaching: Promise<AttachedDebugger> | undefined;
  let attached: AttachedDebugger | undefined;
  const stopWaiting = new AbortController();
  try {
    emulator.register(spec, { concurrency: 1 });
    const invocation = emulator.invoke(spec.name, { payload: options.payload });
    // A failed init (compile error, missing debugpy) answers without ever listening.
    const done = invocation.then(
      () => 'done' as const,
      () => 'done' as const,
    );
    const cancelled = abortPromise(signal);
    const first = await Promise.race([
      waitForListening(host, port, options.listenTimeoutMs ?? DEFAULT_LISTEN_TIMEOUT_MS, stopWaiting.signal).then(() => 'listening' as const),
      done,
      cancelled,
    ]);
    stopWaiting.abort();
    if (first === 'done') return checked(await invocation);
    attaching = options.attach({ host, port });
    attached = await Promise.race([attaching, cancelled]);
    const detached = attached.ended.then(() => 'detached' as const);
    const outcome = await Promise.race([done, detached, cancelled]);
    if (outcome === 'detached') {
      const grace = delay(options.detachGraceMs ?? DEFAULT_DETACH_GRACE_MS).then(() => 'gone' as const);
      if ((await Promise.race([done, grace, cancelled])) === 'gone') {
        throw new CancelledError(`The debug session ended before ${spec.name} returned`);
      }
    }
    throwIfAborted(signal);
    return checked(await invocation);
  } finally {
    stopWaiting.abort();
    if (attached) await attached.stop().catch(() => undefined);
    // Cancelled while attaching: detach whenever the attach completes.
    else if (attaching) void attaching.then((late) => late.stop()).catch(() => undefined);
    await emulator.close();
  }
}

/** A Python interpreter without debugpy is the user's to fix: one line, no stack. */
function checked(invocation: Invocation): Invocation {
  if (invocation.error?.errorType === DEBUGGER_MISSING) throw new UserError(invocation.error.errorMessage);
  return invocation;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Rejects with CancelledError when `signal` aborts; never settles otherwise. */
function abortPromise(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (!signal) return;
    if (signal.aborted) return reject(new CancelledError());
    signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port nobody listens on now (the OS picks it; the child binds it a moment later). */
export function freePort(host = DEFAULT_INSPECT_HOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls until something accepts connections on the port. A bare connect is harmless to both
 * Node's inspector and debugpy, which accept debuggers one after another.
 */
export async function waitForListening(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new CancelledError();
    if (await canConnect(host, port)) return;
    if (Date.now() > deadline) throw new Error(`Nothing listened for a debugger on ${host}:${port} after ${Math.round(timeoutMs / 1000)} s`);
    await delay(POLL_MS);
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
