import * as util from 'node:util';
import { InitFailure, reportedDuration, type EnvironmentHooks, type EnvironmentSettings, type EnvironmentState, type Job, type KillReason, type Outcome, type PooledEnvironment } from './environment';
import { callbackHandlersRemoved, errorForLog, errorResponse, loadInlineHandler, runtimeError, safeJson, type InlineHandler } from './inlineHandler';
import { createResponseStream, hidesAwsLambdaGlobal, installAwsLambdaGlobal, streamingOptions } from './inlineResponseStream';
import { InlineExit, inlineScope, installInlineRuntime, outsideInlineScope, type InlineScope } from './inlineRuntime';
import { applyInlineVariables } from './inlineVariables';
import { InitError, MAX_RESPONSE_BYTES, MAX_STREAMED_RESPONSE_BYTES, describeExit, errorPayload, sandboxError } from './lambdaErrors';
import { initReportLine, megabytes, newLogStreamName, sandboxErrorLines, startLine, timeoutLines } from './logFormat';
import type { Invocation } from './types';
import { concludeInvocation, type InvocationTiming } from './concludeInvocation';
import { lambdaLogGroupName } from '../logs/logNames';

/**
 * `isolation: 'inline'`: an execution environment whose handler runs on the emulator's own event
 * loop — no process, no thread, no Runtime API hop, so a warm invoke wakes nothing but the
 * emulator. It keeps what can be kept: its own instance of the code (loaded once, reused while
 * warm), the context object, console lines attributed to their invocation (inlineRuntime.ts),
 * START/END/REPORT, AWS's error shapes and types, the timeout answer. What it cannot isolate is in
 * docs/performance.md: after a timeout the code keeps running (the environment is discarded and
 * the next one loads the code afresh), memory is the whole process's, `process.env` is shared.
 * A streaming handler (`awslambda.streamifyResponse`, inlineResponseStream.ts) writes straight to
 * the invoke's `responseStream` sink.
 */

interface Running {
  job: Job;
  lines: string[];
  cold: boolean;
  startedAt: number;
  endedAt?: number;
  finished: boolean;
}

const LEVELS: Record<string, number> = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
/** Lines written between invocations, kept for the next one's log (as for a process). */
const MAX_PENDING_LINES = 1000;

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function parseJsonHeader(value: string | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'latin1').toString('utf8'));
  } catch {
    return undefined;
  }
}

export class InlineEnvironment implements PooledEnvironment {
  state: EnvironmentState = 'cold';
  readonly logStreamName = newLogStreamName();
  readonly generation: number;
  readonly prewarmed: boolean;
  lastUsed = performance.now();
  initDurationMs?: number;

  private handler?: InlineHandler;
  /** From the handler's `streamifyResponse` marks, read once it loads (as AWS's runtime does). */
  private streaming?: { highWaterMark?: number };
  private readonly hidesAwsLambda: boolean;
  /** nodejs24.x and later: no callbacks (inlineHandler.ts callbackHandlersRemoved). */
  private readonly callbacksRemoved: boolean;
  private current?: Running;
  private pendingLines: string[] = [];
  private served = 0;
  private peakKb = 0;
  private lastSampleAt = 0;
  private readonly timeoutMs: number;
  private timeoutTimer?: NodeJS.Timeout;
  private readonly jsonLogs: boolean;
  private readonly minimumLevel: number;
  private readonly deadPromise: Promise<void>;
  private markDeadDone!: () => void;
  private buried = false;

  constructor(
    private readonly settings: EnvironmentSettings,
    private readonly hooks: EnvironmentHooks,
  ) {
    this.generation = settings.generation;
    this.prewarmed = settings.prewarmed;
    // The emulator registered the spec with Lambda's 1–900 s already applied (emulator.ts normalize).
    this.timeoutMs = settings.spec.timeout * 1000;
    this.jsonLogs = settings.logFormat === 'JSON';
    const level = String(settings.spec.environment?.AWS_LAMBDA_LOG_LEVEL ?? 'INFO').toUpperCase();
    this.minimumLevel = this.jsonLogs ? (LEVELS[level] ?? 0) : 0;
    this.hidesAwsLambda = hidesAwsLambdaGlobal(settings.spec.environment);
    this.callbacksRemoved = callbackHandlersRemoved(settings.spec.runtime);
    this.deadPromise = new Promise((resolve) => (this.markDeadDone = resolve));
  }

