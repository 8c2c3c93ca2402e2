import type { LiveTailSessionLogEvent, StartLiveTailResponseStream } from '@aws-sdk/client-cloudwatch-logs';
import { CancelledError } from '../errors';
import { logGroupNameFromIdentifier } from './logNames';
import { callWithRetry, type TailContext } from './tailContext';
import { backoffDelay, describeError, errorName, isAbort, isLiveTailRefusal, isMissingGroup, isNetworkError, isRetryable, sleep } from './tailErrors';
import { pollOnce } from './tailPolling';

/**
 * Live Tail (StartLiveTail), kept gap-free with FilterLogEvents:
 *
 * - each session (the first, and every reconnect after AWS's 3-hour limit or a dropped
 *   connection) begins with a catch-up poll from the watermark, so nothing between sessions, or
 *   before the first, is missed;
 * - an update marked `sampled` (more than 500 events in a second: the service dropped some)
 *   triggers the same poll before its events are delivered;
 * - the events both paths return are delivered once (SeenWindow matches them by content, since
 *   Live Tail sends no event ids).
 *
 * Returns when Live Tail cannot be used here, saying why; the caller then polls.
 */
export interface LiveFallback {
  /** refused: the endpoint or identity does not offer Live Tail (do not retry); the others may pass. */
  fallback: 'refused' | 'unreachable' | 'missing-group';
  reason: string;
}

/** Ingestion times on AWS come from its clock: allow this much skew when matching copies. */
const CLOCK_SKEW_MS = 2000;

export async function runLiveTail(ctx: TailContext, floor: number): Promise<LiveFallback> {
  let arns: string[] | undefined;
  let reconnect = false;
  let failures = 0;
  for (;;) {
    if (!arns) {
      try {
        arns = await resolveArns(ctx);
      } catch (error) {
        if (isAbort(error, ctx.signal)) throw new CancelledError();
        if (isMissingGroup(error)) return { fallback: 'missing-group', reason: describeError(error) };
        if (isLiveTailRefusal(error)) return { fallback: 'refused', reason: describeError(error) };
        throw error;
      }
    }
    const requestedAt = Date.now();
    let stream: AsyncIterable<StartLiveTailResponseStream>;
    try {
      // Throttling and 5xx are retried; a network error here falls back (the stream host may be
      // what is unreachable) and polling decides whether the endpoint is.
      const identifiers = arns;
      const response = await callWithRetry({ ...ctx, reachable: false, waitForEndpoint: false }, ctx.signal, (abortSignal) =>
        ctx.client.send(
          new ctx.sdk.StartLiveTailCommand({
            logGroupIdentifiers: identifiers,
            ...(ctx.filterPattern ? { logEventFilterPattern: ctx.filterPattern } : {}),
          }),
          { abortSignal },
        ),
      );
      if (!response.responseStream) return { fallback: 'refused', reason: 'StartLiveTail returned no event stream' };
      stream = response.responseStream;
      ctx.reachable = true;
    } catch (error) {
      if (isAbort(error, ctx.signal)) throw new CancelledError();
      if (isMissingGroup(error)) return { fallback: 'missing-group', reason: describeError(error) };
      if (errorName(error) === 'LogsUnreachableError' || isNetworkError(error)) return { fallback: 'unreachable', reason: describeError(error) };
      if (isLiveTailRefusal(error)) return { fallback: 'refused', reason: describeError(error) };
      throw error;
    }

    ctx.seen.startLive(requestedAt - CLOCK_SKEW_MS);
    let started = false;
    try {
      for await (const item of stream) {
        if (item.sessionStart) {
          ctx.status({ kind: 'live', reconnect });
          started = true;
          failures = 0;
          await pollOnce(ctx, ctx.seen.queryStart(floor));
        } else if (item.sessionUpdate) {
          if (item.sessionUpdate.sessionMetadata?.sampled) await pollOnce(ctx, ctx.seen.queryStart(floor));
          await deliverLive(ctx, item.sessionUpdate.sessionResults ?? []);
        }
      }
      // Ended without a word: reconnect, but not in a tight loop if it keeps doing that.
      if (!started) await sleep(backoffDelay(failures++, ctx.retryBaseMs, ctx.retryCapMs), ctx.signal);
    } catch (error) {
      if (isAbort(error, ctx.signal)) throw new CancelledError();
      const name = errorName(error);
      if (name !== 'SessionTimeoutException') {
        if (!isRetryable(error) && name !== 'SessionStreamingException') throw error;
        const delayMs = backoffDelay(failures++, ctx.retryBaseMs, ctx.retryCapMs);
        ctx.status({ kind: 'retrying', error: describeError(error), delayMs, attempt: failures });
        await sleep(delayMs, ctx.signal);
      }
    } finally {
      ctx.seen.stopLive();
    }
    if (ctx.signal.aborted) throw new CancelledError();
    reconnect = true;
  }
}

async function deliverLive(ctx: TailContext, results: LiveTailSessionLogEvent[]): Promise<void> {
  // Stable: events of one stream with the same timestamp keep their order.
  const sorted = [...results].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  for (const result of sorted) {
    const event = {
      logGroupName: logGroupNameFromIdentifier(result.logGroupIdentifier ?? ''),
      logStreamName: result.logStreamName ?? '',
      timestamp: result.timestamp ?? 0,
      message: result.message ?? '',
      ...(result.ingestionTime !== undefined ? { ingestionTime: result.ingestionTime } : {}),
    };
    const eventId = ctx.seen.admitLive(event);
    if (eventId !== undefined) await ctx.deliver({ ...event, eventId });
  }
}

/** StartLiveTail wants log group ARNs; DescribeLogGroups has them. */
async function resolveArns(ctx: TailContext): Promise<string[]> {
  const arns: string[] = [];
  for (const name of ctx.logGroupNames) {
    const output = await callWithRetry(ctx, ctx.signal, (abortSignal) =>
      ctx.client.send(new ctx.sdk.DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 }), { abortSignal }),
    );
    const group = output.logGroups?.find((g) => g.logGroupName === name);
    const arn = group?.logGroupArn ?? group?.arn?.replace(/:\*$/, '');
    if (!arn) {
      const error = new Error(`The log group ${name} does not exist.`);
      error.name = 'ResourceNotFoundException';
      throw error;
    }
    arns.push(arn);
  }
  return arns;
}
