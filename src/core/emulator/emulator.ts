import { randomUUID } from 'node:crypto';
import type { FunctionSpec } from '../project/functionSpec';
import { watchCode } from './codeWatcher';
import { layerFolders } from './layerPaths';
import { Environment, type EnvironmentHooks, type Job, type PooledEnvironment } from './environment';
import { lambdaVariables, reservedVariablesIn } from './environmentVariables';
import { InlineEnvironment } from './inlineEnvironment';
import { conflictingVariable } from './inlineVariables';
import { runtimeFamily } from './interpreters';
import { MAX_REQUEST_BYTES, lambdaServiceError } from './lambdaErrors';
import { planLaunch, type LaunchPlan } from './launch';
import { MemoryWatch } from './memory';
import { FunctionPool } from './pool';
import { TypeScriptCompilers } from './typescriptHandler';
import { providedPackageHint } from './runtimeProvidedPackages';
import type { EmulatorApi, EmulatorOptions, FunctionRunOptions, Invocation, InvokeRequest, Isolation } from './types';

/**
 * The local Lambda: runs registered functions in real child processes that speak AWS's Runtime
 * API, with Lambda's environment, limits, errors and logs. See README "Local emulator".
 */

interface FunctionEntry {
  spec: FunctionSpec;
  pool: FunctionPool;
  /** The launch plan for the current code (it may compile TypeScript); dropped on change. */
  launch?: Promise<LaunchPlan>;
  isolation: Isolation;
  unwatch: () => void;
}

const EMPTY_EVENT = Buffer.from('{}');
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;
/** Header values the Runtime API can carry. */
const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]*$/;

export class Emulator implements EmulatorApi {
  private readonly entries = new Map<string, FunctionEntry>();
  private readonly memoryWatch = new MemoryWatch();
  private readonly compilers = new TypeScriptCompilers();
  private readonly region: string;
  private readonly accountId: string;
  /** Functions already warned that they cannot run in a thread. */
  private readonly warnedIsolation = new Set<string>();
  /** Functions already given a hint about a failure's local cause. */
  private readonly hinted = new Set<string>();
  private closed = false;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
  }

  register(spec: FunctionSpec, runOptions: FunctionRunOptions = {}): void {
    const normalized = normalize(spec);
    const reserved = reservedVariablesIn(normalized);
    if (reserved.length) this.options.onWarning?.(`${spec.name}: Lambda reserves ${reserved.join(', ')}; the function's values are ignored.`);
    // Under a debugger one process owns the inspector port.
    const concurrency = this.options.inspect ? 1 : Math.max(1, runOptions.concurrency ?? 1);
    const maxQueue = runOptions.maxQueue ?? 100;
    const isolation = this.isolationFor(normalized, runOptions);
    const existing = this.entries.get(spec.name);
    if (existing) {
      const movedCode = watchedFolders(existing.spec).join('\n') !== watchedFolders(normalized).join('\n');
      existing.spec = normalized;
      existing.launch = undefined;
      existing.isolation = isolation;
      if (movedCode) {
        existing.unwatch();
        existing.unwatch = watchFunction(normalized, () => this.codeChanged(existing));
      }
      existing.pool.configure({ concurrency, maxQueue });
      existing.pool.recycle();
    } else {
      const entry = { spec: normalized, isolation } as FunctionEntry;
      entry.pool = new FunctionPool({
        functionName: spec.name,
        concurrency,
        maxQueue,
        idleTimeoutMs: this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
        create: (prewarmed, generation, hooks) => this.createEnvironment(entry, prewarmed, generation, hooks),
        onWarning: this.options.onWarning,
      });
      entry.unwatch = watchFunction(normalized, () => this.codeChanged(entry));
      this.entries.set(spec.name, entry);
    }
    if (runOptions.prewarm) void this.prewarm(spec.name, runOptions.prewarm);
  }

  async unregister(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    entry.unwatch();
    await entry.pool.close();
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  functions(): FunctionSpec[] {
    return [...this.entries.values()].map((entry) => entry.spec);
  }

  invoke(name: string, request: InvokeRequest): Promise<Invocation> {
    const entry = this.entries.get(name);
    if (!entry) return Promise.reject(this.notFound(name));
    if (!runtimeFamily(entry.spec.runtime)) {
      return Promise.reject(
        lambdaServiceError(
          'InvalidRuntimeException',
          `The runtime ${entry.spec.runtime} of ${name} is not supported locally (supported: nodejs*.x, python3.*, provided*).`,
        ),
      );
    }
    let payload: Buffer;
    let clientContext: string | undefined;
    try {
      payload = eventPayload(request.payload);
      clientContext = request.clientContext ? decodeClientContext(request.clientContext) : undefined;
      checkHeader('trace id', request.traceId);
      checkHeader('Cognito identity', request.cognitoIdentity);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      const done = (invocation: Invocation): void => {
        if (invocation.error !== undefined) this.noticeFailure(entry.spec, invocation);
        resolve(invocation);
      };
      const job: Job = { requestId: request.requestId ?? randomUUID(), payload, request, clientContext, resolve: done, reject };
      entry.pool.submit(job);
    });
  }

  async prewarm(name: string, count: number): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw this.notFound(name);
    await entry.pool.prewarm(count);
  }

  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) entry.unwatch();
    await Promise.all(entries.map((entry) => entry.pool.close()));
    await this.compilers.dispose();
  }

  private notFound(name: string): Error {
    return lambdaServiceError('ResourceNotFoundException', `Function not found: ${this.arn(name)}`);
  }

  private arn(functionName: string, region = this.region): string {
    return `arn:aws:lambda:${region}:${this.accountId}:function:${functionName}`;
  }

  /** Threads and inline are for Node.js functions; the others keep processes (said once per function). */
  private isolationFor(spec: FunctionSpec, runOptions: FunctionRunOptions): Isolation {
    const wanted = runOptions.isolation ?? this.options.isolation ?? 'process';
    if (wanted === 'process') return wanted;
    if (runtimeFamily(spec.runtime) !== 'node') {
      this.warnIsolation(spec.name, `${spec.runtime} cannot run ${wanted === 'thread' ? 'in a thread' : 'inline'}; it runs in its own process.`);
      return 'process';
    }
    // A layer is found through NODE_PATH, which Node reads once per process.
    if (layerFolders(spec).length > 0) {
      this.warnIsolation(spec.name, `has layers, which need a process of its own (NODE_PATH); it runs in its own process, not ${wanted === 'thread' ? 'in a thread' : 'inline'}.`);
      return 'process';
    }
    if (wanted !== 'inline') return wanted;
    // Inline functions share process.env: two of them cannot hold different values of one variable.
    const inline = [...this.entries.values()].filter((entry) => entry.isolation === 'inline').map((entry) => entry.spec);
    const conflict = conflictingVariable(spec, inline);
    if (!conflict) return wanted;
    this.warnIsolation(spec.name, `cannot run inline: ${conflict.key} differs from inline function ${conflict.other}'s (process.env is shared); it runs in a thread.`);
    return 'thread';
  }

  /** A failure with a known local cause (a package Lambda's runtime provides is not installed) gets a hint, once per function. */
  private noticeFailure(spec: FunctionSpec, invocation: Invocation): void {
    const error = invocation.error!;
    const hint = providedPackageHint(spec.runtime, error.errorType, error.errorMessage);
    if (!hint || this.hinted.has(spec.name)) return;
    this.hinted.add(spec.name);
    this.options.onWarning?.(`${spec.name}: ${hint}`);
  }

  private warnIsolation(name: string, message: string): void {
    if (this.warnedIsolation.has(name)) return;
    this.warnedIsolation.add(name);
    this.options.onWarning?.(`${name}: ${message}`);
  }

  private codeChanged(entry: FunctionEntry): void {
    entry.launch = undefined;
    entry.pool.recycle();
  }

  private createEnvironment(entry: FunctionEntry, prewarmed: boolean, generation: number, hooks: EnvironmentHooks): PooledEnvironment {
    const spec = entry.spec;
    const functionName = spec.functionName ?? spec.name;
    // A debugger needs a process of its own.
    const Kind = entry.isolation === 'inline' && !this.options.inspect ? InlineEnvironment : Environment;
    return new Kind(
      {
        spec,
        functionName,
        functionArn: this.arn(functionName, spec.region),
        logFormat: spec.logFormat === 'JSON' ? 'JSON' : 'Text',
        prewarmed,
        generation,
        launch: () => {
          if (this.closed) return Promise.reject(new Error('The emulator was closed'));
          // One plan per code version, shared by the function's environments (a TypeScript
          // handler compiles once, not once per environment).
          const context = { ...this.options, isolation: entry.isolation, compilers: this.compilers };
          if (entry.spec !== spec) return planLaunch(spec, context);
          return (entry.launch ??= planLaunch(spec, context));
        },
        variables: (plan, runtimeApi, logStreamName, hidden) =>
          lambdaVariables({
            spec,
            functionName,
            region: spec.region ?? this.region,
            runtimeApi,
            logStreamName,
            runtimeDir: plan.runtimeDir,
            runtimeVariables: plan.runtimeVariables,
            privateVariables: { ...plan.privateVariables, ...hidden },
            passCredentials: this.options.passCredentials === true,
          }),
        onLog: this.options.onLog,
        memoryWatch: this.memoryWatch,
      },
      hooks,
    );
  }
}