  whenDead(): Promise<void> {
    return this.deadPromise;
  }

  /** Loads the code (init); rejects with an InitFailure shaped like a process's. */
  async start(): Promise<void> {
    installInlineRuntime();
    installAwsLambdaGlobal();
    const began = performance.now();
    let loadedAt = began;
    try {
      const plan = await this.settings.launch();
      applyInlineVariables(this.settings.spec);
      loadedAt = performance.now();
      const initScope = this.scopeFor(undefined);
      const handler = await inlineScope.run(initScope, () => loadInlineHandler(this.settings.spec, plan.privateVariables._SWB_HANDLER_FILE));
      const mode = streamingOptions(handler);
      if (mode.streaming) this.streaming = { highWaterMark: mode.highWaterMark };
      this.handler = handler;
    } catch (err) {
      // A compile error (InitError) is the emulator's report; anything else the runtime logs first.
      const payload = err instanceof InitError ? err.payload : errorResponse(err);
      if (!(err instanceof InitError)) this.writeLog(undefined, 'ERROR', `Uncaught Exception \t${safeJson(errorForLog(err))}`);
      const failure = new InitFailure(payload.errorType, performance.now() - began, () => ({ payload: json(payload), error: payload }));
      this.platform(initReportLine(this.settings.logFormat, failure.durationMs, 'error', failure.errorType), this.pendingLines);
      this.die();
      throw failure;
    }
    // Killed while loading (the emulator is closing).
    if (this.buried) throw new InitFailure('Runtime.ExitError', 0, (id) => this.exitOutcome(id, null, 'SIGKILL'));
    this.initDurationMs = performance.now() - loadedAt;
    this.state = 'warm';
    this.lastUsed = performance.now();
    this.sampleMemory();
  }

