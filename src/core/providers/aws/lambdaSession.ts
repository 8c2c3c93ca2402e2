import type { GetFunctionCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { CancelledError } from '../../errors';
import { ProviderError } from '../errors';
import type { AwsErrorContext } from './awsErrors';
import { isNotFound, mapAwsError } from './awsErrors';
import type { LambdaSdk } from './lambdaSdk';
import type { RetryContext, RetryPolicy } from './retry';
import { withRetries } from './retry';

/** How long and how often to poll while Lambda applies a change. */
export interface WaiterPacing {
  /** Default 1 s (the SDK waiters' own). */
  minDelaySeconds?: number;
  /** Default 5 s: deploys are interactive, the SDK's 300 s ceiling is not. */
  maxDelaySeconds?: number;
  /** Give up after this long. Default 300 s. */
  maxWaitSeconds?: number;
}

/** One request: given the client and the abort signal, sends a command. */
export type LambdaCall<T> = (client: LambdaClient, abortSignal: AbortSignal | undefined) => Promise<T>;

/**
 * One Lambda client with the context its errors are reported in. Every request goes through
 * `send`, which maps failures to one-line errors and honours cancellation.
 */
export class LambdaSession {
  constructor(
    readonly sdk: LambdaSdk,
    readonly client: LambdaClient,
    readonly context: AwsErrorContext,
    readonly pacing: WaiterPacing = {},
    readonly retry: RetryPolicy = {},
  ) {}

  /** Sends one request; errors become `ProviderError`/`CancelledError` with `context` (e.g. the function name). */
  async send<T>(call: LambdaCall<T>, options: { signal?: AbortSignal; context?: Partial<AwsErrorContext> } = {}): Promise<T> {
    if (options.signal?.aborted) throw new CancelledError();
    try {
      return await call(this.client, options.signal);
    } catch (error) {
      throw mapAwsError(error, { ...this.context, ...options.context }, options.signal);
    }
  }

  /** Like `send`, retrying conflicts and throttling with backoff (raw SDK errors are judged before mapping). */
  async sendWithRetries<T>(
    call: LambdaCall<T>,
    options: { signal?: AbortSignal; context?: Partial<AwsErrorContext>; retryOn?: RetryContext['retryOn']; onRetry?: RetryContext['onRetry'] } = {},
  ): Promise<T> {
    const context = { ...this.context, ...options.context };
    try {
      return await withRetries(
        async () => {
          if (options.signal?.aborted) throw new CancelledError();
          return call(this.client, options.signal);
        },
        { ...this.retry, signal: options.signal, onRetry: options.onRetry, retryOn: options.retryOn },
      );
    } catch (error) {
      throw mapAwsError(error, context, options.signal);
    }
  }

  /** GetFunction, with "no such function" as undefined. */
  async getFunction(name: string, options: { qualifier?: string; signal?: AbortSignal; environment?: Record<string, string> } = {}): Promise<GetFunctionCommandOutput | undefined> {
    try {
      return await this.client.send(new this.sdk.GetFunctionCommand({ FunctionName: name, Qualifier: options.qualifier }), { abortSignal: options.signal });
    } catch (error) {
      if (isNotFound(error) && !options.signal?.aborted) return undefined;
      throw mapAwsError(error, { ...this.context, functionName: name, environment: options.environment }, options.signal);
    }
  }

  /**
   * Waits with the SDK's waiter until a new function (or version) is `Active` or an update has
   * finished. The SDK reports a failure as a JSON dump of the last response, environment
   * included, so its message is never shown: the function's own status reason is.
   */
  async waitFor(what: 'active' | 'updated', name: string, options: { qualifier?: string; signal?: AbortSignal; environment?: Record<string, string> } = {}): Promise<void> {
    const maxWaitTime = this.pacing.maxWaitSeconds ?? 300;
    const params = {
      client: this.client,
      minDelay: this.pacing.minDelaySeconds ?? 1,
      maxDelay: Math.max(this.pacing.maxDelaySeconds ?? 5, this.pacing.minDelaySeconds ?? 1),
      maxWaitTime,
      abortSignal: options.signal,
    };
    const input = { FunctionName: name, Qualifier: options.qualifier };
    try {
      if (what === 'active') await this.sdk.waitUntilFunctionActiveV2(params, input);
      else await this.sdk.waitUntilFunctionUpdatedV2(params, input);
    } catch (error) {
      if (options.signal?.aborted || (error as { name?: string }).name === 'AbortError') throw new CancelledError();
      const doing = what === 'active' ? 'being created' : 'updating';
      if ((error as { name?: string }).name === 'TimeoutError') {
        throw new ProviderError(`${name} is still ${doing} after ${maxWaitTime} s; check it later with \`swb functions get ${name}\``, 'service');
      }
      const current = await this.getFunction(name, options).catch(() => undefined);
      const config = current?.Configuration;
      const reason = what === 'active' ? config?.StateReason : (config?.LastUpdateStatusReason ?? config?.StateReason);
      const status = what === 'active' ? config?.State : config?.LastUpdateStatus;
      throw new ProviderError(`${what === 'active' ? 'creating' : 'updating'} ${name} failed${status ? ` (${status})` : ''}${reason ? `: ${reason}` : ''}`, 'service');
    }
  }
}
