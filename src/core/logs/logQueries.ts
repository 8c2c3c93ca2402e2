import type { LogMatcher } from './filterPattern';
import { nextEventId, previousEventId, ZERO_EVENT_ID } from './logNames';
import {
  CursorHeap,
  decodeOpaqueToken,
  decodeStreamToken,
  encodeOpaqueToken,
  encodeStreamToken,
  indexAfterId,
  indexAfterTime,
  indexAtOrAfterId,
  indexAtOrAfterTime,
} from './logPaging';
import { invalidParameter } from './logsErrors';
import type {
  FilteredLogEvent,
  FilterLogEventsInput,
  FilterLogEventsOutput,
  GetLogEventsInput,
  GetLogEventsOutput,
  LogEvent,
  PageLimits,
} from './logTypes';

/** GetLogEvents and FilterLogEvents over streams whose events are sorted by id (= time). */

export interface QueryEvent extends LogEvent {
  /** Message bytes + 26, AWS's size of an event; what the 1 MB page limit counts. */
  size: number;
}

export interface QueryStream {
  name: string;
  events: readonly QueryEvent[];
}

export const AWS_PAGE_LIMITS: PageLimits = { maxEvents: 10_000, maxBytes: 1_048_576, maxScanned: 250_000 };

export function pageSize(limit: number | undefined, limits: PageLimits): number {
  if (limit === undefined || limit === null) return limits.maxEvents;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw invalidParameter(
      `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000`,
    );
  }
  return Math.min(limit, limits.maxEvents);
}

const publicEvent = (e: QueryEvent): LogEvent => ({
  timestamp: e.timestamp,
  message: e.message,
  ingestionTime: e.ingestionTime,
  eventId: e.eventId,
});

export function getLogEvents(stream: QueryStream, input: GetLogEventsInput, limits: PageLimits): GetLogEventsOutput {
  const events = stream.events;
  const limit = pageSize(input.limit, limits);
  const lo = input.startTime != null ? indexAtOrAfterTime(events, input.startTime) : 0;
  const hi = input.endTime != null ? Math.max(lo, indexAtOrAfterTime(events, input.endTime)) : events.length;

  const forward = (from: number): QueryEvent[] => {
    const page: QueryEvent[] = [];
    let bytes = 0;
    for (let i = from; i < hi && page.length < limit; i++) {
      if (page.length > 0 && bytes + events[i].size > limits.maxBytes) break;
      page.push(events[i]);
      bytes += events[i].size;
    }
    return page;
  };
  const backward = (to: number): QueryEvent[] => {
    const page: QueryEvent[] = [];
    let bytes = 0;
    for (let i = to - 1; i >= lo && page.length < limit; i--) {
      if (page.length > 0 && bytes + events[i].size > limits.maxBytes) break;
      page.push(events[i]);
      bytes += events[i].size;
    }
    return page.reverse();
  };
  const result = (page: QueryEvent[]): GetLogEventsOutput => ({
    events: page.map(publicEvent),
    nextForwardToken: encodeStreamToken('f', page[page.length - 1].eventId),
    nextBackwardToken: encodeStreamToken('b', page[0].eventId),
  });

  if (input.nextToken) {
    const token = decodeStreamToken(input.nextToken);
    if (token.direction === 'f') {
      const page = forward(Math.max(lo, indexAfterId(events, token.id)));
      if (page.length > 0) return result(page);
      // The end of the stream: AWS hands back the very token it was given.
      return { events: [], nextForwardToken: input.nextToken, nextBackwardToken: encodeStreamToken('b', nextEventId(token.id)) };
    }
    const page = backward(Math.min(hi, indexAtOrAfterId(events, token.id)));
    if (page.length > 0) return result(page);
    return { events: [], nextBackwardToken: input.nextToken, nextForwardToken: encodeStreamToken('f', previousEventId(token.id)) };
  }
  if (input.startFromHead) {
    const page = forward(lo);
    if (page.length > 0) return result(page);
    return { events: [], nextForwardToken: encodeStreamToken('f', ZERO_EVENT_ID), nextBackwardToken: encodeStreamToken('b', ZERO_EVENT_ID) };
  }
  const page = backward(hi);
  if (page.length > 0) return result(page);
  const end = events.length > 0 ? events[events.length - 1].eventId : ZERO_EVENT_ID;
  return { events: [], nextForwardToken: encodeStreamToken('f', end), nextBackwardToken: encodeStreamToken('b', nextEventId(end)) };
}

interface FilterToken {
  a: string;
}

const isFilterToken = (value: unknown): value is FilterToken =>
  typeof value === 'object' && value !== null && typeof (value as FilterToken).a === 'string' && /^\d{56}$/.test((value as FilterToken).a);

/**
 * Merges the streams by event id (timestamp, then id) and pages like AWS: at most `limit`
 * events and 1 MB, and at most `maxScanned` events examined per call — past that the page is
 * returned as it is, possibly empty, with a nextToken to continue.
 */
export function filterLogEvents(
  streams: readonly QueryStream[],
  input: FilterLogEventsInput,
  matches: LogMatcher,
  limits: PageLimits,
): FilterLogEventsOutput {
  const limit = pageSize(input.limit, limits);
  const after = input.nextToken ? decodeOpaqueToken(input.nextToken, isFilterToken).a : undefined;
  const endTime = input.endTime ?? undefined;
  const heap = new CursorHeap<QueryEvent>();
  for (const stream of streams) {
    let index = input.startTime != null ? indexAtOrAfterTime(stream.events, input.startTime) : 0;
    if (after !== undefined) index = Math.max(index, indexAfterId(stream.events, after));
    const end = endTime !== undefined ? indexAfterTime(stream.events, endTime) : stream.events.length;
    heap.push({ events: stream.events, index, end, streamName: stream.name });
  }

  const page: FilteredLogEvent[] = [];
  let bytes = 0;
  let scanned = 0;
  let lastConsumed = after;
  // lastConsumed is set by then: a token is only made after at least one event was examined.
  const resumeToken = (): string => encodeOpaqueToken({ a: lastConsumed ?? '' });
  for (let top = heap.peek(); top; top = heap.peek()) {
    const event = top.events[top.index];
    if (scanned >= limits.maxScanned) return { events: page, nextToken: resumeToken() };
    scanned++;
    if (matches(event.message)) {
      if (page.length > 0 && bytes + event.size > limits.maxBytes) return { events: page, nextToken: resumeToken() };
      page.push({ logStreamName: top.streamName, ...publicEvent(event) });
      bytes += event.size;
    }
    lastConsumed = event.eventId;
    heap.advanceTop();
    if (page.length >= limit) return heap.size > 0 ? { events: page, nextToken: resumeToken() } : { events: page };
  }
  return { events: page };
}