/** The code folder and the local layers' folders: an edit in any of them is a code change. */
function watchedFolders(spec: FunctionSpec): string[] {
  return [spec.codeDir, ...layerFolders(spec)];
}

function watchFunction(spec: FunctionSpec, onChange: () => void): () => void {
  const unwatch = [watchCode(spec.codeDir, onChange), ...layerFolders(spec).map((dir) => watchCode(dir, onChange, { layer: true }))];
  return () => {
    for (const stop of unwatch) stop();
  };
}

function normalize(spec: FunctionSpec): FunctionSpec {
  return {
    ...spec,
    timeout: Math.min(Math.max(Number(spec.timeout) || 3, 1), 900),
    memorySize: Math.min(Math.max(Math.round(Number(spec.memorySize) || 128), 128), 10_240),
    environment: spec.environment ?? {},
  };
}

/** The event as the runtime gets it; Lambda refuses what is too large or not JSON, and turns nothing into `{}`. */
function eventPayload(payload: Buffer | string): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  if (bytes.length > MAX_REQUEST_BYTES) {
    throw lambdaServiceError('RequestTooLargeException', `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`);
  }
  if (bytes.length === 0) return EMPTY_EVENT;
  try {
    JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw lambdaServiceError(
      'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`,
    );
  }
  return bytes;
}

/** The Invoke API takes the client context as base64 JSON; the runtime gets the JSON itself. */
function decodeClientContext(base64: string): string {
  const invalid = () => lambdaServiceError('InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid();
  // One line, UTF-8 bytes carried as a header value.
  return Buffer.from(JSON.stringify(parsed), 'utf8').toString('latin1');
}

function checkHeader(what: string, value: string | undefined): void {
  if (value !== undefined && !HEADER_SAFE.test(value)) {
    throw lambdaServiceError('InvalidRequestContentException', `The ${what} contains characters that cannot be sent.`);
  }
}