  run(job: Job): void {
    const handler = this.handler;
    if (!handler) return job.reject(new Error('The inline environment is not started'));
    this.state = 'busy';
    const running: Running = { job, lines: this.pendingLines, cold: this.served === 0 && !this.prewarmed, startedAt: performance.now(), finished: false };
    this.pendingLines = [];
    this.current = running;
    this.platform(startLine(this.settings.logFormat, job.requestId, '$LATEST'), running.lines);
    this.armTimeout();
    let event: unknown;
    try {
      event = JSON.parse(job.payload.toString('utf8'));
    } catch (err) {
      return this.done(running, runtimeError('UnmarshalError', `Unable to unmarshal input: ${(err as Error).message}`));
    }
    if (this.streaming) return this.runStreaming(running, handler, event);
    // `callbackWaitsForEmptyEventLoop` cannot be honoured: the emulator's loop is never empty.
    // A callback answers on the next turn instead, once the handler's synchronous code is done.
    let waitsForEmptyLoop = true;
    const callback = (error?: unknown, result?: unknown): void => {
      if (error != null || !waitsForEmptyLoop) return this.done(running, error, result);
      setImmediate(() => this.done(running, null, result));
    };
    const context = this.context(job, running, callback);
    if (!this.callbacksRemoved) {
      Object.defineProperty(context, 'callbackWaitsForEmptyEventLoop', {
        enumerable: true,
        get: () => waitsForEmptyLoop,
        set: (value: boolean) => (waitsForEmptyLoop = value),
      });
    }
    let result: unknown;
    try {
      result = inlineScope.run(this.scopeFor(running), () => handler(event, context, callback));
    } catch (err) {
      if (err instanceof InlineExit) return;
      return this.done(running, err ?? new Error(String(err)));
    }
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(
        (value) => this.done(running, null, value),
        (error: unknown) => {
          if (!(error instanceof InlineExit)) this.done(running, error, null);
        },
      );
    } else if (handler.length < 3) {
      // Neither a promise nor a callback: a process answers null once its loop empties.
      setImmediate(() => this.done(running, null, null));
    }
  }

  /**
   * A `streamifyResponse` handler, called `(event, responseStream, context)` as in AWS's runtime.
   * It must return a promise; the invocation ends once that promise resolved and the stream ended
   * (a stream never ended runs into the timeout), or at the first error. Chunks go to the invoke's
   * sink as they are written and are kept for the payload.
   */
  private runStreaming(running: Running, handler: InlineHandler, event: unknown): void {
    const { job } = running;
    const sink = job.request.responseStream;
    const limit = sink ? MAX_STREAMED_RESPONSE_BYTES : MAX_RESPONSE_BYTES;
    let ended = false;
    let resolved = false;
    /** Set once the stream began: what it wrote so far. */
    let streamed: { contentType: string; chunks: Buffer[]; bytes: number } | undefined;
    const complete = (): void => {
      if (!ended || !resolved || !streamed) return;
      // Only a stream that ended well is the payload; after an error the payload is the error (as in process mode).
      this.finish(running, { payload: Buffer.concat(streamed.chunks, streamed.bytes), streamContentType: streamed.contentType });
    };
    const { stream, open } = createResponseStream(
      {
        begin: (contentType) => {
          if (running.finished) return;
          streamed = { contentType, chunks: [], bytes: 0 };
          if (sink) outsideInlineScope(() => sink.begin(contentType, running.job.requestId));
        },
        chunk: (data) => {
          if (running.finished || !streamed) return;
          streamed.bytes += data.length;
          if (streamed.bytes > limit) {
            const tooLarge = errorPayload('Function.ResponseSizeTooLarge', `Response payload size exceeded maximum allowed payload size (${limit} bytes).`);
            return this.finish(running, { payload: json(tooLarge), error: tooLarge });
          }
          streamed.chunks.push(data);
          if (sink) outsideInlineScope(() => sink.chunk(data));
        },
        ended: () => {
          ended = true;
          complete();
        },
      },
      this.streaming?.highWaterMark,
    );
    const fail = (raw: unknown): void => {
      if (raw instanceof InlineExit || running.finished) return;
      const error = raw ?? new Error(String(raw));
      // An error after the stream ended cannot reach the client any more: the answer stands.
      if (ended) {
        this.writeLog(job.requestId, 'ERROR', `Invoke Error \t${safeJson(errorForLog(error))}`);
        resolved = true;
        return complete();
      }
      open();
      this.finish(running, this.errorOutcome(running, error, 'Invoke Error'));
    };
    const context = this.context(job, running, (error, result) => this.done(running, error, result));
    let result: unknown;
    try {
      result = inlineScope.run(this.scopeFor(running), () => (handler as (...args: unknown[]) => unknown)(event, stream, context));
    } catch (err) {
      return fail(err);
    }
    if (result === null || typeof result !== 'object' || typeof (result as PromiseLike<unknown>).then !== 'function') {
      // The runtime's own error: its stack would only show the emulator.
      const notAsync = new Error('Streaming does not support non-async handlers.');
      notAsync.stack = `Error: ${notAsync.message}`;
      return fail(notAsync);
    }
    (result as PromiseLike<unknown>).then((value) => {
      if (running.finished) return;
      if (value !== undefined) this.consoleLine(job.requestId, 'WARN', ['Streaming handlers ignore return values.']);
      resolved = true;
      complete();
    }, fail);
  }

  failedInitInvocation(job: Job, failure: InitFailure): Invocation {
    const lines = this.pendingLines;
    this.pendingLines = [];
    this.platform(startLine(this.settings.logFormat, job.requestId, '$LATEST'), lines);
    const outcome = failure.outcomeFor(job.requestId);
    return this.conclude(
      job,
      lines,
      { payload: outcome.payload, error: outcome.error ?? errorPayload(failure.errorType, ''), failure: { status: 'error', errorType: failure.errorType, lines: outcome.failure?.lines ?? [] } },
      { durationMs: 0, initDurationMs: failure.durationMs, cold: true },
    );
  }

  /** Nothing can be stopped here: a running invocation ends as if its process had been killed. */
  kill(_reason?: KillReason): void {
    const running = this.current;
    if (running && !running.finished) this.finish(running, this.exitOutcome(running.job.requestId, null, 'SIGKILL'), true);
    this.die();
  }

  // --- invocations ------------------------------------------------------------------------------

  private context(job: Job, running: Running, callback: (error?: unknown, result?: unknown) => void): Record<string, unknown> {
    const { settings } = this;
    const { request } = job;
    const deadline = Date.now() + this.timeoutMs;
    const cognito = parseJsonHeader(request.cognitoIdentity) as { cognitoIdentityId?: string; cognitoIdentityPoolId?: string } | undefined;
    const context: Record<string, unknown> = {
      functionName: settings.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: request.qualifier && request.qualifier !== '$LATEST' ? `${settings.functionArn}:${request.qualifier}` : settings.functionArn,
      memoryLimitInMB: String(settings.spec.memorySize),
      awsRequestId: job.requestId,
      logGroupName: lambdaLogGroupName(settings.functionName),
      logStreamName: this.logStreamName,
      identity: cognito ? { cognitoIdentityId: cognito.cognitoIdentityId, cognitoIdentityPoolId: cognito.cognitoIdentityPoolId } : undefined,
      clientContext: parseJsonHeader(job.clientContext),
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    if (this.callbacksRemoved) return context;
    context.succeed = (result: unknown) => this.done(running, null, result);
    context.fail = (error: unknown) => this.done(running, error);
    context.done = (error: unknown, result: unknown) => callback(error, result);
    return context;
  }

  /** The handler's answer (or error); later answers of the same invocation are ignored, as in the runtime. */
  private done(running: Running, error: unknown, result?: unknown): void {
    if (running.finished) {
      // After a timeout or crash the "process" is gone and says nothing more.
      if (this.state !== 'dead') {
        this.writeLog(running.job.requestId, 'WARN', 'Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      }
      return;
    }
    if (error != null) return this.finish(running, this.errorOutcome(running, error, 'Invoke Error'));
    let body: string | undefined;
    try {
      body = JSON.stringify(result === undefined ? null : result) ?? 'null';
    } catch (err) {
      return this.finish(running, this.errorOutcome(running, err, 'Invoke Error'));
    }
    const payload = Buffer.from(body);
    if (payload.length > MAX_RESPONSE_BYTES) {
      const tooLarge = errorPayload('Function.ResponseSizeTooLarge', `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`);
      return this.finish(running, { payload: json(tooLarge), error: tooLarge });
    }
    this.finish(running, { payload });
  }

  private errorOutcome(running: Running, error: unknown, logLabel?: string): Outcome {
    if (logLabel) this.writeLog(running.job.requestId, 'ERROR', `${logLabel} \t${safeJson(errorForLog(error))}`);
    const payload = errorResponse(error);
    return { payload: json(payload), error: payload };
  }

  /** The function's code crashed the "process": the invocation in progress gets the error, the environment goes. */
  private crashed(label: 'Uncaught Exception' | 'Unhandled Promise Rejection', raw: unknown, requestId: string | undefined): void {
    const error = label === 'Unhandled Promise Rejection' ? runtimeError('UnhandledPromiseRejection', String(raw)) : raw;
    this.writeLog(requestId, 'ERROR', `${label} \t${safeJson(errorForLog(error))}`);
    const running = this.current;
    if (running && !running.finished) this.finish(running, this.errorOutcome(running, error), true);
    this.die();
  }

  /** `process.exit()` from the function's code ends its environment, not the emulator. */
  private exited(code: number): void {
    const running = this.current;
    if (running && !running.finished) this.finish(running, this.exitOutcome(running.job.requestId, code, null), true);
    this.die();
  }

  private exitOutcome(requestId: string, code: number | null, signal: NodeJS.Signals | null): Outcome {
    const error = sandboxError('Runtime.ExitError', requestId, describeExit(code, signal));
    return { payload: json(error), error, failure: { status: 'error', errorType: error.errorType, lines: sandboxErrorLines(this.settings.logFormat, error.errorMessage, error.errorType) } };
  }

  /** One timer per environment, re-armed per invoke; referenced while an invocation runs. */
  private armTimeout(): void {
    if (!this.timeoutTimer) {
      this.timeoutTimer = setTimeout(() => {
        if (this.current && !this.current.finished) this.timedOut(this.current);
      }, this.timeoutMs);
    } else this.timeoutTimer.refresh();
    this.timeoutTimer.ref();
  }

  /**
   * Lambda would stop the environment; here the code cannot be stopped and keeps running. The
   * invoke gets its answer at the deadline and the environment is discarded, so the next invoke
   * loads a fresh instance of the code.
   */
  private timedOut(running: Running): void {
    running.endedAt = performance.now();
    const seconds = this.timeoutMs / 1000;
    const { requestId } = running.job;
    const error = sandboxError('Sandbox.Timedout', requestId, `Task timed out after ${seconds.toFixed(2)} seconds`);
    const lines = timeoutLines(this.settings.logFormat, requestId, seconds);
    this.finish(running, { payload: json(error), error, failure: { status: 'timeout', errorType: error.errorType, lines } }, true);
    this.die();
  }

  private finish(running: Running, outcome: Outcome, discard = false): void {
    if (running.finished) return;
    running.finished = true;
    running.endedAt ??= performance.now();
    if (this.current === running) this.current = undefined;
    this.timeoutTimer?.unref();
    const durationMs = reportedDuration(running, outcome, this.timeoutMs);
    const initDurationMs = running.cold ? this.initDurationMs : undefined;
    this.served++;
    this.lastUsed = performance.now();
    if (discard) this.state = 'dead';
    const invocation = this.conclude(running.job, running.lines, outcome, { durationMs, initDurationMs, cold: running.cold });
    // The emulator's continuation must not run in the function's scope (its console, its exit).
    outsideInlineScope(() => {
      running.job.resolve(invocation);
      if (this.state !== 'busy') return;
      this.state = 'warm';
      if (performance.now() - this.lastSampleAt >= 1000) this.sampleMemory();
      this.hooks.ready(this);
    });
  }

  private conclude(job: Job, lines: string[], outcome: Outcome, timing: InvocationTiming): Invocation {
    return concludeInvocation(this.settings, job, lines, outcome, timing, megabytes(this.peakKb), (line, target) => this.platform(line, target));
  }

  /** Max Memory Used: the emulator process's RSS (there is no smaller unit to measure), sampled at most once a second. */
  private sampleMemory(): void {
    this.lastSampleAt = performance.now();
    const kb = process.memoryUsage.rss() / 1024;
    if (kb > this.peakKb) this.peakKb = kb;
  }

  private die(): void {
    this.state = 'dead';
    this.handler = undefined;
    clearTimeout(this.timeoutTimer);
    if (this.buried) return;
    this.buried = true;
    outsideInlineScope(() => this.hooks.dead(this));
    this.markDeadDone();
  }

  // --- logs -------------------------------------------------------------------------------------

  /** The scope the function's code runs in: its console lines, crashes and exits land here. */
  private scopeFor(running: Running | undefined): InlineScope {
    const requestId = running?.job.requestId;
    return {
      log: (level, args) => this.consoleLine(requestId, level, args),
      crashed: (label, error) => this.crashed(label, error, requestId),
      exited: (code) => this.exited(code),
      hidesAwsLambda: this.hidesAwsLambda,
    };
  }

  private consoleLine(requestId: string | undefined, level: string, args: unknown[]): void {
    if (!this.jsonLogs) return this.writeLog(requestId, level, util.format(...args));
    if (LEVELS[level] < this.minimumLevel) return;
    const first = args[0];
    let message: Record<string, unknown>;
    if (args.length === 1 && first instanceof Error) {
      message = { message: first.message, errorType: first.name, errorMessage: first.message, stackTrace: String(first.stack).split('\n') };
    } else if (args.length === 1 && typeof first !== 'string') message = { message: first };
    else message = { message: util.format(...args) };
    this.writeLog(requestId, level, message);
  }

  /** `<time>\t<request id>\t<LEVEL>\t<message>`, or one JSON object, as the Node.js runtime writes them. */
  private writeLog(requestId: string | undefined, level: string, message: string | Record<string, unknown>): void {
    let line: string;
    if (this.jsonLogs) {
      const entry: Record<string, unknown> = { timestamp: new Date().toISOString(), level, requestId };
      if (typeof message === 'object') Object.assign(entry, message);
      else entry.message = message;
      line = safeJson(entry);
    } else line = `${new Date().toISOString()}\t${requestId}\t${level}\t${String(message)}`;
    // A line belongs to the invocation running now (as a process's output does), else waits for the next.
    const target = this.current ? this.current.lines : this.pendingLines;
    if (!this.current && target.length >= MAX_PENDING_LINES) target.shift();
    this.platform(line, target);
  }

  private platform(line: string, target: string[]): void {
    target.push(line);
    this.settings.onLog?.({ functionName: this.settings.spec.name, logStreamName: this.logStreamName, line, timestamp: Date.now() });
  }
}
