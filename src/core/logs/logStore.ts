import { join } from 'node:path';
import { compileFilterPattern } from './filterPattern';
import { LogFiles, segmentFileName, type LoadedGroup } from './logFiles';
import { eventIdSequence, logGroupArn, logStreamArn, makeEventId } from './logNames';
import { decodeOpaqueToken, encodeOpaqueToken } from './logPaging';
import { AWS_PAGE_LIMITS, filterLogEvents, getLogEvents, type QueryEvent } from './logQueries';
import { groupNotFound, invalidParameter, LogsError, streamNotFound } from './logsErrors';
import type {
  AppendListener,
  DescribeLogGroupsInput,
  DescribeLogStreamsInput,
  FilterLogEventsInput,
  FilterLogEventsOutput,
  GetLogEventsInput,
  GetLogEventsOutput,
  InputLogEvent,
  LogEvent,
  LogGroupInfo,
  LogRetention,
  LogStreamInfo,
  PageLimits,
} from './logTypes';

/**
 * The local cloud's log store: log groups → log streams → events, organised as Lambda and
 * CloudWatch Logs organise them, held in memory for fast queries and persisted as append-only
 * NDJSON segments (see logFiles.ts) when given a state dir. One process writes a store.
 *
 * Retention keeps it bounded: per group, past `maxBytesPerGroup` / `maxEventsPerGroup` the
 * oldest segments go, and segments whose newest event is older than `maxAgeMs` go.
 */
export interface LogStoreOptions {
  /** Where to persist; omitted → memory only. */
  stateDir?: string;
  retention?: LogRetention;
  pageLimits?: Partial<PageLimits>;
  /** Segment size target; retention drops whole segments. Default 1 MiB (smaller under small caps). */
  segmentBytes?: number;
  region?: string;
  accountId?: string;
  /** Clock, injectable for retention tests. */
  now?: () => number;
}

export const DEFAULT_RETENTION: Required<LogRetention> = {
  maxBytesPerGroup: 64 * 1024 * 1024,
  maxEventsPerGroup: Number.POSITIVE_INFINITY,
  maxAgeMs: 30 * 24 * 60 * 60 * 1000,
};

/** Sequence numbers are reserved on disk in blocks, so a restart never reuses one. */
const SEQ_BLOCK = 100_000;
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER; // 16 digits, the id's timestamp width

interface StoredEvent extends QueryEvent {
  segment: Segment;
}

interface Segment {
  number: number;
  file?: string;
  /** Creation order across the store: lower is older. */
  order: number;
  count: number;
  bytes: number;
  maxTimestamp: number;
  open: boolean;
  stream: StreamState;
}

interface StreamState {
  name: string;
  creationTime: number;
  dir?: string;
  events: StoredEvent[];
  segments: Segment[];
  nextSegmentNumber: number;
  bytes: number;
  lastIngestionTime?: number;
  group: GroupState;
}

interface GroupState {
  name: string;
  creationTime: number;
  dir?: string;
  streams: Map<string, StreamState>;
  bytes: number;
  count: number;
}

export class LogStore {
  readonly region: string;
  readonly accountId: string;
  private readonly files?: LogFiles;
  private readonly groups = new Map<string, GroupState>();
  private readonly listeners = new Set<AppendListener>();
  private readonly retention: Required<LogRetention>;
  private readonly limits: PageLimits;
  private readonly segmentBytes: number;
  private readonly segmentEvents: number;
  private readonly now: () => number;
  private seq = 0;
  private seqCeiling = 0;

  constructor(options: LogStoreOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.now = options.now ?? Date.now;
    this.retention = { ...DEFAULT_RETENTION, ...definedOnly(options.retention ?? {}) };
    const limits = { ...AWS_PAGE_LIMITS, ...definedOnly(options.pageLimits ?? {}) };
    this.limits = {
      maxEvents: Math.max(1, limits.maxEvents),
      maxBytes: Math.max(1, limits.maxBytes),
      maxScanned: Math.max(1, limits.maxScanned),
    };
    const byCap = Math.max(1024, Math.floor(this.retention.maxBytesPerGroup / 8));
    this.segmentBytes = Math.min(options.segmentBytes ?? 1024 * 1024, byCap);
    this.segmentEvents = Number.isFinite(this.retention.maxEventsPerGroup)
      ? Math.max(1, Math.floor(this.retention.maxEventsPerGroup / 8))
      : Number.POSITIVE_INFINITY;
    if (options.stateDir) {
      this.files = new LogFiles(options.stateDir);
      this.load(this.files.loadAll());
      this.seqCeiling = Math.max(this.seq, this.files.readSeqCeiling());
      this.seq = this.seqCeiling;
    }
    this.enforceRetention();
  }

