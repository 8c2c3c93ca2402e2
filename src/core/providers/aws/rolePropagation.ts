import { ProviderError } from '../errors';
import { sleep } from '../../sleep';
import { errorName } from './awsErrors';
import type { RetryPolicy } from './retry';

/**
 * IAM is eventually consistent: for a few seconds after a role is created (or its trust policy
 * changed), Lambda's CreateFunction refuses it with `InvalidParameterValueException` "The role
 * defined for the function cannot be assumed by Lambda." Deploy retries through that window with
 * backoff, for a bounded time (`rolePropagationMs`, about 30 s), and then says what to check: a
 * role that still cannot be assumed has a wrong trust policy.
 */
export function isRoleNotAssumable(error: unknown): boolean {
  return errorName(error) === 'InvalidParameterValueException' && /cannot be assumed by Lambda/i.test(error instanceof Error ? error.message : '');
}

export interface RolePropagationOptions {
  role: string;
  signal?: AbortSignal;
  /** Delays: `baseDelayMs` doubling up to `maxDelayMs`; gives up after `rolePropagationMs`. */
  policy?: RetryPolicy;
  onRetry?: (delayMs: number) => void;
}

export async function whileRolePropagates<T>(operation: () => Promise<T>, options: RolePropagationOptions): Promise<T> {
  const budget = options.policy?.rolePropagationMs ?? 30_000;
  const base = options.policy?.baseDelayMs ?? 500;
  const max = options.policy?.maxDelayMs ?? 10_000;
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isRoleNotAssumable(error) || options.signal?.aborted) throw error;
      const delay = Math.min(max, base * 2 ** (attempt - 1));
      const elapsed = performance.now() - started;
      if (elapsed + delay > budget) {
        throw new ProviderError(
          `Lambda still cannot assume the execution role ${options.role} after ${(elapsed / 1000).toFixed(0)} s: check that the role exists and that its trust policy lets lambda.amazonaws.com call sts:AssumeRole`,
          'invalid',
        );
      }
      options.onRetry?.(delay);
      await sleep(delay, options.signal);
    }
  }
}
