import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { callWithRetry, type TailContext } from './tailContext';
import { isInvalidNextToken, isMissingGroup, sleep } from './tailErrors';
import type { TailEvent } from './tailTypes';

/**
 * FilterLogEvents polling. One poll reads every group from a start time to the end, following
 * each nextToken (empty pages that still carry one included), and merges the groups' pages by
 * timestamp so several functions interleave in time order. The next page of a group is fetched
 * while the current one is being delivered.
 */

interface Page {
  events: FilteredLogEvent[];
  nextToken?: string;
}

class GroupPager {
  private page: FilteredLogEvent[] = [];
  private index = 0;
  private pending: Promise<Page> | undefined;

  constructor(
    private readonly ctx: TailContext,
    private readonly signal: AbortSignal,
    readonly logGroupName: string,
    private readonly startTime: number,
    private readonly endTime: number | undefined,
  ) {
    this.pending = this.prefetch(undefined);
  }

  head(): FilteredLogEvent | undefined {
    return this.page[this.index];
  }

  advance(): void {
    this.index++;
  }

  /** True when fill() has work to do (a page to wait for); the hot path skips the await otherwise. */
  get drained(): boolean {
    return this.index >= this.page.length && this.pending !== undefined;
  }

  /** Loads pages until one has an event at the cursor, or the query is exhausted. */
  async fill(): Promise<void> {
    while (this.index >= this.page.length && this.pending) {
      const next = await this.pending;
      this.pending = next.nextToken ? this.prefetch(next.nextToken) : undefined;
      this.page = byTimestamp(next.events);
      this.index = 0;
    }
  }

  private prefetch(nextToken: string | undefined): Promise<Page> {
    const promise = this.fetch(nextToken);
    // Awaited by fill(); if the poll ends first (an error elsewhere, a stop), nobody will.
    promise.catch(() => undefined);
    return promise;
  }

  private async fetch(nextToken: string | undefined): Promise<Page> {
    const { sdk, client } = this.ctx;
    try {
      const output = await callWithRetry(this.ctx, this.signal, (abortSignal) =>
        client.send(
          new sdk.FilterLogEventsCommand({
            logGroupName: this.logGroupName,
            startTime: this.startTime,
            ...(this.endTime !== undefined ? { endTime: this.endTime } : {}),
            ...(this.ctx.filterPattern ? { filterPattern: this.ctx.filterPattern } : {}),
            ...(this.ctx.pageSize ? { limit: this.ctx.pageSize } : {}),
            ...(nextToken ? { nextToken } : {}),
          }),
          { abortSignal },
        ),
      );
      this.ctx.missingGroups.delete(this.logGroupName);
      return { events: output.events ?? [], ...(output.nextToken ? { nextToken: output.nextToken } : {}) };
    } catch (error) {
      if (isMissingGroup(error)) {
        if (!this.ctx.missingGroups.has(this.logGroupName)) {
          this.ctx.missingGroups.add(this.logGroupName);
          this.ctx.status({ kind: 'missing-group', logGroupName: this.logGroupName });
        }
        return { events: [] };
      }
      // A token from before a server restart (or expired): start over; de-duplication absorbs it.
      if (nextToken && isInvalidNextToken(error)) return this.fetch(undefined);
      throw error;
    }
  }
}

/** Reads every group from `startTime` (inclusive) to `endTime` (inclusive) and delivers what is new. */
export async function pollOnce(ctx: TailContext, startTime: number, endTime?: number): Promise<number> {
  const cycle = new AbortController();
  const stop = (): void => cycle.abort();
  ctx.signal.addEventListener('abort', stop, { once: true });
  const pagers = ctx.logGroupNames.map((name) => new GroupPager(ctx, cycle.signal, name, startTime, endTime));
  let delivered = 0;
  try {
    await Promise.all(pagers.map((p) => p.fill()));
    for (;;) {
      let best: GroupPager | undefined;
      let bestTime = Number.POSITIVE_INFINITY;
      for (const pager of pagers) {
        const head = pager.head();
        if (head && (!best || (head.timestamp ?? 0) < bestTime)) {
          best = pager;
          bestTime = head.timestamp ?? 0;
        }
      }
      if (!best) return delivered;
      const raw = best.head() as FilteredLogEvent;
      best.advance();
      // One object of one shape per event: this loop runs for every event read.
      const event: TailEvent = {
        logGroupName: best.logGroupName,
        logStreamName: raw.logStreamName ?? '',
        timestamp: raw.timestamp ?? 0,
        message: raw.message ?? '',
        eventId: raw.eventId ?? '',
        ingestionTime: raw.ingestionTime,
      };
      if (!event.eventId) event.eventId = `${event.logStreamName}/${event.timestamp}/${event.message}`;
      if (ctx.seen.admitPolled(event, event.eventId)) {
        const pending = ctx.deliver(event);
        if (pending) await pending;
        delivered++;
      }
      if (best.drained) await best.fill();
    }
  } finally {
    // Stops prefetches and retries still running for other groups.
    cycle.abort();
    ctx.signal.removeEventListener('abort', stop);
  }
}

export interface PollPacing {
  /** Between polls while events flow. */
  intervalMs: number;
  /** Idle polls back off, doubling, up to this. */
  maxIdleIntervalMs: number;
}

/**
 * Polls until `until` is behind us (returns 'done') or `stopAt` passes (returns 'timeout', so the
 * caller can try Live Tail again); stops only by abort otherwise.
 */
export async function pollLoop(
  ctx: TailContext,
  options: { floor: number; until?: number; stopAt?: number; lateEventWindowMs: number; pacing: PollPacing },
): Promise<'done' | 'timeout'> {
  let idlePolls = 0;
  for (;;) {
    const startedAt = Date.now();
    const delivered = await pollOnce(ctx, ctx.seen.queryStart(options.floor), options.until);
    if (options.until !== undefined && startedAt > options.until + options.lateEventWindowMs) return 'done';
    if (options.stopAt !== undefined && Date.now() >= options.stopAt) return 'timeout';
    idlePolls = delivered > 0 ? 0 : idlePolls + 1;
    await sleep(pollDelay(idlePolls, options.pacing), ctx.signal);
  }
}

/**
 * The pause before the next poll: the base interval while events flow and for a few idle polls
 * after (a function invoked again seconds later is still seen within a second), then doubling
 * up to the idle cap.
 */
export function pollDelay(idlePolls: number, pacing: PollPacing): number {
  const grace = 3;
  if (idlePolls <= grace) return pacing.intervalMs;
  return Math.min(pacing.maxIdleIntervalMs, pacing.intervalMs * 2 ** (idlePolls - grace));
}

function byTimestamp(events: FilteredLogEvent[]): FilteredLogEvent[] {
  for (let i = 1; i < events.length; i++) {
    if ((events[i].timestamp ?? 0) < (events[i - 1].timestamp ?? 0)) {
      // Array.prototype.sort is stable: same-timestamp events keep the service's order.
      return [...events].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
    }
  }
  return events;
}
