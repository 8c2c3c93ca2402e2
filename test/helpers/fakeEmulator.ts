import { randomUUID } from 'node:crypto';
import type { EmulatorApi, FunctionRunOptions, Invocation, InvokeRequest, LambdaErrorPayload } from '../../src/core/emulator/types';
import type { FunctionSpec } from '../../src/core/project/functionSpec';

/** What a fake function does with its event: return a result, or throw to fail like a handler error. */
export type FakeHandler = (event: unknown, request: InvokeRequest) => unknown | Promise<unknown>;

/**
 * An in-memory `EmulatorApi` for testing the HTTP layers without child processes: each function is
 * a JS callback; results and errors come back shaped as the real emulator shapes them.
 */
export class FakeEmulator implements EmulatorApi {
  readonly specs = new Map<string, FunctionSpec>();
  readonly runOptions = new Map<string, FunctionRunOptions | undefined>();
  readonly handlers = new Map<string, FakeHandler>();
  readonly calls: { name: string; request: InvokeRequest; event: unknown }[] = [];
  readonly prewarmed: { name: string; count: number }[] = [];
  closed = false;

  register(spec: FunctionSpec, options?: FunctionRunOptions): void {
    this.specs.set(spec.name, spec);
    this.runOptions.set(spec.name, options);
  }

  async unregister(name: string): Promise<void> {
    this.specs.delete(name);
  }

  has(name: string): boolean {
    return this.specs.has(name);
  }

  functions(): FunctionSpec[] {
    return [...this.specs.values()];
  }

  async prewarm(name: string, count: number): Promise<void> {
    this.prewarmed.push({ name, count });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async invoke(name: string, request: InvokeRequest): Promise<Invocation> {
    const spec = this.specs.get(name);
    if (!spec) throw Object.assign(new Error(`Function not found: ${name}`), { name: 'ResourceNotFoundException' });
    let event: unknown;
    try {
      event = JSON.parse(request.payload.toString() || '{}');
    } catch (e) {
      // As the real emulator rejects it.
      throw Object.assign(new Error(`Could not parse request body into json: Could not parse payload into json: ${(e as Error).message}`), {
        name: 'InvalidRequestContentException',
      });
    }
    this.calls.push({ name, request, event });
    const requestId = randomUUID();
    const started = Date.now();
    const handler = this.handlers.get(name) ?? ((e: unknown) => e);
    let payload: Buffer;
    let error: LambdaErrorPayload | undefined;
    try {
      const result = await handler(event, request);
      payload = Buffer.from(JSON.stringify(result ?? null));
    } catch (thrown) {
      if (thrown instanceof Error && (thrown.name === 'TooManyRequestsException' || thrown.name === 'ResourceNotFoundException')) throw thrown;
      const e = thrown instanceof Error ? thrown : new Error(String(thrown));
      error = { errorType: e.name, errorMessage: e.message, trace: (e.stack ?? '').split('\n') };
      payload = Buffer.from(JSON.stringify(error));
    }
    const durationMs = Date.now() - started;
    return {
      requestId,
      functionName: name,
      payload,
      error,
      functionError: error ? 'Unhandled' : undefined,
      logs:
        `START RequestId: ${requestId} Version: $LATEST\n` +
        `${new Date().toISOString()}\t${requestId}\tINFO\tfake ${name}\n` +
        `END RequestId: ${requestId}\n` +
        `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\tMemory Size: ${spec.memorySize} MB\tMax Memory Used: 40 MB\n`,
      durationMs,
      billedDurationMs: Math.max(1, Math.ceil(durationMs)),
      maxMemoryUsedMB: 40,
      coldStart: false,
      executedVersion: '$LATEST',
    };
  }
}

export function fakeSpec(name: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    name,
    provider: 'aws',
    runtime: 'nodejs20.x',
    codeDir: '/tmp',
    handler: 'index.handler',
    timeout: 3,
    memorySize: 128,
    environment: {},
    events: [],
    ...overrides,
  };
}

/** An error the fake rejects `invoke` with when a function's queue is full, as the real emulator does. */
export function queueFullError(): Error {
  return Object.assign(new Error('queue full'), { name: 'TooManyRequestsException' });
}
