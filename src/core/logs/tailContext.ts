import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CancelledError } from '../errors';
import type { LogsSdk } from './logsSdk';
import { backoffDelay, describeError, isAbort, isNetworkError, isRetryable, LogsUnreachableError, sleep } from './tailErrors';
import type { SeenWindow } from './tailSeen';
import type { TailEvent, TailStatus } from './tailTypes';

/** What the polling and Live Tail halves of a tail share. */
export interface TailContext {
  sdk: LogsSdk;
  client: CloudWatchLogsClient;
  /** For messages only. */
  endpoint?: string;
  logGroupNames: string[];
  filterPattern?: string;
  signal: AbortSignal;
  seen: SeenWindow;
  /** Returns a promise only when the consumer did (so a synchronous consumer costs no await per event). */
  deliver(event: TailEvent): void | Promise<void>;
  status(status: TailStatus): void;
  retryBaseMs: number;
  retryCapMs: number;
  /** Events per FilterLogEvents page (AWS's maximum, 10,000, by default). */
  pageSize?: number;
  /** Once any call has succeeded, a dropped connection is a blip to wait out, not a wrong endpoint. */
  reachable: boolean;
  /** Keep retrying even before the endpoint first answers (a local cloud that is still starting). */
  waitForEndpoint: boolean;
  /** Groups already reported missing, so the status is sent once per group. */
  missingGroups: Set<string>;
}

/**
 * Runs one SDK call, retrying throttling, 5xx and network errors with capped exponential backoff
 * for as long as it takes (or until `signal` aborts). A network error before the endpoint ever
 * answered is a LogsUnreachableError instead.
 */
export async function callWithRetry<T>(ctx: TailContext, signal: AbortSignal, run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) throw new CancelledError();
    try {
      const result = await run(signal);
      ctx.reachable = true;
      return result;
    } catch (error) {
      if (isAbort(error, signal)) throw new CancelledError();
      if (!isRetryable(error)) throw error;
      if (isNetworkError(error) && !ctx.reachable && !ctx.waitForEndpoint) throw new LogsUnreachableError(ctx.endpoint, error);
      const delayMs = backoffDelay(attempt, ctx.retryBaseMs, ctx.retryCapMs);
      ctx.status({ kind: 'retrying', error: describeError(error), delayMs, attempt: attempt + 1 });
      await sleep(delayMs, signal);
    }
  }
}
