import { createHash } from 'node:crypto';
import type { TailCheckpoint } from './tailTypes';

/**
 * What the tailer has delivered, for de-duplication with bounded memory.
 *
 * Polls re-read from `watermark - windowMs` (the newest delivered timestamp, minus a look-back
 * for events that reach CloudWatch late), so only ids in that window can come back; older ones
 * are forgotten.
 *
 * Live Tail events carry no id: they are matched to their FilterLogEvents copy by content —
 * group, stream, timestamp and message — counted, so identical lines are neither merged nor
 * repeated. Two cases:
 * - the live copy came first: its key is kept in the same timestamp window as ids (a poll never
 *   reads below it);
 * - the poll copy came first (a catch-up poll runs ahead of the session's queued updates): its
 *   key is kept until the live stream has moved `LIVE_ORDER_SLACK_MS` of ingestion time past it,
 *   or the session ends — timestamps say nothing about how far behind the stream's reader is.
 */
/** What was delivered at one timestamp: forgetting a millisecond is dropping its bucket. */
interface Bucket {
  ids: Set<string>;
  keys: string[];
}

interface PolledKey {
  count: number;
  ingestionTime: number;
}

export interface SeenEvent {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime?: number;
}

const LIVE_ID = /^live:(\d+):([A-Za-z0-9_-]+)(?::\d+)?$/;
const PRUNE_STEP_MS = 250;
/** Live Tail sends events in about ingestion order; this much disorder is tolerated. */
const LIVE_ORDER_SLACK_MS = 10_000;
/** A hard bound on poll-first keys, should the live stream stall for long. */
const MAX_POLLED_KEYS = 500_000;

export class SeenWindow {
  /** Ids from a checkpoint, whose timestamps are unknown (AWS ids do not reveal them). */
  private restoredIds: Set<string> | undefined;
  private restoredUntil = Number.NEGATIVE_INFINITY;
  /** Delivered from Live Tail, not yet matched by a poll copy. */
  private readonly liveKeys = new Map<string, number>();
  /** Delivered from a poll while a session ran, not yet matched by a live copy; in delivery order. */
  private readonly polledKeys = new Map<string, PolledKey>();
  private readonly buckets = new Map<number, Bucket>();
  private watermarkValue: number | undefined;
  private prunedTo = Number.NEGATIVE_INFINITY;
  private liveSince: number | undefined;
  private liveHorizon = Number.NEGATIVE_INFINITY;
  private liveSeq = 0;
  private tracking = false;
  private lastBucket: { timestamp: number; bucket: Bucket } | undefined;

  constructor(
    private readonly windowMs: number,
    checkpoint?: TailCheckpoint,
  ) {
    if (!checkpoint) return;
    this.watermarkValue = checkpoint.lastTimestamp;
    this.restoredUntil = checkpoint.lastTimestamp;
    for (const id of checkpoint.seenIds) {
      const live = LIVE_ID.exec(id);
      if (live) {
        this.tracking = true;
        this.addLiveKey(`${live[1]}:${live[2]}`, Number(live[1]));
      } else {
        this.restoredIds ??= new Set();
        this.restoredIds.add(id);
      }
    }
  }

  /** The newest timestamp delivered (or the checkpoint's), if any. */
  get watermark(): number | undefined {
    return this.watermarkValue;
  }

  /** Where the next poll starts: the look-back window before the watermark. */
  queryStart(floor: number): number {
    return this.watermarkValue === undefined ? floor : Math.max(floor, this.watermarkValue - this.windowMs);
  }

  /** Called before a Live Tail session starts: events ingested from `since` on may come both ways. */
  startLive(since: number): void {
    this.tracking = true;
    this.liveSince = since;
    this.liveHorizon = Number.NEGATIVE_INFINITY;
  }

  /** A new session sends only what is ingested after it starts: poll-first keys are done with. */
  stopLive(): void {
    this.liveSince = undefined;
    this.polledKeys.clear();
  }

