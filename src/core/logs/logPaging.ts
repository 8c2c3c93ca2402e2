import { EVENT_ID_DIGITS } from './logNames';
import { invalidNextToken } from './logsErrors';

/**
 * Positions and tokens. Every position in a stream (or across a group) is an event id: ids sort
 * by time, so "the events after id X" is exact and survives appends, restarts and other streams
 * growing. Tokens only wrap such an id.
 */

export interface HasEventId {
  eventId: string;
  timestamp: number;
}

/** First index whose id is > `id` (ascending arrays). */
export function indexAfterId(events: readonly HasEventId[], id: string): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].eventId <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose id is >= `id`. */
export function indexAtOrAfterId(events: readonly HasEventId[], id: string): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].eventId < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose timestamp is >= `time` (ids start with the zero-padded timestamp). */
export function indexAtOrAfterTime(events: readonly HasEventId[], time: number): number {
  if (time <= 0) return 0;
  return indexAtOrAfterId(events, timePrefix(time));
}

/** First index whose timestamp is > `time`. */
export function indexAfterTime(events: readonly HasEventId[], time: number): number {
  return indexAtOrAfterTime(events, time + 1);
}

function timePrefix(time: number): string {
  return String(Math.floor(time)).padStart(16, '0') + '0'.repeat(EVENT_ID_DIGITS - 16);
}

// GetLogEvents tokens look like AWS's: `f/<56 digits>` (events after that id) and
// `b/<56 digits>` (events before it).
export interface StreamToken {
  direction: 'f' | 'b';
  id: string;
}

const STREAM_TOKEN = new RegExp(`^([fb])/(\\d{${EVENT_ID_DIGITS}})$`);

export function encodeStreamToken(direction: 'f' | 'b', id: string): string {
  return `${direction}/${id}`;
}

export function decodeStreamToken(token: string): StreamToken {
  const match = STREAM_TOKEN.exec(token);
  if (!match) throw invalidNextToken();
  return { direction: match[1] as 'f' | 'b', id: match[2] };
}

/** FilterLogEvents and Describe* tokens are opaque: base64url JSON of where to resume. */
export function encodeOpaqueToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeOpaqueToken<T>(token: string, valid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidNextToken();
  }
  if (!valid(value)) throw invalidNextToken();
  return value;
}

/** A binary min-heap of stream cursors keyed by the id of each cursor's current event. */
export interface Cursor<E extends HasEventId> {
  events: readonly E[];
  index: number;
  /** Exclusive end index (the time window's end). */
  end: number;
  streamName: string;
}

export class CursorHeap<E extends HasEventId> {
  private readonly items: Cursor<E>[] = [];

  get size(): number {
    return this.items.length;
  }

  push(cursor: Cursor<E>): void {
    if (cursor.index >= cursor.end) return;
    this.items.push(cursor);
    this.siftUp(this.items.length - 1);
  }

  peek(): Cursor<E> | undefined {
    return this.items[0];
  }

  /** Moves the top cursor to its next event, dropping it when exhausted. */
  advanceTop(): void {
    const top = this.items[0];
    top.index++;
    if (top.index >= top.end) {
      const last = this.items.pop() as Cursor<E>;
      if (this.items.length === 0) return;
      this.items[0] = last;
    }
    this.siftDown(0);
  }

  removeTop(): void {
    const last = this.items.pop() as Cursor<E>;
    if (this.items.length === 0) return;
    this.items[0] = last;
    this.siftDown(0);
  }

  private key(i: number): string {
    const cursor = this.items[i];
    return cursor.events[cursor.index].eventId;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.key(parent) <= this.key(i)) return;
      [this.items[parent], this.items[i]] = [this.items[i], this.items[parent]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.key(left) < this.key(smallest)) smallest = left;
      if (right < n && this.key(right) < this.key(smallest)) smallest = right;
      if (smallest === i) return;
      [this.items[smallest], this.items[i]] = [this.items[i], this.items[smallest]];
      i = smallest;
    }
  }
}
