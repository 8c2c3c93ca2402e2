import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createLogsClient, loadLogsSdk, type LogsClientSource, type LogsConnection } from './logsSdk';
import type { TailContext } from './tailContext';
import { isAbort } from './tailErrors';
import { runLiveTail } from './tailLive';
import { pollLoop, pollOnce } from './tailPolling';
import { SeenWindow } from './tailSeen';
import type { TailCheckpoint, TailEvent, TailMode, TailResult, TailStatus } from './tailTypes';

/**
 * Tails CloudWatch Logs log groups — on AWS, or on any endpoint that speaks its API (the local
 * cloud of `swb serve`) — delivering each event once, in timestamp order:
 *
 * - `follow`: Live Tail (StartLiveTail) where the endpoint offers it, FilterLogEvents polling
 *   where it does not (refused, unknown, or unreachable — switched to automatically; Live Tail is
 *   tried again later unless it was refused). Polling runs about every second while events flow
 *   and backs off to `maxIdleIntervalMs` when idle.
 * - otherwise: one read from `since` to `until`, following every page.
 *
 * Throttling, 5xx and dropped connections are retried with capped exponential backoff; a tail
 * resumes from where it got to (also across processes, from `checkpoint`). Resolves with the
 * final checkpoint when done or when `signal` aborts; rejects on errors that retrying cannot fix
 * (bad filter pattern, no permission, LogsUnreachableError for an endpoint that never answered).
 */
export interface TailOptions {
  /** A client of the caller's (not destroyed here), or a factory for one. */
  client?: LogsClientSource;
  /** Used when no client is given: a client is made for it and destroyed at the end. */
  connection?: LogsConnection;
  logGroupNames: string[];
  filterPattern?: string;
  /** Epoch ms, inclusive. Default: now when following, the beginning otherwise. */
  since?: number;
  /** Epoch ms, inclusive. Following stops once it is past. */
  until?: number;
  follow: boolean;
  signal?: AbortSignal;
  onEvent(event: TailEvent): void | Promise<void>;
  onStatus?(status: TailStatus): void;
  /** Resume where a previous tail stopped (its result's, or one saved from `checkpoint()`). */
  checkpoint?: TailCheckpoint;
  /** Try Live Tail when following. Default true. */
  liveTail?: boolean;
  /**
   * How far before the newest delivered timestamp each poll re-reads, for events that reach
   * CloudWatch after later ones (Lambda environments flush independently). Default 3000 ms.
   */
  lateEventWindowMs?: number;
  /** Default 1000 ms. */
  pollIntervalMs?: number;
  /** Default 5000 ms. */
  maxIdleIntervalMs?: number;
  /** First retry delay; it doubles up to retryCapMs. Defaults 250 ms and 10 s. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** After falling back from a Live Tail that was unreachable or had no log group, try it again after this long. Default 60 s. */
  liveRetryMs?: number;
  /** Keep retrying when the endpoint has never answered, instead of failing. Default false. */
  waitForEndpoint?: boolean;
  /** Events per FilterLogEvents page (1–10,000). Default: the service's maximum. */
  pageSize?: number;
  /** For error messages when a client is passed in. */
  endpoint?: string;
}

/** At most this many log groups share a Live Tail session (AWS's limit). */
export const LIVE_TAIL_MAX_GROUPS = 10;

export interface Tail {
  /** Settles when the tail ends; see TailOptions. */
  done: Promise<TailResult>;
  /** Where the tail is now, for saving and resuming later. */
  checkpoint(): TailCheckpoint;
}

export async function tailLogs(options: TailOptions): Promise<TailResult> {
  return startTail(options).done;
}

export function startTail(options: TailOptions): Tail {
  const lateEventWindowMs = options.lateEventWindowMs ?? 3000;
  const seen = new SeenWindow(lateEventWindowMs, options.checkpoint);
  const startedAt = Date.now();
  // With a checkpoint the window before it is re-read; `since` only bounds it from below.
  const floor = options.since ?? (options.checkpoint ? 0 : options.follow ? startedAt : 0);
  let delivered = 0;
  let mode: TailMode = 'polling';
  const done = run(options, seen, floor, lateEventWindowMs, {
    delivered: () => delivered++,
    mode: (m) => (mode = m),
  }).then(() => ({ checkpoint: seen.checkpoint(floor), delivered, mode }));
  return { done, checkpoint: () => seen.checkpoint(floor) };
}

async function run(
  options: TailOptions,
  seen: SeenWindow,
  floor: number,
  lateEventWindowMs: number,
  track: { delivered(): void; mode(mode: TailMode): void },
): Promise<void> {
  if (options.logGroupNames.length === 0) throw new Error('no log groups to tail');
  const signal = options.signal ?? new AbortController().signal;
  const sdk = await loadLogsSdk();
  let owned: CloudWatchLogsClient | undefined;
  const client =
    typeof options.client === 'function'
      ? await options.client()
      : (options.client ?? (owned = createLogsClient(sdk, options.connection ?? {})));
  const ctx: TailContext = {
    sdk,
    client,
    endpoint: options.endpoint ?? options.connection?.endpoint,
    logGroupNames: [...new Set(options.logGroupNames)],
    ...(options.filterPattern ? { filterPattern: options.filterPattern } : {}),
    signal,
    seen,
    deliver(event) {
      track.delivered();
      return options.onEvent(event);
    },
    status: (status) => options.onStatus?.(status),
    retryBaseMs: options.retryBaseMs ?? 250,
    retryCapMs: options.retryCapMs ?? 10_000,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    reachable: false,
    waitForEndpoint: options.waitForEndpoint ?? false,
    missingGroups: new Set(),
  };
  try {
    if (!options.follow) {
      await pollOnce(ctx, seen.queryStart(floor), options.until);
      return;
    }
    await follow(ctx, options, floor, lateEventWindowMs, track);
  } catch (error) {
    if (!isAbort(error, signal)) throw error;
  } finally {
    owned?.destroy();
  }
}

async function follow(
  ctx: TailContext,
  options: TailOptions,
  floor: number,
  lateEventWindowMs: number,
  track: { mode(mode: TailMode): void },
): Promise<void> {
  const pacing = { intervalMs: options.pollIntervalMs ?? 1000, maxIdleIntervalMs: options.maxIdleIntervalMs ?? 5000 };
  const whyNotLive =
    options.liveTail === false
      ? 'Live Tail is turned off'
      : options.until !== undefined
        ? 'an end time was given'
        : ctx.logGroupNames.length > LIVE_TAIL_MAX_GROUPS
          ? `Live Tail takes at most ${LIVE_TAIL_MAX_GROUPS} log groups`
          : undefined;
  let live = whyNotLive === undefined;
  // Refused (or not wanted) means polling for good; otherwise Live Tail is tried again later.
  let pollForGood = !live;
  if (whyNotLive) ctx.status({ kind: 'polling', reason: whyNotLive });
  for (;;) {
    if (live) {
      track.mode('live');
      const outcome = await runLiveTail(ctx, floor);
      track.mode('polling');
      pollForGood = outcome.fallback === 'refused';
      ctx.status({ kind: 'polling', reason: `Live Tail unavailable (${outcome.reason})` });
      live = false;
      continue;
    }
    const stopAt = pollForGood ? undefined : Date.now() + (options.liveRetryMs ?? 60_000);
    const end = await pollLoop(ctx, { floor, until: options.until, stopAt, lateEventWindowMs, pacing });
    if (end === 'done') return;
    live = true;
  }
}