  /** A polled event with its id: true to deliver it (it is then recorded). */
  admitPolled(event: SeenEvent, eventId: string): boolean {
    // Past the watermark nothing has been delivered: no lookup needed.
    if (this.watermarkValue !== undefined && event.timestamp <= this.watermarkValue) {
      if (this.buckets.get(event.timestamp)?.ids.has(eventId) || this.restoredIds?.has(eventId)) return false;
    }
    const key = this.tracking ? contentKey(event) : undefined;
    if (key !== undefined && this.takeLiveKey(key)) {
      this.remember(eventId, event.timestamp);
      return false;
    }
    this.remember(eventId, event.timestamp);
    const ingestionTime = event.ingestionTime ?? Number.POSITIVE_INFINITY;
    if (key !== undefined && this.liveSince !== undefined && ingestionTime >= this.liveSince) {
      const entry = this.polledKeys.get(key);
      if (entry) entry.count++;
      else this.polledKeys.set(key, { count: 1, ingestionTime });
      if (this.polledKeys.size > MAX_POLLED_KEYS) this.polledKeys.delete(this.polledKeys.keys().next().value as string);
    }
    this.advance(event.timestamp);
    return true;
  }

  /** A Live Tail event: the stand-in id to deliver it under, or undefined for a duplicate. */
  admitLive(event: SeenEvent): string | undefined {
    const key = contentKey(event);
    if (event.ingestionTime !== undefined && event.ingestionTime > this.liveHorizon) {
      this.liveHorizon = event.ingestionTime;
      this.prunePolledKeys();
    }
    const polled = this.polledKeys.get(key);
    if (polled) {
      if (--polled.count === 0) this.polledKeys.delete(key);
      return undefined;
    }
    this.addLiveKey(key, event.timestamp);
    this.advance(event.timestamp);
    return `live:${key}:${++this.liveSeq}`;
  }

  checkpoint(floor: number): TailCheckpoint {
    const seenIds = [...(this.restoredIds ?? [])];
    for (const bucket of this.buckets.values()) seenIds.push(...bucket.ids);
    for (const [key, count] of this.liveKeys) {
      for (let i = 1; i <= count; i++) seenIds.push(`live:${key}:${i}`);
    }
    return { lastTimestamp: this.watermarkValue ?? floor, seenIds };
  }

  /** Ids and content keys held (for tests of the memory bound). */
  get size(): number {
    let ids = this.restoredIds?.size ?? 0;
    for (const bucket of this.buckets.values()) ids += bucket.ids.size;
    return ids + this.liveKeys.size + this.polledKeys.size;
  }

  private remember(eventId: string, timestamp: number): void {
    this.bucket(timestamp).ids.add(eventId);
  }

  private addLiveKey(key: string, timestamp: number): void {
    const count = this.liveKeys.get(key);
    if (count === undefined) this.bucket(timestamp).keys.push(key);
    this.liveKeys.set(key, (count ?? 0) + 1);
  }

  private takeLiveKey(key: string): boolean {
    const count = this.liveKeys.get(key);
    if (count === undefined) return false;
    if (count <= 1) this.liveKeys.delete(key);
    else this.liveKeys.set(key, count - 1);
    return true;
  }

  private prunePolledKeys(): void {
    const horizon = this.liveHorizon - LIVE_ORDER_SLACK_MS;
    for (const [key, entry] of this.polledKeys) {
      if (entry.ingestionTime > horizon) return;
      this.polledKeys.delete(key);
    }
  }

  private bucket(timestamp: number): Bucket {
    // Events come mostly in timestamp order, many to a millisecond: skip the map for those.
    if (this.lastBucket?.timestamp === timestamp) return this.lastBucket.bucket;
    let bucket = this.buckets.get(timestamp);
    if (!bucket) {
      bucket = { ids: new Set(), keys: [] };
      this.buckets.set(timestamp, bucket);
    }
    this.lastBucket = { timestamp, bucket };
    return bucket;
  }

  private advance(timestamp: number): void {
    if (this.watermarkValue !== undefined && timestamp <= this.watermarkValue) return;
    this.watermarkValue = timestamp;
    const cutoff = timestamp - this.windowMs;
    if (cutoff - this.prunedTo < PRUNE_STEP_MS) return;
    this.prunedTo = cutoff;
    this.lastBucket = undefined;
    // A checkpoint's ids are at or before its timestamp: no poll reads there any more.
    if (this.restoredIds && cutoff > this.restoredUntil) this.restoredIds = undefined;
    for (const [time, bucket] of this.buckets) {
      if (time >= cutoff) continue;
      for (const key of bucket.keys) this.liveKeys.delete(key);
      this.buckets.delete(time);
    }
  }
}

/** `<timestamp>:<hash of group, stream and message>`: what a live event and its poll copy share. */
function contentKey(event: SeenEvent): string {
  const hash = createHash('sha1')
    .update(event.logGroupName)
    .update('\0')
    .update(event.logStreamName)
    .update('\0')
    .update(event.message)
    .digest('base64url');
  return `${event.timestamp}:${hash}`;
}
