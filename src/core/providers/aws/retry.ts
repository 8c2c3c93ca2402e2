import { CancelledError } from '../../errors';
import { isConflict, isThrottle } from './awsErrors';
import { sleep } from '../../sleep';

/**
 * Lambda refuses a change while the previous one is still being applied
 * (`ResourceConflictException`) and throttles bursts (`TooManyRequestsException`, 429). Both pass
 * with time, so deploy retries them with capped exponential backoff and full jitter, a bounded
 * number of times. Everything else fails at once.
 */
export interface RetryPolicy {
  /** Total tries, the first included. Default 6. */
  attempts?: number;
  /** First delay ceiling; doubles each retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest delay, also the cap on a server's `Retry-After`. Default 10 s. */
  maxDelayMs?: number;
  /** How long CreateFunction waits for a new role to become assumable by Lambda (`rolePropagation.ts`). Default 30 s. */
  rolePropagationMs?: number;
}

export interface RetryContext extends RetryPolicy {
  signal?: AbortSignal;
  /** Which failures to retry; default both. (A create that conflicts will conflict again.) */
  retryOn?: readonly ('conflict' | 'throttled')[];
  /** Told before each wait, e.g. to show "update in progress, retrying". */
  onRetry?: (reason: 'conflict' | 'throttled', attempt: number, delayMs: number) => void;
}

export async function withRetries<T>(operation: () => Promise<T>, context: RetryContext = {}): Promise<T> {
  const attempts = Math.max(1, context.attempts ?? 6);
  const base = context.baseDelayMs ?? 500;
  const max = context.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    if (context.signal?.aborted) throw new CancelledError();
    try {
      return await operation();
    } catch (error) {
      const reason = isConflict(error) ? 'conflict' : isThrottle(error) ? 'throttled' : undefined;
      if (!reason || !(context.retryOn ?? ['conflict', 'throttled']).includes(reason) || attempt >= attempts || context.signal?.aborted) throw error;
      const ceiling = Math.min(max, base * 2 ** (attempt - 1));
      const retryAfter = retryAfterMs(error);
      const delay = retryAfter !== undefined ? Math.min(max, retryAfter) : Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      context.onRetry?.(reason, attempt, delay);
      await sleep(delay, context.signal);
    }
  }
}

/** Lambda's 429 carries `Retry-After` (seconds), which the SDK exposes as `retryAfterSeconds`. */
function retryAfterMs(error: unknown): number | undefined {
  const seconds = Number((error as { retryAfterSeconds?: unknown }).retryAfterSeconds);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export { sleep };