  get pageLimits(): PageLimits {
    return this.limits;
  }

  // ---- groups and streams -------------------------------------------------------------------

  createLogGroup(name: string): void {
    validateName(name, 'logGroupName', /^[.\-_/#A-Za-z0-9]{1,512}$/);
    if (this.groups.has(name)) throw new LogsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    this.addGroup(name);
  }

  createLogStream(groupName: string, streamName: string): void {
    validateName(streamName, 'logStreamName', /^[^:*]{1,512}$/);
    const group = this.requireGroup(groupName);
    if (group.streams.has(streamName)) {
      throw new LogsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
    }
    this.addStream(group, streamName);
  }

  deleteLogGroup(name: string): void {
    const group = this.requireGroup(name);
    this.groups.delete(name);
    if (group.dir) this.files?.removeDir(group.dir);
  }

  deleteLogStream(groupName: string, streamName: string): void {
    const stream = this.requireStream(groupName, streamName);
    this.removeStream(stream);
  }

  hasLogGroup(name: string): boolean {
    return this.groups.has(name);
  }

  hasLogStream(groupName: string, streamName: string): boolean {
    return this.groups.get(groupName)?.streams.has(streamName) ?? false;
  }

  // ---- writing ------------------------------------------------------------------------------

  /**
   * Stores events (creating the group and stream when missing, as Lambda does) and returns
   * them with their ingestion time and event id, in time order.
   */
  append(groupName: string, streamName: string, events: readonly InputLogEvent[]): LogEvent[] {
    const { stored, published } = this.store(groupName, streamName, events);
    return published ?? stored.map(toPublic);
  }

  /**
   * `append` for the emulator's own lines, which nobody reads back: the public copies of the
   * events are made only for listeners. This runs for every line an invocation logs, so it
   * allocates one object per event (plus its id) and nothing else per event.
   */
  ingest(groupName: string, streamName: string, events: readonly InputLogEvent[]): void {
    this.store(groupName, streamName, events);
  }

  /** Files the events; `published` is the public copies made for listeners, when there were any. */
  private store(groupName: string, streamName: string, events: readonly InputLogEvent[]): { stored: readonly LogEvent[]; published?: LogEvent[] } {
    for (const event of events) {
      if (!Number.isInteger(event.timestamp) || event.timestamp < 0 || event.timestamp > MAX_TIMESTAMP) {
        throw invalidParameter(`Invalid log event timestamp: ${String(event.timestamp)}`);
      }
      if (typeof event.message !== 'string') throw invalidParameter('A log event message must be a string.');
    }
    if (events.length === 0) return { stored: [] };
    const group = this.groups.get(groupName) ?? this.addGroup(groupName);
    const stream = group.streams.get(streamName) ?? this.addStream(group, streamName);
    const ingestionTime = this.now();
    const fresh: StoredEvent[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      fresh[i] = {
        timestamp: e.timestamp,
        ingestionTime,
        message: e.message,
        eventId: makeEventId(e.timestamp, ingestionTime, this.nextSeq()),
        size: Buffer.byteLength(e.message, 'utf8') + 26,
        segment: undefined as unknown as Segment, // set by writeToSegments, before anyone reads it
      };
    }
    // Ids carry the timestamp first: a batch in time order (the usual case) is already sorted.
    if (!isSorted(fresh)) fresh.sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
    this.writeToSegments(stream, fresh);
    mergeSorted(stream, fresh);
    let bytes = 0;
    for (const event of fresh) bytes += event.size;
    stream.bytes += bytes;
    group.bytes += bytes;
    group.count += fresh.length;
    stream.lastIngestionTime = ingestionTime;
    this.enforceGroupRetention(group);
    if (this.listeners.size === 0) return { stored: fresh };
    const published = fresh.map(toPublic);
    for (const listener of this.listeners) listener(groupName, streamName, published);
    return { stored: fresh, published };
  }

  /** Called with every batch appended; returns an unsubscribe function. */
  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- reading ------------------------------------------------------------------------------

  describeLogGroups(input: DescribeLogGroupsInput = {}): { logGroups: LogGroupInfo[]; nextToken?: string } {
    const limit = describeLimit(input.limit);
    const after = input.nextToken ? decodeOpaqueToken(input.nextToken, isNameToken).n : undefined;
    const pattern = input.logGroupNamePattern?.toLowerCase();
    const names = [...this.groups.keys()]
      .filter((name) => !input.logGroupNamePrefix || name.startsWith(input.logGroupNamePrefix))
      .filter((name) => !pattern || name.toLowerCase().includes(pattern))
      .filter((name) => after === undefined || name > after)
      .sort();
    const page = names.slice(0, limit);
    return {
      logGroups: page.map((name) => this.groupInfo(this.groups.get(name) as GroupState)),
      ...(names.length > limit ? { nextToken: encodeOpaqueToken({ n: page[page.length - 1] }) } : {}),
    };
  }

  describeLogStreams(input: DescribeLogStreamsInput): { logStreams: LogStreamInfo[]; nextToken?: string } {
    const group = this.requireGroup(input.logGroupName);
    const limit = describeLimit(input.limit);
    const orderBy = input.orderBy ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
      throw invalidParameter(`Invalid orderBy: ${String(orderBy)}; use LogStreamName or LastEventTime.`);
    }
    if (orderBy === 'LastEventTime' && input.logStreamNamePrefix) {
      throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const keyOf = (s: StreamState): number => (orderBy === 'LastEventTime' ? lastTimestamp(s) ?? 0 : 0);
    const sign = input.descending ? -1 : 1;
    const compare = (ka: number, na: string, kb: number, nb: string): number =>
      sign * (ka !== kb ? ka - kb : na < nb ? -1 : na > nb ? 1 : 0);
    const cursor = input.nextToken ? decodeOpaqueToken(input.nextToken, isStreamCursor) : undefined;
    const streams = [...group.streams.values()]
      .filter((s) => !input.logStreamNamePrefix || s.name.startsWith(input.logStreamNamePrefix))
      .filter((s) => !cursor || compare(keyOf(s), s.name, cursor.k, cursor.n) > 0)
      .sort((a, b) => compare(keyOf(a), a.name, keyOf(b), b.name));
    const page = streams.slice(0, limit);
    const last = page[page.length - 1];
    return {
      logStreams: page.map((s) => this.streamInfo(s)),
      ...(streams.length > limit ? { nextToken: encodeOpaqueToken({ k: keyOf(last), n: last.name }) } : {}),
    };
  }

  getLogEvents(input: GetLogEventsInput): GetLogEventsOutput {
    return getLogEvents(this.requireStream(input.logGroupName, input.logStreamName), input, this.limits);
  }

  filterLogEvents(input: FilterLogEventsInput): FilterLogEventsOutput {
    const group = this.requireGroup(input.logGroupName);
    if (input.logStreamNames && input.logStreamNamePrefix) {
      throw invalidParameter('You cannot specify both LogStreamNames and LogStreamNamePrefix.');
    }
    const matches = compileFilterPattern(input.filterPattern);
    let streams = [...group.streams.values()];
    if (input.logStreamNames) {
      const wanted = new Set(input.logStreamNames);
      streams = streams.filter((s) => wanted.has(s.name));
    } else if (input.logStreamNamePrefix) {
      const prefix = input.logStreamNamePrefix;
      streams = streams.filter((s) => s.name.startsWith(prefix));
    }
    return filterLogEvents(streams, input, matches, this.limits);
  }

  // ---- retention ----------------------------------------------------------------------------

  /** Applies the retention policy to every group (also done on open and after each append). */
  enforceRetention(): void {
    for (const group of this.groups.values()) this.enforceGroupRetention(group);
  }

  private enforceGroupRetention(group: GroupState): void {
    const { maxBytesPerGroup, maxEventsPerGroup, maxAgeMs } = this.retention;
    const cutoff = Number.isFinite(maxAgeMs) ? this.now() - maxAgeMs : Number.NEGATIVE_INFINITY;
    const segments: Segment[] = [];
    for (const stream of group.streams.values()) segments.push(...stream.segments);
    const kept: Segment[] = [];
    for (const segment of segments) {
      if (segment.maxTimestamp < cutoff) this.dropSegment(segment);
      else kept.push(segment);
    }
    if (group.bytes <= maxBytesPerGroup && group.count <= maxEventsPerGroup) return;
    kept.sort((a, b) => a.order - b.order);
    // The newest segment always stays: a cap smaller than one batch must not lose the batch.
    for (let i = 0; i < kept.length - 1 && (group.bytes > maxBytesPerGroup || group.count > maxEventsPerGroup); i++) {
      this.dropSegment(kept[i]);
    }
  }

  private dropSegment(segment: Segment): void {
    const stream = segment.stream;
    // Segments fill in id order, so the oldest one's events are usually the stream's first ones.
    const events = stream.events;
    let prefix = 0;
    while (prefix < events.length && events[prefix].segment === segment) prefix++;
    if (prefix === segment.count) events.splice(0, prefix);
    else stream.events = events.filter((e) => e.segment !== segment);
    stream.segments = stream.segments.filter((s) => s !== segment);
    stream.bytes -= segment.bytes;
    stream.group.bytes -= segment.bytes;
    stream.group.count -= segment.count;
    if (segment.file) this.files?.removeFile(segment.file);
    if (stream.segments.length === 0) this.removeStream(stream);
  }

  // ---- internals ----------------------------------------------------------------------------

  private nextSeq(): number {
    this.seq++;
    if (this.files && this.seq > this.seqCeiling) {
      this.seqCeiling = this.seq + SEQ_BLOCK;
      this.files.writeSeqCeiling(this.seqCeiling);
    }
    return this.seq;
  }

  /** Assigns each event its segment (opening new ones as they fill) and persists it there. */
  private writeToSegments(stream: StreamState, events: StoredEvent[]): void {
    let i = 0;
    while (i < events.length) {
      let segment = stream.segments[stream.segments.length - 1];
      if (!segment || !segment.open || segment.bytes >= this.segmentBytes || segment.count >= this.segmentEvents) {
        segment = this.openSegment(stream, eventIdSequence(events[i].eventId));
      }
      const first = i;
      while (i < events.length && (i === first || (segment.bytes < this.segmentBytes && segment.count < this.segmentEvents))) {
        const event = events[i++];
        event.segment = segment;
        segment.bytes += event.size;
        segment.count++;
        if (event.timestamp > segment.maxTimestamp) segment.maxTimestamp = event.timestamp;
      }
      if (segment.file) this.files?.appendEvents(segment.file, events, first, i);
    }
  }

  private openSegment(stream: StreamState, order: number): Segment {
    const number = stream.nextSegmentNumber++;
    const segment: Segment = {
      number,
      file: stream.dir ? join(stream.dir, segmentFileName(number)) : undefined,
      order,
      count: 0,
      bytes: 0,
      maxTimestamp: Number.NEGATIVE_INFINITY,
      open: true,
      stream,
    };
    stream.segments.push(segment);
    return segment;
  }

  private addGroup(name: string, creationTime = this.now(), dir?: string): GroupState {
    const group: GroupState = { name, creationTime, streams: new Map(), bytes: 0, count: 0 };
    group.dir = dir ?? this.files?.createGroup(name, creationTime);
    this.groups.set(name, group);
    return group;
  }

  private addStream(group: GroupState, name: string, creationTime = this.now(), dir?: string): StreamState {
    const stream: StreamState = {
      name,
      creationTime,
      events: [],
      segments: [],
      nextSegmentNumber: 1,
      bytes: 0,
      group,
    };
    stream.dir = dir ?? (group.dir ? this.files?.createStream(group.dir, name, creationTime) : undefined);
    group.streams.set(name, stream);
    return stream;
  }

  private removeStream(stream: StreamState): void {
    const group = stream.group;
    if (group.streams.get(stream.name) !== stream) return;
    group.streams.delete(stream.name);
    group.bytes -= stream.bytes;
    group.count -= stream.events.length;
    if (stream.dir) this.files?.removeDir(stream.dir);
  }

  private requireGroup(name: string): GroupState {
    const group = this.groups.get(name);
    if (!group) throw groupNotFound();
    return group;
  }

  private requireStream(groupName: string, streamName: string): StreamState {
    const stream = this.requireGroup(groupName).streams.get(streamName);
    if (!stream) throw streamNotFound();
    return stream;
  }

  private groupInfo(group: GroupState): LogGroupInfo {
    const arn = logGroupArn(this.region, this.accountId, group.name);
    return {
      logGroupName: group.name,
      creationTime: group.creationTime,
      metricFilterCount: 0,
      arn: `${arn}:*`,
      logGroupArn: arn,
      storedBytes: group.bytes,
      logGroupClass: 'STANDARD',
    };
  }

  private streamInfo(stream: StreamState): LogStreamInfo {
    const first = stream.events[0];
    return {
      logStreamName: stream.name,
      creationTime: stream.creationTime,
      ...(first
        ? {
            firstEventTimestamp: first.timestamp,
            lastEventTimestamp: lastTimestamp(stream),
            lastIngestionTime: stream.lastIngestionTime,
          }
        : {}),
      arn: logStreamArn(this.region, this.accountId, stream.group.name, stream.name),
      storedBytes: stream.bytes,
    };
  }

  private load(groups: LoadedGroup[]): void {
    for (const loaded of groups) {
      const group = this.addGroup(loaded.name, loaded.creationTime, loaded.dir);
      for (const loadedStream of loaded.streams) {
        const stream = this.addStream(group, loadedStream.name, loadedStream.creationTime, loadedStream.dir);
        for (const loadedSegment of loadedStream.segments) {
          const segment: Segment = {
            number: loadedSegment.number,
            file: loadedSegment.file,
            order: Number.POSITIVE_INFINITY,
            count: 0,
            bytes: 0,
            maxTimestamp: Number.NEGATIVE_INFINITY,
            open: false,
            stream,
          };
          for (const e of loadedSegment.events) {
            const event: StoredEvent = {
              timestamp: e.t,
              ingestionTime: e.i,
              message: e.m,
              eventId: e.id,
              size: Buffer.byteLength(e.m, 'utf8') + 26,
              segment,
            };
            const seq = eventIdSequence(e.id);
            segment.order = Math.min(segment.order, seq);
            segment.count++;
            segment.bytes += event.size;
            segment.maxTimestamp = Math.max(segment.maxTimestamp, e.t);
            stream.events.push(event);
            stream.lastIngestionTime = Math.max(stream.lastIngestionTime ?? 0, e.i);
            this.seq = Math.max(this.seq, seq);
          }
          stream.segments.push(segment);
          stream.nextSegmentNumber = Math.max(stream.nextSegmentNumber, segment.number + 1);
          stream.bytes += segment.bytes;
          group.bytes += segment.bytes;
          group.count += segment.count;
        }
        if (!isSorted(stream.events)) stream.events.sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
      }
    }
  }
}

function toPublic(e: LogEvent): LogEvent {
  return { timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message, eventId: e.eventId };
}

function lastTimestamp(stream: StreamState): number | undefined {
  return stream.events[stream.events.length - 1]?.timestamp;
}

/** Appends in the usual case (new events are the newest); merges when a batch is back-dated. */
function mergeSorted(stream: StreamState, fresh: StoredEvent[]): void {
  const existing = stream.events;
  if (existing.length === 0 || existing[existing.length - 1].eventId < fresh[0].eventId) {
    for (const event of fresh) existing.push(event);
    return;
  }
  const merged: StoredEvent[] = new Array(existing.length + fresh.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < existing.length && j < fresh.length) {
    merged[k++] = existing[i].eventId < fresh[j].eventId ? existing[i++] : fresh[j++];
  }
  while (i < existing.length) merged[k++] = existing[i++];
  while (j < fresh.length) merged[k++] = fresh[j++];
  stream.events = merged;
}

function isSorted(events: readonly StoredEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i - 1].eventId > events[i].eventId) return false;
  return true;
}

function describeLimit(limit: number | undefined): number {
  if (limit === undefined || limit === null) return 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
    throw invalidParameter(
      `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 50`,
    );
  }
  return limit;
}

function validateName(value: string, field: string, pattern: RegExp): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw invalidParameter(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint`);
  }
}

const isNameToken = (value: unknown): value is { n: string } =>
  typeof value === 'object' && value !== null && typeof (value as { n?: unknown }).n === 'string';

const isStreamCursor = (value: unknown): value is { k: number; n: string } =>
  isNameToken(value) && typeof (value as { k?: unknown }).k === 'number';

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
